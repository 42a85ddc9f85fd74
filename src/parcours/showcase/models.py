"""Showcase (issue 16): staff curate exhibitions and playlists of students' public works for
a partner's programme, an event or a screen in the lobby. An exhibition has a public page
(when published) and a full-screen slideshow opened by a revocable display link."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.centres.models import Centre
from parcours.core.models import BaseModel
from parcours.people.models import User
from parcours.portfolio.models import Work


class Exhibition(BaseModel):
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=160)
    partner = models.CharField(_("with (partner)"), max_length=160, blank=True)
    place = models.CharField(_("where"), max_length=160, blank=True)
    programme = models.TextField(_("programme"), max_length=4000, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    published = models.BooleanField(_("public page published"), default=False)
    slug = models.CharField(_("address"), max_length=24, unique=True)
    display_key = models.CharField(_("display key"), max_length=64)
    seconds = models.PositiveSmallIntegerField(
        _("seconds per image"),
        default=8,
        validators=[MinValueValidator(3), MaxValueValidator(120)],
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    works = models.ManyToManyField(Work, through="ExhibitionWork", related_name="+")

    class Meta:
        verbose_name = _("exhibition")
        verbose_name_plural = _("exhibitions")
        ordering = ["-starts_on", "title"]


class ExhibitionWork(models.Model):
    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="entries")
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["exhibition", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "work"], name="exhibition_work_once")
        ]

    def __str__(self) -> str:
        return f"{self.exhibition_id} #{self.position}: {self.work_id}"
