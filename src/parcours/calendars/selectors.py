"""Reads of the calendar feeds: the token behind a URL, and the sessions a feed shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from parcours.calendars.models import CalendarToken, FeedPurpose
from parcours.calendars.permissions import tokens_policy
from parcours.calendars.services import token_hash
from parcours.centres.models import Centre
from parcours.core.errors import NotFound
from parcours.enrolment import years
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.people.models import GuardianLink, User
from parcours.people.selectors import access_for
from parcours.schedule.models import Session, Slot
from parcours.schedule.services import sessions_ensure

AHEAD_DAYS = 120  # "a few months ahead"
BEHIND_DAYS = 30  # staff: the last weeks too


def active_tokens(*, user: Any) -> dict[str, CalendarToken]:
    rows = tokens_policy.visible(user).filter(revoked_at__isnull=True)
    return {t.purpose: t for t in rows}


def token_for(raw: str) -> CalendarToken:
    """The active token behind a feed URL; unknown or revoked → 404."""
    if not raw or len(raw) > 100:
        raise NotFound()
    token = (
        CalendarToken.objects.filter(token_hash=token_hash(raw), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active:
        raise NotFound()
    return token


def _ensure_ahead(centre: Centre, slots: list[Slot], first: dt.date, last: dt.date) -> None:
    """Date the sessions of the window when the feed's slots have none near its end yet."""
    zone = centre.zone
    edge = dt.datetime.combine(last - dt.timedelta(days=7), dt.time.min, tzinfo=zone)
    if slots and not Session.objects.filter(slot__in=slots, starts_at__gte=edge).exists():
        sessions_ensure(
            centre=centre, first=max(first, timezone.localdate(timezone=zone)), last=last
        )


def student_sessions(user: User) -> list[Session]:
    """The sessions of the user's own registration and of their wards', this school year,
    from its start to a few months ahead."""
    students = list(GuardianLink.objects.filter(guardian=user).values_list("student_id", flat=True))
    if access_for(user).has("student"):
        students.append(user.pk)
    registrations = Enrolment.objects.filter(
        student_id__in=students, status=EnrolmentStatus.REGISTERED, slot__isnull=False
    ).select_related("centre", "slot")
    sessions: list[Session] = []
    for e in registrations:
        if e.school_year != years.current_school_year(e.centre) or e.slot is None:
            continue
        start = years.year_start(e.school_year)
        today = years.today_at(e.centre)
        last = min(today + dt.timedelta(days=AHEAD_DAYS), years.year_start(e.school_year + 1))
        _ensure_ahead(e.centre, [e.slot], start, last)
        zone = e.centre.zone
        sessions += list(
            Session.objects.filter(
                slot=e.slot,
                starts_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=zone),
                starts_at__lt=dt.datetime.combine(last, dt.time.max, tzinfo=zone),
            ).select_related("centre", "slot")
        )
    return sorted({s.pk: s for s in sessions}.values(), key=lambda s: s.starts_at)


def staff_sessions(user: User) -> list[Session]:
    """The sessions of every slot (and the extra sessions) of the centres where the user is
    a coach, an expert or a manager, from a month ago to a few months ahead."""
    sessions: list[Session] = []
    for centre in Centre.objects.filter(pk__in=access_for(user).staff_centres()):
        today = years.today_at(centre)
        first, last = today - dt.timedelta(days=BEHIND_DAYS), today + dt.timedelta(days=AHEAD_DAYS)
        _ensure_ahead(centre, list(Slot.objects.filter(centre=centre)), first, last)
        zone = centre.zone
        sessions += list(
            Session.objects.filter(
                centre=centre,
                starts_at__gte=dt.datetime.combine(first, dt.time.min, tzinfo=zone),
                starts_at__lt=dt.datetime.combine(last, dt.time.max, tzinfo=zone),
            ).select_related("centre", "slot")
        )
    return sorted(sessions, key=lambda s: s.starts_at)


def feed_sessions(token: CalendarToken) -> list[Session]:
    if token.purpose == FeedPurpose.STAFF:
        return staff_sessions(token.user)
    return student_sessions(token.user)


def tokens(*, user: Any) -> QuerySet[CalendarToken]:
    return tokens_policy.visible(user).order_by("-created_at")
