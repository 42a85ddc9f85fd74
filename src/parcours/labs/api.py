"""Labs over HTTP: the same services, selectors and policies as the pages.

Thin, as the pages: no model, no query here (reads are ``selectors``, writes ``services``).
Every answer is built by one explicit ``<thing>_out(row) -> ThingOut`` function; every
refusal carries a ``LabsError`` code and a translated message."""

import datetime as dt
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from parcours.centres import selectors as centres
from parcours.core.api import ERRORS
from parcours.core.errors import Forbidden, NotFound
from parcours.labs import allocation, selectors, services
from parcours.labs.choices import CycleStatus
from parcours.labs.errors import LabsError, field_error
from parcours.labs.permissions import can_lead, can_manage_labs, student_of

if TYPE_CHECKING:
    from parcours.centres.models import Centre
    from parcours.labs.models import (
        AllocationRun,
        Application,
        CompetencyValidation,
        Lab,
        LabCycle,
        Masterlab,
        Seat,
    )
    from parcours.people.models import User
    from parcours.people.types import Actor

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


class SelectionPublishIn(Schema):
    mechanism: str


class RunOut(Schema):
    uuid: UUID
    dry_run: bool
    mechanism: str
    status: str
    progress: int
    metrics: dict[str, Any]
    published_at: dt.datetime | None


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


# --- Output mapping: one function per schema --------------------------------------------------


def cycle_out(c: "LabCycle") -> CycleOut:
    return CycleOut(
        uuid=c.uuid,
        name=c.name,
        starts_on=c.starts_on,
        ends_on=c.ends_on,
        applications_open_at=c.applications_open_at,
        applications_close_at=c.applications_close_at,
        max_wishes=c.max_wishes,
        mechanism=c.mechanism,
        priority_rule=c.priority_rule,
        offer_window_hours=c.offer_window_hours,
        status=c.status,
        updated_at=c.updated_at,
    )


def lab_out(lab: "Lab") -> LabOut:
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


def seat_out(seat: "Seat") -> SeatOut:
    return SeatOut(student=seat.student.uuid, name=str(seat.student), status=seat.status)


def option_out(option: selectors.LabOption) -> OptionOut:
    return OptionOut(
        lab=option.lab.uuid,
        title=option.lab.template.title,
        level=option.lab.level,
        eligible=option.eligible,
        reason=option.reason,
        rank=option.rank,
        flagged=option.flagged,
    )


def wish_out(a: "Application") -> WishOut:
    assert a.lab is not None  # a wish is for a lab (a masterlab application is not a wish)
    return WishOut(lab=a.lab.uuid, rank=a.rank, flagged=a.flagged, applied_at=a.applied_at)


def seat_state_out(seat: "Seat") -> SeatStateOut:
    return SeatStateOut(
        uuid=seat.uuid,
        lab=seat.lab.uuid,
        title=seat.lab.template.title,
        status=seat.status,
        offered_until=seat.offered_until,
    )


def result_out(got: selectors.CycleResult | None) -> ResultOut:
    """The student's result; ``None`` while the seats are not published."""
    if got is None:
        return ResultOut(published=False)
    seat, offer = got.seat, got.offer
    return ResultOut(
        published=True,
        lab=seat.lab.uuid if seat else None,
        seat=seat.uuid if seat else None,
        offer=seat_state_out(offer) if offer else None,
        sentence=got.sentence,
        reason=got.reason,
    )


def run_out(r: "AllocationRun") -> RunOut:
    return RunOut(
        uuid=r.uuid,
        dry_run=r.dry_run,
        mechanism=r.mechanism,
        status=r.status,
        progress=r.progress,
        metrics=r.metrics,
        published_at=r.published_at,
    )


def masterlab_out(m: "Masterlab") -> MasterlabOut:
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


def application_out(row: "Application", student: "User") -> MasterlabApplicationOut:
    """A masterlab application (``student``: its student, already at hand)."""
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


def scored_application_out(a: "Application") -> ScoredApplicationOut:
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


