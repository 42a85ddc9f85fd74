"""Reads of the schedule: what staff see (slots, non-working days, a week of sessions) and
the small public facts the enrolment form, the check-in kiosk and the home pages need
(``day_status``, ``next_sessions``, ``notice_for``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.centres.models import Centre
from parcours.core import stamps, timefmt
from parcours.core.errors import NotFound
from parcours.core.permissions import named
from parcours.people.types import Actor
from parcours.schedule.models import (
    ClosedDays,
    OpeningHours,
    Session,
    SessionKind,
    Slot,
    SlotMeeting,
)
from parcours.schedule.permissions import (
    closed_days_policy,
    meetings_policy,
    opening_hours_policy,
    sessions_policy,
    slots_policy,
)
from parcours.schedule.services import school_year_of, seats_held_many

# --- Public (no personal data) ---------------------------------------------------------------


def open_slots(centre: Centre) -> QuerySet[Slot]:
    """Slots a family may choose at enrolment (public: no personal data)."""
    return Slot.objects.filter(centre=centre, is_open=True).prefetch_related("meetings")


def describe(slot: Slot) -> str:
    return " + ".join(str(m) for m in slot.meetings.all())


# --- Staff -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotRow:
    slot: Slot
    meetings: list[SlotMeeting]
    held: int

    @property
    def free(self) -> int:
        return max(self.slot.seats - self.held, 0)


def _slot_rows(slots: QuerySet[Slot]) -> list[SlotRow]:
    rows = slots.select_related("centre").prefetch_related(
        Prefetch("meetings", queryset=SlotMeeting.objects.order_by("weekday", "starts_at"))
    )
    listed = list(rows)
    held = seats_held_many(listed)
    return [SlotRow(slot=s, meetings=list(s.meetings.all()), held=held[s.pk]) for s in listed]


def slot_list(*, user: Actor, centre: Centre) -> list[SlotRow]:
    """The centre's weekly slots with their meetings and the seats held (staff)."""
    return _slot_rows(slots_policy.visible(user).filter(centre=centre).order_by("label"))


def slot_detail(*, user: Actor, uuid: UUID | str, centre: Centre | None = None) -> SlotRow:
    """One slot the user may see (in ``centre`` when given), as stored now, with its meetings
    and the seats held."""
    where = {"centre": centre} if centre is not None else {}
    try:
        rows = _slot_rows(slots_policy.visible(user).filter(uuid=uuid, **where))
    except (ValueError, ValidationError) as exc:  # a malformed uuid
        raise NotFound() from exc
    if not rows:
        raise NotFound()
    return rows[0]


def slots_of(*, user: Actor, centre: Centre) -> QuerySet[Slot]:
    """The centre's slots by name, without their figures (a list to choose from; staff)."""
    return slots_policy.visible(user).filter(centre=centre).order_by("label")


def slot_get(
    *,
    user: Actor,
    centre: Centre,
    uuid: UUID | str,
    open_only: bool = False,
    field: str | None = None,
) -> Slot:
    """A weekly slot of ``centre`` by its uuid: one the user may see (the centre's staff), or,
    with ``open_only``, one open for enrolment whoever asks (the public form lists them).
    Anything else (unknown, another centre's, closed, not the user's to see) gets one answer
    with one message: ``NotFound``, or, when the uuid came in a form or payload ``field``, a
    ``ValidationFailed`` on that field."""
    rows = open_slots(centre) if open_only else slots_policy.visible(user).filter(centre=centre)
    return named(rows, uuid, message=_("This slot is not available at this centre."), field=field)


def meeting_get(*, user: Actor, uuid: UUID | str, slot: Slot | None = None) -> SlotMeeting:
    """A weekly meeting the user may see (of ``slot`` when given)."""
    where = {"slot": slot} if slot is not None else {}
    return meetings_policy.get_visible(user, uuid=uuid, **where)


