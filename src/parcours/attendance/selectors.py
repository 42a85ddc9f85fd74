"""Reads of attendance: who is expected at a session, the live board, a student's history,
the follow-up list, and attendance rates (per student, per slot, per centre) for reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

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
    can_see_attendance,
    checkin_policy,
    followup_policy,
)
from parcours.centres.models import Centre
from parcours.core.errors import Forbidden, NotFound
from parcours.enrolment import years
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.labs import selectors as labs
from parcours.people.models import User
from parcours.schedule.models import ClosedDays, Session, Slot


def settings_for(centre: Centre) -> AttendanceSettings:
    """The centre's rules, or the defaults (unsaved) when it has set none."""
    found = AttendanceSettings.objects.filter(centre=centre).first()
    return found if found is not None else AttendanceSettings(centre=centre)


def local_day_bounds(centre: Centre, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=centre.zone)
    return start, start + dt.timedelta(days=1)


def school_year_of_session(session: Session) -> int:
    return years.school_year_of(session.starts_at.astimezone(session.centre.zone).date())


def expected_ids(session: Session) -> set[int]:
    """Ids of the students expected at a session: registered in its slot for the school year
    the session belongs to, and those holding a seat in a weekly lab that meets at that slot
    while its cycle runs. An extra session (no slot) expects nobody by default."""
    if session.slot_id is None or session.cancelled:
        return set()
    registered = set(
        Enrolment.objects.filter(
            centre_id=session.centre_id,
            slot_id=session.slot_id,
            status=EnrolmentStatus.REGISTERED,
            school_year=school_year_of_session(session),
        ).values_list("student_id", flat=True)
    )
    day = session.starts_at.astimezone(session.centre.zone).date()
    return registered | labs.lab_students_at(slot_id=session.slot_id, day=day)


def student_slot_ids(student: Any, centre: Centre, day: dt.date) -> set[int]:
    """The slots the student is expected at on that day: their weekly slot and the slots of
    the weekly labs they hold a seat in."""
    own = set(
        Enrolment.objects.filter(
            centre=centre,
            student=student,
            status=EnrolmentStatus.REGISTERED,
            school_year=years.school_year_of(day),
            slot__isnull=False,
        ).values_list("slot_id", flat=True)
    )
    return own | labs.lab_slot_ids(student=student, day=day)


def next_session(student: Any, centre: Centre, after: dt.datetime) -> Session | None:
    day = after.astimezone(centre.zone).date()
    slots = student_slot_ids(student, centre, day)
    if not slots:
        return None
    return (
        Session.objects.filter(
            centre=centre, slot_id__in=slots, cancelled=False, starts_at__gt=after
        )
        .order_by("starts_at")
        .first()
    )


def closed_day(centre: Centre, day: dt.date) -> ClosedDays | None:
    return ClosedDays.objects.filter(centre=centre, first_day__lte=day, last_day__gte=day).first()


def active_badge(student: Any) -> Badge | None:
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


def current_sessions(centre: Centre, now: dt.datetime | None = None) -> list[Session]:
    """Sessions open for check-in now: from shortly before their start until their end."""
    now = now or timezone.now()
    opens = dt.timedelta(minutes=settings_for(centre).opens_before_minutes)
    return list(
        Session.objects.filter(
            centre=centre, cancelled=False, starts_at__lte=now + opens, ends_at__gte=now
        )
        .select_related("slot", "centre")
        .order_by("starts_at")
    )


def session_rows(session: Session) -> list[BoardRow]:
    expected = expected_ids(session)
    checkins = {
        c.student_id: c for c in CheckIn.objects.filter(session=session).select_related("student")
    }
    ids = expected | set(checkins)
    students = User.objects.filter(pk__in=ids).order_by("first_name", "last_name")
    rows = []
    for s in students:
        c = checkins.get(s.pk)
        if c is None:
            state = "not_yet"
        elif not c.present:
            state = "absent"
        elif c.left_at is not None:
            state = "left"
        elif c.late_minutes:
            state = "late"
        else:
            state = "in"
        rows.append(BoardRow(student=s, state=state, checkin=c))
    return rows


def board(*, user: Any, centre: Centre, now: dt.datetime | None = None) -> list[BoardSession]:
    if not can_run_kiosk(user, centre):
        raise NotFound()
    return [BoardSession(session=s, rows=session_rows(s)) for s in current_sessions(centre, now)]


def session_register(*, user: Any, session: Session) -> BoardSession:
    """A session's list for the staff who correct it."""
    if not can_run_kiosk(user, session.centre):
        raise NotFound()
    return BoardSession(session=session, rows=session_rows(session))


