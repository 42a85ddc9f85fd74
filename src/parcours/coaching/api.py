"""Coaching's API: a student's timeline, notes (with their history), follow-up actions and
messages to the family, for the staff who follow the student; the notes shared with a student
and family, for them. The same rules as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from parcours.coaching import selectors, services
from parcours.coaching.choices import NOTE_MAX, SUBJECT_MAX, TITLE_MAX, Strand
from parcours.core.api import ERRORS, MAX_LIMIT, MAX_OFFSET

if TYPE_CHECKING:
    from parcours.coaching.models import Action, FamilyMessage, Note, NoteVersion
    from parcours.people.models import User

router = Router(tags=["coaching"])


def _person(user: User | None) -> str:
    return user.get_full_name() if user else ""


class EventOut(Schema):
    when: datetime
    strand: str = Field(description="enrolment, attendance, learning, labs or coaching")
    text: str
    detail: str
    staff_only: bool


class TimelineOut(Schema):
    page: int
    has_next: bool
    events: list[EventOut]


class TimelineFilters(Schema):
    strand: list[Literal["enrolment", "attendance", "learning", "labs", "coaching"]] = Field(
        default_factory=list
    )
    page: int = Field(1, ge=1, le=400)


class NoteOut(Schema):
    uuid: UUID
    student: UUID
    author: str
    body: str
    shared: bool
    pinned: bool
    revision: int
    created_at: datetime
    edited_at: datetime | None
    edited_by: str


class NoteIn(Schema):
    body: str = Field(max_length=NOTE_MAX)
    shared: bool = False
    pinned: bool = False
    key: UUID | None = Field(None, description="the same key twice writes one note")


class NoteEditIn(Schema):
    body: str = Field(max_length=NOTE_MAX)
    shared: bool
    revision: int = Field(ge=1, description="the revision the edit was made on")


class PinIn(Schema):
    pinned: bool


class NoteVersionOut(Schema):
    revision: int
    body: str
    shared: bool
    written_by: str
    written_at: datetime


class ActionOut(Schema):
    uuid: UUID
    student: UUID
    first_name: str
    last_name: str
    title: str
    due_on: date
    owner: UUID | None
    status: str
    closed_at: datetime | None


class ActionIn(Schema):
    title: str = Field(max_length=TITLE_MAX)
    due_on: date
    owner: UUID | None = Field(None, description="a coach or manager of the centre; you if empty")
    key: UUID | None = None


class ActionCloseIn(Schema):
    status: Literal["done", "cancelled"]


class ActionFilters(Schema):
    status: Literal["open", "done", "cancelled", "all"] = "open"
    mine: bool = True
    q: str = Field("", max_length=100)
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ActionPage(Schema):
    count: int
    items: list[ActionOut]


class MessageIn(Schema):
    subject: str = Field(max_length=SUBJECT_MAX)
    body: str = Field(max_length=NOTE_MAX)
    key: UUID | None = None


class MessageOut(Schema):
    uuid: UUID
    subject: str
    body: str
    sender: str
    recipients: str
    sent_count: int
    created_at: datetime


def note_out(note: Note) -> NoteOut:
    return NoteOut(
        uuid=note.uuid,
        student=note.student.uuid,
        author=_person(note.author),
        body=note.body,
        shared=note.shared,
        pinned=note.pinned,
        revision=note.revision,
        created_at=note.created_at,
        edited_at=note.edited_at,
        edited_by=_person(note.edited_by),
    )


def version_out(version: NoteVersion) -> NoteVersionOut:
    return NoteVersionOut(
        revision=version.revision,
        body=version.body,
        shared=version.shared,
        written_by=_person(version.written_by),
        written_at=version.written_at,
    )


def action_out(action: Action) -> ActionOut:
    return ActionOut(
        uuid=action.uuid,
        student=action.student.uuid,
        first_name=action.student.first_name,
        last_name=action.student.last_name,
        title=action.title,
        due_on=action.due_on,
        owner=action.owner.uuid if action.owner else None,
        status=action.status,
        closed_at=action.closed_at,
    )


def message_out(message: FamilyMessage) -> MessageOut:
    return MessageOut(
        uuid=message.uuid,
        subject=message.subject,
        body=message.body,
        sender=_person(message.sender),
        recipients=message.recipients,
        sent_count=message.sent_count,
        created_at=message.created_at,
    )


@router.get("/coaching/students/{uuid}/timeline", response={200: TimelineOut, **ERRORS})
def student_timeline(
    request: HttpRequest, uuid: UUID, filters: Query[TimelineFilters]
) -> TimelineOut:
    student = selectors.student_get(user=request.user, uuid=uuid)
    data = selectors.timeline(student=student, strands=filters.strand, page=filters.page)
    return TimelineOut(
        page=data.page,
        has_next=data.has_next,
        events=[
            EventOut(
                when=e.when,
                strand=Strand(e.strand).value,
                text=e.text,
                detail=e.detail,
                staff_only=e.staff_only,
            )
            for e in data.events
        ],
    )


@router.get("/coaching/students/{uuid}/notes", response={200: list[NoteOut], **ERRORS})
def student_notes(request: HttpRequest, uuid: UUID) -> list[NoteOut]:
    student = selectors.student_get(user=request.user, uuid=uuid)
    return [note_out(n) for n in selectors.student_notes(user=request.user, student=student)]


@router.post("/coaching/students/{uuid}/notes", response={201: NoteOut, **ERRORS})
def add_note(request: HttpRequest, uuid: UUID, payload: NoteIn) -> Status:
    student = selectors.student_get(user=request.user, uuid=uuid)
    note = services.note_create(
        actor=request.user,
        student=student,
        body=payload.body,
        shared=payload.shared,
        pinned=payload.pinned,
        key=payload.key,
    )
    return Status(201, note_out(selectors.note_get(user=request.user, uuid=note.uuid)))


@router.put("/coaching/notes/{uuid}", response={200: NoteOut, **ERRORS})
def edit_note(request: HttpRequest, uuid: UUID, payload: NoteEditIn) -> NoteOut:
    note = selectors.note_get(user=request.user, uuid=uuid)
    services.note_edit(
        actor=request.user,
        note=note,
        body=payload.body,
        shared=payload.shared,
        revision=payload.revision,
    )
    return note_out(selectors.note_get(user=request.user, uuid=uuid))


@router.post("/coaching/notes/{uuid}/pin", response={200: NoteOut, **ERRORS})
def pin_note(request: HttpRequest, uuid: UUID, payload: PinIn) -> NoteOut:
    note = selectors.note_get(user=request.user, uuid=uuid)
    services.note_pin(actor=request.user, note=note, pinned=payload.pinned)
    return note_out(selectors.note_get(user=request.user, uuid=uuid))


@router.get("/coaching/notes/{uuid}/history", response={200: list[NoteVersionOut], **ERRORS})
def note_history(request: HttpRequest, uuid: UUID) -> list[NoteVersionOut]:
    note = selectors.note_get(user=request.user, uuid=uuid)
    return [version_out(v) for v in selectors.note_history(note)]


@router.get("/coaching/shared-notes", response={200: list[NoteOut], **ERRORS})
def shared_notes(request: HttpRequest) -> list[NoteOut]:
    """The notes shared with the caller as a student or a guardian (the last 100)."""
    return [note_out(n) for n in selectors.shared_notes(request.user)[:100]]


@router.get("/coaching/actions", response={200: ActionPage, **ERRORS})
def list_actions(request: HttpRequest, filters: Query[ActionFilters]) -> ActionPage:
    rows = selectors.action_list(
        user=request.user, status=filters.status, mine=filters.mine, q=filters.q
    )
    page = rows[filters.offset : filters.offset + filters.limit]
    return ActionPage(count=rows.count(), items=[action_out(a) for a in page])


@router.post("/coaching/students/{uuid}/actions", response={201: ActionOut, **ERRORS})
def add_action(request: HttpRequest, uuid: UUID, payload: ActionIn) -> Status:
    student = selectors.student_get(user=request.user, uuid=uuid)
    action = services.action_create(
        actor=request.user,
        student=student,
        title=payload.title,
        due_on=payload.due_on,
        owner=payload.owner,
        key=payload.key,
    )
    return Status(201, action_out(selectors.action_get(user=request.user, uuid=action.uuid)))


@router.post("/coaching/actions/{uuid}/close", response={200: ActionOut, **ERRORS})
def close_action(request: HttpRequest, uuid: UUID, payload: ActionCloseIn) -> ActionOut:
    action = selectors.action_get(user=request.user, uuid=uuid)
    services.action_close(actor=request.user, action=action, status=payload.status)
    return action_out(selectors.action_get(user=request.user, uuid=uuid))


@router.get("/coaching/students/{uuid}/messages", response={200: list[MessageOut], **ERRORS})
def student_messages(request: HttpRequest, uuid: UUID) -> list[MessageOut]:
    student = selectors.student_get(user=request.user, uuid=uuid)
    rows = selectors.messages_of(user=request.user, student=student)[:100]
    return [message_out(m) for m in rows]


@router.post("/coaching/students/{uuid}/messages", response={201: MessageOut, **ERRORS})
def send_message(request: HttpRequest, uuid: UUID, payload: MessageIn) -> Status:
    student = selectors.student_get(user=request.user, uuid=uuid)
    message = services.family_message_send(
        actor=request.user,
        student=student,
        subject=payload.subject,
        body=payload.body,
        key=payload.key,
    )
    return Status(201, message_out(message))


# --- Caseloads (managers) ---------------------------------------------------------------------


class CoachLoadOut(Schema):
    uuid: UUID
    first_name: str
    last_name: str
    students: int
    alerts: int


class CaseloadsOut(Schema):
    registered: int
    unassigned: int
    coaches: list[CoachLoadOut]


class PlanIn(Schema):
    students: list[UUID] = Field(default_factory=list, max_length=2000)
    coach: UUID | None = Field(None, description="give ``students`` to this coach")
    rebalance: bool = Field(False, description="even out the centre's caseloads instead")


class MoveOut(Schema):
    student: UUID
    first_name: str
    last_name: str
    source: UUID | None
    target: UUID


class LoadOut(Schema):
    coach: UUID
    before: int
    after: int


class PlanOut(Schema):
    moves: list[MoveOut]
    loads: list[LoadOut]
    unassigned_before: int
    unassigned_after: int


class MoveIn(Schema):
    student: UUID
    coach: UUID


class ApplyIn(Schema):
    moves: list[MoveIn] = Field(max_length=2000)


class ApplyOut(Schema):
    changed: int


@router.get("/coaching/centres/{slug}/caseloads", response={200: CaseloadsOut, **ERRORS})
def caseloads(request: HttpRequest, slug: str) -> CaseloadsOut:
    centre = selectors.caseload_centre(user=request.user, slug=slug)
    board = selectors.caseload_board(user=request.user, centre=centre)
    return CaseloadsOut(
        registered=board.registered,
        unassigned=board.unassigned,
        coaches=[
            CoachLoadOut(
                uuid=load.coach.uuid,
                first_name=load.coach.first_name,
                last_name=load.coach.last_name,
                students=load.students,
                alerts=load.alerts,
            )
            for load in board.coaches
        ],
    )


@router.post("/coaching/centres/{slug}/caseloads/plan", response={200: PlanOut, **ERRORS})
def caseload_plan(request: HttpRequest, slug: str, payload: PlanIn) -> PlanOut:
    """What a change would do, without doing it: the students given to a coach, or the
    fewest changes of coach that even out the caseloads (``rebalance``)."""
    centre = selectors.caseload_centre(user=request.user, slug=slug)
    if payload.rebalance:
        plan = selectors.caseload_plan_rebalance(user=request.user, centre=centre)
    else:
        plan = selectors.caseload_plan_assign(
            user=request.user,
            centre=centre,
            students=payload.students,
            coach=str(payload.coach or ""),
        )
    return PlanOut(
        moves=[
            MoveOut(
                student=m.student.uuid,
                first_name=m.student.first_name,
                last_name=m.student.last_name,
                source=m.source.uuid if m.source else None,
                target=m.target.uuid,
            )
            for m in plan.moves
        ],
        loads=[LoadOut(coach=c.uuid, before=b, after=a) for c, b, a in plan.loads],
        unassigned_before=plan.unassigned_before,
        unassigned_after=plan.unassigned_after,
    )


@router.post("/coaching/centres/{slug}/caseloads/apply", response={200: ApplyOut, **ERRORS})
def caseload_apply(request: HttpRequest, slug: str, payload: ApplyIn) -> ApplyOut:
    """Save a plan's moves (all or nothing; the same list twice changes nothing more)."""
    centre = selectors.caseload_centre(user=request.user, slug=slug)
    changed = services.caseload_apply(
        actor=request.user,
        centre=centre,
        moves=[(m.student, m.coach) for m in payload.moves],
    )
    return ApplyOut(changed=changed)
