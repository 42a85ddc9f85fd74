"""Enrolment over HTTP: the same selectors, services and policies as the pages.

Public: ``POST /api/enrolments/pre-register`` (no sign-in, rate-limited). Staff: a centre's
requests, decisions one by one and in bulk. Families: ``GET /api/me/enrolments``, re-enrol.
"""

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import ConfigDict, Field

from parcours.centres import selectors as centres
from parcours.consents import selectors as consents
from parcours.consents.models import ConsentRecord
from parcours.core.api import ERRORS, ErrorOut
from parcours.core.errors import ValidationFailed
from parcours.enrolment import selectors, services, throttle, years
from parcours.enrolment.models import Enrolment, SlotChangeRequest
from parcours.enrolment.permissions import enrolment_policy, slot_change_policy
from parcours.schedule.models import Slot

router = Router(tags=["enrolment"])

PUBLIC_ERRORS: dict[int | str, Any] = {**ERRORS, 429: ErrorOut}
Status_ = Literal["pre_registered", "registered", "waiting_list", "refused", "withdrawn"]
Gender_ = Literal["female", "male", "other", "undisclosed"]


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- Schemas ---------------------------------------------------------------------------------


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
    gender: Gender_ = "undisclosed"
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
    website: str = Field("", max_length=200, description="leave empty (anti-spam trap)")


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

    @staticmethod
    def resolve_centre(obj: Enrolment) -> str:
        return obj.centre.slug

    @staticmethod
    def resolve_student_first_name(obj: Enrolment) -> str:
        return obj.student.first_name

    @staticmethod
    def resolve_student_last_name(obj: Enrolment) -> str:
        return obj.student.last_name

    @staticmethod
    def resolve_student_username(obj: Enrolment) -> str:
        return obj.student.username

    @staticmethod
    def resolve_birth_date(obj: Enrolment) -> date:
        return obj.student.student_profile.birth_date

    @staticmethod
    def resolve_school(obj: Enrolment) -> str:
        return obj.student.student_profile.school

    @staticmethod
    def resolve_grade(obj: Enrolment) -> str:
        return obj.student.student_profile.grade

    @staticmethod
    def resolve_guardian_name(obj: Enrolment) -> str | None:
        return obj.guardian.get_full_name() if obj.guardian else None

    @staticmethod
    def resolve_guardian_email(obj: Enrolment) -> str | None:
        return obj.guardian.email if obj.guardian else None

    @staticmethod
    def resolve_preferred_slot(obj: Enrolment) -> str | None:
        return obj.preferred_slot.label if obj.preferred_slot else None

    @staticmethod
    def resolve_slot(obj: Enrolment) -> str | None:
        return obj.slot.label if obj.slot else None

    @staticmethod
    def resolve_consents(obj: Enrolment) -> list[str]:
        kinds = ("enrolment", "image_use", "public_display")
        return [k for k in kinds if getattr(obj, f"consent_{k}", False)]

    @staticmethod
    def resolve_needs_consent(obj: Enrolment) -> bool:
        return bool(obj.student_is_minor and not getattr(obj, "consent_enrolment", False))


class EnrolmentFilters(Schema):
    status: Status_ | None = None
    year: int | None = Field(None, ge=2000, le=2100, description="default: the current year")
    q: str = Field("", max_length=100, description="name, username, guardian email, school")
    consent: Literal["given", "missing"] | None = None
    duplicates: bool = False


class RegisterIn(Schema):
    slot: UUID | None = Field(None, description="default: the preferred slot")


class RefuseIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


class DecisionOut(Schema):
    outcome: str
    position: int | None = None
    enrolment: EnrolmentOut


class PaperConsentIn(Schema):
    kind: Literal["enrolment", "image_use", "public_display"]
    signed_on: date
    signer: Literal["guardian", "student"] = Field(
        ..., description="guardian (a minor's form) or student (18 or over on that day)"
    )
    signed_by_name: str = Field("", max_length=200, description="the name as written")
    language: Literal["fr", "en"] | None = Field(
        None, description="of the text signed; default: the student's language"
    )


