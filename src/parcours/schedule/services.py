"""Writes of the schedule. Keyword-only, atomic, permission-checked, idempotent.

- ``opening_hours_set``: the centre's weekly opening hours (replaces the week).
- ``slot_create`` / ``slot_update``, ``meeting_add`` / ``meeting_remove``: weekly slots, their
  meetings and seats. Seats are never set below the number of students holding one: the
  slot's row is locked (as enrolment does before counting) and the change refused clearly.
- ``closed_days_create`` / ``closed_days_delete``: non-working days and school holidays. The
  regular sessions they cover are cancelled (and restored when the period is removed).
- ``extra_session_create``, ``extra_session_invite``, ``session_cancel``: one-off sessions and
  who they are for (weekly slots, students by name, or every student of the centre),
  cancellations.
- ``sessions_ensure`` (no actor: the calendar feeds and the demo call it) and
  ``sessions_generate`` (managers): the dated sessions of a period.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid as uuid_lib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.centres.models import Centre
from parcours.core.errors import Conflict, Forbidden, ValidationFailed
from parcours.core.services import apply_fields, ensure_unchanged_since, validated_save
from parcours.people.models import User
from parcours.people.types import Actor
from parcours.schedule.errors import ScheduleError
from parcours.schedule.models import (
    ClosedDays,
    OpeningHours,
    Session,
    SessionKind,
    Slot,
    SlotMeeting,
    Weekday,
)
from parcours.schedule.permissions import (
    can_edit_schedule,
    closed_days_policy,
    meetings_policy,
    sessions_policy,
    slots_policy,
)

SLOT_EDITABLE = ("label", "seats", "is_open")
MAX_PERIOD_DAYS = 400


def _invalid(field_name: str, message: str, code: ScheduleError | None = None) -> ValidationFailed:
    return ValidationFailed(message, fields={field_name: [message]}, code=code)


def _require_editor(actor: Actor, centre: Centre) -> None:
    if not can_edit_schedule(actor, centre):
        raise Forbidden()


# --- Seats held --------------------------------------------------------------------------------


def school_year_of(day: dt.date) -> int:
    """The school year (named by the year it starts in, on 1 September) a day belongs to.
    The same rule as ``enrolment.years``, which this layer may not import."""
    return day.year if day.month >= 9 else day.year - 1


def seats_held(slot: Slot, *, today: dt.date | None = None) -> int:
    """The most students registered in the slot for this school year or a later one (the
    seats that cannot be taken away). Counted through the reverse relation the enrolment app
    declares on ``Slot`` (``enrolments``)."""
    day = today or timezone.localdate(timezone=slot.centre.zone)
    counts = Counter(
        slot.enrolments.filter(
            status="registered", school_year__gte=school_year_of(day)
        ).values_list("school_year", flat=True)
    )
    return max(counts.values(), default=0)


def seats_held_many(slots: list[Slot], *, today: dt.date | None = None) -> dict[int, int]:
    """``seats_held`` for several slots in one grouped query (slots of any centres)."""
    if not slots:
        return {}
    since = {
        s.pk: school_year_of(today or timezone.localdate(timezone=s.centre.zone)) for s in slots
    }
    rows = (
        Slot.objects.filter(
            pk__in=since,
            enrolments__status="registered",
            enrolments__school_year__gte=min(since.values()),
        )
        .order_by()
        .values_list("pk", "enrolments__school_year")
        .annotate(n=Count("enrolments"))
    )
    held = dict.fromkeys(since, 0)
    for pk, year, n in rows:
        if year >= since[pk]:
            held[pk] = max(held[pk], n)
    return held


# --- Opening hours -----------------------------------------------------------------------------


@transaction.atomic
def opening_hours_set(
    *, actor: Actor, centre: Centre, hours: Iterable[tuple[int, dt.time, dt.time]]
) -> list[OpeningHours]:
    """Replace the centre's weekly opening hours by ``hours`` (weekday, opens, closes).
    Setting the same week twice changes nothing."""
    _require_editor(actor, centre)
    wanted = sorted({(int(d), o, c) for d, o, c in hours})
    for day, opens, closes in wanted:
        if day not in Weekday.values:
            raise _invalid("weekday", _("Choose a day of the week."))
        if closes <= opens:
            raise _invalid(
                f"closes_{day}",
                _("On %(day)s, the closing time must be after the opening time.")
                % {"day": Weekday(day).label},
            )
    for (d1, _o1, c1), (d2, o2, _c2) in itertools.pairwise(wanted):
        if d1 == d2 and o2 < c1:
            raise _invalid(
                f"opens_{d2}",
                _("On %(day)s, two opening periods overlap.") % {"day": Weekday(d2).label},
                ScheduleError.HOURS_OVERLAP,
            )
    list(Centre.objects.select_for_update().filter(pk=centre.pk))
    current = sorted(
        (h.weekday, h.opens_at, h.closes_at) for h in OpeningHours.objects.filter(centre=centre)
    )
    if current != wanted:
        OpeningHours.objects.filter(centre=centre).delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(centre=centre, weekday=d, opens_at=o, closes_at=c) for d, o, c in wanted
        )
    return list(OpeningHours.objects.filter(centre=centre).order_by("weekday", "opens_at"))


def _check_within_opening(centre: Centre, weekday: int, starts: dt.time, ends: dt.time) -> None:
    hours = list(OpeningHours.objects.filter(centre=centre))
    if not hours:  # no opening hours set yet: nothing to check against
        return
    if not any(
        h.weekday == weekday and h.opens_at <= starts and ends <= h.closes_at for h in hours
    ):
        raise _invalid(
            "starts_at",
            _("The centre is not open then on %(day)s; change the opening hours first.")
            % {"day": Weekday(weekday).label},
            ScheduleError.OUTSIDE_OPENING_HOURS,
        )


# --- Slots and meetings ------------------------------------------------------------------------


@transaction.atomic
def slot_create(*, actor: Actor, centre: Centre, data: dict[str, Any]) -> Slot:
    """A new weekly slot (add its meetings next). The same label twice is refused."""
    _require_editor(actor, centre)
    slot = Slot(centre=centre)
    apply_fields(slot, data, SLOT_EDITABLE)
    _save_slot(slot)
    return slot


@transaction.atomic
def slot_update(
    *, actor: Actor, slot: Slot, data: dict[str, Any], seen: dt.datetime | None = None
) -> Slot:
    """Rename, open or close, or change the seats of a slot. Seats below the number of
    students holding one are refused."""
    slots_policy.get_editable(actor, pk=slot.pk)
    locked = Slot.objects.select_for_update().select_related("centre").get(pk=slot.pk)
    ensure_unchanged_since(locked, seen)
    if apply_fields(locked, data, SLOT_EDITABLE):
        held = seats_held(locked)
        if locked.seats is not None and locked.seats < held:
            raise _invalid(
                "seats",
                _(
                    "%(n)s students hold a seat in this slot: the seats cannot go below "
                    "%(n)s. Move some of them to another slot first."
                )
                % {"n": held},
                ScheduleError.SEATS_HELD,
            )
        _save_slot(locked)
    return locked


def _save_slot(slot: Slot) -> None:
    taken = Slot.objects.filter(centre_id=slot.centre_id, label=slot.label).exclude(pk=slot.pk)
    if taken.exists():
        raise _duplicate_label()
    try:
        with transaction.atomic():
            validated_save(slot)
    except IntegrityError as exc:
        raise _duplicate_label() from exc


def _duplicate_label() -> ValidationFailed:
    return _invalid(
        "label",
        _("A slot with this name already exists in this centre."),
        ScheduleError.SLOT_LABEL_TAKEN,
    )


@transaction.atomic
def meeting_add(
    *, actor: Actor, slot: Slot, weekday: int, starts_at: dt.time, ends_at: dt.time
) -> SlotMeeting:
    """A weekly meeting of the slot (e.g. Wednesday 14:00-17:00). Adding the same one twice
    returns it; one overlapping another meeting of the slot is refused."""
    slots_policy.get_editable(actor, pk=slot.pk)
    locked = Slot.objects.select_for_update().select_related("centre").get(pk=slot.pk)
    if weekday not in Weekday.values:
        raise _invalid("weekday", _("Choose a day of the week."))
    if ends_at <= starts_at:
        raise _invalid("ends_at", _("The end must be after the start."))
    same = SlotMeeting.objects.filter(
        slot=locked, weekday=weekday, starts_at=starts_at, ends_at=ends_at
    ).first()
    if same is not None:
        return same
    overlap = SlotMeeting.objects.filter(
        slot=locked, weekday=weekday, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if overlap.exists():
        raise _invalid(
            "starts_at",
            _("This overlaps another meeting of the slot that day."),
            ScheduleError.MEETING_OVERLAP,
        )
    _check_within_opening(locked.centre, weekday, starts_at, ends_at)
    meeting = SlotMeeting(slot=locked, weekday=weekday, starts_at=starts_at, ends_at=ends_at)
    validated_save(meeting)
    return meeting


@transaction.atomic
def meeting_remove(*, actor: Actor, meeting: SlotMeeting) -> None:
    """Remove a weekly meeting. Sessions already dated stay (cancel them if needed)."""
    meetings_policy.get_editable(actor, pk=meeting.pk)
    SlotMeeting.objects.filter(pk=meeting.pk).delete()


# --- Non-working days --------------------------------------------------------------------------


@dataclass(frozen=True)
class ClosedResult:
    period: ClosedDays
    created: bool
    cancelled: int = 0


@transaction.atomic
def closed_days_create(*, actor: Actor, centre: Centre, data: dict[str, Any]) -> ClosedResult:
    """A non-working period (one day or school holidays). The regular sessions it covers
    that have not started are cancelled. The same period twice is created once."""
    _require_editor(actor, centre)
    period = ClosedDays(centre=centre)
    apply_fields(period, data, ("first_day", "last_day", "kind", "label"))
    period.label = (period.label or "").strip()
    if not period.label:
        raise _invalid("label", _("Give the period a name (e.g. Vacances de la Toussaint)."))
    if period.first_day and period.last_day:
        if period.last_day < period.first_day:
            raise _invalid("last_day", _("The last day must be on or after the first day."))
        if (period.last_day - period.first_day).days > 366:
            raise _invalid(
                "last_day",
                _("A non-working period lasts at most a year."),
                ScheduleError.PERIOD_TOO_LONG,
            )
    list(Centre.objects.select_for_update().filter(pk=centre.pk))
    same = ClosedDays.objects.filter(
        centre=centre,
        first_day=period.first_day,
        last_day=period.last_day,
        label=period.label,
    ).first()
    if same is not None:
        return ClosedResult(period=same, created=False)
    validated_save(period)
    cancelled = _covered(centre, period).filter(cancelled=False).update(cancelled=True)
    return ClosedResult(period=period, created=True, cancelled=cancelled)


@transaction.atomic
def closed_days_delete(*, actor: Actor, period: ClosedDays) -> int:
    """Remove a non-working period; the regular sessions it had cancelled (and no other
    period covers) are restored. Returns how many were restored. Repeating it does nothing."""
    found = closed_days_policy.get_editable(actor, pk=period.pk)
    centre = found.centre
    list(Centre.objects.select_for_update().filter(pk=centre.pk))
    covered = list(_covered(centre, found).filter(cancelled=True))
    found.delete()
    still = closed_dates(centre, found.first_day, found.last_day)
    restore = [s.pk for s in covered if s.starts_at.astimezone(centre.zone).date() not in still]
    return Session.objects.filter(pk__in=restore).update(cancelled=False)


def _covered(centre: Centre, period: ClosedDays) -> QuerySet[Session]:
    zone = centre.zone
    start = dt.datetime.combine(period.first_day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(period.last_day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return Session.objects.filter(
        centre=centre,
        kind=SessionKind.REGULAR,
        starts_at__gte=max(start, timezone.now()),
        starts_at__lt=end,
    )


def closed_dates(centre: Centre, first: dt.date, last: dt.date) -> set[dt.date]:
    days: set[dt.date] = set()
    for period in ClosedDays.objects.filter(
        centre=centre, first_day__lte=last, last_day__gte=first
    ):
        day = max(period.first_day, first)
        while day <= min(period.last_day, last):
            days.add(day)
            day += dt.timedelta(days=1)
    return days


# --- Sessions ----------------------------------------------------------------------------------


@transaction.atomic
def sessions_ensure(*, centre: Centre, first: dt.date, last: dt.date) -> int:
    """Create the regular sessions of every slot meeting between two dates (inclusive), in
    the centre's time zone, skipping non-working days. Idempotent: existing sessions are
    kept; returns how many were created."""
    zone = centre.zone
    closed = closed_dates(centre, first, last)
    meetings = list(SlotMeeting.objects.filter(slot__centre=centre).select_related("slot"))
    wanted: list[Session] = []
    day = first
    while day <= last:
        if day not in closed:
            for m in meetings:
                if m.weekday == day.weekday():
                    wanted.append(
                        Session(
                            centre=centre,
                            slot=m.slot,
                            kind=SessionKind.REGULAR,
                            starts_at=dt.datetime.combine(day, m.starts_at, tzinfo=zone),
                            ends_at=dt.datetime.combine(day, m.ends_at, tzinfo=zone),
                        )
                    )
        day += dt.timedelta(days=1)
    before = Session.objects.filter(centre=centre).count()
    Session.objects.bulk_create(wanted, ignore_conflicts=True, batch_size=1000)
    return Session.objects.filter(centre=centre).count() - before


@dataclass(frozen=True)
class Generated:
    first: dt.date
    last: dt.date
    created: int
    by_slot: dict[str, int] = field(default_factory=dict)


@transaction.atomic
def sessions_generate(*, actor: Actor, centre: Centre, first: dt.date, last: dt.date) -> Generated:
    """Date the regular sessions of a period (managers). Running it again creates nothing
    more; the result says how many were created, slot by slot."""
    _require_editor(actor, centre)
    if last < first:
        raise _invalid("last", _("The last day must be on or after the first day."))
    if (last - first).days > MAX_PERIOD_DAYS:
        raise _invalid(
            "last",
            _("At most %(n)s days at a time.") % {"n": MAX_PERIOD_DAYS},
            ScheduleError.PERIOD_TOO_LONG,
        )
    list(Centre.objects.select_for_update().filter(pk=centre.pk))
    zone = centre.zone
    window = Q(
        centre=centre,
        kind=SessionKind.REGULAR,
        starts_at__gte=dt.datetime.combine(first, dt.time.min, tzinfo=zone),
        starts_at__lt=dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )
    before = set(Session.objects.filter(window).values_list("pk", flat=True))
    created = sessions_ensure(centre=centre, first=first, last=last)
    new = Session.objects.filter(window).exclude(pk__in=before)
    by_slot = Counter(new.values_list("slot__label", flat=True))
    return Generated(first=first, last=last, created=created, by_slot=dict(sorted(by_slot.items())))


@dataclass(frozen=True)
class ExtraResult:
    session: Session
    created: bool


MAX_INVITED = 500
INVITEE_FIELDS = ("open_to_all", "slots", "students")


@dataclass(frozen=True)
class Invitees:
    open_to_all: bool
    slots: list[Slot]
    students: list[User]


def _looks_like_uuid(text: str) -> bool:
    try:
        uuid_lib.UUID(text)
    except ValueError:
        return False
    return True


def _canonical(ref: str) -> str:
    """A uuid in its one spelling (lower case, dashes); anything else stripped."""
    ref = ref.strip()
    return str(uuid_lib.UUID(ref)) if _looks_like_uuid(ref) else ref


def _invitees(centre: Centre, day: dt.date, data: dict[str, Any]) -> Invitees:
    """Who an extra session is for, read from ``data``: ``open_to_all``; ``slots``, the
    centre's weekly slots (uuids, or ``Slot`` rows a form chose); ``students``, students
    registered at the centre in the school year of ``day``, each by uuid (the API) or login
    (the page). At least one of the three; unknown ones are named in one message."""
    open_to_all = bool(data.get("open_to_all"))
    slot_refs = list(data.get("slots") or [])
    student_refs = list(
        dict.fromkeys(_canonical(str(r)) for r in data.get("students") or [] if str(r).strip())
    )
    if not open_to_all and not slot_refs and not student_refs:
        raise _invalid(
            "slots",
            _(
                "Say who the session is for: weekly slots, students, or every student "
                "of the centre."
            ),
            ScheduleError.NO_INVITEES,
        )
    if len(student_refs) > MAX_INVITED:
        raise _invalid(
            "students",
            _("At most %(n)s students by name; invite their slots instead.") % {"n": MAX_INVITED},
        )
    slot_keys = {str(r.uuid) if isinstance(r, Slot) else _canonical(str(r)) for r in slot_refs}
    good = {k for k in slot_keys if _looks_like_uuid(k)}
    slots = list(Slot.objects.filter(centre=centre, uuid__in=good).order_by("label"))
    unknown = sorted(slot_keys - {str(s.uuid) for s in slots})
    if unknown:
        raise _invalid(
            "slots",
            _("Not a weekly slot of this centre: %(names)s.") % {"names": ", ".join(unknown)},
            ScheduleError.UNKNOWN_INVITEE,
        )
    students: list[User] = []
    if student_refs:
        uuids = {r for r in student_refs if _looks_like_uuid(r)}
        logins = {r for r in student_refs if r not in uuids}
        registered = User.objects.filter(
            enrolments__centre=centre,
            enrolments__status="registered",
            enrolments__school_year=school_year_of(day),
        )
        found = list(
            registered.filter(Q(uuid__in=uuids) | Q(username__in=logins))
            .distinct()
            .order_by("first_name", "last_name")
        )
        known = {str(u.uuid) for u in found} | {u.username for u in found}
        missing = [r for r in student_refs if r not in known]
        if missing:
            raise _invalid(
                "students",
                _("No student registered at this centre this year with the login: %(names)s.")
                % {"names": ", ".join(missing)},
                ScheduleError.UNKNOWN_INVITEE,
            )
        students = found
    return Invitees(open_to_all=open_to_all, slots=slots, students=students)


def _set_invitees(session: Session, invitees: Invitees) -> None:
    session.open_to_all = invitees.open_to_all
    session.save(update_fields=["open_to_all", "updated_at"])
    session.invited_slots.set(invitees.slots)
    session.invited_students.set(invitees.students)


@transaction.atomic
def extra_session_create(*, actor: Actor, centre: Centre, data: dict[str, Any]) -> ExtraResult:
    """A one-off session (an open day, a catch-up afternoon): a name, a local date, start
    and end times within the centre's opening hours that day, optional seats, and who it is
    for (``_invitees``). The same name at the same moment is created once."""
    _require_editor(actor, centre)
    unknown = set(data) - {"label", "day", "starts_at", "ends_at", "seats", *INVITEE_FIELDS}
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    label = (data.get("label") or "").strip()
    if not label:
        raise _invalid("label", _("Give the session a name (e.g. Open day)."))
    if len(label) > 120:
        raise _invalid("label", _("At most %(n)s characters.") % {"n": 120})
    day, starts, ends = data.get("day"), data.get("starts_at"), data.get("ends_at")
    if not isinstance(day, dt.date):
        raise _invalid("day", _("Enter a valid date."))
    if not isinstance(starts, dt.time) or not isinstance(ends, dt.time):
        raise _invalid("starts_at", _("Enter valid start and end times."))
    if ends <= starts:
        raise _invalid("ends_at", _("The end must be after the start."))
    seats = data.get("seats")
    if seats is not None and not (1 <= int(seats) <= 2000):
        raise _invalid("seats", _("Seats go from 1 to 2000."))
    zone = centre.zone
    starts_at = dt.datetime.combine(day, starts, tzinfo=zone)
    ends_at = dt.datetime.combine(day, ends, tzinfo=zone)
    if starts_at < timezone.now():
        raise _invalid(
            "day",
            _("This moment is past: an extra session is planned ahead."),
            ScheduleError.MOMENT_PAST,
        )
    # issue 11: a session when the centre is closed has nobody to open the door
    _check_within_opening(centre, day.weekday(), starts, ends)
    invitees = _invitees(centre, day, data)
    list(Centre.objects.select_for_update().filter(pk=centre.pk))
    same = Session.objects.filter(
        centre=centre, kind=SessionKind.EXTRA, label=label, starts_at=starts_at
    ).first()
    if same is not None:
        return ExtraResult(session=same, created=False)
    session = Session(
        centre=centre,
        slot=None,
        kind=SessionKind.EXTRA,
        label=label,
        starts_at=starts_at,
        ends_at=ends_at,
        seats=seats,
    )
    validated_save(session)
    _set_invitees(session, invitees)
    return ExtraResult(session=session, created=True)


@transaction.atomic
def extra_session_invite(*, actor: Actor, session: Session, data: dict[str, Any]) -> Session:
    """Replace who an extra session that has not ended is for (``_invitees``). Sending the
    same invitees again changes nothing; two editors saving at once are serialised on the
    session's row, the last one's list is kept whole."""
    sessions_policy.get_editable(actor, pk=session.pk)
    unknown = set(data) - set(INVITEE_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    locked = Session.objects.select_for_update().select_related("centre").get(pk=session.pk)
    if locked.kind != SessionKind.EXTRA:
        raise Conflict(
            _("A weekly session is for the students of its slot; invite them to an extra one."),
            code=ScheduleError.NOT_EXTRA,
        )
    if locked.ends_at <= timezone.now():
        raise Conflict(
            _("This session is over; who it was for can no longer change."),
            code=ScheduleError.SESSION_OVER,
        )
    day = locked.starts_at.astimezone(locked.centre.zone).date()
    _set_invitees(locked, _invitees(locked.centre, day, data))
    return locked


@transaction.atomic
def session_cancel(*, actor: Actor, session: Session, cancelled: bool = True) -> Session:
    """Cancel (or restore) a session that has not ended. Repeating it changes nothing."""
    sessions_policy.get_editable(actor, pk=session.pk)
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.cancelled == cancelled:
        return locked
    if locked.ends_at <= timezone.now():
        raise Conflict(
            _("This session is over; it can no longer be cancelled or restored."),
            code=ScheduleError.SESSION_OVER,
        )
    locked.cancelled = cancelled
    locked.save(update_fields=["cancelled", "updated_at"])
    return locked
