"""A student's learning path: chosen focus areas, progress per activity, the attempt log,
mastery per competency (knowledge tracing with the student's ability, see
``parcours.engine.mastery_ability``), project submissions and their review.

Following Kolibri: attempts are an append-only log; mastery is derived from it (updated
online after each attempt, recomputed when a centre's model is refitted)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.catalogue.models import Activity, Competency, FocusArea, QuizItem
from parcours.centres.models import Centre
from parcours.core.models import BaseModel
from parcours.people.models import User


class FocusChoice(BaseModel):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    student = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="focus_choices", verbose_name=_("student")
    )
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("focus area")
    )
    chosen_at = models.DateTimeField(_("chosen at"))
    dropped_at = models.DateTimeField(_("dropped at"), null=True, blank=True)
    changed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("changed by"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("focus area choice")
        verbose_name_plural = _("focus area choices")
        ordering = ["student", "chosen_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "focus_area"],
                condition=models.Q(dropped_at__isnull=True),
                name="focus_choice_one_active",
            )
        ]


class ProgressStatus(models.TextChoices):
    STARTED = "started", _("started")
    SUBMITTED = "submitted", _("waiting for review")
    CHANGES = "changes", _("changes requested")
    DONE = "done", _("done")


class ActivityProgress(BaseModel):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    student = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="progress", verbose_name=_("student")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="progress", verbose_name=_("activity")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProgressStatus.choices, default=ProgressStatus.STARTED
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    best_score = models.FloatField(_("best quiz score"), null=True, blank=True)

    class Meta:
        verbose_name = _("activity progress")
        verbose_name_plural = _("activity progress")
        constraints = [
            models.UniqueConstraint(fields=["student", "activity"], name="progress_unique")
        ]
        indexes = [models.Index(fields=["centre", "status"])]


class Attempt(BaseModel):
    """One observation: a quiz item answered, or a project reviewed. Append-only."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    student = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("student")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("activity")
    )
    item = models.ForeignKey(
        QuizItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attempts",
        verbose_name=_("quiz item"),
    )
    correct = models.BooleanField(_("correct"))
    answer = models.JSONField(_("answer"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"))
    seconds = models.PositiveIntegerField(_("time taken (seconds)"), null=True, blank=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["student", "answered_at", "id"]
        indexes = [
            models.Index(fields=["centre", "answered_at"]),
            models.Index(fields=["student", "activity"]),
        ]


class QuizSitting(BaseModel):
    """One try at a quiz as it was shown: the items drawn from the bank and the order of each
    item's choices. A student has at most one open sitting per quiz: reloading the page shows
    the same questions (no drawing again until an easy set comes up); sending it closes it."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    student = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="quiz_sittings", verbose_name=_("student")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="+", verbose_name=_("activity")
    )
    # [{"item": quiz item id, "order": [spec index of the 1st choice shown, ...]}, ...]
    items = models.JSONField(_("items shown"))
    submitted_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("quiz sitting")
        verbose_name_plural = _("quiz sittings")
        ordering = ["student", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "activity"],
                condition=models.Q(submitted_at__isnull=True),
                name="one_open_quiz_sitting",
            )
        ]


class Mastery(BaseModel):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    student = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="mastery", verbose_name=_("student")
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="+", verbose_name=_("competency")
    )
    p_known = models.FloatField(_("estimated mastery"))
    observations = models.PositiveIntegerField(_("observations"), default=0)
    # The engine's state for this competency (``mastery_ability.Trace`` as a dict): P(known)
    # and log-likelihood at each ability level, counted attempts. Null for an estimate made
    # before the ability model; the next refit fills it.
    trace = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("mastery")
        verbose_name_plural = _("mastery")
        constraints = [
            models.UniqueConstraint(fields=["student", "competency"], name="mastery_unique"),
            models.CheckConstraint(
                condition=models.Q(p_known__gte=0) & models.Q(p_known__lte=1),
                name="mastery_probability",
            ),
        ]


class MasteryParams(BaseModel):
    """A centre's fitted knowledge-tracing parameters for one competency
    (``mastery_ability.SkillParams``: the probabilities are a median student's at the first
    attempt, the slopes on the logit scale; all slopes 0 is classic BKT)."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="+", verbose_name=_("competency")
    )
    p_init = models.FloatField()
    p_learn = models.FloatField()
    p_guess = models.FloatField()
    p_slip = models.FloatField()
    p_forget = models.FloatField(default=0.0)
    init_ability = models.FloatField(default=0.0)
    learn_ability = models.FloatField(default=0.0)
    guess_practice = models.FloatField(default=0.0)
    slip_practice = models.FloatField(default=0.0)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("mastery model parameters")
        verbose_name_plural = _("mastery model parameters")
        constraints = [
            models.UniqueConstraint(fields=["centre", "competency"], name="params_unique")
        ]


class FitStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class MasteryFit(BaseModel):
    """One run of the background fit for a centre, with its progress for the page."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    requested_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FitStatus.choices, default=FitStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows = models.PositiveIntegerField(_("attempts used"), default=0)
    competencies = models.PositiveIntegerField(_("competencies fitted"), default=0)
    seconds = models.FloatField(_("duration (s)"), null=True, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mastery model fit")
        verbose_name_plural = _("mastery model fits")
        ordering = ["-created_at"]
        constraints = [
            # At most one fit queued or running per centre: a second click doubles nothing.
            models.UniqueConstraint(
                fields=["centre"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_fit_per_centre",
            )
        ]


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("waiting for review")
    CHANGES = "changes", _("changes requested")
    APPROVED = "approved", _("approved")


def submission_path(instance: Submission, filename: str) -> str:
    return f"submissions/{instance.centre_id}/{instance.student_id}/{instance.uuid}/{filename}"


class Submission(BaseModel):
    """A version of a project: the file, then the review. Approved ones feed the portfolio."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    student = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("student")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("activity")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=submission_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    media_kind = models.CharField(_("kind of work"), max_length=10)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    note = models.TextField(_("note to the reviewer"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
    )
    reviewer = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    comment = models.TextField(_("reviewer's comment"), blank=True, max_length=4000)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("project submission")
        verbose_name_plural = _("project submissions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "activity", "version"], name="submission_version_unique"
            ),
            models.UniqueConstraint(
                fields=["student", "activity"],
                condition=models.Q(status="submitted"),
                name="one_pending_submission",
            ),
        ]
        indexes = [models.Index(fields=["centre", "status"])]
