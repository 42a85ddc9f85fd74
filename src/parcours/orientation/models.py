"""The orientation programme by the ADVP method (issue 17): a yearly programme per centre,
its participants moving through the four stages, the interviewer's notes per stage (staff
only, or shared with the student and family), the student's action plan with its dated next
steps, and what they did next. Stage templates: interview guides and workshop plans, shipped
for the network (``centre`` empty) and customised by a centre."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.centres.models import Centre
from parcours.core.models import BaseModel
from parcours.orientation.choices import (
    MEETING_LABELS,
    Kind,
    OutcomeKind,
    PlanStatus,
    Source,
    Stage,
    Status,
)
from parcours.training_offers.models import Offer

USER = settings.AUTH_USER_MODEL


class Programme(BaseModel):
    centre = models.ForeignKey(
        Centre,
        on_delete=models.CASCADE,
        related_name="orientation_programmes",
        verbose_name=_("centre"),
    )
    year = models.PositiveSmallIntegerField(
        _("school year (its first year)"), validators=[MinValueValidator(2020)]
    )
    title = models.CharField(_("title"), max_length=200)
    capacity = models.PositiveSmallIntegerField(
        _("places"), default=130, validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    open_to_volunteers = models.BooleanField(
        _("students may volunteer"),
        default=True,
        help_text=_("Off: only students invited by their coach join."),
    )

    class Meta:
        verbose_name = _("orientation programme")
        verbose_name_plural = _("orientation programmes")
        ordering = ["-year", "centre"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "year"], name="one_programme_a_year")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> str:
        return f"{self.year}–{self.year + 1}"


class Participant(BaseModel):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("programme"),
    )
    student = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="orientation", verbose_name=_("student")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    source = models.CharField(_("how they came"), max_length=12, choices=Source.choices)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.EXPLORATION
    )
    stage_changed_at = models.DateTimeField(_("stage since"), null=True, blank=True)
    invited_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["programme", "student__last_name", "student__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "student"], name="participant_once")
        ]
        indexes = [models.Index(fields=["programme", "status", "stage"])]

    def __str__(self) -> str:
        return f"{self.student} · {self.programme}"


class StageTemplate(BaseModel):
    """An interview guide or a workshop plan for a stage, in French and English."""

    centre = models.ForeignKey(
        Centre,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("centre"),
        help_text=_("Empty: shipped with Parcours."),
    )
    key = models.SlugField(_("key"), max_length=60)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.JSONField(_("title"), default=dict)  # {"fr": ..., "en": ...}
    goal = models.JSONField(_("goal"), default=dict)
    steps = models.JSONField(_("questions and exercises"), default=list)  # [{"fr", "en"}]
    resources = models.JSONField(_("resources"), default=list)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=45)

    class Meta:
        verbose_name = _("stage template")
        verbose_name_plural = _("stage templates")
        ordering = ["stage", "kind", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(centre__isnull=True),
                name="shipped_template_key",
            ),
            models.UniqueConstraint(
                fields=["centre", "key"],
                condition=models.Q(centre__isnull=False),
                name="centre_template_key",
            ),
        ]

    def __str__(self) -> str:
        return self.key


class StageNote(BaseModel):
    """What the interviewer notes at a stage: staff only unless shared with the family."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("participant"),
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    author = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("note"), max_length=5000)
    shared = models.BooleanField(
        _("shared with the student and family"),
        default=False,
    )

    class Meta:
        verbose_name = _("stage note")
        verbose_name_plural = _("stage notes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.participant} · {self.stage}"


class ActionPlan(BaseModel):
    participant = models.OneToOneField(
        Participant,
        on_delete=models.CASCADE,
        related_name="plan",
        verbose_name=_("participant"),
    )
    interests = models.TextField(_("interests"), max_length=3000, blank=True)
    strengths = models.TextField(_("strengths"), max_length=3000, blank=True)
    targets = models.TextField(
        _("target schools and training"),
        max_length=3000,
        blank=True,
        help_text=_("Besides the offers kept from the catalogue."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    updated_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return str(self.participant)


class PlanStep(BaseModel):
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="steps", verbose_name=_("plan")
    )
    what = models.CharField(_("next step"), max_length=300)
    due_on = models.DateField(_("by"), null=True, blank=True)
    helper = models.CharField(_("who helps"), max_length=120, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")
        ordering = ["done", "due_on", "pk"]

    def __str__(self) -> str:
        return self.what


class Outcome(BaseModel):
    """What the student did next, at the end of the year (for the impact reports)."""

    participant = models.OneToOneField(
        Participant,
        on_delete=models.CASCADE,
        related_name="outcome",
        verbose_name=_("participant"),
    )
    kind = models.CharField(_("what next"), max_length=16, choices=OutcomeKind.choices)
    detail = models.CharField(_("where, what"), max_length=300, blank=True)
    offer = models.ForeignKey(
        Offer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offer from the catalogue"),
    )
    recorded_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return f"{self.participant} · {self.kind}"


class Meeting(BaseModel):
    """An individual interview or a collective workshop: a session of the centre's schedule
    (an extra session, in the calendar feeds of the students invited), led by a member of the
    staff, for a stage, following a template; the interviewer takes the attendance."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("programme")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    template = models.ForeignKey(
        StageTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("guide or plan"),
    )
    session = models.OneToOneField(
        "schedule.Session",
        on_delete=models.CASCADE,
        related_name="orientation_meeting",
        verbose_name=_("session"),
    )
    lead = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("led by")
    )

    class Meta:
        verbose_name = _("interview or workshop")
        verbose_name_plural = _("interviews and workshops")
        ordering = ["-session__starts_at"]

    def __str__(self) -> str:
        return f"{self.programme} · {self.kind} · {self.stage}"

    @property
    def kind_label(self) -> str:
        """ "interview" or "workshop" (the kind's choice label names the template)."""
        return str(MEETING_LABELS.get(self.kind, self.kind))


class MeetingAttendance(BaseModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("participant"),
    )
    present = models.BooleanField(_("present"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participant"], name="meeting_attendee_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.participant}"