class PaperWithdrawalIn(Schema):
    kind: Literal["enrolment", "image_use", "public_display"]
    signed_on: date
    signer: Literal["guardian", "student"]
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

    @staticmethod
    def resolve_signed_by(obj: ConsentRecord) -> str:
        return obj.signer_name

    @staticmethod
    def resolve_recorded_by(obj: ConsentRecord) -> str | None:
        return obj.recorded_by.get_full_name() if obj.recorded_by else None

    @staticmethod
    def resolve_text_version(obj: ConsentRecord) -> int:
        return obj.text.version

    @staticmethod
    def resolve_text_language(obj: ConsentRecord) -> str:
        return obj.text.language

    @staticmethod
    def resolve_withdrawn_by(obj: ConsentRecord) -> str:
        return obj.withdrawer_name


class BulkIn(Schema):
    action: Literal["register", "refuse", "withdraw"]
    uuids: list[UUID] = Field(..., min_length=1, max_length=services.BULK_LIMIT)
    reason: str = Field("", max_length=500)


class BulkOut(Schema):
    action: str
    total: int
    counts: dict[str, int]
    summary: str


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
        slot = Slot.objects.filter(centre=centre, uuid=payload.preferred_slot).first()
        if slot is None:
            message = _("This slot is not open for enrolment at this centre.")
            raise ValidationFailed(message, fields={"preferred_slot": [message]})
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


