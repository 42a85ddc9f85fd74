"""Attendance over HTTP: the same services, selectors and policies as the pages. Every answer
is built by one ``*_out()`` function per schema."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from parcours.attendance import selectors, services
from parcours.attendance.permissions import can_run_kiosk
from parcours.centres import selectors as centres
from parcours.core.api import ERRORS, MAX_LIMIT, MAX_OFFSET, filled
from parcours.core.errors import Forbidden
from parcours.labs import selectors as labs

if TYPE_CHECKING:
    from parcours.attendance.models import Absence, CheckIn, CheckInCorrection, FollowUp
    from parcours.centres.models import Centre
    from parcours.people.models import User
    from parcours.schedule.models import Session, Slot

router = Router(tags=["attendance"])


# --- Schemas ---------------------------------------------------------------------------------


class CheckInIn(Schema):
    code: str = Field(..., min_length=1, max_length=200, description="badge code or phone QR")
    session: UUID | None = Field(None, description="the session; by default today's")
    device: str = Field("", max_length=80)


class CheckInOut(Schema):
    outcome: str
    message: str
    recorded: bool
    first_name: str
    session: UUID | None
    next_session: UUID | None
    next_session_starts_at: datetime | None
    late_minutes: int | None


class CorrectionIn(Schema):
    student: UUID
    state: str = Field(..., description="present, late, left_early or absent")
    late_minutes: int | None = Field(None, ge=1, le=600)
    reason: str = Field(..., max_length=300)


class CorrectionOut(Schema):
    changed: bool
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class LeaveIn(Schema):
    student: UUID


class LeaveOut(Schema):
    left_at: datetime | None
    left_early: bool


class BoardRowOut(Schema):
    student: UUID
    first_name: str
    last_name: str
    state: str
    checked_in_at: datetime | None
    late_minutes: int


class BoardOut(Schema):
    session: UUID
    label: str
    starts_at: datetime
    ends_at: datetime
    expected: int
    arrived: int
    rows: list[BoardRowOut]


class AbsenceOut(Schema):
    uuid: UUID
    student: UUID
    session: UUID
    starts_at: datetime
    justified: bool
    reason: str
    updated_at: datetime


class JustifyIn(Schema):
    justified: bool
    reason: str = Field("", max_length=300)


class BadgeOut(Schema):
    student: UUID
    code: str = Field(..., description="shown once: only its fingerprint is kept")
    issued_at: datetime


class HistoryOut(Schema):
    session: UUID
    label: str
    starts_at: datetime
    state: str = Field(description="present, late, left_early or absent")
    late_minutes: int
    absence: AbsenceOut | None


class HistoryFilters(Schema):
    state: Literal["", "absent", "unjustified", "late", "present"] = ""
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class HistoryPage(Schema):
    """One page of the history, in the shape of the API's paged lists."""

    count: int
    items: list[HistoryOut]


class RateOut(Schema):
    expected: int
    present: int
    absent: int
    justified: int
    late: int
    rate: int | None


class SlotRateOut(RateOut):
    slot: UUID
    label: str


class CentreRatesOut(Schema):
    centre: RateOut
    slots: list[SlotRateOut]


class FollowUpOut(Schema):
    student: UUID
    first_name: str
    absences: int
    notified_at: datetime | None


class LabRegisterRowOut(Schema):
    student: UUID
    name: str
    cells: list[str] = Field(
        description=(
            "per session: present, late, left, absent, justified, none (ended, nothing "
            "recorded) or empty (to come)"
        )
    )
    present: int
    absent: int


class LabRegisterOut(Schema):
    sessions: list[UUID]
    starts: list[datetime]
    rows: list[LabRegisterRowOut]


# --- Output ----------------------------------------------------------------------------------


def checkin_out(result: services.CheckInResult) -> CheckInOut:
    upcoming = result.next_session
    return filled(
        CheckInOut,
        result,
        session=result.session.uuid if result.session else None,
        next_session=upcoming.uuid if upcoming else None,
        next_session_starts_at=upcoming.starts_at if upcoming else None,
        late_minutes=result.checkin.late_minutes if result.checkin else None,
    )


def correction_out(correction: CheckInCorrection | None) -> CorrectionOut:
    if correction is None:
        return CorrectionOut(changed=False, before=None, after=None)
    return CorrectionOut(changed=True, before=correction.before, after=correction.after)


