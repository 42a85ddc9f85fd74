"""Labs over HTTP: the same services, selectors and policies as the pages."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from parcours.catalogue.models import LabTemplate, MasterlabTemplate
from parcours.centres import selectors as centres
from parcours.centres.models import Room
from parcours.core.api import ERRORS
from parcours.core.errors import Forbidden, ValidationFailed
from parcours.labs import allocation, selectors, services
from parcours.labs.models import AllocationRun, Application, Lab, LabCycle, Masterlab, Seat
from parcours.labs.permissions import can_lead, can_manage_labs, is_student_of
from parcours.learning.models import Submission
from parcours.people.models import User
from parcours.schedule.models import Slot

router = Router(tags=["labs"])


# --- Schemas ---------------------------------------------------------------------------------


class CycleIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    starts_on: dt.date
    ends_on: dt.date
    applications_open_at: dt.datetime
    applications_close_at: dt.datetime
    max_wishes: int = Field(3, ge=1, le=10)
    mechanism: str = "stable"


class CycleOut(Schema):
    uuid: UUID
    name: str
    starts_on: dt.date
    ends_on: dt.date
    applications_open_at: dt.datetime
    applications_close_at: dt.datetime
    max_wishes: int
    mechanism: str
    status: str


class StatusIn(Schema):
    status: str


class LabIn(Schema):
    template: str = Field(..., description="lab template key")
    level: int | None = Field(None, ge=1, le=3)
    expert: UUID
    room: UUID | None = None
    slot: UUID | None = None
    holiday_first_day: dt.date | None = None
    holiday_last_day: dt.date | None = None
    seats: int | None = Field(None, ge=1, le=40)


class LabOut(Schema):
    uuid: UUID
    cycle: UUID
    template: str
    title: str
    level: int
    expert: UUID
    room: UUID | None
    slot: UUID | None
    holiday_first_day: dt.date | None
    holiday_last_day: dt.date | None
    seats: int


class OptionOut(Schema):
    lab: UUID
    title: str
    level: int
    eligible: bool
    reason: str
    rank: int | None
    flagged: bool


class WishesIn(Schema):
    labs: list[UUID] = Field(..., max_length=10, description="lab uuids, best first")
    flagged: UUID | None = None


class WishOut(Schema):
    lab: UUID
    rank: int | None
    flagged: bool
    applied_at: dt.datetime


class SeatStateOut(Schema):
    uuid: UUID
    lab: UUID
    title: str
    status: str
    offered_until: dt.datetime | None


class ResultOut(Schema):
    published: bool
    lab: UUID | None = None
    seat: UUID | None = None
    offer: SeatStateOut | None = None
    sentence: str = ""
    reason: dict[str, Any] = {}


class SeatOut(Schema):
    student: UUID
    name: str
    status: str


class MasterlabIn(Schema):
    template: str = Field(..., description="masterlab template key")
    first_day: dt.date
    last_day: dt.date
    guest: str = Field(..., min_length=1, max_length=200)
    seats: int | None = Field(None, ge=1, le=40)
    applications_open_at: dt.datetime
    applications_close_at: dt.datetime


class MasterlabOut(Schema):
    uuid: UUID
    template: str
    title: str
    first_day: dt.date
    last_day: dt.date
    guest: str
    seats: int
    applications_open_at: dt.datetime
    applications_close_at: dt.datetime


class MasterlabApplyIn(Schema):
    motivation: str = Field(..., max_length=3000)
    submissions: list[UUID] = Field([], max_length=5)


class MasterlabApplicationOut(Schema):
    uuid: UUID
    student: UUID
    motivation: str
    submissions: list[UUID]
    applied_at: dt.datetime


class PublishIn(Schema):
    mechanism: str


class RunOut(Schema):
    uuid: UUID
    dry_run: bool
    mechanism: str
    status: str
    progress: int
    metrics: dict[str, Any]
    published_at: dt.datetime | None


def _cycle_out(c: LabCycle) -> CycleOut:
    return CycleOut.from_orm(c)


def _lab_out(lab: Lab) -> LabOut:
    return LabOut(
        uuid=lab.uuid,
        cycle=lab.cycle.uuid,
        template=lab.template.key,
        title=lab.template.title,
        level=lab.level,
        expert=lab.expert.uuid,
        room=lab.room.uuid if lab.room else None,
        slot=lab.slot.uuid if lab.slot else None,
        holiday_first_day=lab.holiday_first_day,
        holiday_last_day=lab.holiday_last_day,
        seats=lab.seats,
    )


def _masterlab_out(m: Masterlab) -> MasterlabOut:
    return MasterlabOut(
        uuid=m.uuid,
        template=m.template.key,
        title=m.template.title,
        first_day=m.first_day,
        last_day=m.last_day,
        guest=m.guest,
        seats=m.seats,
        applications_open_at=m.applications_open_at,
        applications_close_at=m.applications_close_at,
    )


def _run_out(r: AllocationRun) -> RunOut:
    return RunOut(
        uuid=r.uuid,
        dry_run=r.dry_run,
        mechanism=r.mechanism,
        status=r.status,
        progress=r.progress,
        metrics=r.metrics,
        published_at=r.published_at,
    )


def _invalid(name: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={name: [message]})


def _one(model: Any, name: str, message: str, **lookup: Any) -> Any:
    row = model.objects.filter(**lookup).first()
    if row is None:
        raise _invalid(name, message)
    return row


# --- Cycles and labs --------------------------------------------------------------------------


@router.get("/centres/{slug}/lab-cycles", response={200: list[CycleOut], **ERRORS})
def list_cycles(request: HttpRequest, slug: str) -> list[CycleOut]:
    centre = centres.centre_get(user=request.user, slug=slug)
    return [_cycle_out(c) for c in selectors.cycle_list(user=request.user, centre=centre)]


@router.post("/centres/{slug}/lab-cycles", response={201: CycleOut, **ERRORS})
def create_cycle(request: HttpRequest, slug: str, payload: CycleIn) -> Status[CycleOut]:
    centre = centres.centre_get(user=request.user, slug=slug)
    cycle = services.cycle_create(actor=request.user, centre=centre, data=payload.dict())
    return Status(201, _cycle_out(cycle))


@router.get("/lab-cycles/{uuid}", response={200: CycleOut, **ERRORS})
def get_cycle(request: HttpRequest, uuid: UUID) -> CycleOut:
    return _cycle_out(selectors.cycle_get(user=request.user, uuid=uuid))


@router.post("/lab-cycles/{uuid}/status", response={200: CycleOut, **ERRORS})
def set_status(request: HttpRequest, uuid: UUID, payload: StatusIn) -> CycleOut:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    return _cycle_out(
        services.cycle_set_status(actor=request.user, cycle=cycle, status=payload.status)
    )


@router.get("/lab-cycles/{uuid}/labs", response={200: list[LabOut], **ERRORS})
def list_labs(request: HttpRequest, uuid: UUID) -> list[LabOut]:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    return [_lab_out(lab) for lab in selectors.lab_list(user=request.user, cycle=cycle)]


@router.post("/lab-cycles/{uuid}/labs", response={201: LabOut, **ERRORS})
def create_lab(request: HttpRequest, uuid: UUID, payload: LabIn) -> Status[LabOut]:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    if not can_manage_labs(request.user, cycle.centre):
        raise Forbidden()
    centre = cycle.centre
    data: dict[str, Any] = payload.dict()
    data["template"] = _one(
        LabTemplate, "template", _("Unknown lab template."), key=payload.template
    )
    data["expert"] = _one(User, "expert", _("Unknown expert."), uuid=payload.expert)
    data["room"] = (
        _one(Room, "room", _("Unknown room."), uuid=payload.room, centre=centre)
        if payload.room
        else None
    )
    data["slot"] = (
        _one(Slot, "slot", _("Unknown slot."), uuid=payload.slot, centre=centre)
        if payload.slot
        else None
    )
    lab = services.lab_create(actor=request.user, cycle=cycle, data=data)
    return Status(201, _lab_out(lab))


@router.get("/labs/{uuid}", response={200: LabOut, **ERRORS})
def get_lab(request: HttpRequest, uuid: UUID) -> LabOut:
    return _lab_out(selectors.lab_get(user=request.user, uuid=uuid))


@router.get("/labs/{uuid}/roster", response={200: list[SeatOut], **ERRORS})
def roster(request: HttpRequest, uuid: UUID) -> list[SeatOut]:
    """The lab's expert, the centre's managers and network admins."""
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    if not can_lead(request.user, lab):
        raise Forbidden()
    return [
        SeatOut(student=s.student.uuid, name=str(s.student), status=s.status)
        for s in selectors.roster(user=request.user, lab=lab)
    ]


# --- A student's wishes -----------------------------------------------------------------------


def _student_cycle(request: HttpRequest, uuid: UUID) -> LabCycle:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    if not is_student_of(request.user, cycle.centre):
        raise Forbidden()
    return cycle


@router.get("/lab-cycles/{uuid}/options", response={200: list[OptionOut], **ERRORS})
def options(request: HttpRequest, uuid: UUID) -> list[OptionOut]:
    """Every lab of the cycle for the signed-in student: open to them, or why not."""
    cycle = _student_cycle(request, uuid)
    return [
        OptionOut(
            lab=o.lab.uuid,
            title=o.lab.template.title,
            level=o.lab.level,
            eligible=o.eligible,
            reason=o.reason,
            rank=o.rank,
            flagged=o.flagged,
        )
        for o in selectors.options_for(request.user, cycle).all
    ]


def _wishes_out(rows: list[Application]) -> list[WishOut]:
    return [
        WishOut(lab=a.lab.uuid, rank=a.rank, flagged=a.flagged, applied_at=a.applied_at)  # type: ignore[union-attr]
        for a in rows
    ]


@router.get("/lab-cycles/{uuid}/wishes", response={200: list[WishOut], **ERRORS})
def get_wishes(request: HttpRequest, uuid: UUID) -> list[WishOut]:
    cycle = _student_cycle(request, uuid)
    return _wishes_out(
        list(selectors.wishes_of(user=request.user, student=request.user, cycle=cycle))
    )


@router.put("/lab-cycles/{uuid}/wishes", response={200: list[WishOut], **ERRORS})
def put_wishes(request: HttpRequest, uuid: UUID, payload: WishesIn) -> list[WishOut]:
    """Replace the ranked list (best first); an empty list withdraws every wish."""
    cycle = _student_cycle(request, uuid)
    labs = {lab.uuid: lab for lab in Lab.objects.filter(cycle=cycle, uuid__in=payload.labs)}
    if len(labs) != len(set(payload.labs)):
        raise _invalid("labs", _("One of these labs is not part of the cycle."))
    if payload.flagged is not None and payload.flagged not in labs:
        raise _invalid("flagged", _("Your priority must be one of the labs you chose."))
    rows = services.wishes_set(
        actor=request.user,
        cycle=cycle,
        labs=[labs[u] for u in payload.labs],
        flagged=labs.get(payload.flagged) if payload.flagged else None,
    )
    return _wishes_out(rows)


@router.get("/lab-cycles/{uuid}/result", response={200: ResultOut, **ERRORS})
def result(request: HttpRequest, uuid: UUID) -> ResultOut:
    """The signed-in student's seat and its reason, once published."""
    cycle = _student_cycle(request, uuid)
    if cycle.status != "published":
        return ResultOut(published=False)
    seat = selectors.seat_of(user=request.user, student=request.user, cycle=cycle)
    titles = {str(lab.pk): lab.template.title for lab in cycle.labs.select_related("template")}
    data = seat.reason if seat else selectors.unassigned_reason(student=request.user, cycle=cycle)
    offer = selectors.offer_of(user=request.user, student=request.user, cycle=cycle)
    return ResultOut(
        published=True,
        lab=seat.lab.uuid if seat else None,
        seat=seat.uuid if seat else None,
        offer=_seat_state(offer) if offer else None,
        sentence=allocation.sentence(data, titles),
        reason=data,
    )


