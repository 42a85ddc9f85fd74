"""Labs over HTTP: the same services, selectors and policies as the pages."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from parcours.catalogue.models import LabTemplate, MasterlabTemplate
from parcours.centres import selectors as centres
from parcours.centres.models import Room
from parcours.core.api import ERRORS
from parcours.core.errors import Forbidden, NotFound, ValidationFailed
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
    priority_rule: str = "tumo"
    offer_window_hours: int = Field(48, ge=1, le=336)


class CyclePatch(Schema):
    """Only the fields sent change; ``seen`` (the ``updated_at`` read) refuses to overwrite
    someone else's change (409)."""

    name: str | None = Field(None, min_length=1, max_length=120)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    applications_open_at: dt.datetime | None = None
    applications_close_at: dt.datetime | None = None
    max_wishes: int | None = Field(None, ge=1, le=10)
    mechanism: str | None = None
    priority_rule: str | None = None
    offer_window_hours: int | None = Field(None, ge=1, le=336)
    seen: dt.datetime | None = None


class CycleOut(Schema):
    uuid: UUID
    name: str
    starts_on: dt.date
    ends_on: dt.date
    applications_open_at: dt.datetime
    applications_close_at: dt.datetime
    max_wishes: int
    mechanism: str
    priority_rule: str
    offer_window_hours: int
    status: str
    updated_at: dt.datetime


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
    reserved_girls: int = Field(0, ge=0, le=40)
    reserved_social: int = Field(0, ge=0, le=40)


class LabPatch(Schema):
    template: str | None = Field(None, description="lab template key")
    level: int | None = Field(None, ge=1, le=3)
    expert: UUID | None = None
    room: UUID | None = None
    slot: UUID | None = None
    holiday_first_day: dt.date | None = None
    holiday_last_day: dt.date | None = None
    seats: int | None = Field(None, ge=1, le=40)
    reserved_girls: int | None = Field(None, ge=0, le=40)
    reserved_social: int | None = Field(None, ge=0, le=40)
    seen: dt.datetime | None = None


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
    reserved_girls: int
    reserved_social: int
    updated_at: dt.datetime


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


class MasterlabPatch(Schema):
    template: str | None = Field(None, description="masterlab template key")
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    guest: str | None = Field(None, min_length=1, max_length=200)
    seats: int | None = Field(None, ge=1, le=40)
    applications_open_at: dt.datetime | None = None
    applications_close_at: dt.datetime | None = None
    seen: dt.datetime | None = None


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
    selected_at: dt.datetime | None
    updated_at: dt.datetime


class MasterlabApplyIn(Schema):
    motivation: str = Field(..., max_length=3000)
    submissions: list[UUID] = Field([], max_length=5)


class MasterlabApplicationOut(Schema):
    uuid: UUID
    student: UUID
    motivation: str
    submissions: list[UUID]
    applied_at: dt.datetime
    outcome: str = ""
    waitlist_position: int | None = None
    reason: str = ""


class ScoredApplicationOut(Schema):
    """What the managers see of an application when scoring and selecting."""

    uuid: UUID
    student: UUID
    student_name: str
    motivation: str
    submissions: list[UUID]
    applied_at: dt.datetime
    score: int | None
    score_note: str
    outcome: str
    waitlist_position: int | None


class ScoreIn(Schema):
    score: int | None = Field(..., ge=0, le=10, description="0 to 10; null clears it")
    note: str = Field("", max_length=300)


class RankedOut(Schema):
    application: UUID
    student_name: str
    priority: int
    score: int
    lottery: float


class SelectionOut(Schema):
    published_at: dt.datetime | None
    unscored: int
    selected: list[RankedOut]
    waitlist: list[RankedOut]


class FamilySeatOut(Schema):
    seat: UUID
    student: UUID
    lab: UUID
    title: str
    cycle: str
    status: str
    offered_until: dt.datetime | None
    reason: str