def closed_days_get(*, user: Actor, uuid: UUID | str, centre: Centre | None = None) -> ClosedDays:
    """A non-working period the user may see (of ``centre`` when given)."""
    where = {"centre": centre} if centre is not None else {}
    return closed_days_policy.get_visible(user, uuid=uuid, **where)


def session_get(*, user: Actor, uuid: UUID | str, centre: Centre | None = None) -> Session:
    """A dated session the user may see (of ``centre`` when given)."""
    where = {"centre": centre} if centre is not None else {}
    return sessions_policy.get_visible(user, uuid=uuid, **where)


def opening_hours(*, user: Actor, centre: Centre) -> QuerySet[OpeningHours]:
    return opening_hours_policy.visible(user).filter(centre=centre).order_by("weekday", "opens_at")


def closed_days_list(*, user: Actor, centre: Centre) -> QuerySet[ClosedDays]:
    return closed_days_policy.visible(user).filter(centre=centre).order_by("first_day")


@dataclass(frozen=True)
class SessionRow:
    session: Session
    starts: dt.datetime  # in the centre's time zone
    ends: dt.datetime
    seats: int | None
    expected: int
    state: str = "planned"  # planned, running, over, cancelled

    @property
    def ended(self) -> bool:
        """Past sessions show their outcome only: no cancel or restore."""
        return self.state == "over"

    @property
    def over(self) -> bool:
        return self.seats is not None and self.expected > self.seats


def week_of(day: dt.date) -> dt.date:
    """The Monday of the week ``day`` is in."""
    return day - dt.timedelta(days=day.weekday())


def week_sessions(*, user: Actor, centre: Centre, monday: dt.date) -> list[SessionRow]:
    """The sessions of a week (Monday to Sunday in the centre's time zone) with the students
    expected (those registered in the slot for that school year) against the seats."""
    zone = centre.zone
    start = dt.datetime.combine(monday, dt.time.min, tzinfo=zone)
    end = start + dt.timedelta(days=7)
    sessions = list(
        sessions_policy.visible(user)
        .filter(centre=centre, starts_at__gte=start, starts_at__lt=end)
        .select_related("slot")
        .order_by("starts_at", "slot__label")
    )
    year = school_year_of(monday + dt.timedelta(days=6))
    slot_ids = {s.slot_id for s in sessions if s.slot_id}
    expected = dict(
        Slot.objects.filter(pk__in=slot_ids)
        .annotate(
            n=Count(
                "enrolments",
                filter=Q(enrolments__status="registered", enrolments__school_year=year),
            )
        )
        .values_list("pk", "n")
    )
    invited = invited_counts([s for s in sessions if s.slot_id is None], year)
    rows = []
    now = timezone.now()
    for s in sessions:
        seats = s.seats if s.seats is not None else (s.slot.seats if s.slot else None)
        if s.cancelled:
            state = "cancelled"
        elif s.ends_at <= now:
            state = "over"
        elif s.starts_at <= now:
            state = "running"
        else:
            state = "planned"
        rows.append(
            SessionRow(
                session=s,
                starts=s.starts_at.astimezone(zone),
                ends=s.ends_at.astimezone(zone),
                seats=seats,
                expected=int(expected.get(s.slot_id, 0)) if s.slot_id else invited[s.pk],
                state=state,
            )
        )
    return rows


# --- Day status and next sessions (kiosk, home pages) -----------------------------------------


@dataclass(frozen=True)
class DayStatus:
    day: dt.date
    closed: bool
    label: str = ""
    kind: str = ""


def day_status(centre: Centre, when: dt.date | dt.datetime | None = None) -> DayStatus:
    """Whether a day (a date, or a moment read in the centre's time zone; default today) is
    a non-working day of the centre, with the period's name."""
    if when is None:
        when = timezone.now()
    day = when.astimezone(centre.zone).date() if isinstance(when, dt.datetime) else when
    return stamps.cached(
        stamps.centre(centre.pk), ("day-status", centre.pk, day), lambda: _day_status(centre, day)
    )