def ranked_out(a: "Application", key: tuple[int, int, float]) -> RankedOut:
    return RankedOut(
        application=a.uuid,
        student_name=a.student.get_full_name(),
        priority=int(key[0]),
        score=int(key[1]),
        lottery=round(float(key[2]), 4),
    )


def selection_out(masterlab: "Masterlab", ranking: allocation.MasterlabRanking) -> SelectionOut:
    return SelectionOut(
        published_at=masterlab.selected_at,
        unscored=ranking.unscored,
        selected=[ranked_out(a, key) for a, key in ranking.selected_rows],
        waitlist=[ranked_out(a, key) for a, key in ranking.waitlist_rows],
    )


def family_seat_out(ward: selectors.WardLabs, line: selectors.WardSeat) -> FamilySeatOut:
    s = line.seat
    return FamilySeatOut(
        seat=s.uuid,
        student=ward.student.uuid,
        lab=s.lab.uuid,
        title=s.lab.template.title,
        cycle=s.cycle.name,
        status=s.status,
        offered_until=s.offered_until,
        reason=line.sentence,
    )


def family_masterlab_out(
    ward: selectors.WardLabs, line: selectors.WardApplication
) -> FamilyMasterlabOut:
    a, masterlab = line.application, line.application.masterlab
    assert masterlab is not None  # the family page lists masterlab applications only
    return FamilyMasterlabOut(
        application=a.uuid,
        student=ward.student.uuid,
        masterlab=masterlab.uuid,
        title=masterlab.template.title,
        first_day=masterlab.first_day,
        outcome=a.outcome,
        reason=line.sentence,
    )


def validation_out(v: "CompetencyValidation") -> ValidationOut:
    return ValidationOut(
        student=v.student.uuid,
        competency=v.competency.key,
        name=v.competency.name,
        level=v.level,
        validated_at=v.validated_at,
    )


# --- Shared steps of the handlers -----------------------------------------------------------


def _require_manager(user: "Actor", centre: "Centre") -> None:
    if not can_manage_labs(user, centre):
        raise Forbidden(code=LabsError.NOT_MANAGER)


def _require_lead(user: "Actor", lab: "Lab") -> None:
    if not can_lead(user, lab):
        raise Forbidden(code=LabsError.NOT_LEAD)


def _patch(payload: Schema) -> tuple[dict[str, Any], dt.datetime | None]:
    """The fields a PATCH sends (only those change) and its ``seen``."""
    data = payload.dict(exclude_unset=True)
    return data, data.pop("seen", None)


def _student_cycle(request: HttpRequest, uuid: UUID) -> tuple["LabCycle", "User"]:
    """The cycle and the signed-in user as one of its centre's students (else 403)."""
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    student = student_of(request.user, cycle.centre)
    if student is None:
        raise Forbidden(
            _("Only the centre's students apply to its labs."), code=LabsError.NOT_STUDENT
        )
    return cycle, student


# --- Cycles and labs --------------------------------------------------------------------------


@router.get("/centres/{slug}/lab-cycles", response={200: list[CycleOut], **ERRORS})
def list_cycles(request: HttpRequest, slug: str) -> list[CycleOut]:
    centre = centres.centre_get(user=request.user, slug=slug)
    return [cycle_out(c) for c in selectors.cycle_list(user=request.user, centre=centre)]


@router.post("/centres/{slug}/lab-cycles", response={201: CycleOut, **ERRORS})
def create_cycle(request: HttpRequest, slug: str, payload: CycleIn) -> Status[CycleOut]:
    centre = centres.centre_get(user=request.user, slug=slug)
    cycle = services.cycle_create(actor=request.user, centre=centre, data=payload.dict())
    return Status(201, cycle_out(cycle))


@router.get("/lab-cycles/{uuid}", response={200: CycleOut, **ERRORS})
def get_cycle(request: HttpRequest, uuid: UUID) -> CycleOut:
    return cycle_out(selectors.cycle_get(user=request.user, uuid=uuid))


