"""Who one is, and one's personal API tokens, over HTTP."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from parcours.core.api import ERRORS, MAX_LIMIT, MAX_OFFSET
from parcours.core.errors import Forbidden
from parcours.people import selectors, services
from parcours.people.auth import by_token
from parcours.people.errors import PeopleError
from parcours.people.types import signed_in

if TYPE_CHECKING:
    from parcours.people.models import PersonalToken, User

router = Router(tags=["people"])


class MeOut(Schema):
    username: str
    first_name: str
    last_name: str
    language: str
    roles: list[str]
    network_admin: bool
    centres: dict[str, list[int]]


class TokenOut(Schema):
    uuid: UUID
    name: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    status: str = Field(..., description="active, expired or revoked")


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100, description="what the token is for")
    days: int = Field(
        services.TOKEN_DEFAULT_DAYS, ge=1, le=services.TOKEN_MAX_DAYS, description="lifetime"
    )


class TokenIssuedOut(TokenOut):
    token: str = Field(..., description="the secret: shown this once, never again")


class TokenPage(Schema):
    items: list[TokenOut]
    count: int


def me_out(user: User) -> MeOut:
    access = selectors.access_for(user)
    return MeOut(
        username=user.get_username(),
        first_name=user.first_name,
        last_name=user.last_name,
        language=user.preferred_language,
        roles=access.roles,
        network_admin=access.network_admin,
        centres={role: sorted(ids) for role, ids in access.by_role.items()},
    )


def token_out(token: PersonalToken) -> TokenOut:
    return TokenOut(
        uuid=token.uuid,
        name=token.name,
        created_at=token.created_at,
        expires_at=token.expires_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
        status=token.status,
    )


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request: HttpRequest) -> MeOut:
    return me_out(signed_in(request.user))


# --- Personal API tokens --------------------------------------------------------------------


@router.get("/me/tokens", response={200: TokenPage, **ERRORS})
def list_tokens(
    request: HttpRequest,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> TokenPage:
    """The signed-in user's personal API tokens (the secrets are shown only when made)."""
    rows = selectors.api_tokens(user=request.user)
    return TokenPage(
        items=[token_out(t) for t in rows[offset : offset + limit]], count=rows.count()
    )


@router.post("/me/tokens", response={201: TokenIssuedOut, **ERRORS})
def create_token(request: HttpRequest, payload: TokenIn) -> Status:
    """A new personal API token (staff only). Needs the session: a token cannot make tokens,
    so that a leaked one cannot mint more."""
    if by_token(request):
        raise Forbidden(
            _("A token cannot make tokens: sign in to the site to make one."),
            code=PeopleError.TOKEN_CANNOT_MINT,
        )
    issued = services.api_token_create(actor=request.user, name=payload.name, days=payload.days)
    shown = token_out(issued.token).model_dump()
    return Status(201, TokenIssuedOut(**shown, token=issued.raw))


@router.delete("/me/tokens/{uuid}", response={204: None, **ERRORS})
def revoke_token(request: HttpRequest, uuid: UUID) -> Status:
    """Revoke one of one's tokens: it stops working at once (revoking again is harmless)."""
    token = selectors.api_token_get(user=request.user, uuid=uuid)
    services.api_token_revoke(actor=request.user, token=token)
    return Status(204, None)


class SignInSessionOut(Schema):
    uuid: UUID
    device: str
    user_agent: str
    address: str
    created_at: datetime
    last_seen_at: datetime
    current: bool


class EndedOut(Schema):
    ended: int


@router.get("/me/sessions", response={200: list[SignInSessionOut], **ERRORS})
def list_sessions(request: HttpRequest) -> list[SignInSessionOut]:
    """Where the signed-in user is signed in (through the site: API tokens are at /me/tokens)."""
    current = getattr(request, "session", None)
    key = current.session_key if current is not None else None
    return [
        SignInSessionOut(
            uuid=s.uuid,
            device=s.device,
            user_agent=s.user_agent,
            address=s.address,
            created_at=s.created_at,
            last_seen_at=s.last_seen_at,
            current=s.session_key == key,
        )
        for s in selectors.active_sessions(user=request.user)
    ]


@router.post("/me/sessions/{uuid}/end", response={200: EndedOut, **ERRORS})
def end_session(request: HttpRequest, uuid: UUID) -> EndedOut:
    """Sign one of one's other sessions out (409 for the one in use: sign out instead)."""
    key = request.session.session_key if hasattr(request, "session") else None
    return EndedOut(ended=services.session_end(actor=request.user, uuid=uuid, current_key=key))


@router.post("/me/sessions/end-others", response={200: EndedOut, **ERRORS})
def end_other_sessions(request: HttpRequest) -> EndedOut:
    """Sign out every session but the one in use."""
    key = request.session.session_key if hasattr(request, "session") else None
    return EndedOut(ended=services.sessions_end_others(actor=request.user, current_key=key))