def slots_by_id(centre_id: int) -> dict[int, Slot]:
    """Every slot of a centre with its weekly meetings, by id: the same for every page of the
    centre, kept under its stamp (a slot or meeting saved or deleted renews it)."""
    return stamps.cached(
        stamps.centre(centre_id),
        ("slots", centre_id),
        lambda: {
            s.pk: s for s in Slot.objects.filter(centre_id=centre_id).prefetch_related("meetings")
        },
    )


def with_slots(rows: Iterable[Any], centre_id: int) -> None:
    """Give each row (an enrolment, a lab: anything with ``slot_id``) its slot and the slot's
    meetings from ``slots_by_id``, without a query (a slot made since is read as usual)."""
    slots = slots_by_id(centre_id)
    for row in rows:
        if row is not None and row.slot_id is not None and row.slot_id in slots:
            row.slot = slots[row.slot_id]


def _day_status(centre: Centre, day: dt.date) -> DayStatus:
    period = (
        ClosedDays.objects.filter(centre=centre, first_day__lte=day, last_day__gte=day)
        .order_by("last_day", "first_day")  # a one-day public holiday before the holidays
        .first()
    )
    if period is None:
        return DayStatus(day=day, closed=False)
    return DayStatus(day=day, closed=True, label=period.label, kind=period.kind)


@dataclass(frozen=True)
class NextSession:
    starts_at: dt.datetime  # aware, in the centre's time zone
    ends_at: dt.datetime
    session: Session | None  # None: not dated yet, computed from the weekly meetings


HORIZON_DAYS = 200


def next_sessions(slot: Slot, after: dt.datetime | None = None, n: int = 1) -> list[NextSession]:
    """The slot's next ``n`` sessions starting after a moment: the dated ones (not
    cancelled), completed from the weekly meetings where not dated yet, skipping
    non-working days. Reads only."""
    after = after or timezone.now()
    centre = slot.centre
    zone = centre.zone
    dated = list(
        Session.objects.filter(slot=slot, starts_at__gt=after)
        .order_by("starts_at")
        .only("uuid", "starts_at", "ends_at", "cancelled", "slot_id", "centre_id")[: n * 4 + 8]
    )
    found = [
        NextSession(s.starts_at.astimezone(zone), s.ends_at.astimezone(zone), s)
        for s in dated
        if not s.cancelled
    ][:n]
    if len(found) >= n:
        return found
    known = {s.starts_at for s in dated}
    meetings = list(slot.meetings.all())
    if not meetings:
        return found
    first = (found[-1].starts_at if found else after).astimezone(zone).date()
    last = first + dt.timedelta(days=HORIZON_DAYS)
    periods = list(
        ClosedDays.objects.filter(centre=centre, first_day__lte=last, last_day__gte=first)
    )
    day = first
    while day <= last and len(found) < n:
        if not any(p.first_day <= day <= p.last_day for p in periods):
            for m in sorted(meetings, key=lambda m: m.starts_at):
                if m.weekday != day.weekday():
                    continue
                starts = dt.datetime.combine(day, m.starts_at, tzinfo=zone)
                if starts <= after or starts in known:
                    continue
                if found and starts <= found[-1].starts_at:
                    continue
                found.append(
                    NextSession(starts, dt.datetime.combine(day, m.ends_at, tzinfo=zone), None)
                )
                if len(found) >= n:
                    break
        day += dt.timedelta(days=1)
    return found


def notice_for(centre: Centre | None, slot: Slot | None, now: dt.datetime | None = None) -> str:
    """The message a student sees on a non-working day, or "" on other days."""
    if centre is None:
        return ""
    now = now or timezone.now()
    status = day_status(centre, now)
    if not status.closed:
        return ""
    upcoming = next_sessions(slot, now, 1) if slot is not None else []
    if upcoming:
        return _("Today is a non-working day (%(period)s); your next session is %(when)s.") % {
            "period": status.label,
            "when": timefmt.moment(upcoming[0].starts_at, centre.zone),
        }
    return _("Today is a non-working day (%(period)s).") % {"period": status.label}