def _seat_state(seat: Seat) -> SeatStateOut:
    return SeatStateOut(
        uuid=seat.uuid,
        lab=seat.lab.uuid,
        title=seat.lab.template.title,
        status=seat.status,
        offered_until=seat.offered_until,
    )


def _seat(request: HttpRequest, uuid: UUID) -> Seat:
    return selectors.seat_get(user=request.user, uuid=uuid)


@router.post("/lab-seats/{uuid}/withdraw", response={200: SeatStateOut, **ERRORS})
def withdraw_seat(request: HttpRequest, uuid: UUID) -> SeatStateOut:
    """Give up a held seat (the student, a guardian, a manager); it goes to the next waiting."""
    return _seat_state(services.seat_withdraw(actor=request.user, seat=_seat(request, uuid)))


@router.post("/lab-seats/{uuid}/accept", response={200: SeatStateOut, **ERRORS})
def accept_offer(request: HttpRequest, uuid: UUID) -> SeatStateOut:
    """Accept an offer before its deadline (the student or a guardian); 409 after it."""
    return _seat_state(services.offer_accept(actor=request.user, seat=_seat(request, uuid)))


@router.post("/lab-seats/{uuid}/decline", response={200: SeatStateOut, **ERRORS})
def decline_offer(request: HttpRequest, uuid: UUID) -> SeatStateOut:
    """Decline an offer (the student or a guardian): it goes to the next waiting; 409 late."""
    return _seat_state(services.offer_decline(actor=request.user, seat=_seat(request, uuid)))


