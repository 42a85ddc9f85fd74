"""The privacy rights of students and their families (GDPR/RGPD): each copy of the data that
was downloaded, each request to erase a student's data with its decision (docs/privacy.md)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.centres.models import Centre, Network
from parcours.core.models import BaseModel
from parcours.privacy.choices import ErasureStatus

ANSWER_WITHIN = dt.timedelta(days=30)


class ErasureRequest(BaseModel):
    """A request to erase a student's personal data, by a guardian or the adult student, that
    the centre's managers decide. Approving erases at once (privacy.erasure); the row stays as
    the record that it was done, naming nobody once the student is erased."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="erasure_requests",
        verbose_name=_("student"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    reason = models.TextField(_("why (optional)"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=ErasureStatus.choices, default=ErasureStatus.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=500, blank=True)
    summary = models.JSONField(_("what was erased"), default=dict, blank=True)
    # True when the nightly retention job erased a student nobody asked about (privacy.retention)
    by_retention = models.BooleanField(_("erased by the retention rules"), default=False)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student"],
                condition=models.Q(status="requested"),
                name="one_open_erasure_request",
            )
        ]
        indexes = [models.Index(fields=["centre", "status"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {str(self.uuid)[:8]}"

    @property
    def answer_by(self) -> dt.datetime:
        """The law's month to answer a request (RGPD art. 12.3), counted as 30 days."""
        return self.created_at + ANSWER_WITHIN


class DataExport(BaseModel):
    """A copy of a student's data that someone downloaded: who, for whom, how big."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("student"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("downloaded by"),
    )
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    files = models.PositiveIntegerField(_("files"), default=0)

    class Meta:
        verbose_name = _("data download")
        verbose_name_plural = _("data downloads")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {str(self.uuid)[:8]}"


class RetentionPolicy(BaseModel):
    """How long a network keeps what it no longer needs; the worker applies it every night
    (privacy.retention). The defaults follow the CNIL's guidance; network admins change them
    (/privacy/retention/)."""

    network = models.OneToOneField(
        Network, on_delete=models.CASCADE, related_name="retention", verbose_name=_("network")
    )
    closed_requests_months = models.PositiveSmallIntegerField(
        _("applicants never registered: months kept after their last request"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    past_students_months = models.PositiveSmallIntegerField(
        _("students who left: months kept after their last school year"),
        default=36,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    kiosk_months = models.PositiveSmallIntegerField(
        _("check-ins' device names: months kept"),
        default=13,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    audit_months = models.PositiveSmallIntegerField(
        _("audit log: months kept"),
        default=24,
        validators=[MinValueValidator(6), MaxValueValidator(120)],
    )

    class Meta:
        verbose_name = _("retention rules")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}: {self.network}"
