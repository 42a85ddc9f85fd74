"""Reads of the calendar feeds: the token behind a URL, and the sessions and lab meetings a
feed shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from parcours.calendars.choices import FeedPurpose
from parcours.calendars.models import CalendarToken
from parcours.calendars.permissions import tokens_policy
from parcours.calendars.services import token_hash
from parcours.centres.models import Centre
from parcours.core.errors import NotFound
from parcours.enrolment import years
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.labs.models import Lab, SeatStatus
from parcours.labs.selectors import lab_meetings, lab_period, labs_led_by
from parcours.people.models import Role, User
from parcours.people.selectors import access_for
from parcours.people.types import Actor
from parcours.schedule.models import ClosedDayKind, ClosedDays, Session, SessionKind, Slot
from parcours.schedule.services import sessions_ensure

AHEAD_DAYS = 120  # "a few months ahead"
BEHIND_DAYS = 30  # staff: the last weeks too


def active_tokens(*, user: Actor) -> dict[str, CalendarToken]:
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


def _student_window(centre: Centre) -> tuple[dt.date, dt.date]:
    """A student feed's days at a centre: this school year, from its start to a few months
    ahead (not beyond the year's end)."""
    year = years.current_school_year(centre)
    today = years.today_at(centre)
    return years.year_start(year), min(
        today + dt.timedelta(days=AHEAD_DAYS), years.year_start(year + 1)
    )


def _staff_window(centre: Centre) -> tuple[dt.date, dt.date]:
    """A staff feed's days at a centre: a month back to a few months ahead."""
    today = years.today_at(centre)
    return today - dt.timedelta(days=BEHIND_DAYS), today + dt.timedelta(days=AHEAD_DAYS)


def student_sessions(user: User) -> list[Session]:
    """The sessions of the user's own registration and of their wards', this school year,
    from its start to a few months ahead."""
    students = access_for(user).family_ids
    registrations = Enrolment.objects.filter(
        student_id__in=students, status=EnrolmentStatus.REGISTERED, slot__isnull=False
    ).select_related("centre", "slot")
    sessions: list[Session] = []
    for e in registrations:
        if e.school_year != years.current_school_year(e.centre) or e.slot is None:
            continue
        start, last = _student_window(e.centre)
        _ensure_ahead(e.centre, [e.slot], start, last)
        zone = e.centre.zone
        # the weekly slot's sessions, and the extra ones the student is invited to (by their
        # slot, by name) or that are open to every student of their centre
        invited = Q(invited_slots=e.slot) | Q(invited_students=e.student_id)
        invited |= Q(open_to_all=True, centre=e.centre)
        sessions += list(
            Session.objects.filter(
                Q(slot=e.slot) | Q(kind=SessionKind.EXTRA) & invited,
                starts_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=zone),
                starts_at__lt=dt.datetime.combine(last, dt.time.max, tzinfo=zone),
            )
            .distinct()
            .select_related("centre", "slot")
        )
    return sorted({s.pk: s for s in sessions}.values(), key=lambda s: s.starts_at)


def staff_sessions(user: User) -> list[Session]:
    """The sessions of every slot (and the extra sessions) of the centres where the user is
    a coach, an expert or a manager, from a month ago to a few months ahead."""
    sessions: list[Session] = []
    for centre in Centre.objects.filter(pk__in=access_for(user).staff_centres()):
        first, last = _staff_window(centre)
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


# --- Labs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabMeeting:
    """One day a lab meets: a weekly meeting of its slot (times in the centre's zone), or a
    whole day of a holiday lab (no times)."""

    lab: Lab
    day: dt.date
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    cancelled: bool = False

    @property
    def uid(self) -> str:
        """Stable: the lab, the day and, for a weekly meeting, its local start time (a slot
        may meet twice a day)."""
        moment = f"T{self.starts_at:%H%M}" if self.starts_at is not None else ""
        return f"lab-{self.lab.uuid}-{self.day:%Y%m%d}{moment}@parcours"


def _labs(rows: QuerySet[Lab]) -> list[Lab]:
    return list(
        rows.select_related("centre", "cycle", "template", "room", "slot")
        .prefetch_related("slot__meetings")
        .distinct()
    )


