"""Private calendar feed tokens. Only the SHA-256 of a token is stored: the URL is shown
once, when made; revoking voids it and a new one can be made."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.calendars.choices import FeedPurpose
from parcours.core.models import BaseModel
from parcours.people.models import User

__all__ = ["CalendarToken", "FeedPurpose"]


class CalendarToken(BaseModel):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="calendar_tokens", verbose_name=_("user")
    )
    purpose = models.CharField(_("feed"), max_length=10, choices=FeedPurpose.choices)
    token_hash = models.CharField(_("token (SHA-256)"), max_length=64, unique=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendar_token_one_active_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.purpose}"