def session_get(*, user: Any, uuid: Any) -> Session:
    try:
        session = Session.objects.select_related("centre", "slot").get(uuid=uuid)
    except (Session.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    if not can_run_kiosk(user, session.centre):
        raise NotFound()
    return session


def recent_sessions(*, user: Any, centre: Centre, days: int = 7) -> QuerySet[Session]:
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


def student_rate(student: Any) -> Rate:
    return _rate(CheckIn.objects.filter(student=student), Absence.objects.filter(student=student))


def slot_rate(slot: Slot) -> Rate:
    return _rate(
        CheckIn.objects.filter(session__slot=slot), Absence.objects.filter(session__slot=slot)
    )


def centre_rate(centre: Centre) -> Rate:
    return _rate(CheckIn.objects.filter(centre=centre), Absence.objects.filter(centre=centre))


def slot_rates(centre: Centre) -> list[tuple[Slot, Rate]]:
    return [(s, slot_rate(s)) for s in Slot.objects.filter(centre=centre).order_by("label")]


def centre_rates(*, user: Any, centre: Centre) -> tuple[Rate, list[tuple[Slot, Rate]]]:
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


def student_attendance(*, user: Any, student: Any, limit: int = 40) -> StudentAttendance:
    if not can_see_attendance(user, student):
        raise NotFound()
    checkins = list(
        checkin_policy.visible(user)
        .filter(student=student)
        .select_related("session", "session__slot")
        .order_by("-session__starts_at")[:limit]
    )
    absences = list(
        absence_policy.visible(user)
        .filter(student=student)
        .select_related("session", "session__slot", "recorded_by")
        .order_by("-session__starts_at")[:limit]
    )
    rows = [HistoryRow(session=c.session, state=c.state, checkin=c) for c in checkins]
    rows += [HistoryRow(session=a.session, state="absent", absence=a) for a in absences]
    seen: set[int] = set()
    history: list[HistoryRow] = []
    for r in sorted(rows, key=lambda r: r.session.starts_at, reverse=True):
        if r.session.pk in seen:  # corrected to absent: the absence row tells the rest
            for h in history:
                if h.session.pk == r.session.pk and r.absence is not None:
                    h.absence = r.absence
            continue
        seen.add(r.session.pk)
        history.append(r)
    corrections = list(
        CheckInCorrection.objects.filter(student=student)
        .filter(centre_id__in=_staff_centres(user))
        .select_related("corrected_by", "session")[:20]
    )
    return StudentAttendance(
        student=student,
        rate=student_rate(student),
        history=history[:limit],
        corrections=corrections,
        badge=active_badge(student),
    )


def _staff_centres(user: Any) -> list[int]:
    from parcours.people.selectors import access_for

    access = access_for(user)
    if access.network_admin:
        return list(Centre.objects.values_list("pk", flat=True))
    return list(access.staff_centres())


def absences(*, user: Any, student: Any | None = None) -> QuerySet[Absence]:
    qs = absence_policy.visible(user).select_related("session", "session__slot", "student")
    if student is not None:
        qs = qs.filter(student=student)
    return qs.order_by("-session__starts_at")


# --- Follow-up -------------------------------------------------------------------------------


def followups(*, user: Any) -> QuerySet[FollowUp]:
    """Open streaks of absences the user follows (their caseload; all of a managed centre)."""
    return (
        followup_policy.visible(user)
        .filter(closed_at__isnull=True)
        .select_related("student", "student__student_profile", "first_absence__session")
        .order_by("-absences", "student__first_name")
    )


def followup_count(*, user: Any) -> int:
    return followups(user=user).count()


def student_get(*, user: Any, uuid: Any) -> User:
    student = User.objects.filter(uuid=uuid, student_profile__isnull=False).first()
    if student is None or not can_see_attendance(user, student):
        raise NotFound()
    return student


def own_badge(*, user: Any) -> Badge | None:
    if getattr(user, "student_profile", None) is None:
        raise Forbidden()
    return active_badge(user)


# --- A lab's register ---------------------------------------------------------------------------


@dataclass
class LabRegisterRow:
    student: Any
    cells: list[str]  # per session: "present", "late", "left", "absent", "justified", "" (to come)
    rate: Rate


@dataclass
class LabRegister:
    sessions: list[Session]
    rows: list[LabRegisterRow]


def lab_register(*, user: Any, lab: Any) -> LabRegister:
    """The weekly attendance of a lab's roster at its sessions (the meetings of its slot while
    the cycle runs): for the lab's expert, the centre's managers and network admins."""
    from parcours.labs.permissions import can_lead

    if not can_lead(user, lab):
        raise Forbidden()
    roster = list(labs.roster(user=user, lab=lab).filter(status="held"))
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
                cells.append("")
        rows.append(
            LabRegisterRow(
                student=seat.student,
                cells=cells,
                rate=Rate(present=present, absent=absent),
            )
        )
    return LabRegister(sessions=sessions, rows=rows)
