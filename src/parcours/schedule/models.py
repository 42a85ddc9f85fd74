"""A centre's weekly session slots. A slot is what a student is enrolled in: one 3-hour
meeting a week (Paris) or two 2-hour meetings (most other centres), with a number of seats
(workstations). Sessions, non-working days and check-in build on this (sessions issue)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.centres.models import Centre
from parcours.core.models import BaseModel
from parcours.core.timefmt import clock
from parcours.schedule.choices import ClosedDayKind, SessionKind, Weekday

__all__ = [
    "ClosedDayKind",
    "ClosedDays",
    "OpeningHours",
    "Session",
    "SessionKind",
    "Slot",
    "SlotMeeting",
    "Weekday",
]


class Slot(BaseModel):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="slots", verbose_name=_("centre")
    )
    label = models.CharField(_("name"), max_length=80)
    seats = models.PositiveSmallIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    is_open = models.BooleanField(_("open for enrolment"), default=True)

    class Meta:
        verbose_name = _("weekly slot")
        verbose_name_plural = _("weekly slots")
        ordering = ["centre", "label"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "label"], name="slot_label_unique"),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="slot_seats_positive"),
        ]

    def __str__(self) -> str:
        return self.label


class SlotMeeting(BaseModel):
    slot = models.ForeignKey(
        Slot, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("slot")
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        verbose_name = _("weekly meeting")
        verbose_name_plural = _("weekly meetings")
        ordering = ["slot", "weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {clock(self.starts_at)}-{clock(self.ends_at)}"


class OpeningHours(BaseModel):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("centre")
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["centre", "weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="opening_closes_after_opening",
            )
        ]


class ClosedDays(BaseModel):
    """Days with no regular session: school holidays, public holidays, closures."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="closed_days", verbose_name=_("centre")
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    kind = models.CharField(_("kind"), max_length=10, choices=ClosedDayKind.choices)
    label = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("non-working days")
        verbose_name_plural = _("non-working days")
        ordering = ["centre", "first_day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="closed_days_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.first_day:%d/%m} – {self.last_day:%d/%m})"


class Session(BaseModel):
    """One dated occurrence of a slot's meeting (or a one-off extra session). Stored in UTC;
    shown in the centre's time zone."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("centre")
    )
    slot = models.ForeignKey(
        Slot,
        on_delete=models.CASCADE,
        related_name="sessions",
        null=True,
        blank=True,
        verbose_name=_("slot"),
        help_text=_("Empty for an extra session open to the students invited to it."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=SessionKind.choices, default=SessionKind.REGULAR
    )
    label = models.CharField(_("name"), max_length=120, blank=True)
    seats = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    absences_recorded_at = models.DateTimeField(_("absences recorded at"), null=True, blank=True)
    # Who an extra session is for (issue 11): the students registered in some weekly slots,
    # some students by name, or (open_to_all) any student of the centre who comes. The
    # invited are expected (absent if they do not come); the others may check in.
    open_to_all = models.BooleanField(_("open to every student of the centre"), default=False)
    invited_slots = models.ManyToManyField(
        Slot, blank=True, related_name="extra_sessions", verbose_name=_("slots invited")
    )
    invited_students = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="invited_sessions",
        verbose_name=_("students invited"),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "starts_at"], name="session_unique_start"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["centre", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.label or self.slot} {self.starts_at:%Y-%m-%d %H:%M}"
