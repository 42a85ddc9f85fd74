"""Every write of notifications: create them (once per event), mark them read, choose the
e-mail rhythm, and send what is due by e-mail through the one mail helper."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from parcours.core import mail
from parcours.core.errors import NotFound, ValidationFailed
from parcours.notifications import kinds
from parcours.notifications.choices import Category, EmailMode
from parcours.notifications.models import Notification, NotificationSettings
from parcours.people.models import User
from parcours.people.types import Actor

DIGEST_EVERY = dt.timedelta(hours=20)  # at most one digest a day, whatever the worker's timer


def _safe_url(url: str) -> str:
    """Only a path on this site: a notification never sends anyone elsewhere."""
    if not url:
        return ""
    if not url.startswith("/") or url.startswith("//") or "\\" in url or len(url) > 300:
        raise ValidationFailed(_("A notification links to a page of this site only."))
    return url


def mode_for(user: User, category: str) -> str:
    """The e-mail rhythm ``user`` chose for ``category``, else the category's default."""
    default = kinds.DEFAULT_MODES.get(category, EmailMode.DAILY)
    try:
        modes = user.notification_settings.modes
    except NotificationSettings.DoesNotExist:
        modes = {}
    mode = modes.get(category, default)
    return str(mode) if mode in EmailMode.values else default


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User | None],
    kind: str,
    params: Mapping[str, Any] | None = None,
    url: str = "",
    centre_id: int | None = None,
    dedupe_key: str = "",
    already_emailed: bool = False,
) -> list[Notification]:
    """Tell each recipient (once per ``dedupe_key``) that something happened.

    Recipients who chose "by e-mail at once" for the kind's category also get an e-mail,
    unless the caller already sent one for this event (``already_emailed``: a consent request
    or an offer with a deadline are e-mails in their own right). Returns the notifications
    created now (none for an event already told)."""
    spec = kinds.spec(kind)
    link = _safe_url(url)
    values = {str(k): v for k, v in (params or {}).items()}
    made: list[Notification] = []
    seen: set[int] = set()
    for person in recipients:
        if person is None or person.pk in seen or not person.is_active:
            continue
        seen.add(person.pk)
        if (
            dedupe_key
            and Notification.objects.filter(
                recipient=person, kind=kind, dedupe_key=dedupe_key
            ).exists()
        ):
            continue
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    recipient=person,
                    kind=kind,
                    params=values,
                    url=link,
                    centre_id=centre_id,
                    dedupe_key=dedupe_key,
                    emailed_at=timezone.now() if already_emailed else None,
                )
        except IntegrityError:  # the same event told at the same moment by another request
            continue
        made.append(note)
        if not already_emailed and mode_for(person, spec.category) == EmailMode.IMMEDIATELY:
            _email_one(person, note)
    return made


def _email_one(person: User, note: Notification) -> None:
    mail.send(
        person,
        subject=gettext_noop("Something new in Parcours"),
        template="notifications/email/notification",
        context={"notification": note, "kind": note.kind, "params": note.params},
    )
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())


@transaction.atomic
def mark_read(*, actor: Actor, uuid: Any) -> Notification:
    """Mark one of the actor's notifications read (again: nothing changes)."""
    if not actor.is_authenticated:
        raise NotFound()
    try:
        note = Notification.objects.get(recipient_id=actor.pk, uuid=uuid)
    except (Notification.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    except Exception as exc:  # a malformed uuid reaches the database as a ValidationError
        raise NotFound() from exc
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk, read_at__isnull=True).update(read_at=timezone.now())
        note.refresh_from_db(fields=["read_at"])
    return note


@transaction.atomic
def mark_all_read(*, actor: Actor) -> int:
    """Mark every unread notification of the actor read; returns how many changed."""
    if not actor.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def settings_update(*, actor: Actor, modes: Mapping[str, str]) -> NotificationSettings:
    """Choose the e-mail rhythm per category. Unknown categories or rhythms are refused and
    nothing changes."""
    if not isinstance(actor, User):
        raise NotFound()
    bad: dict[str, list[str]] = {}
    for category, mode in modes.items():
        if category not in Category.values:
            bad[str(category)] = [str(_("Unknown category."))]
        elif mode not in EmailMode.values:
            bad[str(category)] = [str(_("Choose at once, daily or never."))]
    if bad:
        raise ValidationFailed(_("Some choices are not valid."), fields=bad)
    settings, _created = NotificationSettings.objects.select_for_update().get_or_create(user=actor)
    settings.modes = {**settings.modes, **{str(k): str(v) for k, v in modes.items()}}
    settings.save(update_fields=["modes", "updated_at"])
    return settings


def digests_send(*, now: dt.datetime | None = None) -> int:
    """Send one digest to each person with unread, not yet e-mailed notifications in a
    category they get daily, at most once in ``DIGEST_EVERY``. One transaction per person
    (a failure for one never holds back the others); returns how many digests were queued.
    Idempotent: the notifications are marked e-mailed with the digest."""
    moment = now or timezone.now()
    pending = (
        Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for user_id in list(pending):
        sent += _digest_one(user_id, moment)
    return sent


@transaction.atomic
def _digest_one(user_id: int, moment: dt.datetime) -> int:
    user = User.objects.select_related("notification_settings").get(pk=user_id)
    settings, _created = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    if settings.last_digest_at and moment - settings.last_digest_at < DIGEST_EVERY:
        return 0
    notes = [
        n
        for n in Notification.objects.filter(
            recipient=user, read_at__isnull=True, emailed_at__isnull=True
        ).order_by("created_at")
        if mode_for(user, kinds.spec(n.kind).category) == EmailMode.DAILY
    ]
    if not notes:
        return 0
    mail.send(
        user,
        subject=gettext_noop("Your day in Parcours"),
        template="notifications/email/digest",
        context={"notifications": notes},
    )
    Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=moment)
    settings.last_digest_at = moment
    settings.save(update_fields=["last_digest_at", "updated_at"])
    return 1


def prune(*, older_than_days: int = 180, now: dt.datetime | None = None) -> int:
    """Retention: read notifications older than ``older_than_days`` are deleted."""
    limit = (now or timezone.now()) - dt.timedelta(days=older_than_days)
    deleted, _rows = Notification.objects.filter(
        read_at__isnull=False, created_at__lt=limit
    ).delete()
    return int(deleted)
