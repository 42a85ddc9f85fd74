"""The credentials' API: the verifier anyone may call (no sign-in, as the public pages), and
revoking a credential (the centre's managers, as on the pages)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from parcours.core.api import ERRORS
from parcours.core.errors import NotFound, ValidationFailed
from parcours.credentials import awards, selectors, services, urls_of
from parcours.credentials.attestation import attestations_pdf, pdf_response
from parcours.enrolment import years
from parcours.people.selectors import family_students

if TYPE_CHECKING:
    from parcours.credentials.models import Credential

router = Router(tags=["credentials"])

# a VC-JWT of Parcours is a few kilobytes; refuse what cannot be one before parsing it
TOKEN_MAX = 64_000


class VerifyIn(Schema):
    credential: str = Field(max_length=TOKEN_MAX, description="a VC-JWT (compact JWS)")


class VerifyOut(Schema):
    valid: bool
    checks: list[str] = Field(description="the checks passed")
    errors: list[str] = Field(description="'<check>: <reason>' for each check failed")


@router.post("/credentials/verify", response={200: VerifyOut, **ERRORS}, auth=None)
def verify(request: HttpRequest, payload: VerifyIn) -> VerifyOut:
    """Check a credential: its form, the issuer's published key, the signature, its
    structure, its dates and its revocation status."""
    verdict = selectors.verify(payload.credential)
    return VerifyOut(valid=verdict.valid, checks=verdict.checks, errors=verdict.errors)


class RevokeIn(Schema):
    reason: str = Field(max_length=services.REASON_MAX)


class CredentialOut(Schema):
    id: UUID
    jwt_url: str
    page_url: str
    achievement: str
    centre: str
    status: str
    revoked_at: datetime | None


def credential_out(c: Credential) -> CredentialOut:
    return CredentialOut(
        id=c.uuid,
        jwt_url=urls_of.jwt(c.uuid),
        page_url=urls_of.page(c.uuid),
        achievement=c.achievement,
        centre=c.centre.slug,
        status="revoked" if c.revoked_at else "active",
        revoked_at=c.revoked_at,
    )


class HeldOut(CredentialOut):
    name: str
    holder_first_name: str
    issued_at: datetime


@router.get("/me/credentials", response={200: list[HeldOut], **ERRORS})
def my_credentials(request: HttpRequest) -> list[HeldOut]:
    """The caller's credentials (a guardian's: their children's too), newest first; what
    their record says they earned and do not hold yet is issued first."""
    for student in family_students(request.user):
        awards.award_due(student)
    return [
        HeldOut(
            **credential_out(c).dict(),
            name=c.name,
            holder_first_name=c.holder.first_name,
            issued_at=c.issued_at,
        )
        for c in selectors.held_by(request.user)
    ]


@router.post("/credentials/{uuid}/revoke", response={200: CredentialOut, **ERRORS})
def revoke(request: HttpRequest, uuid: UUID, payload: RevokeIn) -> CredentialOut:
    """Revoke a credential the caller's centre issued; again: nothing more."""
    credential = selectors.credential_public(uuid)
    return credential_out(
        services.revoke(actor=request.user, credential=credential, reason=payload.reason)
    )


class AttestationsQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="school year (its first year)")
    slot: UUID | None = Field(None, description="one weekly group; all students if left out")


@router.get("/credentials/{uuid}/attestation", response={200: None, **ERRORS})
def attestation(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The credential's attestation as a PDF (its holder, their family, its centre's
    managers)."""
    credential = selectors.printable(user=request.user, uuid=uuid)
    return pdf_response(
        attestations_pdf([credential], title=credential.name), f"attestation-{uuid}.pdf"
    )


@router.get("/centres/{slug}/attestations", response={200: None, **ERRORS})
def attestations(request: HttpRequest, slug: str, query: Query[AttestationsQuery]) -> HttpResponse:
    """A school year's attestations of the centre as one PDF (its managers)."""
    centre = selectors.managed_centre(user=request.user, slug=slug)
    year = query.year or years.current_school_year(centre)
    slot = None
    if query.slot is not None:
        slot = selectors.centre_slots(centre).filter(uuid=query.slot).first()
        if slot is None:
            raise NotFound()
    rows = selectors.for_a_group(centre, year, slot)
    title = f"{centre.name} {years.year_label(year)}"
    return pdf_response(attestations_pdf(rows, title=title), f"attestations-{slug}-{year}.pdf")


class CentreCredentialOut(CredentialOut):
    name: str
    kind: str
    holder: UUID
    holder_name: str
    issued_at: datetime


class CentreCredentialPage(Schema):
    count: int
    items: list[CentreCredentialOut]


class CentreCredentialQuery(Schema):
    q: str = Field("", max_length=100, description="a credential's or a person's name")
    offset: int = Field(0, ge=0)
    limit: int = Field(50, ge=1, le=200)


def centre_credential_out(c: Credential) -> CentreCredentialOut:
    return CentreCredentialOut(
        **credential_out(c).dict(),
        name=c.name,
        kind=c.kind,
        holder=c.holder.uuid,
        holder_name=c.holder.get_full_name(),
        issued_at=c.issued_at,
    )


@router.get("/centres/{slug}/credentials", response={200: CentreCredentialPage, **ERRORS})
def centre_credentials(
    request: HttpRequest, slug: str, query: Query[CentreCredentialQuery]
) -> CentreCredentialPage:
    """What the centre issued, newest first (its managers)."""
    centre = selectors.managed_centre(user=request.user, slug=slug)
    rows = selectors.centre_credentials(centre, query.q)
    page = rows[query.offset : query.offset + query.limit]
    return CentreCredentialPage(count=rows.count(), items=[centre_credential_out(c) for c in page])


class AwardIn(Schema):
    person: str = Field(..., max_length=150, description="the person's sign-in name")
    kind: str = Field(..., description="'lab', 'orientation' or 'training'")
    name: str = Field(..., max_length=services.TEXT_MAX["name"])
    description: str = Field(..., max_length=services.TEXT_MAX["description"])
    criteria: str = Field(..., max_length=services.TEXT_MAX["criteria"])
    evidence_url: str = Field("", max_length=500)


@router.post("/centres/{slug}/credentials", response={201: CentreCredentialOut, **ERRORS})
def award(request: HttpRequest, slug: str, payload: AwardIn) -> Status:
    """Award a credential by hand (its managers); the same name to the same person again
    returns the first."""
    centre = selectors.managed_centre(user=request.user, slug=slug)
    holder = selectors.awardable_person(centre, payload.person)
    if holder is None:
        raise ValidationFailed(
            _("Nobody of this centre signs in with this name."),
            fields={"person": [_("Nobody of this centre signs in with this name.")]},
        )
    made = services.award_by_manager(
        actor=request.user,
        centre=centre,
        holder=holder,
        kind=payload.kind,
        name=payload.name,
        description=payload.description,
        criteria=payload.criteria,
        evidence_url=payload.evidence_url,
    )
    return Status(201, centre_credential_out(made))
