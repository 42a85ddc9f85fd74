"""Reads of attendance: who is expected at a session, the live board, a student's history,
the follow-up list, and attendance rates (per student, per slot, per centre) for reports."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Max, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parcours.attendance.errors import AttendanceError
from parcours.attendance.models import (
    Absence,
    AttendanceSettings,
    Badge,
    CheckIn,
    CheckInCorrection,
    FollowUp,
)
from parcours.attendance.permissions import (
    absence_policy,
    can_run_kiosk,
    can_run_kiosk_at,
    can_see_attendance,
    checkin_policy,
    correction_policy,
    followup_policy,
)
from parcours.centres.models import Centre
from parcours.core import stamps
from parcours.core.errors import Forbidden, NotFound
from parcours.core.lists import PAGE_SIZE, name_matches
from parcours.core.permissions import named
from parcours.enrolment import years
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.labs import selectors as labs
from parcours.labs.models import Lab, SeatStatus
from parcours.labs.permissions import can_lead
from parcours.people.models import User
from parcours.people.selectors import access_for
from parcours.people.types import Actor
from parcours.schedule import selectors as schedule
from parcours.schedule.models import ClosedDays, Session, SessionKind, Slot


def settings_for(centre: Centre) -> AttendanceSettings:
    """The centre's rules, or the defaults (unsaved) when it has set none: a copy of what is
    kept under the centre's stamp (every scan reads them; the caller may change its copy)."""
    kept = stamps.cached(
        stamps.centre(centre.pk),
        ("attendance-settings", centre.pk),
        lambda: AttendanceSettings.objects.filter(centre=centre).first(),
    )
    return copy.copy(kept) if kept is not None else AttendanceSettings(centre=centre)


def local_day_bounds(centre: Centre, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=centre.zone)
    return start, start + dt.timedelta(days=1)


def school_year_of_session(session: Session) -> int:
    return years.school_year_of(session.starts_at.astimezone(session.centre.zone).date())


def expected_ids(session: Session) -> set[int]:
    """Ids of the students expected at a session. A weekly session: those registered in its
    slot for the school year the session belongs to, and those holding a seat in a weekly
    lab that meets at that slot while its cycle runs. An extra session: those registered in
    the slots it invites and the students it invites by name (an open-to-all session lets
    any other student of the centre check in, without expecting them)."""
    return expected_ids_many([session])[session.pk]


def expected_ids_many(sessions: list[Session]) -> dict[int, set[int]]:
    """``expected_ids`` of each session, in four queries at most whatever their number (an
    extra session's invited: ``schedule.selectors.invited_ids``)."""
    out: dict[int, set[int]] = {s.pk: set() for s in sessions}
    live = [s for s in sessions if not s.cancelled]
    weekly = [s for s in live if s.slot_id is not None]
    extra = [s for s in live if s.slot_id is None]
    if weekly:
        years_of = {s.pk: school_year_of_session(s) for s in weekly}
        days = {s.pk: s.starts_at.astimezone(s.centre.zone).date() for s in weekly}
        registered: dict[tuple[int, int], set[int]] = {}
        for slot_id, year, student_id in Enrolment.objects.filter(
            slot_id__in={s.slot_id for s in weekly},
            status=EnrolmentStatus.REGISTERED,
            school_year__in={years_of[s.pk] for s in weekly},
        ).values_list("slot_id", "school_year", "student_id"):
            registered.setdefault((slot_id, year), set()).add(student_id)
        in_labs = labs.lab_students_at_many((int(s.slot_id or 0), days[s.pk]) for s in weekly)
        for s in weekly:
            slot_id = int(s.slot_id or 0)
            out[s.pk] = (
                registered.get((slot_id, years_of[s.pk]), set()) | in_labs[(slot_id, days[s.pk])]
            )
    for session_id, invited in schedule.invited_ids(extra).items():
        out[session_id] = invited
    return out


