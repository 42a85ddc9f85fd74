"""The orientation programme's API, with the pages' permissions: the staff running a
centre's programme read its figures and participants, invite, move students through the
stages (409 when the stage changed meanwhile), write notes; the student and her coach build
the plan and record the outcome; the student joins or answers an invitation; her family reads
her participation with the shared notes only."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from parcours.centres.selectors import centre_get
from parcours.core.api import ERRORS
from parcours.core.errors import NotFound
from parcours.learning.selectors import followed_student_get
from parcours.orientation import permissions as can
from parcours.orientation import selectors, services
from parcours.orientation.choices import OutcomeKind, PlanStatus, Stage
from parcours.orientation.choices import Status as PStatus
from parcours.people.types import signed_in
from parcours.training_offers import selectors as offer_selectors

router = Router(tags=["orientation"])


class OrientationStageCount(Schema):
    stage: Stage
    enrolled: int


class OrientationProgrammeOut(Schema):
    id: UUID
    centre: str
    year: int
    title: str
    capacity: int
    open_to_volunteers: bool
    stages: list[OrientationStageCount]
    enrolled: int
    completed: int
    waitlisted: int
    invited: int
    places_left: int
    plans_started: int
    plans_completed: int
    outcomes: dict[str, int]


def programme_out(p: Any) -> OrientationProgrammeOut:
    f = selectors.figures(p)
    return OrientationProgrammeOut(
        id=p.uuid,
        centre=p.centre.slug,
        year=p.year,
        title=p.title,
        capacity=p.capacity,
        open_to_volunteers=p.open_to_volunteers,
        stages=[OrientationStageCount(stage=Stage(code), enrolled=n) for code, _l, n in f.by_stage],
        enrolled=f.enrolled,
        completed=f.completed,
        waitlisted=f.waitlisted,
        invited=f.invited,
        places_left=f.places_left,
        plans_started=f.plans_started,
        plans_completed=f.plans_completed,
        outcomes=dict(f.outcomes),
    )


def _run_centre(request: HttpRequest, slug: str) -> Any:
    place = centre_get(user=request.user, slug=slug)
    if not can.runs(request.user, place.pk):
        raise NotFound()
    return place


def _programme(request: HttpRequest, slug: str) -> Any:
    programme = selectors.current_programme(_run_centre(request, slug))
    if programme is None:
        raise NotFound()
    return programme


@router.get(
    "/orientation/centres/{slug}/programme", response={200: OrientationProgrammeOut, **ERRORS}
)
def get_programme(request: HttpRequest, slug: str) -> OrientationProgrammeOut:
    """This school year's programme of the centre, with its figures (staff running it)."""
    return programme_out(_programme(request, slug))


class OrientationProgrammeIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    capacity: int = Field(130, ge=1, le=2000)
    open_to_volunteers: bool = True


@router.post(
    "/orientation/centres/{slug}/programme", response={201: OrientationProgrammeOut, **ERRORS}
)
def open_programme(request: HttpRequest, slug: str, payload: OrientationProgrammeIn) -> Status:
    """Open this school year's programme (a manager); a second one the same year: 409."""
    place = _run_centre(request, slug)
    year = services.school_year(timezone.localdate(timezone=place.zone))
    made = services.programme_create(actor=request.user, centre=place, year=year, **payload.dict())
    return Status(201, programme_out(made))


class OrientationParticipantRow(Schema):
    id: UUID
    student: UUID
    first_name: str
    last_name: str
    status: PStatus
    stage: Stage
    stage_since: dt.datetime | None
    plan: PlanStatus | None


class OrientationParticipantsIn(Schema):
    stage: Stage | None = None
    status: PStatus | None = None
    q: str = Field("", max_length=100)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=100_000)


class OrientationParticipantPage(Schema):
    count: int
    items: list[OrientationParticipantRow]


def _row(p: Any) -> OrientationParticipantRow:
    plan = getattr(p, "plan", None)
    return OrientationParticipantRow(
        id=p.uuid,
        student=p.student.uuid,
        first_name=p.student.first_name,
        last_name=p.student.last_name,
        status=p.status,
        stage=p.stage,
        stage_since=p.stage_changed_at,
        plan=plan.status if plan else None,
    )


