"""Next-step training offers (issue 17), described with the offer-analysis grid of the
CNC/AFDAS study (seed 003), and the offers a student keeps for her action plan.

An offer with ``centre`` empty belongs to the network (edited by its admins); one with a centre
is that centre's own (edited by its managers). Everyone, signed in or not, reads every offer.
``search_text`` is the offer's words without accents or case, kept by ``save()`` for the
search (``selectors.search``); on PostgreSQL its ``tsvector`` is indexed (migration 0002).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.catalogue.models import FocusArea
from parcours.centres.models import Centre
from parcours.core.models import BaseModel
from parcours.training_offers.choices import (
    LEVEL_CHOICES,
    LEVELS,
    REGION_CHOICES,
    REGION_NAMES,
    Cost,
    Mode,
    plain,
)

LIMITS = {
    "title": 200,
    "provider": 200,
    "place": 120,
    "duration": 60,
    "prerequisites": 1000,
    "certification": 300,
    "funding": 500,
    "target_jobs": 500,
    "ai_tools": 500,
    "description": 3000,
    "url": 500,
}


class Offer(BaseModel):
    centre = models.ForeignKey(
        Centre,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_offers",
        verbose_name=_("centre"),
        help_text=_("Empty: the whole network’s offer."),
    )
    title = models.CharField(_("title"), max_length=LIMITS["title"])
    provider = models.CharField(_("provider"), max_length=LIMITS["provider"])
    place = models.CharField(_("place"), max_length=LIMITS["place"], blank=True)
    region = models.CharField(
        _("region"),
        max_length=3,
        choices=REGION_CHOICES,
        blank=True,
        help_text=_("Empty: anywhere (distance learning, national programme)."),
    )
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices)
    duration = models.CharField(_("duration"), max_length=LIMITS["duration"], blank=True)
    level = models.SmallIntegerField(_("level"), choices=LEVEL_CHOICES)
    rncp_level = models.PositiveSmallIntegerField(
        _("RNCP level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    eqf_level = models.PositiveSmallIntegerField(
        _("EQF level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    prerequisites = models.TextField(
        _("prerequisites"), max_length=LIMITS["prerequisites"], blank=True
    )
    certification = models.CharField(
        _("certification"), max_length=LIMITS["certification"], blank=True
    )
    cost = models.CharField(_("cost"), max_length=8, choices=Cost.choices)
    cost_eur = models.PositiveIntegerField(_("cost a year (euros)"), null=True, blank=True)
    funding = models.TextField(_("funding"), max_length=LIMITS["funding"], blank=True)
    target_jobs = models.TextField(_("target jobs"), max_length=LIMITS["target_jobs"], blank=True)
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="training_offers", verbose_name=_("focus areas")
    )
    competencies = models.JSONField(
        _("competencies it builds on"),
        default=list,
        blank=True,
        help_text=_("Keys of the network’s competencies."),
    )
    ai_tools = models.TextField(_("AI tools taught"), max_length=LIMITS["ai_tools"], blank=True)
    ai_profile = models.JSONField(
        _("AI profile"),
        default=dict,
        blank=True,
        help_text=_("Level 0–3 on each of the six axes of the AI grid."),
    )
    age_min = models.PositiveSmallIntegerField(
        _("minimum age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(10), MaxValueValidator(99)],
    )
    age_max = models.PositiveSmallIntegerField(
        _("maximum age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(10), MaxValueValidator(99)],
    )
    application_opens = models.DateField(_("applications open"), null=True, blank=True)
    application_closes = models.DateField(_("applications close"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=LIMITS["url"], blank=True)
    description = models.TextField(_("description"), max_length=LIMITS["description"], blank=True)
    search_text = models.TextField(editable=False, default="")
    # provider, title and place without case or accents: an offer's natural key in a file
    natural_key = models.CharField(max_length=530, editable=False, default="")

    class Meta:
        verbose_name = _("training offer")
        verbose_name_plural = _("training offers")
        ordering = ["title", "provider"]
        indexes = [
            models.Index(fields=["level"]),
            models.Index(fields=["region"]),
            models.Index(fields=["centre", "natural_key"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_min__lte=models.F("age_max")),
                name="offer_ages_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(application_opens__isnull=True)
                | models.Q(application_closes__isnull=True)
                | models.Q(application_opens__lte=models.F("application_closes")),
                name="offer_application_dates_in_order",
            ),
            # never two offers of one owner with the same provider, title and place
            models.UniqueConstraint(
                fields=["natural_key"],
                condition=models.Q(centre__isnull=True),
                name="offer_network_natural_key",
            ),
            models.UniqueConstraint(
                fields=["centre", "natural_key"],
                condition=models.Q(centre__isnull=False),
                name="offer_centre_natural_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.provider}"

    @property
    def level_code(self) -> str:
        return LEVELS[self.level][0]

    @property
    def region_name(self) -> str:
        return str(REGION_NAMES[self.region]) if self.region else ""

    def refresh_derived(self) -> None:
        """Recompute the natural key and the search words (called by the services)."""
        self.natural_key = natural_key(self.provider, self.title, self.place)
        words = [
            self.title,
            self.provider,
            self.place,
            self.certification,
            self.target_jobs,
            self.ai_tools,
            self.description,
            self.prerequisites,
        ]
        self.search_text = " ".join(
            re.findall(r"[a-z0-9]+", plain(" ".join(w for w in words if w)))
        )

    def save(self, *args: object, **kwargs: object) -> None:
        self.refresh_derived()
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def natural_key(provider: str, title: str, place: str) -> str:
    return "|".join(plain(x) for x in (provider, title, place))


class SavedOffer(BaseModel):
    """An offer a student keeps for her action plan (saved by her or one of her coaches)."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_offers",
        verbose_name=_("student"),
    )
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="saved_by", verbose_name=_("offer")
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("saved by"),
    )

    class Meta:
        verbose_name = _("saved offer")
        verbose_name_plural = _("saved offers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["student", "offer"], name="saved_offer_once")
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.offer}"


class OfferImport(BaseModel):
    """A file sent to import offers: kept for its preview, applied once, its result noted."""

    centre = models.ForeignKey(
        Centre,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("centre"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    filename = models.CharField(_("file"), max_length=200)
    content = models.BinaryField()
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("offer import")
        verbose_name_plural = _("offer imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
