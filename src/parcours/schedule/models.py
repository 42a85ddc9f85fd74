"""A centre's weekly session slots. A slot is what a student is enrolled in: one 3-hour
meeting a week (Paris) or two 2-hour meetings (most other centres), with a number of seats
(workstations). Sessions, non-working days and check-in build on this (sessions issue)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.centres.models import Centre
from parcours.core.models import BaseModel


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


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
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"
