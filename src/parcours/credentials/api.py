"""The credentials' API: the verifier anyone may call (no sign-in, as the public pages), and
revoking a credential (the centre's managers, as on the pages)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from parcours.core.api import ERRORS
from parcours.credentials import selectors, services, urls_of

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


def credential_out(credential: object) -> CredentialOut:
    c = credential
    return CredentialOut(
        id=c.uuid,  # type: ignore[attr-defined]
        jwt_url=urls_of.jwt(c.uuid),  # type: ignore[attr-defined]
        page_url=urls_of.page(c.uuid),  # type: ignore[attr-defined]
        achievement=c.achievement,  # type: ignore[attr-defined]
        centre=c.centre.slug,  # type: ignore[attr-defined]
        status="revoked" if c.revoked_at else "active",  # type: ignore[attr-defined]
        revoked_at=c.revoked_at,  # type: ignore[attr-defined]
    )


class HeldOut(CredentialOut):
    name: str
    holder_first_name: str
    issued_at: datetime


@router.get("/me/credentials", response={200: list[HeldOut], **ERRORS})
def my_credentials(request: HttpRequest) -> list[HeldOut]:
    """The caller's credentials (a guardian's: their children's too), newest first."""
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