@router.get(
    "/orientation/centres/{slug}/participants", response={200: OrientationParticipantPage, **ERRORS}
)
def list_participants(
    request: HttpRequest, slug: str, filters: Query[OrientationParticipantsIn]
) -> OrientationParticipantPage:
    rows = selectors.participants(
        _programme(request, slug),
        stage=filters.stage or "",
        status=filters.status or "",
        q=filters.q,
    )
    page = rows[filters.offset : filters.offset + filters.limit]
    return OrientationParticipantPage(count=rows.count(), items=[_row(p) for p in page])


class OrientationInviteIn(Schema):
    student: UUID


@router.post(
    "/orientation/centres/{slug}/invitations", response={200: OrientationParticipantRow, **ERRORS}
)
def invite_student(
    request: HttpRequest, slug: str, payload: OrientationInviteIn
) -> OrientationParticipantRow:
    """Invite a student (her coach or a manager); again: the same participation."""
    programme = _programme(request, slug)
    student = followed_student_get(user=request.user, uuid=payload.student)
    return _row(services.invite(actor=request.user, programme=programme, student=student))


class StageNoteOut(Schema):
    id: UUID
    stage: Stage
    text: str
    shared: bool
    author: str
    written_at: dt.datetime


class PlanStepOut(Schema):
    id: UUID
    what: str
    due_on: dt.date | None
    helper: str
    done: bool


class PlanKeptOfferOut(Schema):
    id: UUID
    title: str
    provider: str


class ActionPlanOut(Schema):
    status: PlanStatus | None
    interests: str
    strengths: str
    targets: str
    kept_offers: list[PlanKeptOfferOut]
    steps: list[PlanStepOut]
    validated_competencies: list[str]


class OrientationOutcomeOut(Schema):
    kind: OutcomeKind
    detail: str


class OrientationParticipantOut(OrientationParticipantRow):
    programme: str
    notes: list[StageNoteOut] = Field(description="staff: every note; the family: the shared ones")
    plan_detail: ActionPlanOut
    outcome: OrientationOutcomeOut | None
    pdf_url: str


def participant_out(request: HttpRequest, p: Any) -> OrientationParticipantOut:
    view = selectors.plan_view(p)
    plan = view.plan
    outcome = getattr(p, "outcome", None)
    return OrientationParticipantOut(
        **_row(p).dict(),
        programme=p.programme.title,
        notes=[
            StageNoteOut(
                id=n.uuid,
                stage=Stage(n.stage),
                text=n.text,
                shared=n.shared,
                author=n.author.first_name if n.author else "",
                written_at=n.created_at,
            )
            for n in selectors.notes_for(request.user, p)
        ],
        plan_detail=ActionPlanOut(
            status=PlanStatus(plan.status) if plan else None,
            interests=plan.interests if plan else "",
            strengths=plan.strengths if plan else "",
            targets=plan.targets if plan else "",
            kept_offers=[
                PlanKeptOfferOut(id=k.offer.uuid, title=k.offer.title, provider=k.offer.provider)
                for k in view.kept
            ],
            steps=[
                PlanStepOut(id=s.uuid, what=s.what, due_on=s.due_on, helper=s.helper, done=s.done)
                for s in view.steps
            ],
            validated_competencies=view.competencies,
        ),
        outcome=OrientationOutcomeOut(kind=outcome.kind, detail=outcome.detail)
        if outcome
        else None,
        pdf_url=f"/orientation/participants/{p.uuid}/plan.pdf",
    )


def _get(request: HttpRequest, uuid: UUID) -> Any:
    return selectors.participant_get(user=request.user, uuid=uuid)


@router.get("/orientation/participants/{uuid}", response={200: OrientationParticipantOut, **ERRORS})
def get_participant(request: HttpRequest, uuid: UUID) -> OrientationParticipantOut:
    return participant_out(request, _get(request, uuid))


class StageMoveIn(Schema):
    seen: str = Field(..., min_length=1, description="the stage (or 'completed') you saw")
    to: str = Field(..., min_length=1, description="a stage, or 'completed'")


@router.post(
    "/orientation/participants/{uuid}/stage", response={200: OrientationParticipantOut, **ERRORS}
)
def move_stage(request: HttpRequest, uuid: UUID, payload: StageMoveIn) -> OrientationParticipantOut:
    """Move the student to a stage (staff); 409 when it changed since ``seen``."""
    p = services.move(actor=request.user, participant=_get(request, uuid), **payload.dict())
    return participant_out(request, _get(request, p.uuid))


