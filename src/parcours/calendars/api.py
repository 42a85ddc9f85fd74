"""Calendar feed links over HTTP (the feed itself is /calendars/<token>.ics). Every answer is
built by one ``*_out()`` function per schema."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.http import HttpRequest
from ninja import Router, Schema, Status

from parcours.calendars import selectors, services
from parcours.calendars.choices import FeedPurpose
from parcours.calendars.views import feed_urls
from parcours.core.api import ERRORS, filled

if TYPE_CHECKING:
    from parcours.calendars.models import CalendarToken

router = Router(tags=["calendars"])


class FeedTokenOut(Schema):
    purpose: str
    created_at: datetime
    revoked_at: datetime | None


class FeedTokenIn(Schema):
    purpose: FeedPurpose


class IssuedOut(Schema):
    purpose: str
    created_at: datetime
    url: str
    webcal_url: str


class RevokedOut(Schema):
    revoked: int


def token_out(token: CalendarToken) -> FeedTokenOut:
    return filled(FeedTokenOut, token)


def issued_out(request: HttpRequest, issued: services.Issued) -> IssuedOut:
    urls = feed_urls(request, issued.raw)
    return IssuedOut(
        purpose=issued.token.purpose,
        created_at=issued.token.created_at,
        url=urls["https"],
        webcal_url=urls["webcal"],
    )


@router.get("/calendars/tokens", response={200: list[FeedTokenOut], **ERRORS})
def list_tokens(request: HttpRequest) -> list[FeedTokenOut]:
    """The signed-in user's feed links (the links themselves are shown only when made)."""
    return [token_out(t) for t in selectors.tokens(user=request.user)]


@router.post("/calendars/tokens", response={201: IssuedOut, **ERRORS})
def issue_token(request: HttpRequest, payload: FeedTokenIn) -> Status:
    """A new private feed link; the previous one of the same feed stops working."""
    issued = services.token_issue(actor=request.user, purpose=payload.purpose)
    return Status(201, issued_out(request, issued))


@router.post("/calendars/tokens/{purpose}/revoke", response={200: RevokedOut, **ERRORS})
def revoke_token(request: HttpRequest, purpose: FeedPurpose) -> RevokedOut:
    return RevokedOut(revoked=services.token_revoke(actor=request.user, purpose=purpose))