@router.get("/centres/{slug}/enrolments", response={200: list[EnrolmentOut], **ERRORS})
@paginate(LimitOffsetPagination)
def list_enrolments(
    request: HttpRequest, slug: str, filters: Query[EnrolmentFilters]
) -> QuerySet[Enrolment]:
    """A centre's requests for a school year, as the user may see them (managers: all of
    their centre's; families: their own; others: none)."""
    centre = centres.centre_get(user=request.user, slug=slug)
    return selectors.review_list(
        user=request.user,
        centre=centre,
        year=filters.year or years.current_school_year(centre),
        status=filters.status,
        q=filters.q,
        consent=filters.consent,
        duplicates=filters.duplicates,
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
    return BulkOut(
        action=result.action,
        total=result.total,
        counts=dict(result.counts),
        summary=result.summary(),
    )


@router.get("/enrolments/{uuid}", response={200: EnrolmentOut, **ERRORS})
def get_enrolment(request: HttpRequest, uuid: UUID) -> Enrolment:
    return selectors.enrolment_get(user=request.user, uuid=uuid)


def _decision(request: HttpRequest, decision: services.Decision) -> dict[str, Any]:
    return {
        "outcome": decision.outcome,
        "position": decision.position,
        "enrolment": selectors.enrolment_get(user=request.user, uuid=decision.enrolment.uuid),
    }


@router.post("/enrolments/{uuid}/register", response={200: DecisionOut, **ERRORS})
def register(request: HttpRequest, uuid: UUID, payload: RegisterIn) -> dict[str, Any]:
    """Register (or put on the slot's waiting list when it is full). 409 when a minor's
    guardian has not consented yet."""
    enrolment = enrolment_policy.get_visible(request.user, uuid=uuid)
    slot = None
    if payload.slot is not None:
        slot = Slot.objects.filter(centre_id=enrolment.centre_id, uuid=payload.slot).first()
        if slot is None:
            message = _("This slot belongs to another centre.")
            raise ValidationFailed(message, fields={"slot": [message]})
    decision = services.enrolment_register(
        actor=request.user, enrolment=enrolment, slot=slot, site_url=_site(request)
    )
    return _decision(request, decision)


@router.post("/enrolments/{uuid}/refuse", response={200: DecisionOut, **ERRORS})
def refuse(request: HttpRequest, uuid: UUID, payload: RefuseIn) -> dict[str, Any]:
    enrolment = enrolment_policy.get_visible(request.user, uuid=uuid)
    decision = services.enrolment_refuse(
        actor=request.user, enrolment=enrolment, reason=payload.reason
    )
    return _decision(request, decision)


@router.post("/enrolments/{uuid}/withdraw", response={200: DecisionOut, **ERRORS})
def withdraw(request: HttpRequest, uuid: UUID) -> dict[str, Any]:
    enrolment = enrolment_policy.get_visible(request.user, uuid=uuid)
    decision = services.enrolment_withdraw(
        actor=request.user, enrolment=enrolment, site_url=_site(request)
    )
    return _decision(request, decision)


# --- Consents of a request, paper forms (managers) ------------------------------------------


@router.get("/enrolments/{uuid}/consents", response={200: list[ConsentOut], **ERRORS})
def enrolment_consents(request: HttpRequest, uuid: UUID) -> list[ConsentRecord]:
    """The consents recorded for the request's student (in force and withdrawn), with how
    each was given: online or on paper."""
    enrolment = enrolment_policy.get_visible(request.user, uuid=uuid)
    return list(consents.consents_of(user=request.user, student_id=enrolment.student_id))


@router.post(
    "/enrolments/{uuid}/consents/paper",
    response={200: ConsentOut, 201: ConsentOut, **ERRORS},
)
def paper_consent(request: HttpRequest, uuid: UUID, payload: PaperConsentIn) -> Status:
    """Record a consent signed on paper at the centre (managers of the centre). 201 when
    recorded, 200 when a consent of that kind is already in force (nothing changes)."""
    enrolment = enrolment_policy.get_visible(request.user, uuid=uuid)
    result = services.paper_consent_record(
        actor=request.user,
        enrolment=enrolment,
        kind=payload.kind,
        signed_on=payload.signed_on,
        signer=payload.signer,
        signed_by_name=payload.signed_by_name,
        language=payload.language or "",
    )
    return Status(201 if result.changed else 200, result.record)


@router.post("/enrolments/{uuid}/consents/paper-withdrawal", response={200: ConsentOut, **ERRORS})
def paper_withdrawal(request: HttpRequest, uuid: UUID, payload: PaperWithdrawalIn) -> Any:
    """Record a withdrawal signed on paper (managers of the centre). Repeating it changes
    nothing; 409 when no consent of that kind was ever recorded."""
    enrolment = enrolment_policy.get_visible(request.user, uuid=uuid)
    return services.paper_consent_withdraw(
        actor=request.user,
        enrolment=enrolment,
        kind=payload.kind,
        signed_on=payload.signed_on,
        signer=payload.signer,
        signed_by_name=payload.signed_by_name,
    ).record


# --- Families --------------------------------------------------------------------------------


@router.post("/me/enrolments/{uuid}/withdraw", response={200: DecisionOut, **ERRORS})
def family_withdraw(request: HttpRequest, uuid: UUID) -> dict[str, Any]:
    """The student or their guardian withdraws their own request before the centre decides
    it. Repeating it changes nothing; 409 when it is already registered or refused."""
    enrolment = enrolment_policy.get_visible(request.user, uuid=uuid)
    decision = services.enrolment_withdraw_by_family(actor=request.user, enrolment=enrolment)
    return _decision(request, decision)


@router.get("/me/enrolments", response={200: list[EnrolmentOut], **ERRORS})
def my_enrolments(request: HttpRequest) -> list[Enrolment]:
    """The signed-in student's enrolments, or a guardian's children's, year by year."""
    return list(selectors.my_enrolments(user=request.user))


@router.post(
    "/enrolments/{uuid}/reenrol", response={200: EnrolmentOut, 201: EnrolmentOut, **ERRORS}
)
def reenrol(request: HttpRequest, uuid: UUID) -> Status:
    """Ask for next year's enrolment of a student registered this year (guardian or staff).
    201 when created, 200 when it was already asked for."""
    enrolment = enrolment_policy.get_visible(request.user, uuid=uuid)
    result = services.reenrol(actor=request.user, enrolment=enrolment, site_url=_site(request))
    renewed = selectors.enrolment_get(user=request.user, uuid=result.enrolment.uuid)
    return Status(201 if result.created else 200, renewed)


# --- Slot changes and bulk slot assignment ---------------------------------------------------


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

    @staticmethod
    def resolve_enrolment(obj: SlotChangeRequest) -> UUID:
        return obj.enrolment.uuid

    @staticmethod
    def resolve_student_first_name(obj: SlotChangeRequest) -> str:
        return obj.student.first_name

    @staticmethod
    def resolve_student_last_name(obj: SlotChangeRequest) -> str:
        return obj.student.last_name

    @staticmethod
    def resolve_from_slot(obj: SlotChangeRequest) -> str | None:
        return obj.from_slot.label if obj.from_slot else None

    @staticmethod
    def resolve_to_slot(obj: SlotChangeRequest) -> str:
        return obj.to_slot.label


class SlotChangeFilters(Schema):
    status: Literal["open", "accepted", "refused", "cancelled"] | None = "open"


class AssignIn(Schema):
    slot: UUID
    uuids: list[UUID] = Field(..., min_length=1, max_length=services.BULK_LIMIT)


class AssignOut(Schema):
    placed: int
    full: int
    skipped: int
    summary: str


@router.post(
    "/enrolments/{uuid}/slot-change",
    response={200: SlotChangeOut, 201: SlotChangeOut, **ERRORS},
)
def ask_slot_change(request: HttpRequest, uuid: UUID, payload: SlotChangeIn) -> Status:
    """The student or their guardian asks for another weekly slot. 201 when created, 200
    when the same request is already open; 409 when another one is open."""
    enrolment = enrolment_policy.get_visible(request.user, uuid=uuid)
    slot = Slot.objects.filter(centre_id=enrolment.centre_id, uuid=payload.slot).first()
    if slot is None:
        message = _("This slot is not open at this centre.")
        raise ValidationFailed(message, fields={"slot": [message]})
    result = services.slot_change_request(
        actor=request.user, enrolment=enrolment, to_slot=slot, note=payload.note
    )
    return Status(201 if result.outcome == "created" else 200, result.change)


@router.get("/me/slot-changes", response={200: list[SlotChangeOut], **ERRORS})
def my_slot_changes(request: HttpRequest) -> list[SlotChangeRequest]:
    """The signed-in student's requests, or a guardian's children's."""
    return list(
        slot_change_policy.visible(request.user)
        .filter(Q(student_id=request.user.pk) | Q(student__guardians__guardian_id=request.user.pk))
        .select_related("enrolment", "student", "from_slot", "to_slot")
        .order_by("-created_at")
        .distinct()
    )


@router.get("/centres/{slug}/slot-changes", response={200: list[SlotChangeOut], **ERRORS})
def centre_slot_changes(
    request: HttpRequest, slug: str, filters: Query[SlotChangeFilters]
) -> list[SlotChangeRequest]:
    centre = centres.centre_get(user=request.user, slug=slug)
    return list(
        selectors.slot_change_list(
            user=request.user, centre=centre, status=filters.status
        ).select_related("enrolment")
    )


@router.post("/slot-changes/{uuid}/accept", response={200: SlotChangeOut, **ERRORS})
def accept_slot_change(request: HttpRequest, uuid: UUID) -> SlotChangeRequest:
    """Moves the seat if one is left in the wished slot; 409 when it is full."""
    change = selectors.slot_change_get(user=request.user, uuid=uuid)
    return services.slot_change_accept(
        actor=request.user, change=change, site_url=_site(request)
    ).change


@router.post("/slot-changes/{uuid}/refuse", response={200: SlotChangeOut, **ERRORS})
def refuse_slot_change(request: HttpRequest, uuid: UUID, payload: RefuseIn) -> SlotChangeRequest:
    change = selectors.slot_change_get(user=request.user, uuid=uuid)
    return services.slot_change_refuse(
        actor=request.user, change=change, reason=payload.reason
    ).change


@router.post("/slot-changes/{uuid}/cancel", response={200: SlotChangeOut, **ERRORS})
def cancel_slot_change(request: HttpRequest, uuid: UUID) -> SlotChangeRequest:
    change = selectors.slot_change_get(user=request.user, uuid=uuid)
    return services.slot_change_cancel(actor=request.user, change=change).change


@router.post("/centres/{slug}/enrolments/assign-slot", response={200: AssignOut, **ERRORS})
def assign_slot(request: HttpRequest, slug: str, payload: AssignIn) -> AssignOut:
    """Give a slot to registered students without one, within the seats left."""
    centre = centres.centre_get(user=request.user, slug=slug)
    slot = Slot.objects.filter(centre=centre, uuid=payload.slot).first()
    if slot is None:
        message = _("This slot belongs to another centre.")
        raise ValidationFailed(message, fields={"slot": [message]})
    result = services.slots_assign_bulk(
        actor=request.user, centre=centre, slot=slot, uuids=payload.uuids
    )
    return AssignOut(
        placed=result.placed, full=result.full, skipped=result.skipped, summary=result.summary()
    )
