"""Calendar feed links over HTTP (the feed itself is /calendars/<token>.ics)."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from parcours.calendars import selectors, services
from parcours.calendars.models import CalendarToken
from parcours.calendars.views import feed_urls
from parcours.core.api import ERRORS

router = Router(tags=["calendars"])

Purpose = Literal["student", "staff"]


class TokenOut(Schema):
    purpose: str
    created_at: datetime
    revoked_at: datetime | None


class TokenIn(Schema):
    purpose: Purpose


class IssuedOut(Schema):
    purpose: str
    created_at: datetime
    url: str
    webcal_url: str


class RevokedOut(Schema):
    revoked: int


@router.get("/calendars/tokens", response={200: list[TokenOut], **ERRORS})
def list_tokens(request: HttpRequest) -> list[CalendarToken]:
    """The signed-in user's feed links (the links themselves are shown only when made)."""
    return list(selectors.tokens(user=request.user))


@router.post("/calendars/tokens", response={201: IssuedOut, **ERRORS})
def issue_token(request: HttpRequest, payload: TokenIn) -> Status:
    """A new private feed link; the previous one of the same feed stops working."""
    issued = services.token_issue(actor=request.user, purpose=payload.purpose)
    urls = feed_urls(request, issued.raw)
    return Status(
        201,
        IssuedOut(
            purpose=issued.token.purpose,
            created_at=issued.token.created_at,
            url=urls["https"],
            webcal_url=urls["webcal"],
        ),
    )


@router.post("/calendars/tokens/{purpose}/revoke", response={200: RevokedOut, **ERRORS})
def revoke_token(request: HttpRequest, purpose: Purpose) -> RevokedOut:
    return RevokedOut(revoked=services.token_revoke(actor=request.user, purpose=purpose))