class StageNoteIn(Schema):
    text: str = Field(..., min_length=1, max_length=5000)
    shared: bool = False


@router.post("/orientation/participants/{uuid}/notes", response={201: StageNoteOut, **ERRORS})
def add_note(request: HttpRequest, uuid: UUID, payload: StageNoteIn) -> Status:
    n = services.note_add(actor=request.user, participant=_get(request, uuid), **payload.dict())
    return Status(
        201,
        StageNoteOut(
            id=n.uuid,
            stage=Stage(n.stage),
            text=n.text,
            shared=n.shared,
            author=n.author.first_name if n.author else "",
            written_at=n.created_at,
        ),
    )


class ActionPlanIn(Schema):
    interests: str = Field("", max_length=3000)
    strengths: str = Field("", max_length=3000)
    targets: str = Field("", max_length=3000)
    status: PlanStatus = PlanStatus.DRAFT


@router.put(
    "/orientation/participants/{uuid}/plan", response={200: OrientationParticipantOut, **ERRORS}
)
def put_plan(request: HttpRequest, uuid: UUID, payload: ActionPlanIn) -> OrientationParticipantOut:
    """The plan's texts (the student or the staff running the programme)."""
    p = _get(request, uuid)
    services.plan_update(actor=request.user, participant=p, **payload.dict())
    return participant_out(request, p)


class PlanStepIn(Schema):
    what: str = Field(..., min_length=1, max_length=300)
    due_on: dt.date | None = None
    helper: str = Field("", max_length=120)


@router.post("/orientation/participants/{uuid}/steps", response={201: PlanStepOut, **ERRORS})
def add_step(request: HttpRequest, uuid: UUID, payload: PlanStepIn) -> Status:
    s = services.step_add(actor=request.user, participant=_get(request, uuid), **payload.dict())
    return Status(
        201, PlanStepOut(id=s.uuid, what=s.what, due_on=s.due_on, helper=s.helper, done=s.done)
    )


class PlanStepDoneIn(Schema):
    done: bool


@router.patch("/orientation/participants/{uuid}/steps/{step}", response={204: None, **ERRORS})
def tick_step(request: HttpRequest, uuid: UUID, step: UUID, payload: PlanStepDoneIn) -> Status:
    services.step_set(
        actor=request.user, participant=_get(request, uuid), uuid=step, done=payload.done
    )
    return Status(204, None)


@router.delete("/orientation/participants/{uuid}/steps/{step}", response={204: None, **ERRORS})
def remove_step(request: HttpRequest, uuid: UUID, step: UUID) -> Status:
    services.step_set(actor=request.user, participant=_get(request, uuid), uuid=step, done=None)
    return Status(204, None)


class OrientationOutcomeIn(Schema):
    kind: OutcomeKind
    detail: str = Field("", max_length=300)
    offer: UUID | None = Field(None, description="an offer of the catalogue, if it is one")


@router.put(
    "/orientation/participants/{uuid}/outcome", response={200: OrientationParticipantOut, **ERRORS}
)
def put_outcome(
    request: HttpRequest, uuid: UUID, payload: OrientationOutcomeIn
) -> OrientationParticipantOut:
    p = _get(request, uuid)
    offer = offer_selectors.offer_get(payload.offer) if payload.offer else None
    services.outcome_record(
        actor=request.user, participant=p, kind=payload.kind, detail=payload.detail, offer=offer
    )
    return participant_out(request, _get(request, uuid))


class InvitationAnswerIn(Schema):
    accept: bool


@router.post(
    "/orientation/participants/{uuid}/answer", response={200: OrientationParticipantOut, **ERRORS}
)
def answer_invitation(
    request: HttpRequest, uuid: UUID, payload: InvitationAnswerIn
) -> OrientationParticipantOut:
    """The invited student accepts or declines (again: nothing more)."""
    p = services.answer(actor=request.user, participant=_get(request, uuid), accept=payload.accept)
    return participant_out(request, _get(request, p.uuid))


@router.post(
    "/orientation/participants/{uuid}/withdraw", response={200: OrientationParticipantOut, **ERRORS}
)
def withdraw(request: HttpRequest, uuid: UUID) -> OrientationParticipantOut:
    p = services.withdraw(actor=request.user, participant=_get(request, uuid))
    return participant_out(request, _get(request, p.uuid))


