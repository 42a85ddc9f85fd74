"""Attendance over HTTP: the same services, selectors and policies as the pages."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from parcours.attendance import selectors, services
from parcours.attendance.permissions import absence_policy, can_run_kiosk
from parcours.centres import selectors as centres
from parcours.centres.models import Centre
from parcours.core.api import ERRORS
from parcours.core.errors import Forbidden, ValidationFailed
from parcours.people.models import User
from parcours.schedule.models import Session

router = Router(tags=["attendance"])


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
    student: UUID = Field(..., alias="student.uuid")
    session: UUID = Field(..., alias="session.uuid")
    starts_at: datetime = Field(..., alias="session.starts_at")
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
    student: UUID = Field(..., alias="student.uuid")
    first_name: str = Field(..., alias="student.first_name")
    absences: int
    notified_at: datetime | None


def _centre(request: HttpRequest, slug: str) -> Centre:
    centre = centres.centre_get(user=request.user, slug=slug)
    if not can_run_kiosk(request.user, centre):
        raise Forbidden()
    return centre


def _session(request: HttpRequest, uuid: UUID) -> Session:
    return selectors.session_get(user=request.user, uuid=uuid)


def _student_in(session: Session, uuid: UUID) -> User:
    student = User.objects.filter(uuid=uuid, student_profile__centre=session.centre).first()
    if student is None:
        raise ValidationFailed(fields={"student": ["unknown student"]})
    return student


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
        session = Session.objects.filter(uuid=payload.session, centre=centre).first()
        if session is None:
            raise ValidationFailed(fields={"session": ["unknown session"]})
    result = services.checkin_record(
        actor=request.user,
        centre=centre,
        code=payload.code,
        device=payload.device,
        session=session,
    )
    body = {
        "outcome": result.outcome,
        "message": result.message,
        "recorded": result.recorded,
        "first_name": result.first_name,
        "session": result.session.uuid if result.session else None,
        "next_session": result.next_session.uuid if result.next_session else None,
        "next_session_starts_at": result.next_session.starts_at if result.next_session else None,
        "late_minutes": result.checkin.late_minutes if result.checkin else None,
    }
    return Status(201 if result.outcome == services.Outcome.WELCOME else 200, body)


@router.post("/attendance/sessions/{uuid}/corrections", response={200: CorrectionOut, **ERRORS})
def correct(request: HttpRequest, uuid: UUID, payload: CorrectionIn) -> dict[str, Any]:
    session = _session(request, uuid)
    correction = services.checkin_correct(
        actor=request.user,
        session=session,
        student=_student_in(session, payload.student),
        state=payload.state,
        late_minutes=payload.late_minutes,
        reason=payload.reason,
    )
    if correction is None:
        return {"changed": False, "before": None, "after": None}
    return {"changed": True, "before": correction.before, "after": correction.after}


@router.post("/attendance/sessions/{uuid}/leave", response={200: dict, **ERRORS})
def leave(request: HttpRequest, uuid: UUID, payload: LeaveIn) -> dict[str, Any]:
    session = _session(request, uuid)
    checkin = services.checkin_leave(
        actor=request.user, session=session, student=_student_in(session, payload.student)
    )
    return {"left_at": checkin.left_at, "left_early": checkin.left_early}


@router.get("/attendance/centres/{slug}/board", response={200: list[BoardOut], **ERRORS})
def board(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    centre = _centre(request, slug)
    return [
        {
            "session": b.session.uuid,
            "label": b.session.slot.label if b.session.slot else b.session.label,
            "starts_at": b.session.starts_at,
            "ends_at": b.session.ends_at,
            "expected": b.expected,
            "arrived": b.arrived,
            "rows": [
                {
                    "student": r.student.uuid,
                    "first_name": r.student.first_name,
                    "last_name": r.student.last_name,
                    "state": r.state,
                    "checked_in_at": r.checkin.checked_in_at if r.checkin else None,
                    "late_minutes": r.checkin.late_minutes if r.checkin else 0,
                }
                for r in b.rows
            ],
        }
        for b in selectors.board(user=request.user, centre=centre)
    ]


@router.get("/attendance/absences", response={200: list[AbsenceOut], **ERRORS})
def absences(request: HttpRequest, student: UUID | None = None) -> list[Any]:
    person = None
    if student is not None:
        person = selectors.student_get(user=request.user, uuid=student)
    return list(selectors.absences(user=request.user, student=person)[:500])


@router.post("/attendance/absences/{uuid}/justify", response={200: AbsenceOut, **ERRORS})
def justify(request: HttpRequest, uuid: UUID, payload: JustifyIn) -> Any:
    absence = absence_policy.get_visible(request.user, uuid=uuid)
    return services.absence_justify(
        actor=request.user, absence=absence, justified=payload.justified, reason=payload.reason
    )


@router.post("/attendance/students/{uuid}/badge", response={201: BadgeOut, **ERRORS})
def badge_reissue(request: HttpRequest, uuid: UUID) -> Status:
    """A new badge code; the old one stops working. The code is in this answer only."""
    student = selectors.student_get(user=request.user, uuid=uuid)
    issued = services.badge_issue(actor=request.user, student=student)
    return Status(
        201, {"student": student.uuid, "code": issued.code, "issued_at": issued.badge.issued_at}
    )


@router.get("/attendance/students/{uuid}/rate", response={200: RateOut, **ERRORS})
def student_rate(request: HttpRequest, uuid: UUID) -> dict[str, Any]:
    student = selectors.student_get(user=request.user, uuid=uuid)
    return selectors.student_rate(student).as_dict()


@router.get("/attendance/centres/{slug}/rates", response={200: CentreRatesOut, **ERRORS})
def centre_rates(request: HttpRequest, slug: str) -> dict[str, Any]:
    centre = _centre(request, slug)
    total, slots = selectors.centre_rates(user=request.user, centre=centre)
    return {
        "centre": total.as_dict(),
        "slots": [{"slot": s.uuid, "label": s.label, **r.as_dict()} for s, r in slots],
    }


@router.get("/attendance/follow-up", response={200: list[FollowUpOut], **ERRORS})
def follow_up(request: HttpRequest) -> list[Any]:
    return list(selectors.followups(user=request.user))


class LabRegisterRowOut(Schema):
    student: UUID
    name: str
    cells: list[str] = Field(
        description="per session: present, late, left, absent, justified, or empty (to come)"
    )
    present: int
    absent: int


class LabRegisterOut(Schema):
    sessions: list[UUID]
    starts: list[datetime]
    rows: list[LabRegisterRowOut]


@router.get("/attendance/labs/{uuid}", response={200: LabRegisterOut, **ERRORS})
def lab_register(request: HttpRequest, uuid: UUID) -> LabRegisterOut:
    """The lab's expert, the centre's managers, network admins."""
    from parcours.labs import selectors as labs

    lab = labs.lab_get(user=request.user, uuid=uuid)
    register = selectors.lab_register(user=request.user, lab=lab)
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
