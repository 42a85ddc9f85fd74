"""The network and its centres, and each centre's rooms (with their workstations)."""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a known time zone (for example Europe/Paris)."),
            params={"value": value},
            code="timezone",
        )


class Network(BaseModel):
    """The organisation that runs the centres. One deployment serves one network."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class SessionPattern(models.TextChoices):
    ONE_3H = "1x3h", _("one 3-hour session a week")
    TWO_2H = "2x2h", _("two 2-hour sessions a week")


class Centre(BaseModel):
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="centres", verbose_name=_("network")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    city = models.CharField(_("city"), max_length=120)
    country = models.CharField(_("country code"), max_length=2, help_text=_("ISO 3166, e.g. FR"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Paris", validators=[validate_timezone]
    )
    session_pattern = models.CharField(
        _("weekly sessions"),
        max_length=8,
        choices=SessionPattern.choices,
        default=SessionPattern.ONE_3H,
    )
    focus_areas_per_student = models.PositiveSmallIntegerField(
        _("focus areas per student"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    discovery_sessions = models.PositiveSmallIntegerField(
        _("discovery period (sessions)"),
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
        help_text=_("Sessions a new student spends trying every focus area before choosing."),
    )
    priority_postcodes = models.TextField(
        _("priority-neighbourhood postcodes"),
        blank=True,
        help_text=_("One postcode per line or separated by commas (e.g. QPV in France)."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    is_active = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focus_areas_per_student__gte=1)
                & models.Q(focus_areas_per_student__lte=6),
                name="centre_focus_areas_per_student_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_priority_postcode(self, postcode: str) -> bool:
        codes = {c.strip() for c in self.priority_postcodes.replace(",", "\n").splitlines()}
        return postcode.strip() in (codes - {""})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class Room(BaseModel):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("centre")
    )
    name = models.CharField(_("name"), max_length=120)
    seats = models.PositiveSmallIntegerField(
        _("workstations"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=[
            ("open", _("open self-learning space")),
            ("lab", _("lab room")),
            ("studio", _("studio")),
        ],
        default="open",
    )
    accessible = models.BooleanField(_("wheelchair accessible"), default=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["centre", "name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="room_unique_name_in_centre"),
            models.CheckConstraint(
                condition=models.Q(seats__gte=1) & models.Q(seats__lte=500),
                name="room_seats_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.seats})"
