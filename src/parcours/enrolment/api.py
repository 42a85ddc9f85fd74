"""Enrolment over HTTP: the same selectors, services and policies as the pages.

Public: ``POST /api/enrolments/pre-register`` (no sign-in, rate-limited). Staff: a centre's
requests, decisions one by one and in bulk. Families: ``GET /api/me/enrolments``, re-enrol.
Each schema is built by its ``*_out()`` function below, from what the selectors return.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from parcours.centres import selectors as centres
from parcours.consents import selectors as consents
from parcours.consents import services as consent_records
from parcours.consents.choices import ConsentKind, Signer
from parcours.core.api import ERRORS, MAX_LIMIT, MAX_OFFSET, ErrorOut
from parcours.core.errors import ValidationFailed
from parcours.enrolment import selectors, services, throttle, years
from parcours.enrolment.choices import EnrolmentStatus, SlotChangeStatus
from parcours.people.choices import Gender
from parcours.schedule.selectors import slot_get

if TYPE_CHECKING:
    from parcours.consents.models import ConsentRecord
    from parcours.enrolment.models import Enrolment, SlotChangeRequest

router = Router(tags=["enrolment"])

PUBLIC_ERRORS: dict[int | str, Any] = {**ERRORS, 429: ErrorOut}


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- Schemas and their mapping ---------------------------------------------------------------


class PreRegisterIn(Schema):
    """Exactly what the public form asks; any other field is refused (data minimisation)."""

    model_config = ConfigDict(extra="forbid")

    centre: str = Field(..., max_length=50, description="the centre's slug")
    filled_by: Literal["student", "guardian"]
    student_first_name: str = Field(..., min_length=1, max_length=150)
    student_last_name: str = Field(..., min_length=1, max_length=150)
    birth_date: date
    school: str = Field(..., min_length=1, max_length=200)
    grade: str = Field(..., min_length=1, max_length=40)
    gender: Gender = Gender.UNDISCLOSED
    postcode: str = Field(..., min_length=2, max_length=10)
    referred_by_partner: str = Field("", max_length=200)
    student_email: str = Field(
        "",
        max_length=254,
        description="the young person's own email, required if 18 or over today (they give "
        "their own consent); not kept for a minor",
    )
    preferred_slot: UUID | None = Field(None, description="an open slot of the centre")
    guardian_first_name: str = Field(..., min_length=1, max_length=150)
    guardian_last_name: str = Field(..., min_length=1, max_length=150)
    guardian_email: str = Field(..., min_length=3, max_length=254)
    guardian_phone: str = Field(..., min_length=6, max_length=25)
    language: Literal["fr", "en"] = "fr"
    website: str = Field("", max_length=0, description="leave empty (anti-spam trap)")


class PreRegisterOut(Schema):
    created: bool
    message: str
    centre: str
    school_year: int
    consent_email_sent: bool


class EnrolmentOut(Schema):
    uuid: UUID
    centre: str
    school_year: int
    status: str
    student_first_name: str
    student_last_name: str
    student_username: str
    birth_date: date
    age_at_start: int
    school: str
    grade: str
    guardian_name: str | None
    guardian_email: str | None
    guardian_phone: str
    preferred_slot: str | None
    slot: str | None
    waiting_position: int | None = None
    consents: list[str]
    needs_consent: bool
    duplicate_count: int = 0
    submitted_by: str
    submitted_at: datetime
    decided_at: datetime | None
    refusal_reason: str
    withdrawn_by: str = Field("", description="student, guardian (the family) or staff")
    updated_at: datetime


class EnrolmentPage(Schema):
    items: list[EnrolmentOut]
    count: int


def enrolment_out(e: Enrolment) -> EnrolmentOut:
    """A request as the API shows it; ``e`` comes from a selector ``with_facts`` (consents in
    force, waiting-list position, possible duplicates)."""
    profile = e.student.student_profile
    given = [k for k in ConsentKind.values if getattr(e, f"consent_{k}", False)]
    return EnrolmentOut(
        uuid=e.uuid,
        centre=e.centre.slug,
        school_year=e.school_year,
        status=e.status,
        student_first_name=e.student.first_name,
        student_last_name=e.student.last_name,
        student_username=e.student.username,
        birth_date=profile.birth_date,
        age_at_start=e.age_at_start,
        school=profile.school,
        grade=profile.grade,
        guardian_name=e.guardian.get_full_name() if e.guardian else None,
        guardian_email=e.guardian.email if e.guardian else None,
        guardian_phone=e.guardian_phone,
        preferred_slot=e.preferred_slot.label if e.preferred_slot else None,
        slot=e.slot.label if e.slot else None,
        waiting_position=getattr(e, "waiting_position", None),
        consents=given,
        needs_consent=e.student_is_minor and ConsentKind.ENROLMENT not in given,
        duplicate_count=getattr(e, "duplicate_count", 0),
        submitted_by=e.submitted_by,
        submitted_at=e.submitted_at,
        decided_at=e.decided_at,
        refusal_reason=e.refusal_reason,
        withdrawn_by=e.withdrawn_by,
        updated_at=e.updated_at,
    )


class EnrolmentFilters(Schema):
    status: EnrolmentStatus | None = None
    year: int | None = Field(None, ge=2000, le=2100, description="default: the current year")
    q: str = Field("", max_length=100, description="name, username, guardian email, school")
    consent: Literal["given", "missing"] | None = None
    duplicates: bool = False
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="at most this many items")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class RegisterIn(Schema):
    slot: UUID | None = Field(None, description="default: the preferred slot")


class RefuseIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


class DecisionOut(Schema):
    outcome: str
    position: int | None = None
    enrolment: EnrolmentOut


def decision_out(decision: services.Decision, enrolment: Enrolment) -> DecisionOut:
    """A decision's outcome, with the request as it now stands (``enrolment``, read again
    with its facts)."""
    return DecisionOut(
        outcome=decision.outcome, position=decision.position, enrolment=enrolment_out(enrolment)
    )


class PaperConsentIn(Schema):
    kind: ConsentKind
    signed_on: date
    signer: Signer = Field(
        ..., description="guardian (a minor's form) or student (18 or over on that day)"
    )
    signed_by_name: str = Field("", max_length=200, description="the name as written")
    language: Literal["fr", "en"] | None = Field(
        None, description="of the text signed; default: the student's language"
    )


class PaperWithdrawalIn(Schema):
    kind: ConsentKind
    signed_on: date
    signer: Signer
    signed_by_name: str = Field("", max_length=200)


class ConsentOut(Schema):
    uuid: UUID
    kind: str
    method: str
    given_at: datetime
    signed_on: date | None
    signed_by: str
    recorded_by: str | None
    text_version: int
    text_language: str
    active: bool
    withdrawn_at: datetime | None
    withdrawal_method: str
    withdrawn_by: str


def consent_out(record: ConsentRecord) -> ConsentOut:
    return ConsentOut(
        uuid=record.uuid,
        kind=record.kind,
        method=record.method,
        given_at=record.given_at,
        signed_on=record.signed_on,
        signed_by=record.signer_name,
        recorded_by=record.recorded_by.get_full_name() if record.recorded_by else None,
        text_version=record.text.version,
        text_language=record.text.language,
        active=record.active,
        withdrawn_at=record.withdrawn_at,
        withdrawal_method=record.withdrawal_method,
        withdrawn_by=record.withdrawer_name,
    )


class BulkIn(Schema):
    action: Literal["register", "refuse", "withdraw"]
    uuids: list[UUID] = Field(..., min_length=1, max_length=services.BULK_LIMIT)
    reason: str = Field("", max_length=500)


class BulkOut(Schema):
    action: str
    total: int
    counts: dict[str, int]
    summary: str


def bulk_out(result: services.BulkResult) -> BulkOut:
    return BulkOut(
        action=result.action,
        total=result.total,
        counts=dict(result.counts),
        summary=result.summary(),
    )


class SlotChangeIn(Schema):
    slot: UUID = Field(..., description="the wished slot, an open slot of the centre")
    note: str = Field("", max_length=300)


class SlotChangeOut(Schema):
    uuid: UUID
    enrolment: UUID
    student_first_name: str
    student_last_name: str
    from_slot: str | None
    to_slot: str
    note: str
    status: str
    refusal_reason: str
    created_at: datetime
    decided_at: datetime | None


def slot_change_out(change: SlotChangeRequest) -> SlotChangeOut:
    return SlotChangeOut(
        uuid=change.uuid,
        enrolment=change.enrolment.uuid,
        student_first_name=change.student.first_name,
        student_last_name=change.student.last_name,
        from_slot=change.from_slot.label if change.from_slot else None,
        to_slot=change.to_slot.label,
        note=change.note,
        status=change.status,
        refusal_reason=change.refusal_reason,
        created_at=change.created_at,
        decided_at=change.decided_at,
    )


class SlotChangeFilters(Schema):
    status: SlotChangeStatus | None = SlotChangeStatus.OPEN


class AssignIn(Schema):
    slot: UUID
    uuids: list[UUID] = Field(..., min_length=1, max_length=services.BULK_LIMIT)


class AssignOut(Schema):
    placed: int
    full: int
    skipped: int
    summary: str


def assign_out(result: services.AssignResult) -> AssignOut:
    return AssignOut(
        placed=result.placed, full=result.full, skipped=result.skipped, summary=result.summary()
    )


# --- Public ----------------------------------------------------------------------------------


@router.post(
    "/enrolments/pre-register",
    auth=None,
    response={200: PreRegisterOut, 201: PreRegisterOut, **PUBLIC_ERRORS},
)
def pre_register(request: HttpRequest, payload: PreRegisterIn) -> Status:
    """A family's pre-registration, without signing in. 201 when created; 200 when the same
    request (names, birth date, guardian email) already exists: nothing is created twice."""
    throttle.check_ip(request)
    if payload.website:
        raise ValidationFailed(_("Your request could not be sent. Please try again."))
    centre = selectors.open_centre(payload.centre)
    slot = None
    if payload.preferred_slot is not None:
        slot = slot_get(
            user=request.user,
            centre=centre,
            uuid=payload.preferred_slot,
            open_only=True,
            field="preferred_slot",
        )
    throttle.check_email(payload.guardian_email)
    data = payload.dict(exclude={"centre", "website", "preferred_slot"})
    data["preferred_slot"] = slot
    result = services.pre_register(
        centre=centre,
        application=services.Application.from_data(data),
        site_url=_site(request),
    )
    message = (
        _("The pre-registration is received; the guardian is emailed a consent link.")
        if result.created
        else _("This pre-registration already exists: nothing new was created.")
    )
    return Status(
        201 if result.created else 200,
        PreRegisterOut(
            created=result.created,
            message=message,
            centre=centre.slug,
            school_year=result.enrolment.school_year,
            consent_email_sent=result.consent_email_sent,
        ),
    )


# --- Staff -----------------------------------------------------------------------------------


@router.get("/centres/{slug}/enrolments", response={200: EnrolmentPage, **ERRORS})
def list_enrolments(
    request: HttpRequest, slug: str, filters: Query[EnrolmentFilters]
) -> EnrolmentPage:
    """A centre's requests for a school year, as the user may see them (managers: all of
    their centre's; families: their own; others: none), ``limit`` at a time from
    ``offset``, with the total ``count``."""
    centre = centres.centre_get(user=request.user, slug=slug)
    rows = selectors.review_list(
        user=request.user,
        centre=centre,
        year=filters.year or years.current_school_year(centre),
        status=filters.status,
        q=filters.q,
        consent=filters.consent,
        duplicates=filters.duplicates,
    )
    end = filters.offset + filters.limit
    return EnrolmentPage(
        items=[enrolment_out(e) for e in rows[filters.offset : end]], count=rows.count()
    )


@router.post("/centres/{slug}/enrolments/bulk", response={200: BulkOut, **ERRORS})
def bulk(request: HttpRequest, slug: str, payload: BulkIn) -> BulkOut:
    centre = centres.centre_get(user=request.user, slug=slug)
    result = services.enrolments_bulk(
        actor=request.user,
        centre=centre,
        action=payload.action,
        uuids=payload.uuids,
        reason=payload.reason,
        site_url=_site(request),
    )
    return bulk_out(result)


@router.get("/enrolments/{uuid}", response={200: EnrolmentOut, **ERRORS})
def get_enrolment(request: HttpRequest, uuid: UUID) -> EnrolmentOut:
    return enrolment_out(selectors.enrolment_get(user=request.user, uuid=uuid))


def _decided(request: HttpRequest, decision: services.Decision) -> DecisionOut:
    renewed = selectors.enrolment_get(user=request.user, uuid=decision.enrolment.uuid)
    return decision_out(decision, renewed)


@router.post("/enrolments/{uuid}/register", response={200: DecisionOut, **ERRORS})
def register(request: HttpRequest, uuid: UUID, payload: RegisterIn) -> DecisionOut:
    """Register (or put on the slot's waiting list when it is full). 409 when a minor's
    guardian has not consented yet."""
    enrolment = selectors.enrolment_find(user=request.user, uuid=uuid)
    slot = None
    if payload.slot is not None:
        slot = slot_get(user=request.user, centre=enrolment.centre, uuid=payload.slot, field="slot")
    decision = services.enrolment_register(
        actor=request.user, enrolment=enrolment, slot=slot, site_url=_site(request)
    )
    return _decided(request, decision)


@router.post("/enrolments/{uuid}/refuse", response={200: DecisionOut, **ERRORS})
def refuse(request: HttpRequest, uuid: UUID, payload: RefuseIn) -> DecisionOut:
    enrolment = selectors.enrolment_find(user=request.user, uuid=uuid)
    decision = services.enrolment_refuse(
        actor=request.user, enrolment=enrolment, reason=payload.reason
    )
    return _decided(request, decision)


@router.post("/enrolments/{uuid}/withdraw", response={200: DecisionOut, **ERRORS})
def withdraw(request: HttpRequest, uuid: UUID) -> DecisionOut:
    enrolment = selectors.enrolment_find(user=request.user, uuid=uuid)
    decision = services.enrolment_withdraw(
        actor=request.user, enrolment=enrolment, site_url=_site(request)
    )
    return _decided(request, decision)


# --- Consents of a request, paper forms (managers) ------------------------------------------


@router.get("/enrolments/{uuid}/consents", response={200: list[ConsentOut], **ERRORS})
def enrolment_consents(request: HttpRequest, uuid: UUID) -> list[ConsentOut]:
    """The consents recorded for the request's student (in force and withdrawn), with how
    each was given: online or on paper."""
    enrolment = selectors.enrolment_find(user=request.user, uuid=uuid)
    rows = consents.consents_of(user=request.user, student_id=enrolment.student_id)
    return [consent_out(r) for r in rows]


@router.post(
    "/enrolments/{uuid}/consents/paper",
    response={200: ConsentOut, 201: ConsentOut, **ERRORS},
)
def paper_consent(request: HttpRequest, uuid: UUID, payload: PaperConsentIn) -> Status:
    """Record a consent signed on paper at the centre (managers of the centre). 201 when
    recorded, 200 when a consent of that kind is already in force (nothing changes)."""
    enrolment = selectors.enrolment_find(user=request.user, uuid=uuid, editable=True)
    result = consent_records.consent_record_paper(
        actor=request.user,
        student=enrolment.student,
        kind=payload.kind,
        signed_on=payload.signed_on,
        signer=payload.signer,
        signed_by_name=payload.signed_by_name,
        language=payload.language or "",
    )
    return Status(201 if result.changed else 200, consent_out(result.record))


@router.post("/enrolments/{uuid}/consents/paper-withdrawal", response={200: ConsentOut, **ERRORS})
def paper_withdrawal(request: HttpRequest, uuid: UUID, payload: PaperWithdrawalIn) -> ConsentOut:
    """Record a withdrawal signed on paper (managers of the centre). Repeating it changes
    nothing; 409 when no consent of that kind was ever recorded."""
    enrolment = selectors.enrolment_find(user=request.user, uuid=uuid, editable=True)
    result = consent_records.consent_withdraw_paper(
        actor=request.user,
        student=enrolment.student,
        kind=payload.kind,
        signed_on=payload.signed_on,
        signer=payload.signer,
        signed_by_name=payload.signed_by_name,
    )
    return consent_out(result.record)


# --- Families --------------------------------------------------------------------------------


@router.post("/me/enrolments/{uuid}/withdraw", response={200: DecisionOut, **ERRORS})
def family_withdraw(request: HttpRequest, uuid: UUID) -> DecisionOut:
    """The student or their guardian withdraws their own request before the centre decides
    it. Repeating it changes nothing; 409 when it is already registered or refused."""
    enrolment = selectors.enrolment_find(user=request.user, uuid=uuid)
    decision = services.enrolment_withdraw_by_family(actor=request.user, enrolment=enrolment)
    return _decided(request, decision)


@router.get("/me/enrolments", response={200: list[EnrolmentOut], **ERRORS})
def my_enrolments(request: HttpRequest) -> list[EnrolmentOut]:
    """The signed-in student's enrolments, or a guardian's children's, year by year."""
    return [enrolment_out(e) for e in selectors.my_enrolments(user=request.user)]


@router.post(
    "/enrolments/{uuid}/reenrol", response={200: EnrolmentOut, 201: EnrolmentOut, **ERRORS}
)
def reenrol(request: HttpRequest, uuid: UUID) -> Status:
    """Ask for next year's enrolment of a student registered this year (guardian or staff).
    201 when created, 200 when it was already asked for."""
    enrolment = selectors.enrolment_find(user=request.user, uuid=uuid)
    result = services.reenrol(actor=request.user, enrolment=enrolment, site_url=_site(request))
    renewed = selectors.enrolment_get(user=request.user, uuid=result.enrolment.uuid)
    return Status(201 if result.created else 200, enrolment_out(renewed))


# --- Slot changes and bulk slot assignment ---------------------------------------------------


@router.post(
    "/enrolments/{uuid}/slot-change",
    response={200: SlotChangeOut, 201: SlotChangeOut, **ERRORS},
)
def ask_slot_change(request: HttpRequest, uuid: UUID, payload: SlotChangeIn) -> Status:
    """The student or their guardian asks for another weekly slot. 201 when created, 200
    when the same request is already open; 409 when another one is open."""
    enrolment = selectors.enrolment_find(user=request.user, uuid=uuid)
    slot = slot_get(
        user=request.user, centre=enrolment.centre, uuid=payload.slot, open_only=True, field="slot"
    )
    result = services.slot_change_request(
        actor=request.user, enrolment=enrolment, to_slot=slot, note=payload.note
    )
    return Status(201 if result.outcome == "created" else 200, slot_change_out(result.change))


@router.get("/me/slot-changes", response={200: list[SlotChangeOut], **ERRORS})
def my_slot_changes(request: HttpRequest) -> list[SlotChangeOut]:
    """The signed-in student's requests, or a guardian's children's."""
    return [slot_change_out(c) for c in selectors.my_slot_changes(user=request.user)]


@router.get("/centres/{slug}/slot-changes", response={200: list[SlotChangeOut], **ERRORS})
def centre_slot_changes(
    request: HttpRequest, slug: str, filters: Query[SlotChangeFilters]
) -> list[SlotChangeOut]:
    centre = centres.centre_get(user=request.user, slug=slug)
    rows = selectors.slot_change_list(user=request.user, centre=centre, status=filters.status)
    return [slot_change_out(c) for c in rows]


@router.post("/slot-changes/{uuid}/accept", response={200: SlotChangeOut, **ERRORS})
def accept_slot_change(request: HttpRequest, uuid: UUID) -> SlotChangeOut:
    """Moves the seat if one is left in the wished slot; 409 when it is full."""
    change = selectors.slot_change_get(user=request.user, uuid=uuid)
    result = services.slot_change_accept(actor=request.user, change=change, site_url=_site(request))
    return slot_change_out(result.change)


@router.post("/slot-changes/{uuid}/refuse", response={200: SlotChangeOut, **ERRORS})
def refuse_slot_change(request: HttpRequest, uuid: UUID, payload: RefuseIn) -> SlotChangeOut:
    change = selectors.slot_change_get(user=request.user, uuid=uuid)
    result = services.slot_change_refuse(actor=request.user, change=change, reason=payload.reason)
    return slot_change_out(result.change)


@router.post("/slot-changes/{uuid}/cancel", response={200: SlotChangeOut, **ERRORS})
def cancel_slot_change(request: HttpRequest, uuid: UUID) -> SlotChangeOut:
    change = selectors.slot_change_get(user=request.user, uuid=uuid)
    result = services.slot_change_cancel(actor=request.user, change=change)
    return slot_change_out(result.change)


@router.post("/centres/{slug}/enrolments/assign-slot", response={200: AssignOut, **ERRORS})
def assign_slot(request: HttpRequest, slug: str, payload: AssignIn) -> AssignOut:
    """Give a slot to registered students without one, within the seats left."""
    centre = centres.centre_get(user=request.user, slug=slug)
    slot = slot_get(user=request.user, centre=centre, uuid=payload.slot, field="slot")
    result = services.slots_assign_bulk(
        actor=request.user, centre=centre, slot=slot, uuids=payload.uuids
    )
    return assign_out(result)