@router.patch("/lab-cycles/{uuid}", response={200: CycleOut, **ERRORS})
def update_cycle(request: HttpRequest, uuid: UUID, payload: CyclePatch) -> CycleOut:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    data, seen = _patch(payload)
    return cycle_out(services.cycle_update(actor=request.user, cycle=cycle, data=data, seen=seen))


@router.delete("/lab-cycles/{uuid}", response={204: None, **ERRORS})
def delete_cycle(request: HttpRequest, uuid: UUID) -> Status[None]:
    """Only a cycle nobody applied to; deleting twice answers 404 the second time."""
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    services.cycle_delete(actor=request.user, cycle=cycle)
    return Status(204, None)


@router.post("/lab-cycles/{uuid}/status", response={200: CycleOut, **ERRORS})
def set_status(request: HttpRequest, uuid: UUID, payload: StatusIn) -> CycleOut:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    return cycle_out(
        services.cycle_set_status(actor=request.user, cycle=cycle, status=payload.status)
    )


@router.get("/lab-cycles/{uuid}/labs", response={200: list[LabOut], **ERRORS})
def list_labs(request: HttpRequest, uuid: UUID) -> list[LabOut]:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    return [lab_out(lab) for lab in selectors.lab_list(user=request.user, cycle=cycle)]


@router.post("/lab-cycles/{uuid}/labs", response={201: LabOut, **ERRORS})
def create_lab(request: HttpRequest, uuid: UUID, payload: LabIn) -> Status[LabOut]:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    _require_manager(request.user, cycle.centre)
    data = selectors.lab_references(user=request.user, centre=cycle.centre, data=payload.dict())
    return Status(201, lab_out(services.lab_create(actor=request.user, cycle=cycle, data=data)))


@router.patch("/labs/{uuid}", response={200: LabOut, **ERRORS})
def update_lab(request: HttpRequest, uuid: UUID, payload: LabPatch) -> LabOut:
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    _require_manager(request.user, lab.centre)
    data, seen = _patch(payload)
    data = selectors.lab_references(user=request.user, centre=lab.centre, data=data)
    return lab_out(services.lab_update(actor=request.user, lab=lab, data=data, seen=seen))


@router.delete("/labs/{uuid}", response={204: None, **ERRORS})
def delete_lab(request: HttpRequest, uuid: UUID) -> Status[None]:
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    services.lab_delete(actor=request.user, lab=lab)
    return Status(204, None)


@router.get("/labs/{uuid}", response={200: LabOut, **ERRORS})
def get_lab(request: HttpRequest, uuid: UUID) -> LabOut:
    return lab_out(selectors.lab_get(user=request.user, uuid=uuid))


@router.get("/labs/{uuid}/roster", response={200: list[SeatOut], **ERRORS})
def roster(request: HttpRequest, uuid: UUID) -> list[SeatOut]:
    """The lab's expert, the centre's managers and network admins."""
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    _require_lead(request.user, lab)
    return [seat_out(s) for s in selectors.roster(user=request.user, lab=lab)]


# --- A student's wishes -----------------------------------------------------------------------


@router.get("/lab-cycles/{uuid}/options", response={200: list[OptionOut], **ERRORS})
def options(request: HttpRequest, uuid: UUID) -> list[OptionOut]:
    """Every lab of the cycle for the signed-in student: open to them, or why not."""
    cycle, student = _student_cycle(request, uuid)
    return [option_out(o) for o in selectors.options_for(student, cycle).all]


@router.get("/lab-cycles/{uuid}/wishes", response={200: list[WishOut], **ERRORS})
def get_wishes(request: HttpRequest, uuid: UUID) -> list[WishOut]:
    cycle, student = _student_cycle(request, uuid)
    return [wish_out(a) for a in selectors.wishes_of(user=student, student=student, cycle=cycle)]


