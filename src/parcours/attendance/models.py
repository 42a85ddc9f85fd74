"""Attendance: badges, door check-ins, corrections, absences and their follow-up.

A badge code is random and stored only as its SHA-256 hash: the printed card (and the page
that printed it) is the only place it appears. A check-in is one row per (session, student):
a double scan finds the row that is there. Absences are written when a session ends
(``services.session_close``), for every expected student with no check-in. A follow-up is
opened once per streak of consecutive absences, and the family and the coach are told once.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.centres.models import Centre
from parcours.core.models import BaseModel
from parcours.people.models import User
from parcours.schedule.models import Session


class AttendanceSettings(BaseModel):
    """A centre's attendance rules; a centre without a row uses the defaults."""

    centre = models.OneToOneField(
        Centre,
        on_delete=models.CASCADE,
        related_name="attendance_settings",
        verbose_name=_("centre"),
    )
    opens_before_minutes = models.PositiveSmallIntegerField(
        _("check-in opens (minutes before the start)"),
        default=30,
        validators=[MaxValueValidator(180)],
    )
    late_after_minutes = models.PositiveSmallIntegerField(
        _("late after (minutes past the start)"),
        default=10,
        validators=[MaxValueValidator(120)],
    )
    absence_streak = models.PositiveSmallIntegerField(
        _("consecutive absences before the family and the coach are told"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )

    class Meta:
        verbose_name = _("attendance settings")
        verbose_name_plural = _("attendance settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(absence_streak__gte=1), name="attendance_streak_positive"
            )
        ]

    def __str__(self) -> str:
        return str(self.centre)


class Badge(BaseModel):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    student = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="badges", verbose_name=_("student")
    )
    code_hash = models.CharField(_("code (SHA-256)"), max_length=64, unique=True)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(_("voided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student"],
                condition=models.Q(revoked_at__isnull=True),
                name="badge_one_active_per_student",
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.issued_at:%Y-%m-%d}"


class CheckIn(BaseModel):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("session")
    )
    student = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("student")
    )
    present = models.BooleanField(
        _("present"), default=True, help_text=_("False once staff corrected it to absent.")
    )
    checked_in_at = models.DateTimeField(_("checked in at"))
    device = models.CharField(_("device"), max_length=80, blank=True)
    taken_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken by"),
    )
    late_minutes = models.PositiveSmallIntegerField(_("minutes late"), default=0)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    left_early = models.BooleanField(_("left early"), default=False)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["checked_in_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "student"], name="checkin_once_per_session")
        ]
        indexes = [models.Index(fields=["student", "session"])]

    def __str__(self) -> str:
        return f"{self.student} · {self.session}"

    @property
    def state(self) -> str:
        if not self.present:
            return "absent"
        if self.left_early:
            return "left_early"
        if self.late_minutes:
            return "late"
        return "present"


class CheckInCorrection(BaseModel):
    """What staff changed on a student's attendance at a session, and why. Append-only."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="+", verbose_name=_("session")
    )
    student = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("student")
    )
    corrected_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("corrected by")
    )
    corrected_at = models.DateTimeField(_("corrected at"))
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("attendance correction")
        verbose_name_plural = _("attendance corrections")
        ordering = ["-corrected_at"]


class Absence(BaseModel):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="absences", verbose_name=_("session")
    )
    student = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="absences", verbose_name=_("student")
    )
    justified = models.BooleanField(_("justified"), default=False)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded or justified by"),
        help_text=_("Empty when recorded automatically at the end of the session."),
    )

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.UniqueConstraint(fields=["session", "student"], name="absence_once_per_session")
        ]
        indexes = [models.Index(fields=["student", "session"])]

    def __str__(self) -> str:
        return f"{self.student} · {self.session}"


class FollowUp(BaseModel):
    """A streak of consecutive absences that reached the centre's threshold. One row per
    streak (keyed by its first absence): the family and the coach are told once."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    student = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="attendance_followups",
        verbose_name=_("student"),
    )
    first_absence = models.OneToOneField(
        Absence, on_delete=models.CASCADE, related_name="+", verbose_name=_("first absence")
    )
    absences = models.PositiveSmallIntegerField(_("consecutive absences"))
    notified_at = models.DateTimeField(_("family and coach told at"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("closed at"), null=True, blank=True, help_text=_("Set when the student comes back.")
    )

    class Meta:
        verbose_name = _("attendance follow-up")
        verbose_name_plural = _("attendance follow-ups")
        ordering = ["-absences"]

    def __str__(self) -> str:
        return f"{self.student} · {self.absences}"
