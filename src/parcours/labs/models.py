"""Lab cycles, labs and masterlabs, the students' applications, allocation runs and seats.

A lab meets either at the weekly meetings of a ``schedule.Slot`` during its cycle, or every day
of a holiday period (level 3). Students rank up to ``LabCycle.max_wishes`` labs of a cycle and
may flag one as their priority; an allocation run turns the applications into seats with the
reason of each outcome (``parcours.engine.allocation``)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from parcours.catalogue.models import LabTemplate, MasterlabTemplate
from parcours.centres.models import Centre, Room
from parcours.core.models import BaseModel
from parcours.labs.choices import (
    ACTIVE_SEAT,
    SCORE_MAX,
    CycleStatus,
    Mechanism,
    Outcome,
    PriorityRule,
    RunStatus,
    SeatStatus,
)
from parcours.schedule.models import Slot


class LabCycle(BaseModel):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="lab_cycles", verbose_name=_("centre")
    )
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    applications_open_at = models.DateTimeField(_("applications open at"))
    applications_close_at = models.DateTimeField(_("applications close at"))
    max_wishes = models.PositiveSmallIntegerField(
        _("wishes per student"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    mechanism = models.CharField(
        _("allocation mechanism"), max_length=12, choices=Mechanism.choices, default="stable"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CycleStatus.choices, default=CycleStatus.DRAFT
    )
    offer_window_hours = models.PositiveSmallIntegerField(
        _("hours to answer a waitlist offer"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(336)],
    )
    priority_rule = models.CharField(
        _("priorities"), max_length=10, choices=PriorityRule.choices, default=PriorityRule.TUMO
    )

    class Meta:
        verbose_name = _("lab cycle")
        verbose_name_plural = _("lab cycles")
        ordering = ["centre", "-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="lab_cycle_unique_name"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="lab_cycle_dates_in_order",
                violation_error_message=_("The last day must not be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(applications_close_at__gt=F("applications_open_at")),
                name="lab_cycle_window_in_order",
                violation_error_message=_("Applications must close after they open."),
            ),
            models.CheckConstraint(
                condition=Q(max_wishes__gte=1) & Q(max_wishes__lte=10),
                name="lab_cycle_max_wishes_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Lab(BaseModel):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="labs", verbose_name=_("centre")
    )
    cycle = models.ForeignKey(
        LabCycle, on_delete=models.CASCADE, related_name="labs", verbose_name=_("cycle")
    )
    template = models.ForeignKey(
        LabTemplate, on_delete=models.PROTECT, related_name="labs", verbose_name=_("lab template")
    )
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="labs_led",
        verbose_name=_("expert"),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="labs",
        verbose_name=_("room"),
    )
    slot = models.ForeignKey(
        Slot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="labs",
        verbose_name=_("weekly slot"),
        help_text=_("The lab meets at this slot's weekly meetings during the cycle."),
    )
    holiday_first_day = models.DateField(_("holiday: first day"), null=True, blank=True)
    holiday_last_day = models.DateField(_("holiday: last day"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    reserved_girls = models.PositiveSmallIntegerField(
        _("seats reserved for girls"),
        default=0,
        help_text=_("Held for girls who want them; the others go to everyone."),
    )
    reserved_social = models.PositiveSmallIntegerField(
        _("seats reserved for social-field publics"),
        default=0,
        help_text=_("Held for students referred by a social-field partner who want them."),
    )
    # Set when the seats are published: the lowest admitted (priority class, lottery).
    cutoff_priority = models.SmallIntegerField(_("lowest admitted priority"), null=True, blank=True)
    cutoff_lottery = models.FloatField(_("lowest admitted lottery"), null=True, blank=True)

    class Meta:
        verbose_name = _("lab")
        verbose_name_plural = _("labs")
        ordering = ["cycle", "level", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=3), name="lab_level_range"
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1) & Q(seats__lte=40), name="lab_seats_range"
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=F("reserved_girls") + F("reserved_social")),
                name="lab_reserved_fit",
                violation_error_message=_("The reserved seats must fit in the lab's seats."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(slot__isnull=False)
                    & Q(holiday_first_day__isnull=True)
                    & Q(holiday_last_day__isnull=True)
                )
                | (
                    Q(slot__isnull=True)
                    & Q(holiday_first_day__isnull=False)
                    & Q(holiday_last_day__gte=F("holiday_first_day"))
                ),
                name="lab_weekly_xor_holiday",
                violation_error_message=_(
                    "Give either a weekly slot or the holiday dates of the lab, not both."
                ),
            ),
        ]
        indexes = [models.Index(fields=["centre", "cycle"])]

    def __str__(self) -> str:
        return f"{self.template} · {self.cycle}"


class Masterlab(BaseModel):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="masterlabs", verbose_name=_("centre")
    )
    template = models.ForeignKey(
        MasterlabTemplate,
        on_delete=models.PROTECT,
        related_name="masterlabs",
        verbose_name=_("masterlab template"),
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    guest = models.CharField(_("invited professional"), max_length=200)
    seats = models.PositiveSmallIntegerField(
        _("seats"), default=15, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    applications_open_at = models.DateTimeField(_("applications open at"))
    applications_close_at = models.DateTimeField(_("applications close at"))
    selected_at = models.DateTimeField(_("selection published at"), null=True, blank=True)
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("selection published by"),
    )

    class Meta:
        verbose_name = _("masterlab")
        verbose_name_plural = _("masterlabs")
        ordering = ["centre", "-first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")),
                name="masterlab_dates_in_order",
                violation_error_message=_("The last day must not be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(applications_close_at__gt=F("applications_open_at")),
                name="masterlab_window_in_order",
                violation_error_message=_("Applications must close after they open."),
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1) & Q(seats__lte=40), name="masterlab_seats_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} ({self.first_day:%d/%m/%Y})"


class Application(BaseModel):
    """A wish for a lab of a cycle (ranked) or an application to a masterlab (motivation and
    chosen approved projects). Withdrawn rows stay, with their time, for the record."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="lab_applications", verbose_name=_("centre")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lab_applications",
        verbose_name=_("student"),
    )
    cycle = models.ForeignKey(
        LabCycle,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("cycle"),
    )
    lab = models.ForeignKey(
        Lab,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("lab"),
    )
    masterlab = models.ForeignKey(
        Masterlab,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("masterlab"),
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    flagged = models.BooleanField(_("flagged as priority"), default=False)
    motivation = models.TextField(_("motivation"), blank=True)
    submissions = models.ManyToManyField(
        "learning.Submission",
        blank=True,
        related_name="lab_applications",
        verbose_name=_("projects shown"),
    )
    applied_at = models.DateTimeField(_("applied at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    waitlist_position = models.PositiveIntegerField(_("waitlist position"), null=True, blank=True)
    # Masterlabs: the staff's score of the application, then the published outcome.
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MaxValueValidator(SCORE_MAX)]
    )
    score_note = models.CharField(_("note on the score"), max_length=300, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scored by"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING, blank=True
    )
    reason = models.JSONField(_("reason"), default=dict, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["student", "rank", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(lab__isnull=False) & Q(masterlab__isnull=True) & Q(cycle__isnull=False)
                )
                | (Q(lab__isnull=True) & Q(masterlab__isnull=False) & Q(cycle__isnull=True)),
                name="application_lab_xor_masterlab",
            ),
            models.CheckConstraint(
                condition=Q(lab__isnull=True)
                | (Q(withdrawn_at__isnull=True) & Q(rank__gte=1))
                | (Q(withdrawn_at__isnull=False) & Q(rank__isnull=True)),
                name="application_rank_iff_active",
            ),
            models.UniqueConstraint(fields=["student", "lab"], name="application_unique_lab"),
            models.UniqueConstraint(
                fields=["student", "masterlab"], name="application_unique_masterlab"
            ),
            models.UniqueConstraint(
                fields=["student", "cycle", "rank"],
                condition=Q(rank__isnull=False),
                name="application_unique_rank",
            ),
            models.UniqueConstraint(
                fields=["student", "cycle"],
                condition=Q(flagged=True, withdrawn_at__isnull=True, cycle__isnull=False),
                name="application_one_flag_per_cycle",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=SCORE_MAX),
                name="application_score_range",
            ),
            models.CheckConstraint(
                condition=Q(masterlab__isnull=False) | (Q(score__isnull=True) & Q(outcome="")),
                name="application_score_masterlab_only",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"{self.student} → {self.lab or self.masterlab}"


class AllocationRun(BaseModel):
    """A dry run (every mechanism, figures only) or the publication of a cycle's seats with
    one mechanism. At most one publication per cycle that has not failed: publishing twice
    changes nothing."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="allocation_runs", verbose_name=_("centre")
    )
    cycle = models.ForeignKey(
        LabCycle, on_delete=models.CASCADE, related_name="runs", verbose_name=_("cycle")
    )
    mechanism = models.CharField(
        _("mechanism"), max_length=12, choices=Mechanism.choices, blank=True
    )
    dry_run = models.BooleanField(_("dry run"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    metrics = models.JSONField(_("figures"), default=dict, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle"],
                condition=Q(dry_run=False) & ~Q(status="failed"),
                name="allocation_one_publication_per_cycle",
            ),
            models.UniqueConstraint(
                fields=["cycle"],
                condition=Q(dry_run=True, status__in=["queued", "running"]),
                name="allocation_one_active_dry_run",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="allocation_progress_range"
            ),
            models.CheckConstraint(
                condition=Q(dry_run=True) | ~Q(mechanism=""),
                name="allocation_publication_has_mechanism",
            ),
        ]


class Seat(BaseModel):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="lab_seats", verbose_name=_("centre")
    )
    cycle = models.ForeignKey(
        LabCycle, on_delete=models.CASCADE, related_name="seats", verbose_name=_("cycle")
    )
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="seats_given")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lab_seats",
        verbose_name=_("student"),
    )
    run = models.ForeignKey(
        AllocationRun,
        on_delete=models.PROTECT,
        related_name="seats",
        null=True,
        blank=True,
        verbose_name=_("allocation run"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SeatStatus.choices, default=SeatStatus.HELD
    )
    reason = models.JSONField(_("reason"), default=dict, blank=True)
    offered_until = models.DateTimeField(_("offer open until"), null=True, blank=True)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["lab", "student"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "student"], name="seat_unique_student_lab"),
            # A student holds one seat per cycle and may have one open offer besides it: a
            # place in a lab they ranked higher (the waitlists hold only those).
            models.UniqueConstraint(
                fields=["cycle", "student"],
                condition=Q(status="held"),
                name="seat_one_held_per_student_and_cycle",
            ),
            models.UniqueConstraint(
                fields=["cycle", "student"],
                condition=Q(status="offered"),
                name="seat_one_offer_per_student_and_cycle",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offered_until__isnull=False),
                name="seat_offer_has_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.lab}"


class CompetencyValidation(BaseModel):
    """A competency the lab covers, validated for one student of its roster by the lab's
    expert (or a manager), at the lab's level: part of the student's record of what they can
    do. Withdrawing a validation deletes the row (the record says who and when otherwise)."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    lab = models.ForeignKey(
        Lab, on_delete=models.CASCADE, related_name="validations", verbose_name=_("lab")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="competency_validations",
        verbose_name=_("student"),
    )
    competency = models.ForeignKey(
        "catalogue.Competency",
        on_delete=models.PROTECT,
        related_name="validations",
        verbose_name=_("competency"),
    )
    level = models.PositiveSmallIntegerField(_("level"))
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    validated_at = models.DateTimeField(_("validated at"))

    class Meta:
        verbose_name = _("competency validation")
        verbose_name_plural = _("competency validations")
        ordering = ["lab", "student", "competency"]
        constraints = [
            models.UniqueConstraint(
                fields=["lab", "student", "competency"], name="validation_once_per_lab"
            )
        ]


__all__ = [  # the choices, also importable from here (``labs.choices`` is their home)
    "ACTIVE_SEAT",
    "SCORE_MAX",
    "AllocationRun",
    "Application",
    "CompetencyValidation",
    "CycleStatus",
    "Lab",
    "LabCycle",
    "Masterlab",
    "Mechanism",
    "Outcome",
    "PriorityRule",
    "RunStatus",
    "Seat",
    "SeatStatus",
]