class FamilyMasterlabOut(Schema):
    application: UUID
    student: UUID
    masterlab: UUID
    title: str
    first_day: dt.date
    outcome: str
    reason: str


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
        reserved_girls=lab.reserved_girls,
        reserved_social=lab.reserved_social,
        updated_at=lab.updated_at,
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
        selected_at=m.selected_at,
        updated_at=m.updated_at,
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


@router.patch("/lab-cycles/{uuid}", response={200: CycleOut, **ERRORS})
def update_cycle(request: HttpRequest, uuid: UUID, payload: CyclePatch) -> CycleOut:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    data = payload.dict(exclude_unset=True)
    seen = data.pop("seen", None)
    return _cycle_out(services.cycle_update(actor=request.user, cycle=cycle, data=data, seen=seen))


@router.delete("/lab-cycles/{uuid}", response={204: None, **ERRORS})
def delete_cycle(request: HttpRequest, uuid: UUID) -> Status[None]:
    """Only a cycle nobody applied to; deleting twice answers 404 the second time."""
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    services.cycle_delete(actor=request.user, cycle=cycle)
    return Status(204, None)


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


def _lab_refs(data: dict[str, Any], centre: Any) -> dict[str, Any]:
    """Replace the keys and uuids of a lab payload by the rows they name."""
    if "template" in data:
        data["template"] = _one(
            LabTemplate, "template", _("Unknown lab template."), key=data["template"]
        )
    if "expert" in data:
        data["expert"] = _one(User, "expert", _("Unknown expert."), uuid=data["expert"])
    if "room" in data:
        data["room"] = (
            _one(Room, "room", _("Unknown room."), uuid=data["room"], centre=centre)
            if data["room"]
            else None
        )
    if "slot" in data:
        data["slot"] = (
            _one(Slot, "slot", _("Unknown slot."), uuid=data["slot"], centre=centre)
            if data["slot"]
            else None
        )
    return data


@router.post("/lab-cycles/{uuid}/labs", response={201: LabOut, **ERRORS})
def create_lab(request: HttpRequest, uuid: UUID, payload: LabIn) -> Status[LabOut]:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    if not can_manage_labs(request.user, cycle.centre):
        raise Forbidden()
    data = _lab_refs(payload.dict(), cycle.centre)
    lab = services.lab_create(actor=request.user, cycle=cycle, data=data)
    return Status(201, _lab_out(lab))


@router.patch("/labs/{uuid}", response={200: LabOut, **ERRORS})
def update_lab(request: HttpRequest, uuid: UUID, payload: LabPatch) -> LabOut:
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    if not can_manage_labs(request.user, lab.centre):
        raise Forbidden()
    data = payload.dict(exclude_unset=True)
    seen = data.pop("seen", None)
    data = _lab_refs(data, lab.centre)
    return _lab_out(services.lab_update(actor=request.user, lab=lab, data=data, seen=seen))