@router.put("/lab-cycles/{uuid}/wishes", response={200: list[WishOut], **ERRORS})
def put_wishes(request: HttpRequest, uuid: UUID, payload: WishesIn) -> list[WishOut]:
    """Replace the ranked list (best first); an empty list withdraws every wish."""
    cycle, student = _student_cycle(request, uuid)
    labs = selectors.cycle_labs_named(user=student, cycle=cycle, uuids=payload.labs)
    if len(labs) != len(set(payload.labs)):
        raise field_error(
            "labs", _("One of these labs is not part of the cycle."), LabsError.NOT_IN_CYCLE
        )
    if payload.flagged is not None and payload.flagged not in labs:
        raise field_error(
            "flagged",
            _("Your priority must be one of the labs you chose."),
            LabsError.FLAG_NOT_CHOSEN,
        )
    rows = services.wishes_set(
        actor=student,
        cycle=cycle,
        labs=[labs[u] for u in payload.labs],
        flagged=labs[payload.flagged] if payload.flagged else None,
    )
    return [wish_out(a) for a in rows]


@router.get("/lab-cycles/{uuid}/result", response={200: ResultOut, **ERRORS})
def result(request: HttpRequest, uuid: UUID) -> ResultOut:
    """The signed-in student's seat and its reason, once published."""
    cycle, student = _student_cycle(request, uuid)
    if cycle.status != CycleStatus.PUBLISHED:
        return result_out(None)
    return result_out(selectors.cycle_result(user=student, student=student, cycle=cycle))


@router.post("/lab-seats/{uuid}/withdraw", response={200: SeatStateOut, **ERRORS})
def withdraw_seat(request: HttpRequest, uuid: UUID) -> SeatStateOut:
    """Give up a held seat (the student, a guardian, a manager); it goes to the next waiting."""
    seat = selectors.seat_get(user=request.user, uuid=uuid)
    return seat_state_out(services.seat_withdraw(actor=request.user, seat=seat))


@router.post("/lab-seats/{uuid}/accept", response={200: SeatStateOut, **ERRORS})
def accept_offer(request: HttpRequest, uuid: UUID) -> SeatStateOut:
    """Accept an offer before its deadline (the student or a guardian); 409 after it."""
    seat = selectors.seat_get(user=request.user, uuid=uuid)
    return seat_state_out(services.offer_accept(actor=request.user, seat=seat))


@router.post("/lab-seats/{uuid}/decline", response={200: SeatStateOut, **ERRORS})
def decline_offer(request: HttpRequest, uuid: UUID) -> SeatStateOut:
    """Decline an offer (the student or a guardian): it goes to the next waiting; 409 late."""
    seat = selectors.seat_get(user=request.user, uuid=uuid)
    return seat_state_out(services.offer_decline(actor=request.user, seat=seat))


# --- Allocation -------------------------------------------------------------------------------


@router.get("/lab-cycles/{uuid}/runs", response={200: list[RunOut], **ERRORS})
def list_runs(request: HttpRequest, uuid: UUID) -> list[RunOut]:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    _require_manager(request.user, cycle.centre)
    return [run_out(r) for r in selectors.runs_of(user=request.user, cycle=cycle)]


@router.post("/lab-cycles/{uuid}/dry-run", response={202: RunOut, **ERRORS})
def dry_run(request: HttpRequest, uuid: UUID) -> Status[RunOut]:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    run = services.dry_run_request(actor=request.user, cycle=cycle)
    return Status(202, run_out(selectors.run_get(user=request.user, uuid=run.uuid)))


@router.post("/lab-cycles/{uuid}/publish", response={202: RunOut, **ERRORS})
def publish(request: HttpRequest, uuid: UUID, payload: SelectionPublishIn) -> Status[RunOut]:
    """Publish once; asking again returns the same run."""
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    run = services.publish_request(actor=request.user, cycle=cycle, mechanism=payload.mechanism)
    return Status(202, run_out(selectors.run_get(user=request.user, uuid=run.uuid)))


# --- Masterlabs -------------------------------------------------------------------------------