# --- Allocation -------------------------------------------------------------------------------


@router.get("/lab-cycles/{uuid}/runs", response={200: list[RunOut], **ERRORS})
def list_runs(request: HttpRequest, uuid: UUID) -> list[RunOut]:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    if not can_manage_labs(request.user, cycle.centre):
        raise Forbidden()
    return [_run_out(r) for r in selectors.runs_of(user=request.user, cycle=cycle)]


@router.post("/lab-cycles/{uuid}/dry-run", response={202: RunOut, **ERRORS})
def dry_run(request: HttpRequest, uuid: UUID) -> Status[RunOut]:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    run = services.dry_run_request(actor=request.user, cycle=cycle)
    run.refresh_from_db()
    return Status(202, _run_out(run))


@router.post("/lab-cycles/{uuid}/publish", response={202: RunOut, **ERRORS})
def publish(request: HttpRequest, uuid: UUID, payload: PublishIn) -> Status[RunOut]:
    """Publish once; asking again returns the same run."""
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    run = services.publish_request(actor=request.user, cycle=cycle, mechanism=payload.mechanism)
    run.refresh_from_db()
    return Status(202, _run_out(run))


# --- Masterlabs -------------------------------------------------------------------------------


@router.get("/centres/{slug}/masterlabs", response={200: list[MasterlabOut], **ERRORS})
def list_masterlabs(request: HttpRequest, slug: str) -> list[MasterlabOut]:
    centre = centres.centre_get(user=request.user, slug=slug)
    return [_masterlab_out(m) for m in selectors.masterlab_list(user=request.user, centre=centre)]