@router.delete("/labs/{uuid}", response={204: None, **ERRORS})
def delete_lab(request: HttpRequest, uuid: UUID) -> Status[None]:
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    services.lab_delete(actor=request.user, lab=lab)
    return Status(204, None)


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
    got = selectors.cycle_result(user=request.user, student=request.user, cycle=cycle)
    seat, offer = got.seat, got.offer
    return ResultOut(
        published=True,
        lab=seat.lab.uuid if seat else None,
        seat=seat.uuid if seat else None,
        offer=_seat_state(offer) if offer else None,
        sentence=got.sentence,
        reason=got.reason,
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


@router.patch("/masterlabs/{uuid}", response={200: MasterlabOut, **ERRORS})
def update_masterlab(request: HttpRequest, uuid: UUID, payload: MasterlabPatch) -> MasterlabOut:
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    if not can_manage_labs(request.user, masterlab.centre):
        raise Forbidden()
    data = payload.dict(exclude_unset=True)
    seen = data.pop("seen", None)
    if "template" in data:
        data["template"] = _one(
            MasterlabTemplate, "template", _("Unknown masterlab template."), key=data["template"]
        )
    return _masterlab_out(
        services.masterlab_update(actor=request.user, masterlab=masterlab, data=data, seen=seen)
    )


@router.delete("/masterlabs/{uuid}", response={204: None, **ERRORS})
def delete_masterlab(request: HttpRequest, uuid: UUID) -> Status[None]:
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    services.masterlab_delete(actor=request.user, masterlab=masterlab)
    return Status(204, None)


def _application_out(row: Application, student: Any) -> MasterlabApplicationOut:
    return MasterlabApplicationOut(
        uuid=row.uuid,
        student=student.uuid,
        motivation=row.motivation,
        submissions=[s.uuid for s in row.submissions.all()],
        applied_at=row.applied_at,
        outcome=row.outcome,
        waitlist_position=row.waitlist_position,
        reason=allocation.masterlab_sentence(row),
    )


@router.get("/masterlabs/{uuid}/application", response={200: MasterlabApplicationOut, **ERRORS})
def my_masterlab_application(request: HttpRequest, uuid: UUID) -> MasterlabApplicationOut:
    """The student's own application, with the outcome and its reason once published."""
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    row = selectors.masterlab_application(student=request.user, masterlab=masterlab)
    if row is None:
        raise NotFound()
    return _application_out(row, request.user)


def _scored_out(a: Application) -> ScoredApplicationOut:
    return ScoredApplicationOut(
        uuid=a.uuid,
        student=a.student.uuid,
        student_name=a.student.get_full_name(),
        motivation=a.motivation,
        submissions=[s.uuid for s in a.submissions.all()],
        applied_at=a.applied_at,
        score=a.score,
        score_note=a.score_note,
        outcome=a.outcome,
        waitlist_position=a.waitlist_position,
    )


@router.get("/masterlabs/{uuid}/applications", response={200: list[ScoredApplicationOut], **ERRORS})
def masterlab_applications(request: HttpRequest, uuid: UUID) -> list[ScoredApplicationOut]:
    """The centre's managers: every active application with its score and outcome."""
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    if not can_manage_labs(request.user, masterlab.centre):
        raise Forbidden()
    return [
        _scored_out(a)
        for a in selectors.masterlab_applications(user=request.user, masterlab=masterlab)
    ]


@router.put("/masterlab-applications/{uuid}/score", response={200: ScoredApplicationOut, **ERRORS})
def score_application(request: HttpRequest, uuid: UUID, payload: ScoreIn) -> ScoredApplicationOut:
    application = selectors.application_get(user=request.user, uuid=uuid)
    a = services.masterlab_score(
        actor=request.user, application=application, score=payload.score, note=payload.note
    )
    return _scored_out(a)


def _selection_out(masterlab: Masterlab, request: HttpRequest) -> SelectionOut:
    ranking = selectors.masterlab_ranking(user=request.user, masterlab=masterlab)

    def ranked(a: Application) -> RankedOut:
        key = ranking.keys[a.pk]
        return RankedOut(
            application=a.uuid,
            student_name=a.student.get_full_name(),
            priority=int(key[0]),
            score=int(key[1]),
            lottery=round(float(key[2]), 4),
        )

    return SelectionOut(
        published_at=masterlab.selected_at,
        unscored=ranking.unscored,
        selected=[ranked(a) for a in ranking.selected],
        waitlist=[ranked(a) for a in ranking.waitlist],
    )


@router.get("/masterlabs/{uuid}/selection", response={200: SelectionOut, **ERRORS})
def selection(request: HttpRequest, uuid: UUID) -> SelectionOut:
    """The engine's ranking now (before publication) or the published outcomes."""
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    if not can_manage_labs(request.user, masterlab.centre):
        raise Forbidden()
    return _selection_out(masterlab, request)


@router.post("/masterlabs/{uuid}/selection", response={200: SelectionOut, **ERRORS})
def publish_selection(request: HttpRequest, uuid: UUID) -> SelectionOut:
    """Publish once (409 while applications are open or some are not scored); again: the
    same selection."""
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    masterlab = services.masterlab_select(actor=request.user, masterlab=masterlab)
    return _selection_out(masterlab, request)


@router.post(
    "/masterlab-applications/{uuid}/give-up", response={200: MasterlabApplicationOut, **ERRORS}
)
def give_up_masterlab(request: HttpRequest, uuid: UUID) -> MasterlabApplicationOut:
    """The student, a guardian or a manager; the first on the waiting list takes the place."""
    application = selectors.application_get(user=request.user, uuid=uuid)
    row = services.masterlab_give_up(actor=request.user, application=application)
    return _application_out(row, row.student)


@router.get("/me/family/labs", response={200: list[FamilySeatOut], **ERRORS})
def family_seats(request: HttpRequest) -> list[FamilySeatOut]:
    """A guardian's wards' current lab seats and open offers (answer them with the seat
    endpoints)."""
    wards = selectors.family_labs(user=request.user, today=timezone.localdate())
    return [
        FamilySeatOut(
            seat=s.uuid,
            student=w.student.uuid,
            lab=s.lab.uuid,
            title=s.lab.template.title,
            cycle=s.cycle.name,
            status=s.status,
            offered_until=s.offered_until,
            reason=allocation.sentence(s.reason, {str(s.lab_id): s.lab.template.title}),
        )
        for w in wards
        for s in w.seats
    ]


@router.get("/me/family/masterlabs", response={200: list[FamilyMasterlabOut], **ERRORS})
def family_masterlabs(request: HttpRequest) -> list[FamilyMasterlabOut]:
    wards = selectors.family_labs(user=request.user, today=timezone.localdate())
    return [
        FamilyMasterlabOut(
            application=a.uuid,
            student=w.student.uuid,
            masterlab=a.masterlab.uuid,  # type: ignore[union-attr]
            title=a.masterlab.template.title,  # type: ignore[union-attr]
            first_day=a.masterlab.first_day,  # type: ignore[union-attr]
            outcome=a.outcome,
            reason=allocation.masterlab_sentence(a),
        )
        for w in wards
        for a in w.masterlabs
    ]


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
    return _application_out(row, request.user)


@router.delete("/masterlabs/{uuid}/application", response={204: None, **ERRORS})
def withdraw_masterlab(request: HttpRequest, uuid: UUID) -> Status[None]:
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    services.masterlab_withdraw(actor=request.user, masterlab=masterlab)
    return Status(204, None)


# --- Competency validations -------------------------------------------------------------------


class ValidationOut(Schema):
    student: UUID
    competency: str
    name: str
    level: int
    validated_at: dt.datetime


class ValidationsIn(Schema):
    competencies: list[str] = Field(
        ..., max_length=50, description="keys of the lab's competencies; the whole set"
    )


def _validation_out(v: Any) -> ValidationOut:
    return ValidationOut(
        student=v.student.uuid,
        competency=v.competency.key,
        name=v.competency.name,
        level=v.level,
        validated_at=v.validated_at,
    )


@router.get("/labs/{uuid}/validations", response={200: list[ValidationOut], **ERRORS})
def list_validations(request: HttpRequest, uuid: UUID) -> list[ValidationOut]:
    """The lab's expert and managers: all; a student, their family, their coach: theirs."""
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    return [_validation_out(v) for v in selectors.validations(user=request.user, lab=lab)]


@router.put("/labs/{uuid}/validations/{student}", response={200: list[ValidationOut], **ERRORS})
def set_validations(
    request: HttpRequest, uuid: UUID, student: UUID, payload: ValidationsIn
) -> list[ValidationOut]:
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    if not can_lead(request.user, lab):
        raise Forbidden()
    seat = selectors.roster(user=request.user, lab=lab).filter(student__uuid=student).first()
    if seat is None:
        raise _invalid("student", _("This student has no seat in this lab."))
    own = {c.key: c for c in lab.template.competencies.all()}
    unknown = [k for k in payload.competencies if k not in own]
    if unknown:
        raise _invalid("competencies", _("Choose only competencies this lab covers."))
    rows = services.competencies_validate(
        actor=request.user,
        lab=lab,
        student=seat.student,
        competencies=[own[k] for k in dict.fromkeys(payload.competencies)],
    )
    return [_validation_out(v) for v in rows]