class MyOrientationOut(Schema):
    programme: str | None
    open_to_volunteers: bool
    participation: OrientationParticipantOut | None


@router.get("/me/orientation", response={200: MyOrientationOut, **ERRORS})
def my_orientation(request: HttpRequest) -> MyOrientationOut:
    """The signed-in student's programme this year and her participation."""
    me = followed_student_get(user=request.user, uuid=signed_in(request.user).uuid)
    programme = selectors.current_programme(me.student_profile.centre)
    p = selectors.participation_of(me)
    return MyOrientationOut(
        programme=programme.title if programme else None,
        open_to_volunteers=bool(programme and programme.open_to_volunteers),
        participation=participant_out(request, p) if p else None,
    )


@router.post("/me/orientation/join", response={200: OrientationParticipantOut, **ERRORS})
def join(request: HttpRequest) -> OrientationParticipantOut:
    """Volunteer (a place, or the waiting list when full); again: the same participation."""
    me = followed_student_get(user=request.user, uuid=signed_in(request.user).uuid)
    programme = selectors.current_programme(me.student_profile.centre)
    if programme is None:
        raise NotFound()
    p = services.volunteer(actor=request.user, programme=programme)
    return participant_out(request, _get(request, p.uuid))


class OrientationAttendeeOut(Schema):
    participant: UUID
    first_name: str
    last_name: str
    present: bool | None


class OrientationMeetingOut(Schema):
    id: UUID
    kind: str
    stage: Stage
    starts_at: dt.datetime
    ends_at: dt.datetime
    lead: str
    template: str | None
    attendees: list[OrientationAttendeeOut]


def meeting_out(m: Any) -> OrientationMeetingOut:
    return OrientationMeetingOut(
        id=m.uuid,
        kind=m.kind,
        stage=Stage(m.stage),
        starts_at=m.session.starts_at,
        ends_at=m.session.ends_at,
        lead=m.lead.first_name if m.lead else "",
        template=m.template.key if m.template else None,
        attendees=[
            OrientationAttendeeOut(
                participant=a.participant.uuid,
                first_name=a.participant.student.first_name,
                last_name=a.participant.student.last_name,
                present=a.present,
            )
            for a in selectors.attendees(m)
        ],
    )


class OrientationMeetingIn(Schema):
    kind: Literal["interview", "workshop"]
    stage: Stage
    starts_at: dt.datetime
    minutes: int = Field(45, ge=15, le=240)
    participants: list[UUID] = Field(..., min_length=1, max_length=200)
    template: str | None = Field(None, max_length=60, description="a template's key")


@router.post(
    "/orientation/centres/{slug}/meetings", response={201: OrientationMeetingOut, **ERRORS}
)
def schedule_meeting(request: HttpRequest, slug: str, payload: OrientationMeetingIn) -> Status:
    """Schedule an interview (one participant) or a workshop: an extra session in the
    invited students' calendars (staff running the programme)."""
    programme = _programme(request, slug)
    people = list(selectors.participants(programme).filter(uuid__in=payload.participants))
    if len(people) != len(set(payload.participants)):
        raise NotFound()
    template = next(
        (t for t in selectors.templates_for(programme.centre) if t.key == payload.template),
        None,
    )
    made = services.meeting_schedule(
        actor=request.user,
        programme=programme,
        kind=payload.kind,
        stage=payload.stage,
        starts_at=payload.starts_at,
        minutes=payload.minutes,
        participants=people,
        template=template,
    )
    return Status(201, meeting_out(selectors.meeting_get(user=request.user, uuid=made.uuid)))


@router.get("/orientation/meetings/{uuid}", response={200: OrientationMeetingOut, **ERRORS})
def get_meeting(request: HttpRequest, uuid: UUID) -> OrientationMeetingOut:
    return meeting_out(selectors.meeting_get(user=request.user, uuid=uuid))


class OrientationAttendanceIn(Schema):
    present: dict[UUID, bool] = Field(..., description="participant id -> present")


@router.put(
    "/orientation/meetings/{uuid}/attendance", response={200: OrientationMeetingOut, **ERRORS}
)
def take_attendance(
    request: HttpRequest, uuid: UUID, payload: OrientationAttendanceIn
) -> OrientationMeetingOut:
    m = selectors.meeting_get(user=request.user, uuid=uuid)
    services.attendance_take(actor=request.user, meeting=m, present=dict(payload.present))
    return meeting_out(m)