@router.get("/centres/{slug}/masterlabs", response={200: list[MasterlabOut], **ERRORS})
def list_masterlabs(request: HttpRequest, slug: str) -> list[MasterlabOut]:
    centre = centres.centre_get(user=request.user, slug=slug)
    return [masterlab_out(m) for m in selectors.masterlab_list(user=request.user, centre=centre)]


@router.post("/centres/{slug}/masterlabs", response={201: MasterlabOut, **ERRORS})
def create_masterlab(request: HttpRequest, slug: str, payload: MasterlabIn) -> Status[MasterlabOut]:
    centre = centres.centre_get(user=request.user, slug=slug)
    _require_manager(request.user, centre)
    data = selectors.masterlab_references(user=request.user, data=payload.dict())
    masterlab = services.masterlab_create(actor=request.user, centre=centre, data=data)
    return Status(201, masterlab_out(masterlab))


@router.get("/masterlabs/{uuid}", response={200: MasterlabOut, **ERRORS})
def get_masterlab(request: HttpRequest, uuid: UUID) -> MasterlabOut:
    return masterlab_out(selectors.masterlab_get(user=request.user, uuid=uuid))


@router.patch("/masterlabs/{uuid}", response={200: MasterlabOut, **ERRORS})
def update_masterlab(request: HttpRequest, uuid: UUID, payload: MasterlabPatch) -> MasterlabOut:
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    _require_manager(request.user, masterlab.centre)
    data, seen = _patch(payload)
    data = selectors.masterlab_references(user=request.user, data=data)
    return masterlab_out(
        services.masterlab_update(actor=request.user, masterlab=masterlab, data=data, seen=seen)
    )


@router.delete("/masterlabs/{uuid}", response={204: None, **ERRORS})
def delete_masterlab(request: HttpRequest, uuid: UUID) -> Status[None]:
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    services.masterlab_delete(actor=request.user, masterlab=masterlab)
    return Status(204, None)


@router.get("/masterlabs/{uuid}/application", response={200: MasterlabApplicationOut, **ERRORS})
def my_masterlab_application(request: HttpRequest, uuid: UUID) -> MasterlabApplicationOut:
    """The student's own application, with the outcome and its reason once published."""
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    student = student_of(request.user, masterlab.centre)
    row = (
        selectors.masterlab_application(student=student, masterlab=masterlab)
        if student is not None
        else None
    )
    if student is None or row is None:
        raise NotFound()
    return application_out(row, student)


@router.put("/masterlabs/{uuid}/application", response={200: MasterlabApplicationOut, **ERRORS})
def apply_masterlab(
    request: HttpRequest, uuid: UUID, payload: MasterlabApplyIn
) -> MasterlabApplicationOut:
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    student = student_of(request.user, masterlab.centre)
    if student is None:
        raise Forbidden(
            _("Only the centre's students apply to its masterlabs."), code=LabsError.NOT_STUDENT
        )
    subs = list(selectors.approved_projects(student, uuids=payload.submissions))
    if len(subs) != len(set(payload.submissions)):
        raise field_error(
            "submissions", _("Choose only your own approved projects."), LabsError.NOT_OWN_PROJECT
        )
    row = services.masterlab_apply(
        actor=student, masterlab=masterlab, motivation=payload.motivation, submissions=subs
    )
    return application_out(row, student)


@router.delete("/masterlabs/{uuid}/application", response={204: None, **ERRORS})
def withdraw_masterlab(request: HttpRequest, uuid: UUID) -> Status[None]:
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    services.masterlab_withdraw(actor=request.user, masterlab=masterlab)
    return Status(204, None)


@router.get("/masterlabs/{uuid}/applications", response={200: list[ScoredApplicationOut], **ERRORS})
def masterlab_applications(request: HttpRequest, uuid: UUID) -> list[ScoredApplicationOut]:
    """The centre's managers: every active application with its score and outcome."""
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    _require_manager(request.user, masterlab.centre)
    rows = selectors.masterlab_applications(user=request.user, masterlab=masterlab)
    return [scored_application_out(a) for a in rows]


