"""Notifications: what happened that a person should know or act on, with where to act.

A notification belongs to one recipient; nobody else ever reads it (not even staff: a coach's
notification says what a coach needs, a family's what a family needs). Texts are stored as a
kind + parameters and rendered in the reader's language when read."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel
from parcours.notifications.choices import Kind


class Notification(BaseModel):
    recipient = models.ForeignKey(
        "people.User",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    centre = models.ForeignKey(
        "centres.Centre",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("centre"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("where to act"), max_length=300, blank=True)
    # The same event told twice (a retried task, a double click) is stored once.
    dedupe_key = models.CharField(_("deduplication key"), max_length=120, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_read"),
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_recent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notif_once_per_event",
            ),
            models.CheckConstraint(
                condition=models.Q(url="") | models.Q(url__startswith="/"),
                name="notif_url_is_local",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} · {self.kind}"


class NotificationSettings(BaseModel):
    """A person's e-mail rhythm per category (missing categories take the kind's default)."""

    user = models.OneToOneField(
        "people.User",
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("user"),
    )
    modes = models.JSONField(_("e-mail rhythm per category"), default=dict, blank=True)
    last_digest_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user_id)