def leave_out(checkin: CheckIn) -> LeaveOut:
    return filled(LeaveOut, checkin)


def board_row_out(row: selectors.BoardRow) -> BoardRowOut:
    return filled(
        BoardRowOut,
        row,
        student=row.student.uuid,
        first_name=row.student.first_name,
        last_name=row.student.last_name,
        checked_in_at=row.checkin.checked_in_at if row.checkin else None,
        late_minutes=row.checkin.late_minutes if row.checkin else 0,
    )


def board_out(board: selectors.BoardSession) -> BoardOut:
    session = board.session
    return filled(
        BoardOut,
        board,
        session=session.uuid,
        label=session.slot.label if session.slot else session.label,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        rows=[board_row_out(r) for r in board.rows],
    )


def absence_out(absence: Absence) -> AbsenceOut:
    return filled(
        AbsenceOut,
        absence,
        student=absence.student.uuid,
        session=absence.session.uuid,
        starts_at=absence.session.starts_at,
    )


def badge_out(student: User, issued: services.IssuedBadge) -> BadgeOut:
    return BadgeOut(student=student.uuid, code=issued.code, issued_at=issued.badge.issued_at)


def history_out(row: selectors.HistoryRow) -> HistoryOut:
    session = row.session
    return HistoryOut(
        session=session.uuid,
        label=session.slot.label if session.slot is not None else session.label,
        starts_at=session.starts_at,
        state=row.state,
        late_minutes=row.checkin.late_minutes if row.checkin else 0,
        absence=absence_out(row.absence) if row.absence else None,
    )


def rate_out(rate: selectors.Rate) -> RateOut:
    return RateOut(**rate.as_dict())


def centre_rates_out(
    total: selectors.Rate, slots: list[tuple[Slot, selectors.Rate]]
) -> CentreRatesOut:
    return CentreRatesOut(
        centre=rate_out(total),
        slots=[SlotRateOut(slot=s.uuid, label=s.label, **r.as_dict()) for s, r in slots],
    )


def followup_out(followup: FollowUp) -> FollowUpOut:
    return filled(
        FollowUpOut,
        followup,
        student=followup.student.uuid,
        first_name=followup.student.first_name,
    )


def lab_register_out(register: selectors.LabRegister) -> LabRegisterOut:
    return LabRegisterOut(
        sessions=[s.uuid for s in register.sessions],
        starts=[s.starts_at for s in register.sessions],
        rows=[
            LabRegisterRowOut(
                student=r.student.uuid,
                name=r.student.get_full_name(),
                cells=r.cells,
                present=r.rate.present,
                absent=r.rate.absent,
            )
            for r in register.rows
        ],
    )


# --- Handlers --------------------------------------------------------------------------------


def _centre(request: HttpRequest, slug: str) -> Centre:
    centre = centres.centre_get(user=request.user, slug=slug)
    if not can_run_kiosk(request.user, centre):
        raise Forbidden()
    return centre


def _session_and_student(request: HttpRequest, uuid: UUID, student: UUID) -> tuple[Session, User]:
    session = selectors.session_get(user=request.user, uuid=uuid)
    return session, selectors.student_at(centre=session.centre, uuid=student)


@router.post(
    "/attendance/centres/{slug}/check-in", response={200: CheckInOut, 201: CheckInOut, **ERRORS}
)
def check_in(request: HttpRequest, slug: str, payload: CheckInIn) -> Status:
    """201 when a check-in is recorded now, 200 otherwise; ``outcome`` says what happened:
    welcome, already_checked_in, not_your_session, non_working_day, outside_window,
    unknown_badge, revoked_badge, expired_badge."""
    centre = _centre(request, slug)
    session = None
    if payload.session is not None:
        session = selectors.session_at(centre=centre, uuid=payload.session)
    result = services.checkin_record(
        actor=request.user,
        centre=centre,
        code=payload.code,
        device=payload.device,
        session=session,
    )
    return Status(201 if result.outcome == services.Outcome.WELCOME else 200, checkin_out(result))


@router.post("/attendance/sessions/{uuid}/corrections", response={200: CorrectionOut, **ERRORS})
def correct(request: HttpRequest, uuid: UUID, payload: CorrectionIn) -> CorrectionOut:
    session, student = _session_and_student(request, uuid, payload.student)
    correction = services.checkin_correct(
        actor=request.user,
        session=session,
        student=student,
        state=payload.state,
        late_minutes=payload.late_minutes,
        reason=payload.reason,
    )
    return correction_out(correction)