@router.post("/centres/{slug}/masterlabs", response={201: MasterlabOut, **ERRORS})
def create_masterlab(request: HttpRequest, slug: str, payload: MasterlabIn) -> Status[MasterlabOut]:
    centre = centres.centre_get(user=request.user, slug=slug)
    if not can_manage_labs(request.user, centre):
        raise Forbidden()
    data: dict[str, Any] = payload.dict()
    data["template"] = _one(
        MasterlabTemplate, "template", _("Unknown masterlab template."), key=payload.template
    )
    masterlab = services.masterlab_create(actor=request.user, centre=centre, data=data)
    return Status(201, _masterlab_out(masterlab))


@router.get("/masterlabs/{uuid}", response={200: MasterlabOut, **ERRORS})
def get_masterlab(request: HttpRequest, uuid: UUID) -> MasterlabOut:
    return _masterlab_out(selectors.masterlab_get(user=request.user, uuid=uuid))


@router.put("/masterlabs/{uuid}/application", response={200: MasterlabApplicationOut, **ERRORS})
def apply_masterlab(
    request: HttpRequest, uuid: UUID, payload: MasterlabApplyIn
) -> MasterlabApplicationOut:
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    subs = list(Submission.objects.filter(uuid__in=payload.submissions, student_id=request.user.pk))
    if len(subs) != len(set(payload.submissions)):
        raise _invalid("submissions", _("Choose only your own approved projects."))
    row = services.masterlab_apply(
        actor=request.user, masterlab=masterlab, motivation=payload.motivation, submissions=subs
    )
    return MasterlabApplicationOut(
        uuid=row.uuid,
        student=request.user.uuid,  # type: ignore[union-attr]
        motivation=row.motivation,
        submissions=[s.uuid for s in row.submissions.all()],
        applied_at=row.applied_at,
    )


@router.delete("/masterlabs/{uuid}/application", response={204: None, **ERRORS})
def withdraw_masterlab(request: HttpRequest, uuid: UUID) -> Status[None]:
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    services.masterlab_withdraw(actor=request.user, masterlab=masterlab)
    return Status(204, None)
