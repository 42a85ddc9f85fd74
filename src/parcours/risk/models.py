"""Early warning of drop-out (issue 15): each week's score of each registered student and the
alerts it opens for their coach. Staff only: students and families never see them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.centres.models import Centre
from parcours.core.models import BaseModel
from parcours.learning.models import FitStatus  # the states of every background training
from parcours.people.models import User


class ScoreMethod(models.TextChoices):
    MODEL = "model", _("the centre's model")
    RULE = "rule", _("absences in a row (too little history for a model)")


class Outcome(models.TextChoices):
    CONTACTED = "contacted", _("contacted")
    BACK = "back", _("came back")
    LEFT = "left", _("left")
    FALSE_ALARM = "false_alarm", _("false alarm")


class RiskScore(BaseModel):
    """A student's probability of leaving within 8 weeks, scored at the end of a week from
    the weeks before only, with the features that pushed it up."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(User, on_delete=models.CASCADE, related_name="risk_scores")
    scored_on = models.DateField(_("scored on"))
    probability = models.FloatField(_("probability of leaving within 8 weeks"))
    absent_in_row = models.PositiveSmallIntegerField(_("weeks absent in a row"), default=0)
    method = models.CharField(_("method"), max_length=10, choices=ScoreMethod.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)

    class Meta:
        verbose_name = _("risk score")
        verbose_name_plural = _("risk scores")
        constraints = [
            models.UniqueConstraint(fields=["student", "scored_on"], name="risk_score_once_a_day")
        ]
        indexes = [models.Index(fields=["centre", "scored_on"])]


class Alert(BaseModel):
    """A student whose score stood out, for their coach to act on; closed with an outcome
    that the next training reads. At most one open alert per student."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(User, on_delete=models.CASCADE, related_name="risk_alerts")
    coach = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_on = models.DateField(_("opened on"))
    probability = models.FloatField(_("probability of leaving within 8 weeks"))
    method = models.CharField(_("method"), max_length=10, choices=ScoreMethod.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["student"],
                condition=models.Q(closed_at__isnull=True),
                name="risk_one_open_alert",
            )
        ]
        indexes = [models.Index(fields=["centre", "closed_at"])]

    def __str__(self) -> str:
        return f"{self.student} · {self.opened_on}"


class RiskFit(BaseModel):
    """A training of a centre's model on its history, run by the worker, with what it
    measured on held-out students (the managers' model page). At most one queued or running
    per centre."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FitStatus.choices, default=FitStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    seconds = models.FloatField(_("duration (s)"), null=True, blank=True)

    class Meta:
        verbose_name = _("training of the early warning")
        verbose_name_plural = _("trainings of the early warning")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre"],
                condition=models.Q(status__in=["queued", "running"]),
                name="risk_one_active_fit",
            )
        ]