def may_attend(student: User, session: Session) -> bool:
    """Whether the student may be checked in to the session: expected at it, or registered
    at the centre (in the session's school year) when it is open to all."""
    if student.pk in expected_ids(session):
        return True
    return (
        session.open_to_all
        and not session.cancelled
        and Enrolment.objects.filter(
            centre_id=session.centre_id,
            student=student,
            status=EnrolmentStatus.REGISTERED,
            school_year=school_year_of_session(session),
        ).exists()
    )


def _own_slot_ids(student: User, centre: Centre, day: dt.date) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(
        centre=centre,
        student=student,
        status=EnrolmentStatus.REGISTERED,
        school_year=years.school_year_of(day),
        slot__isnull=False,
    )


def student_slot_ids(student: User, centre: Centre, day: dt.date) -> set[int]:
    """The slots the student is expected at on that day: their weekly slot and the slots of
    the weekly labs they hold a seat in."""
    own = set(_own_slot_ids(student, centre, day).values_list("slot_id", flat=True))
    return own | labs.lab_slot_ids(student=student, day=day)


def _theirs(student: User, centre: Centre, day: dt.date, slot_ids: set[int]) -> Q:
    """The sessions a student may check in to: those of their slots, and the extra sessions
    they are invited to (by their weekly slot or by name) or open to every student of the
    centre they are registered at."""
    own = _own_slot_ids(student, centre, day)
    registered = Enrolment.objects.filter(  # a slot or not yet: as ``may_attend`` reads it
        centre=centre,
        student=student,
        status=EnrolmentStatus.REGISTERED,
        school_year=years.school_year_of(day),
    )
    invited = Q(invited_slots__in=own.values("slot_id")) | Q(invited_students=student)
    invited |= Q(open_to_all=True) & Q(Exists(registered))
    return Q(slot_id__in=slot_ids) | (Q(kind=SessionKind.EXTRA) & invited)


def student_sessions_on(
    student: User, centre: Centre, day: dt.date, slot_ids: set[int] | None = None
) -> list[Session]:
    """The sessions (not cancelled) the student is expected at or invited to on a day of the
    centre (``slot_ids``: their ``student_slot_ids`` when the caller holds them already)."""
    first, last = local_day_bounds(centre, day)
    if slot_ids is None:
        slot_ids = student_slot_ids(student, centre, day)
    return list(
        Session.objects.filter(
            _theirs(student, centre, day, slot_ids),
            centre=centre,
            cancelled=False,
            starts_at__gte=first,
            starts_at__lt=last,
        )
        .distinct()
        .select_related("centre")
        .order_by("starts_at")
    )


def next_session(
    student: User, centre: Centre, after: dt.datetime, slot_ids: set[int] | None = None
) -> Session | None:
    day = after.astimezone(centre.zone).date()
    slots = student_slot_ids(student, centre, day) if slot_ids is None else slot_ids
    return (
        Session.objects.filter(
            _theirs(student, centre, day, slots),
            centre=centre,
            cancelled=False,
            starts_at__gt=after,
        )
        .distinct()
        .select_related("centre")
        .order_by("starts_at")
        .first()
    )


def closed_day(centre: Centre, day: dt.date) -> ClosedDays | None:
    return ClosedDays.objects.filter(centre=centre, first_day__lte=day, last_day__gte=day).first()


def active_badge(student: User) -> Badge | None:
    return Badge.objects.filter(student=student, revoked_at__isnull=True).first()


# --- The live board --------------------------------------------------------------------------


@dataclass
class BoardRow:
    student: User
    state: str  # "in", "late", "left", "absent", "not_yet"
    checkin: CheckIn | None = None


@dataclass
class BoardSession:
    session: Session
    rows: list[BoardRow]

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def arrived(self) -> int:
        return sum(1 for r in self.rows if r.state in ("in", "late", "left"))

    @property
    def percent(self) -> int:
        return round(100 * self.arrived / self.expected) if self.expected else 0


def current_sessions(
    centre: Centre, now: dt.datetime | None = None, opens: dt.timedelta | None = None
) -> list[Session]:
    """Sessions open for check-in now: from shortly before their start (``opens``: the
    centre's rule, read when not given) until their end."""
    now = now or timezone.now()
    if opens is None:
        opens = dt.timedelta(minutes=settings_for(centre).opens_before_minutes)
    return list(
        Session.objects.filter(
            centre=centre, cancelled=False, starts_at__lte=now + opens, ends_at__gte=now
        )
        .select_related("slot", "centre")
        .order_by("starts_at")
    )