def invited_ids(extras: Sequence[Session], year: int | None = None) -> dict[int, set[int]]:
    """The students each extra session invites: those registered in its slots for the
    school year of the session (or ``year``), and those it names; two queries whatever
    their number. Attendance's ``expected_ids`` reads an extra session's through it."""
    ids: dict[int, set[int]] = {s.pk: set() for s in extras}
    if not extras:
        return ids
    years = {
        s.pk: year or school_year_of(s.starts_at.astimezone(s.centre.zone).date()) for s in extras
    }
    for session_id, school_year, student_id in Slot.objects.filter(
        extra_sessions__in=extras,
        enrolments__status="registered",
        enrolments__school_year__in=set(years.values()),
    ).values_list("extra_sessions", "enrolments__school_year", "enrolments__student_id"):
        if years[session_id] == school_year:
            ids[session_id].add(student_id)
    for session_id, student_id in Session.invited_students.through.objects.filter(
        session__in=extras
    ).values_list("session_id", "user_id"):
        ids[session_id].add(student_id)
    return ids


def invited_counts(extras: Sequence[Session], year: int | None = None) -> dict[int, int]:
    """How many students each extra session invites (``invited_ids``)."""
    return {pk: len(ids) for pk, ids in invited_ids(extras, year).items()}


@dataclass(frozen=True)
class ExtraRow:
    session: Session
    slots: list[Slot]
    by_name: int  # students invited by name
    expected: int  # students invited, slots and names together

    @property
    def label(self) -> str:
        return self.session.label


def extra_sessions(*, user: Actor, centre: Centre) -> list[ExtraRow]:
    """The extra sessions to come with who they are for, in four queries whatever their
    number."""
    sessions = list(
        sessions_policy.visible(user)
        .filter(centre=centre, kind=SessionKind.EXTRA, ends_at__gte=timezone.now())
        .select_related("centre")
        .prefetch_related(Prefetch("invited_slots", queryset=Slot.objects.order_by("label")))
        .annotate(by_name=Count("invited_students", distinct=True))
        .order_by("starts_at")
    )
    counts = invited_counts(sessions)
    return [
        ExtraRow(
            session=s,
            slots=list(s.invited_slots.all()),
            by_name=s.by_name,
            expected=counts[s.pk],
        )
        for s in sessions
    ]


def extra_get(*, user: Actor, uuid: UUID | str, centre: Centre | None = None) -> Session:
    """An extra session (of ``centre`` when given) the user may edit; a weekly session or
    one they may only see is not found."""
    where = {"centre": centre} if centre is not None else {}
    session = sessions_policy.get_visible(user, uuid=uuid, **where)
    if session.kind != SessionKind.EXTRA or not sessions_policy.can_change(user, session):
        raise NotFound()
    return session


@dataclass(frozen=True)
class Invited:
    slots: list[Slot]
    students: list[Any]  # people.User
    expected: int


def invitees(session: Session) -> Invited:
    """Who an extra session is for, in three queries."""
    return Invited(
        slots=list(session.invited_slots.order_by("label")),
        students=list(session.invited_students.order_by("first_name", "last_name")),
        expected=invited_counts([session]).get(session.pk, 0),
    )


def invitees_initial(session: Session) -> dict[str, object]:
    """The invitees form's values for a session: its slots, its students' logins."""
    logins = session.invited_students.order_by("username").values_list("username", flat=True)
    return {
        "slots": list(session.invited_slots.all()),
        "students": "\n".join(logins),
        "open_to_all": session.open_to_all,
    }


def centre_slots(*, user: Actor, centre: Centre) -> QuerySet[Slot]:
    return slots_policy.visible(user).filter(centre=centre).order_by("label")
