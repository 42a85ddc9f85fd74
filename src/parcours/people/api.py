from datetime import datetime
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field

from parcours.core.api import ERRORS
from parcours.core.errors import Forbidden
from parcours.people import selectors, services
from parcours.people.models import PersonalToken
from parcours.people.permissions import tokens_policy
from parcours.people.selectors import access_for

router = Router(tags=["people"])


class MeOut(Schema):
    username: str
    first_name: str
    last_name: str
    language: str
    roles: list[str]
    network_admin: bool
    centres: dict[str, list[int]]


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request: HttpRequest) -> MeOut:
    user = request.user
    access = access_for(user)
    return MeOut(
        username=user.get_username(),
        first_name=user.first_name,  # type: ignore[union-attr]
        last_name=user.last_name,  # type: ignore[union-attr]
        language=user.preferred_language,  # type: ignore[union-attr]
        roles=access.roles,
        network_admin=access.network_admin,
        centres={role: sorted(ids) for role, ids in access.by_role.items()},
    )


# --- Personal API tokens --------------------------------------------------------------------


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


@router.get("/me/tokens", response={200: list[TokenOut], **ERRORS})
@paginate(LimitOffsetPagination)
def list_tokens(request: HttpRequest) -> QuerySet[PersonalToken]:
    """The signed-in user's personal API tokens (the secrets are shown only when made)."""
    return selectors.api_tokens(user=request.user)


@router.post("/me/tokens", response={201: TokenIssuedOut, **ERRORS})
def create_token(request: HttpRequest, payload: TokenIn) -> Status:
    """A new personal API token (staff only). Needs the session: a token cannot make tokens,
    so that a leaked one cannot mint more."""
    if isinstance(getattr(request, "auth", None), PersonalToken):
        raise Forbidden(_("A token cannot make tokens: sign in to the site to make one."))
    issued = services.api_token_create(actor=request.user, name=payload.name, days=payload.days)
    shown = TokenOut.from_orm(issued.token).model_dump()
    return Status(201, TokenIssuedOut(**shown, token=issued.raw))


@router.delete("/me/tokens/{uuid}", response={204: None, **ERRORS})
def revoke_token(request: HttpRequest, uuid: UUID) -> Status:
    """Revoke one of one's tokens: it stops working at once (revoking again is harmless)."""
    token = tokens_policy.get_visible(request.user, uuid=uuid)
    services.api_token_revoke(actor=request.user, token=token)
    return Status(204, None)