def board_state(checkin: CheckIn | None, *, closed: bool = False) -> str:
    """Where a student expected at a session is: 'in', 'late', 'left', 'absent' or 'not_yet'
    (no check-in; 'absent' once the session's absences are recorded)."""
    if checkin is None:
        return "absent" if closed else "not_yet"
    if not checkin.present:
        return "absent"
    if checkin.left_at is not None:
        return "left"
    return "late" if checkin.late_minutes else "in"


def session_rows(
    session: Session, only: set[int] | None = None, *, closed_absent: bool = False
) -> list[BoardRow]:
    """Who is expected at a session or checked in, with their state, by name; ``only`` keeps
    those students (a coach's caseload); ``closed_absent``: once the session's absences are
    recorded, nobody is 'not yet' any more (they are absent)."""
    return _rows_many([session], only, closed_absent=closed_absent)[session.pk]


def _rows_many(
    sessions: list[Session], only: set[int] | None = None, *, closed_absent: bool = False
) -> dict[int, list[BoardRow]]:
    """``session_rows`` of several sessions in four queries whatever their number (who is
    expected: two; check-ins; the students, by name)."""
    expected = expected_ids_many(sessions)
    seen = CheckIn.objects.filter(session__in=sessions)
    if only is not None:
        expected = {pk: ids & only for pk, ids in expected.items()}
        seen = seen.filter(student_id__in=only)
    checkins: dict[int, dict[int, CheckIn]] = {s.pk: {} for s in sessions}
    for c in seen:
        checkins[c.session_id][c.student_id] = c
    everyone: set[int] = set()
    for s in sessions:
        everyone |= expected[s.pk] | set(checkins[s.pk])
    # a board or a coach's list shows names (several hundred rows at a big session)
    students = list(
        User.objects.filter(pk__in=everyone)
        .only("uuid", "username", "first_name", "last_name", "erased_at")
        .order_by("first_name", "last_name")
    )
    out: dict[int, list[BoardRow]] = {}
    for session in sessions:
        closed = closed_absent and session.absences_recorded_at is not None
        mine, theirs = checkins[session.pk], expected[session.pk]
        out[session.pk] = [
            BoardRow(
                student=s, state=board_state(mine.get(s.pk), closed=closed), checkin=mine.get(s.pk)
            )
            for s in students
            if s.pk in theirs or s.pk in mine
        ]
    return out


def board(*, user: Actor, centre: Centre, now: dt.datetime | None = None) -> list[BoardSession]:
    if not can_run_kiosk(user, centre):
        raise NotFound()
    sessions = current_sessions(centre, now)
    rows = _rows_many(sessions)
    return [BoardSession(session=s, rows=rows[s.pk]) for s in sessions]


# How long a board's ETag is trusted without reading the board again: every save of a
# check-in, a session, a registration or a lab seat forgets it once committed
# (attendance.signals); this bounds the rest (changes made in bulk, the centre's settings).
BOARD_STAMP_SECONDS = 15


def board_stamp_key(slug: str, language: str) -> str:
    return f"attendance:board:{slug}:{language}"


