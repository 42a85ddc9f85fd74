"""Writes of the calendar feeds: make a private token (the old one is revoked), revoke."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.calendars.choices import FeedPurpose
from parcours.calendars.errors import CalendarsError
from parcours.calendars.models import CalendarToken
from parcours.calendars.permissions import purposes_for
from parcours.core.errors import Forbidden, ValidationFailed
from parcours.people.models import User
from parcours.people.types import Actor, signed_in


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class Issued:
    token: CalendarToken
    raw: str  # shown once; only its hash is kept


def _check_purpose(purpose: str) -> None:
    if purpose not in FeedPurpose.values:
        message = _("Choose a feed: student or staff.")
        raise ValidationFailed(message, fields={"purpose": [message]})


@transaction.atomic
def token_issue(*, actor: Actor, purpose: str) -> Issued:
    """A new private feed URL; the previous one of the same feed stops working."""
    _check_purpose(purpose)
    if purpose not in purposes_for(actor):
        raise Forbidden(
            _("This calendar feed is not available to you."),
            code=CalendarsError.FEED_NOT_AVAILABLE,
        )
    user = signed_in(actor)
    list(User.objects.select_for_update().filter(pk=user.pk))  # one issue at a time
    CalendarToken.objects.filter(user=user, purpose=purpose, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    raw = secrets.token_urlsafe(32)
    token = CalendarToken.objects.create(user=user, purpose=purpose, token_hash=token_hash(raw))
    return Issued(token=token, raw=raw)


@transaction.atomic
def token_revoke(*, actor: Actor, purpose: str) -> int:
    """Void the feed URL. Revoking again changes nothing (returns 0)."""
    _check_purpose(purpose)
    return CalendarToken.objects.filter(
        user=signed_in(actor), purpose=purpose, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