@router.post("/attendance/sessions/{uuid}/leave", response={200: LeaveOut, **ERRORS})
def leave(request: HttpRequest, uuid: UUID, payload: LeaveIn) -> LeaveOut:
    session, student = _session_and_student(request, uuid, payload.student)
    return leave_out(services.checkin_leave(actor=request.user, session=session, student=student))


@router.get("/attendance/centres/{slug}/board", response={200: list[BoardOut], **ERRORS})
def board(request: HttpRequest, slug: str) -> list[BoardOut]:
    centre = _centre(request, slug)
    return [board_out(b) for b in selectors.board(user=request.user, centre=centre)]


@router.get("/attendance/absences", response={200: list[AbsenceOut], **ERRORS})
def absences(request: HttpRequest, student: UUID | None = None) -> list[AbsenceOut]:
    person = None
    if student is not None:
        person = selectors.student_get(user=request.user, uuid=student)
    rows = selectors.absences(user=request.user, student=person)[:500]
    return [absence_out(a) for a in rows]


@router.post("/attendance/absences/{uuid}/justify", response={200: AbsenceOut, **ERRORS})
def justify(request: HttpRequest, uuid: UUID, payload: JustifyIn) -> AbsenceOut:
    absence = selectors.absence_get(user=request.user, uuid=uuid)
    done = services.absence_justify(
        actor=request.user, absence=absence, justified=payload.justified, reason=payload.reason
    )
    return absence_out(done)


@router.post("/attendance/students/{uuid}/badge", response={201: BadgeOut, **ERRORS})
def badge_reissue(request: HttpRequest, uuid: UUID) -> Status:
    """A new badge code; the old one stops working. The code is in this answer only."""
    student = selectors.student_get(user=request.user, uuid=uuid)
    issued = services.badge_issue(actor=request.user, student=student)
    return Status(201, badge_out(student, issued))


@router.get("/attendance/students/{uuid}/sessions", response={200: HistoryPage, **ERRORS})
def student_history(
    request: HttpRequest, uuid: UUID, filters: Query[HistoryFilters]
) -> HistoryPage:
    """A student's sessions, newest first, with what happened at each (``state`` narrows them
    to absences, unjustified absences, late arrivals or sessions attended), paged like every
    list (``limit``, ``offset``); for the student, their family and their centre's staff, as
    on the page."""
    student = selectors.student_get(user=request.user, uuid=uuid)
    rows = selectors.history_sessions(user=request.user, student=student, state=filters.state)
    sessions = list(rows[filters.offset : filters.offset + filters.limit])
    history = selectors.history_rows(user=request.user, student=student, sessions=sessions)
    return HistoryPage(count=rows.count(), items=[history_out(r) for r in history])


@router.get("/attendance/students/{uuid}/rate", response={200: RateOut, **ERRORS})
def student_rate(request: HttpRequest, uuid: UUID) -> RateOut:
    student = selectors.student_get(user=request.user, uuid=uuid)
    return rate_out(selectors.student_rate(student))


@router.get("/attendance/centres/{slug}/rates", response={200: CentreRatesOut, **ERRORS})
def centre_rates(request: HttpRequest, slug: str) -> CentreRatesOut:
    centre = _centre(request, slug)
    total, slots = selectors.centre_rates(user=request.user, centre=centre)
    return centre_rates_out(total, slots)


class FollowUpQuery(Schema):
    q: str = Field("", max_length=100, description="words of the student's name")
    sort: Literal["most", "oldest", "name"] = "most"


@router.get("/attendance/follow-up", response={200: list[FollowUpOut], **ERRORS})
def follow_up(request: HttpRequest, filters: Query[FollowUpQuery]) -> list[FollowUpOut]:
    """Open streaks of absences the user follows: most absences first, or the longest
    running ('oldest'), or by name; ``q`` keeps the students whose names hold its words."""
    rows = selectors.followups_filtered(user=request.user, q=filters.q, sort=filters.sort)
    return [followup_out(f) for f in rows]


@router.get("/attendance/labs/{uuid}", response={200: LabRegisterOut, **ERRORS})
def lab_register(request: HttpRequest, uuid: UUID) -> LabRegisterOut:
    """The lab's expert, the centre's managers, network admins."""
    lab = labs.lab_get(user=request.user, uuid=uuid)
    return lab_register_out(selectors.lab_register(user=request.user, lab=lab))