@router.put("/masterlab-applications/{uuid}/score", response={200: ScoredApplicationOut, **ERRORS})
def score_application(request: HttpRequest, uuid: UUID, payload: ScoreIn) -> ScoredApplicationOut:
    application = selectors.application_get(user=request.user, uuid=uuid)
    row = services.masterlab_score(
        actor=request.user, application=application, score=payload.score, note=payload.note
    )
    return scored_application_out(row)


@router.get("/masterlabs/{uuid}/selection", response={200: SelectionOut, **ERRORS})
def selection(request: HttpRequest, uuid: UUID) -> SelectionOut:
    """The engine's ranking now (before publication) or the published outcomes."""
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    _require_manager(request.user, masterlab.centre)
    ranking = selectors.masterlab_ranking(user=request.user, masterlab=masterlab)
    return selection_out(masterlab, ranking)


@router.post("/masterlabs/{uuid}/selection", response={200: SelectionOut, **ERRORS})
def publish_selection(request: HttpRequest, uuid: UUID) -> SelectionOut:
    """Publish once (409 while applications are open or some are not scored); again: the
    same selection."""
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    masterlab = services.masterlab_select(actor=request.user, masterlab=masterlab)
    ranking = selectors.masterlab_ranking(user=request.user, masterlab=masterlab)
    return selection_out(masterlab, ranking)


@router.post(
    "/masterlab-applications/{uuid}/give-up", response={200: MasterlabApplicationOut, **ERRORS}
)
def give_up_masterlab(request: HttpRequest, uuid: UUID) -> MasterlabApplicationOut:
    """The student, a guardian or a manager; the first on the waiting list takes the place."""
    application = selectors.application_get(user=request.user, uuid=uuid)
    row = services.masterlab_give_up(actor=request.user, application=application)
    return application_out(row, row.student)


@router.get("/me/family/labs", response={200: list[FamilySeatOut], **ERRORS})
def family_seats(request: HttpRequest) -> list[FamilySeatOut]:
    """A guardian's wards' current lab seats and open offers (answer them with the seat
    endpoints)."""
    wards = selectors.family_labs(user=request.user, today=timezone.localdate())
    return [family_seat_out(w, line) for w in wards for line in w.seats]


@router.get("/me/family/masterlabs", response={200: list[FamilyMasterlabOut], **ERRORS})
def family_masterlabs(request: HttpRequest) -> list[FamilyMasterlabOut]:
    wards = selectors.family_labs(user=request.user, today=timezone.localdate())
    return [family_masterlab_out(w, line) for w in wards for line in w.masterlabs]


# --- Competency validations -------------------------------------------------------------------


@router.get("/labs/{uuid}/validations", response={200: list[ValidationOut], **ERRORS})
def list_validations(request: HttpRequest, uuid: UUID) -> list[ValidationOut]:
    """The lab's expert and managers: all; a student, their family, their coach: theirs."""
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    return [validation_out(v) for v in selectors.validations(user=request.user, lab=lab)]


@router.put("/labs/{uuid}/validations/{student}", response={200: list[ValidationOut], **ERRORS})
def set_validations(
    request: HttpRequest, uuid: UUID, student: UUID, payload: ValidationsIn
) -> list[ValidationOut]:
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    _require_lead(request.user, lab)
    seat = selectors.roster_seat(user=request.user, lab=lab, student=student)
    if seat is None:
        raise field_error("student", _("This student has no seat in this lab."), LabsError.NO_SEAT)
    own = {c.key: c for c in selectors.lab_competencies(lab)}
    if any(k not in own for k in payload.competencies):
        raise field_error(
            "competencies",
            _("Choose only competencies this lab covers."),
            LabsError.COMPETENCY_NOT_COVERED,
        )
    rows = services.competencies_validate(
        actor=request.user,
        lab=lab,
        student=seat.student,
        competencies=[own[k] for k in dict.fromkeys(payload.competencies)],
    )
    return [validation_out(v) for v in rows]