def lab_meetings_of(
    labs: Iterable[Lab], window: Callable[[Centre], tuple[dt.date, dt.date]]
) -> list[LabMeeting]:
    """The meetings of ``labs`` within each lab's period and the feed's window (days in the
    lab's centre). A weekly meeting follows the slot's session at that moment, as the session
    events do: a cancelled session gives a cancelled meeting; a non-working day without a
    dated session gives none. A holiday lab meets every day of its period but public holidays
    and closures. Two queries whatever the number of labs."""
    spans: list[tuple[Lab, dt.date, dt.date]] = []
    for lab in {lab.pk: lab for lab in labs}.values():
        first, last = window(lab.centre)
        period_first, period_last = lab_period(lab)
        first, last = max(first, period_first), min(last, period_last)
        if first <= last:
            spans.append((lab, first, last))
    if not spans:
        return []
    centres = {lab.centre_id for lab, _first, _last in spans}
    lowest, highest = min(s[1] for s in spans), max(s[2] for s in spans)
    closed = list(
        ClosedDays.objects.filter(
            centre_id__in=centres, first_day__lte=highest, last_day__gte=lowest
        ).only("centre_id", "first_day", "last_day", "kind")
    )
    slots = {lab.slot_id for lab, _first, _last in spans if lab.slot_id is not None}
    dated: dict[tuple[int, dt.datetime], bool] = {}
    if slots:
        edge = dt.timedelta(days=1)  # the zones' offsets, both sides
        dated = {
            (slot_id, starts_at): cancelled
            for slot_id, starts_at, cancelled in Session.objects.filter(
                slot_id__in=slots,
                starts_at__gte=dt.datetime.combine(lowest - edge, dt.time.min, tzinfo=dt.UTC),
                starts_at__lt=dt.datetime.combine(highest + edge * 2, dt.time.min, tzinfo=dt.UTC),
            ).values_list("slot_id", "starts_at", "cancelled")
        }
    found: list[LabMeeting] = []
    for lab, first, last in spans:
        zone = lab.centre.zone
        periods = [p for p in closed if p.centre_id == lab.centre_id]
        weekly = lab_meetings(lab)
        day = first
        while day <= last:
            if lab.slot_id is None:
                if not any(
                    p.first_day <= day <= p.last_day and p.kind != ClosedDayKind.HOLIDAY
                    for p in periods
                ):
                    found.append(LabMeeting(lab=lab, day=day))
            else:
                is_closed = any(p.first_day <= day <= p.last_day for p in periods)
                for weekday, starts, ends in weekly:
                    if weekday != day.weekday():
                        continue
                    starts_at = dt.datetime.combine(day, starts, tzinfo=zone)
                    session_cancelled = dated.get((lab.slot_id, starts_at))
                    if session_cancelled is None and is_closed:
                        continue  # like sessions_ensure: no session on a non-working day
                    found.append(
                        LabMeeting(
                            lab=lab,
                            day=day,
                            starts_at=starts_at,
                            ends_at=dt.datetime.combine(day, ends, tzinfo=zone),
                            cancelled=session_cancelled is True,
                        )
                    )
            day += dt.timedelta(days=1)
    return sorted(
        found,
        key=lambda m: m.starts_at or dt.datetime.combine(m.day, dt.time.min, tzinfo=dt.UTC),
    )


def student_labs(user: User) -> list[LabMeeting]:
    """The meetings of the labs where the user (or a ward) holds a seat; an offered seat is
    not theirs yet. Masterlabs are not shown: an application has no accepted state yet."""
    students = access_for(user).family_ids
    if not students:
        return []
    rows = Lab.objects.filter(
        seats_given__student_id__in=students, seats_given__status=SeatStatus.HELD
    )
    return lab_meetings_of(_labs(rows), _student_window)


def staff_labs(user: User) -> list[LabMeeting]:
    """The meetings of the labs the user leads as an expert of the lab's centre."""
    centres = access_for(user).centres(Role.EXPERT)
    if not centres:
        return []
    since = timezone.localdate() - dt.timedelta(days=BEHIND_DAYS + 1)  # any centre's zone
    recent = Q(holiday_last_day__gte=since) | Q(
        holiday_last_day__isnull=True, cycle__ends_on__gte=since
    )
    rows = labs_led_by(user).filter(recent, centre_id__in=centres)
    return lab_meetings_of(_labs(rows), _staff_window)


def feed_labs(token: CalendarToken) -> list[LabMeeting]:
    if token.purpose == FeedPurpose.STAFF:
        return staff_labs(token.user)
    return student_labs(token.user)


def tokens(*, user: Actor) -> QuerySet[CalendarToken]:
    return tokens_policy.visible(user).order_by("-created_at")
