"""The notifications API: one's own inbox, marking read, and the e-mail rhythm."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from parcours.core.api import ERRORS, MAX_OFFSET
from parcours.notifications import selectors, services
from parcours.notifications.choices import Category, EmailMode

if TYPE_CHECKING:
    from parcours.notifications.models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    uuid: UUID
    kind: str
    text: str = Field(..., description="the sentence, in the language asked for")
    url: str = Field(..., description="the page where to act (a path on this site), or ''")
    created_at: datetime
    read_at: datetime | None


def notification_out(note: Notification) -> NotificationOut:
    return NotificationOut(
        uuid=note.uuid,
        kind=note.kind,
        text=selectors.text_of(note),
        url=note.url,
        created_at=note.created_at,
        read_at=note.read_at,
    )


class NotificationPage(Schema):
    items: list[NotificationOut]
    count: int


class CountOut(Schema):
    unread: int


class ReadAllOut(Schema):
    marked: int


class ModeOut(Schema):
    category: str
    label: str
    mode: str = Field(..., description="immediately, daily or never")


class ModesIn(Schema):
    modes: dict[Category, EmailMode] = Field(
        ..., description="category → immediately, daily or never"
    )


@router.get("/me/notifications", response={200: NotificationPage, **ERRORS})
def notifications(
    request: HttpRequest,
    unread: bool = False,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> NotificationPage:
    """The reader's notifications, newest first (``items`` and the total ``count``, as every
    paginated list of this API)."""
    rows = selectors.inbox(user=request.user, unread_only=unread)
    return NotificationPage(
        items=[notification_out(n) for n in rows[offset : offset + limit]], count=rows.count()
    )


@router.get("/me/notifications/count", response={200: CountOut, **ERRORS})
def count(request: HttpRequest) -> CountOut:
    return CountOut(unread=selectors.unread_count(user=request.user))


@router.post("/me/notifications/read-all", response={200: ReadAllOut, **ERRORS})
def read_all(request: HttpRequest) -> ReadAllOut:
    return ReadAllOut(marked=services.mark_all_read(actor=request.user))


@router.post("/me/notifications/{uuid}/read", response={200: NotificationOut, **ERRORS})
def read(request: HttpRequest, uuid: UUID) -> NotificationOut:
    return notification_out(services.mark_read(actor=request.user, uuid=uuid))


@router.get("/me/notification-settings", response={200: list[ModeOut], **ERRORS})
def settings_get(request: HttpRequest) -> list[ModeOut]:
    return [ModeOut(**vars(m)) for m in selectors.modes_of(user=request.user)]


@router.put("/me/notification-settings", response={200: list[ModeOut], **ERRORS})
def settings_put(request: HttpRequest, payload: ModesIn) -> list[ModeOut]:
    services.settings_update(
        actor=request.user, modes={str(k): str(v) for k, v in payload.modes.items()}
    )
    return [ModeOut(**vars(m)) for m in selectors.modes_of(user=request.user)]