def board_keep(
    *, centre: Centre, etag: str, sessions: list[Session], now: dt.datetime | None = None
) -> None:
    """Keep the ETag of the board just rendered (a hash of its HTML) for the next polls, until
    one of its ``sessions`` ends or the next one opens for check-in, ``BOARD_STAMP_SECONDS``
    at most, unless a change forgets it first (``board_forget``). Two reads: the centre's
    check-in rule and the next session's start."""
    now = now or timezone.now()
    opens = dt.timedelta(minutes=settings_for(centre).opens_before_minutes)
    next_start = (
        Session.objects.filter(centre=centre, cancelled=False, starts_at__gt=now + opens)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    until = now + dt.timedelta(seconds=BOARD_STAMP_SECONDS)
    for moment in [s.ends_at for s in sessions] + ([next_start - opens] if next_start else []):
        until = min(until, moment)
    if until > now:
        cache.set(
            board_stamp_key(centre.slug, translation.get_language()),
            {"centre": centre.pk, "etag": etag, "until": until.timestamp()},
            timeout=BOARD_STAMP_SECONDS,
        )


def board_etag_kept(*, user: Actor, slug: str, now: dt.datetime | None = None) -> str | None:
    """The ETag an earlier poll kept for this centre's board in the reader's language, if it
    is still good and the user may see that board; else None (then the board is read and
    rendered again). One cache read and the user's roles: what an unchanged poll costs."""
    stamp = cache.get(board_stamp_key(slug, translation.get_language()))
    if not isinstance(stamp, dict) or stamp.get("until", 0) <= (now or timezone.now()).timestamp():
        return None
    if not can_run_kiosk_at(user, int(stamp["centre"])):
        return None
    return str(stamp["etag"])


def board_forget(centre_id: int, *, slug: str | None = None) -> None:
    """Forget the kept ETags of a centre's board (every language): something it shows
    changed. ``slug``: the centre's, when the caller has it."""
    if slug is None:
        slug = Centre.objects.filter(pk=centre_id).values_list("slug", flat=True).first()
    if slug:
        cache.delete_many([board_stamp_key(slug, code) for code, _name in settings.LANGUAGES])


def session_register(*, user: Actor, session: Session) -> BoardSession:
    """A session's list for the staff who correct it."""
    if not can_run_kiosk(user, session.centre):
        raise NotFound()
    return BoardSession(session=session, rows=session_rows(session))


def session_get(*, user: Actor, uuid: UUID | str) -> Session:
    try:
        session = Session.objects.select_related("centre", "slot").get(uuid=uuid)
    except (Session.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    if not can_run_kiosk(user, session.centre):
        raise NotFound()
    return session


def session_at(*, centre: Centre, uuid: UUID | str, field: str = "session") -> Session:
    """A session of ``centre`` named in a form or a payload ``field`` (the caller holds the
    centre); any other uuid is a 400 on that field, with one message."""
    rows = Session.objects.filter(centre=centre).select_related("centre")
    message = _("Unknown session.")
    return named(rows, uuid, message=message, field=field, code=AttendanceError.UNKNOWN_SESSION)


def student_at(*, centre: Centre, uuid: UUID | str, field: str = "student") -> User:
    """A student of ``centre`` named in a form or a payload ``field`` (the caller, staff of the
    centre, holds it); any other uuid is a 400 on that field, with one message."""
    rows = User.objects.filter(student_profile__centre=centre)
    message = _("Unknown student.")
    return named(rows, uuid, message=message, field=field, code=AttendanceError.UNKNOWN_STUDENT)


def recent_sessions(*, user: Actor, centre: Centre, days: int = 7) -> QuerySet[Session]:
    if not can_run_kiosk(user, centre):
        raise NotFound()
    now = timezone.now()
    return (
        Session.objects.filter(
            centre=centre, starts_at__gte=now - dt.timedelta(days=days), starts_at__lte=now
        )
        .select_related("slot")
        .order_by("-starts_at")
    )


# --- A caseload at a glance (the coach's console) --------------------------------------------


@dataclass
class Presence:
    """A student's attendance since a day: sessions attended (closed sessions, as in ``Rate``),
    absences, and the start of the last session they came to (any time, not only since)."""

    present: int = 0
    absent: int = 0
    last_visit: dt.datetime | None = None

    @property
    def expected(self) -> int:
        return self.present + self.absent

    @property
    def percent(self) -> int | None:
        return round(100 * self.present / self.expected) if self.expected else None


def presence_by_student(student_ids: list[int], since: dt.datetime) -> dict[int, Presence]:
    """``Presence`` of each student, in two grouped queries whatever their number."""
    out = {pk: Presence() for pk in student_ids}
    seen = (
        CheckIn.objects.filter(student_id__in=student_ids, present=True)
        .values("student_id")
        .annotate(
            n=Count(
                "id",
                filter=Q(
                    session__starts_at__gte=since,
                    session__absences_recorded_at__isnull=False,
                ),
            ),
            last=Max("session__starts_at"),
        )
    )
    for row in seen:
        p = out[row["student_id"]]
        p.present, p.last_visit = row["n"], row["last"]
    missed = (
        Absence.objects.filter(student_id__in=student_ids, session__starts_at__gte=since)
        .values("student_id")
        .annotate(n=Count("id"))
    )
    for miss in missed:
        out[miss["student_id"]].absent = miss["n"]
    return out


@dataclass
class DaySession(BoardSession):
    """One session of the day seen from a group of students (a coach's caseload): the board's
    rows, counted per state."""

    def count(self, *states: str) -> int:
        return sum(1 for r in self.rows if r.state in states)

    @property
    def present(self) -> int:
        return self.count("in", "left")

    @property
    def late(self) -> int:
        return self.count("late")

    @property
    def absent(self) -> int:
        return self.count("absent")

    @property
    def not_yet(self) -> int:
        return self.count("not_yet")

    @property
    def missing(self) -> list[BoardRow]:
        """Who has not come (yet), absent first."""
        return sorted(
            (r for r in self.rows if r.state in ("absent", "not_yet")),
            key=lambda r: (r.state != "absent", r.student.first_name),
        )


def day_sessions_of(
    centre: Centre, student_ids: set[int] | None, now: dt.datetime | None = None
) -> list[DaySession]:
    """The centre's sessions of the local day where some of the students (everybody: None)
    are expected (or checked in), with their state: 'in', 'late', 'left', 'absent' or
    'not_yet'. Five queries whatever the number of sessions and students."""
    now = now or timezone.now()
    first, last = local_day_bounds(centre, now.astimezone(centre.zone).date())
    sessions = list(
        Session.objects.filter(
            centre=centre, cancelled=False, starts_at__gte=first, starts_at__lt=last
        )
        .select_related("slot", "centre")
        .order_by("starts_at")
    )
    rows = _rows_many(sessions, student_ids, closed_absent=True) if sessions else {}
    return [DaySession(session=s, rows=rows[s.pk]) for s in sessions if rows[s.pk]]


# --- A student's attendance ------------------------------------------------------------------


@dataclass
class Rate:
    present: int = 0
    absent: int = 0
    justified: int = 0
    late: int = 0

    @property
    def expected(self) -> int:
        return self.present + self.absent

    @property
    def percent(self) -> int | None:
        return round(100 * self.present / self.expected) if self.expected else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "expected": self.expected,
            "present": self.present,
            "absent": self.absent,
            "justified": self.justified,
            "late": self.late,
            "rate": self.percent,
        }


def _rate(checkins: QuerySet[CheckIn], absences: QuerySet[Absence]) -> Rate:
    """Over closed sessions only: a session counts once its absences are recorded."""
    c = checkins.filter(present=True, session__absences_recorded_at__isnull=False).aggregate(
        n=Count("id"), late=Count("id", filter=Q(late_minutes__gt=0))
    )
    a = absences.aggregate(n=Count("id"), justified=Count("id", filter=Q(justified=True)))
    return Rate(present=c["n"], late=c["late"], absent=a["n"], justified=a["justified"])


def student_rate(student: User) -> Rate:
    return _rate(CheckIn.objects.filter(student=student), Absence.objects.filter(student=student))


def slot_rate(slot: Slot) -> Rate:
    return _rate(
        CheckIn.objects.filter(session__slot=slot), Absence.objects.filter(session__slot=slot)
    )


def centre_rate(centre: Centre) -> Rate:
    return _rate(CheckIn.objects.filter(centre=centre), Absence.objects.filter(centre=centre))


def slot_rates(centre: Centre) -> list[tuple[Slot, Rate]]:
    """Every slot's rate from two grouped aggregates (not two per slot), the same counts as
    ``slot_rate``."""
    present = (
        CheckIn.objects.filter(
            centre=centre, present=True, session__absences_recorded_at__isnull=False
        )
        .values("session__slot_id")
        .annotate(n=Count("id"), late=Count("id", filter=Q(late_minutes__gt=0)))
    )
    absent = (
        Absence.objects.filter(centre=centre)
        .values("session__slot_id")
        .annotate(n=Count("id"), justified=Count("id", filter=Q(justified=True)))
    )
    c = {row["session__slot_id"]: row for row in present}
    a = {row["session__slot_id"]: row for row in absent}
    empty = {"n": 0, "late": 0, "justified": 0}
    return [
        (
            s,
            Rate(
                present=c.get(s.pk, empty)["n"],
                late=c.get(s.pk, empty)["late"],
                absent=a.get(s.pk, empty)["n"],
                justified=a.get(s.pk, empty)["justified"],
            ),
        )
        for s in Slot.objects.filter(centre=centre).order_by("label")
    ]


def weekly_rates(
    centre: Centre, *, weeks: int = 8, now: dt.datetime | None = None
) -> list[tuple[dt.date, Rate]]:
    """The centre's attendance rate per week (Monday first, in the centre's zone) over the last
    ``weeks`` weeks, this one included: two grouped queries, closed sessions only."""
    now = now or timezone.now()
    today = now.astimezone(centre.zone).date()
    monday = today - dt.timedelta(days=today.weekday())
    first = monday - dt.timedelta(weeks=weeks - 1)
    since = dt.datetime.combine(first, dt.time.min, tzinfo=centre.zone)
    week = TruncWeek("session__starts_at", tzinfo=centre.zone)
    present = (
        CheckIn.objects.filter(
            centre=centre,
            present=True,
            session__starts_at__gte=since,
            session__absences_recorded_at__isnull=False,
        )
        .annotate(week=week)
        .values("week")
        .annotate(n=Count("id"), late=Count("id", filter=Q(late_minutes__gt=0)))
    )
    absent = (
        Absence.objects.filter(centre=centre, session__starts_at__gte=since)
        .annotate(week=week)
        .values("week")
        .annotate(n=Count("id"), justified=Count("id", filter=Q(justified=True)))
    )

    def day(value: dt.date | dt.datetime) -> dt.date:
        return value.astimezone(centre.zone).date() if isinstance(value, dt.datetime) else value

    rates = {first + dt.timedelta(weeks=k): Rate() for k in range(weeks)}
    for row in present:
        r = rates.get(day(row["week"]))
        if r is not None:
            r.present, r.late = row["n"], row["late"]
    for gone in absent:
        r = rates.get(day(gone["week"]))
        if r is not None:
            r.absent, r.justified = gone["n"], gone["justified"]
    return sorted(rates.items())


def centres_recent_rates(centre_ids: list[int], since: dt.datetime) -> dict[int, Rate]:
    """Each centre's attendance rate since a moment (closed sessions), for the network's side
    by side: two grouped queries whatever the number of centres."""
    out = {pk: Rate() for pk in centre_ids}
    for row in (
        CheckIn.objects.filter(
            centre_id__in=centre_ids,
            present=True,
            session__starts_at__gte=since,
            session__absences_recorded_at__isnull=False,
        )
        .values("centre_id")
        .annotate(n=Count("id"))
    ):
        out[row["centre_id"]].present = row["n"]
    for gone in (
        Absence.objects.filter(centre_id__in=centre_ids, session__starts_at__gte=since)
        .values("centre_id")
        .annotate(n=Count("id"))
    ):
        out[gone["centre_id"]].absent = gone["n"]
    return out


def centre_rates(*, user: Actor, centre: Centre) -> tuple[Rate, list[tuple[Slot, Rate]]]:
    if not can_run_kiosk(user, centre):
        raise NotFound()
    return centre_rate(centre), slot_rates(centre)


@dataclass
class HistoryRow:
    session: Session
    state: str
    checkin: CheckIn | None = None
    absence: Absence | None = None


@dataclass
class StudentAttendance:
    student: User
    rate: Rate
    history: list[HistoryRow] = field(default_factory=list)
    corrections: list[CheckInCorrection] = field(default_factory=list)
    badge: Badge | None = None
    page: Page | None = None


# what a student's history may be narrowed to (the page's "Show" filter, the API's ``state``)
HISTORY_STATES = ("absent", "unjustified", "late", "present")


def history_sessions(*, user: Actor, student: User, state: str = "") -> QuerySet[Session]:
    """The sessions of a student's history as the user may see them, newest first: those with
    a check-in or an absence, or only the ``state`` ones (absent, unjustified absence, late,
    present)."""
    checkins = checkin_policy.visible(user).filter(student=student)
    absences = absence_policy.visible(user).filter(student=student)
    if state == "absent":
        wanted = Q(pk__in=absences.values("session_id"))
    elif state == "unjustified":
        wanted = Q(pk__in=absences.filter(justified=False).values("session_id"))
    elif state == "late":
        wanted = Q(pk__in=checkins.filter(present=True, late_minutes__gt=0).values("session_id"))
    elif state == "present":
        wanted = Q(pk__in=checkins.filter(present=True).values("session_id"))
    else:
        wanted = Q(pk__in=checkins.values("session_id")) | Q(pk__in=absences.values("session_id"))
    return Session.objects.filter(wanted).select_related("slot").order_by("-starts_at", "-pk")


def history_rows(*, user: Actor, student: User, sessions: list[Session]) -> list[HistoryRow]:
    """One row per session, in the order given, with its check-in and absence (two queries)."""
    ids = [s.pk for s in sessions]
    checkins = {
        c.session_id: c
        for c in checkin_policy.visible(user).filter(student=student, session_id__in=ids)
    }
    absences = {
        a.session_id: a
        for a in absence_policy.visible(user)
        .filter(student=student, session_id__in=ids)
        .select_related("recorded_by")
    }
    rows = []
    for session in sessions:
        checkin, absence = checkins.get(session.pk), absences.get(session.pk)
        for known in (checkin, absence):  # their session and student are these ones
            if known is not None:
                known.session, known.student = session, student
        # corrected to absent: the check-in says absent and the absence row tells the rest
        state = checkin.state if checkin is not None else "absent"
        rows.append(HistoryRow(session=session, state=state, checkin=checkin, absence=absence))
    return rows


def student_attendance(
    *,
    user: Actor,
    student: User,
    state: str = "",
    page: str | int | None = None,
    per_page: int = PAGE_SIZE,
) -> StudentAttendance:
    """A student's rate, badge, corrections and one page of their sessions (``state`` narrows
    them; see ``history_sessions``): a fixed number of queries whatever the history's size."""
    if not can_see_attendance(user, student):
        raise NotFound()
    sessions = Paginator(
        history_sessions(user=user, student=student, state=state), per_page
    ).get_page(page)
    corrections = list(
        correction_policy.visible(user)
        .filter(student=student)
        .select_related("corrected_by", "session")[:20]
    )
    return StudentAttendance(
        student=student,
        rate=student_rate(student),
        history=history_rows(user=user, student=student, sessions=list(sessions.object_list)),
        corrections=corrections,
        badge=active_badge(student),
        page=sessions,
    )


def editable_absence_ids(*, user: Actor, student: User) -> set[int]:
    """The student's absences the user may justify."""
    return set(absence_policy.editable(user).filter(student=student).values_list("pk", flat=True))


def absence_get(*, user: Actor, uuid: UUID | str) -> Absence:
    """An absence the user may see (the student, their family, their centre's staff)."""
    return absence_policy.get_visible(user, uuid=uuid)


def absences(*, user: Actor, student: User | None = None) -> QuerySet[Absence]:
    qs = absence_policy.visible(user).select_related("session", "session__slot", "student")
    if student is not None:
        qs = qs.filter(student=student)
    return qs.order_by("-session__starts_at")


# --- Follow-up -------------------------------------------------------------------------------


def followups(*, user: Actor) -> QuerySet[FollowUp]:
    """Open streaks of absences the user follows (their caseload; all of a managed centre)."""
    return (
        followup_policy.visible(user)
        .filter(closed_at__isnull=True)
        .select_related("student", "student__student_profile", "first_absence__session")
        .order_by("-absences", "student__first_name")
    )


def followups_filtered(*, user: Actor, q: str = "", sort: str = "most") -> QuerySet[FollowUp]:
    """``followups`` of students whose first or last name holds each word of ``q``, in the
    order ``sort`` names ('most' absences, 'oldest' first absence, 'name')."""
    rows = followups(user=user)
    rows = name_matches(rows, q)
    orders = {
        "most": ("-absences", "student__first_name"),
        "oldest": ("first_absence__session__starts_at", "student__first_name"),
        "name": ("student__first_name", "student__last_name"),
    }
    return rows.order_by(*orders.get(sort, orders["most"]), "pk")


def followup_count(*, user: Actor) -> int:
    return followups(user=user).count()


def followup_link(*, user: Actor) -> tuple[int, str | None]:
    """The open follow-ups the user sees, and the slug of their first staff centre (for the
    link beside the count on their home page)."""
    if not user.is_authenticated:
        return 0, None
    ids = sorted(access_for(user).staff_centres())
    slug = Centre.objects.filter(pk__in=ids[:1]).values_list("slug", flat=True).first()
    return followup_count(user=user), slug


def student_get(*, user: Actor, uuid: UUID | str) -> User:
    try:
        student = User.objects.filter(uuid=uuid, student_profile__isnull=False).first()
    except (ValueError, ValidationError):  # a malformed uuid
        student = None
    if student is None or not can_see_attendance(user, student):
        raise NotFound()
    return student


def _own_student(user: Actor) -> User:
    if not isinstance(user, User) or getattr(user, "student_profile", None) is None:
        raise Forbidden()
    return user


def own_badge(*, user: Actor) -> Badge | None:
    """The signed-in student's badge (none before one is issued)."""
    return active_badge(_own_student(user))


def own_rate(*, user: Actor) -> Rate:
    """The signed-in student's attendance rate."""
    return student_rate(_own_student(user))


# --- A lab's register ---------------------------------------------------------------------------


@dataclass
class LabRegisterRow:
    student: User
    # per session: "present", "late", "left", "absent", "justified", "none" (ended, nothing
    # recorded), "" (to come)
    cells: list[str]
    rate: Rate


@dataclass
class LabRegister:
    sessions: list[Session]
    rows: list[LabRegisterRow]


def lab_register(*, user: Actor, lab: Lab) -> LabRegister:
    """The weekly attendance of a lab's roster at its sessions (the meetings of its slot while
    the cycle runs): for the lab's expert, the centre's managers and network admins."""
    if not can_lead(user, lab):
        raise Forbidden()
    roster = list(labs.roster(user=user, lab=lab).filter(status=SeatStatus.HELD))
    sessions: list[Session] = []
    if lab.slot_id is not None:
        zone = lab.centre.zone
        first = dt.datetime.combine(lab.cycle.starts_on, dt.time.min, tzinfo=zone)
        last = dt.datetime.combine(lab.cycle.ends_on, dt.time.max, tzinfo=zone)
        sessions = list(
            Session.objects.filter(
                slot_id=lab.slot_id, cancelled=False, starts_at__gte=first, starts_at__lte=last
            ).order_by("starts_at")
        )
    ids = [s.student_id for s in roster]
    now = timezone.now()
    checkins = {
        (c.session_id, c.student_id): c
        for c in CheckIn.objects.filter(session__in=sessions, student_id__in=ids)
    }
    absences = {
        (a.session_id, a.student_id): a
        for a in Absence.objects.filter(session__in=sessions, student_id__in=ids)
    }
    rows = []
    for seat in roster:
        cells = []
        present = absent = 0
        for session in sessions:
            c = checkins.get((session.pk, seat.student_id))
            a = absences.get((session.pk, seat.student_id))
            if c is not None and c.present:
                present += 1
                cells.append("left" if c.left_early else "late" if c.late_minutes else "present")
            elif a is not None:
                absent += 1
                cells.append("justified" if a.justified else "absent")
            else:
                cells.append("none" if session.ends_at <= now else "")
        rows.append(
            LabRegisterRow(
                student=seat.student,
                cells=cells,
                rate=Rate(present=present, absent=absent),
            )
        )
    return LabRegister(sessions=sessions, rows=rows)
