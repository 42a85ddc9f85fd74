"""Centres and rooms over HTTP: the same services and policies as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from parcours.centres import selectors, services
from parcours.core.api import ERRORS

if TYPE_CHECKING:
    from parcours.centres.models import Centre, Room

router = Router(tags=["centres"])


class CentreOut(Schema):
    uuid: UUID
    slug: str
    name: str
    city: str
    country: str
    address: str
    timezone: str
    session_pattern: str
    focus_areas_per_student: int
    discovery_sessions: int
    contact_email: str
    updated_at: datetime


class CentrePatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    city: str | None = Field(None, min_length=1, max_length=120)
    address: str | None = Field(None, max_length=300)
    timezone: str | None = Field(None, max_length=64)
    session_pattern: Literal["1x3h", "2x2h"] | None = None
    focus_areas_per_student: int | None = Field(None, ge=1, le=6)
    discovery_sessions: int | None = Field(None, ge=0, le=20)
    priority_postcodes: str | None = Field(None, max_length=20000)
    contact_email: str | None = Field(None, max_length=254)
    seen: datetime | None = Field(
        None,
        description="updated_at as last read; a newer change gives 409 instead of overwriting it",
    )


class RoomOut(Schema):
    uuid: UUID
    name: str
    seats: int
    kind: str
    accessible: bool
    notes: str
    updated_at: datetime


def centre_out(centre: Centre) -> CentreOut:
    return CentreOut(
        uuid=centre.uuid,
        slug=centre.slug,
        name=centre.name,
        city=centre.city,
        country=centre.country,
        address=centre.address,
        timezone=centre.timezone,
        session_pattern=centre.session_pattern,
        focus_areas_per_student=centre.focus_areas_per_student,
        discovery_sessions=centre.discovery_sessions,
        contact_email=centre.contact_email,
        updated_at=centre.updated_at,
    )


def room_out(room: Room) -> RoomOut:
    return RoomOut(
        uuid=room.uuid,
        name=room.name,
        seats=room.seats,
        kind=room.kind,
        accessible=room.accessible,
        notes=room.notes,
        updated_at=room.updated_at,
    )


class RoomIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    seats: int = Field(..., ge=1, le=500)
    kind: Literal["open", "lab", "studio"] = "open"
    accessible: bool = True
    notes: str = Field("", max_length=300)


class RoomPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=120)
    seats: int | None = Field(None, ge=1, le=500)
    kind: Literal["open", "lab", "studio"] | None = None
    accessible: bool | None = None
    notes: str | None = Field(None, max_length=300)
    seen: datetime | None = None


@router.get("/centres", response={200: list[CentreOut], **ERRORS})
def list_centres(
    request: HttpRequest,
    q: str = Query("", max_length=100, description="words of the name or city"),
) -> list[CentreOut]:
    return [centre_out(c) for c in selectors.centre_list(user=request.user, q=q)]


@router.get("/centres/{slug}", response={200: CentreOut, **ERRORS})
def get_centre(request: HttpRequest, slug: str) -> CentreOut:
    return centre_out(selectors.centre_get(user=request.user, slug=slug))


@router.patch("/centres/{slug}", response={200: CentreOut, **ERRORS})
def patch_centre(request: HttpRequest, slug: str, payload: CentrePatch) -> CentreOut:
    centre = selectors.centre_get(user=request.user, slug=slug)
    data = payload.dict(exclude_unset=True)
    seen = data.pop("seen", None)
    return centre_out(
        services.centre_update(actor=request.user, centre=centre, data=data, seen=seen)
    )


@router.get("/centres/{slug}/rooms", response={200: list[RoomOut], **ERRORS})
def list_rooms(request: HttpRequest, slug: str) -> list[RoomOut]:
    centre = selectors.centre_get(user=request.user, slug=slug)
    return [room_out(r) for r in selectors.room_list(user=request.user, centre=centre)]


@router.post("/centres/{slug}/rooms", response={201: RoomOut, **ERRORS})
def create_room(request: HttpRequest, slug: str, payload: RoomIn) -> Status:
    centre = selectors.centre_get(user=request.user, slug=slug)
    room = services.room_create(actor=request.user, centre=centre, data=payload.dict())
    return Status(201, room_out(room))


@router.patch("/rooms/{uuid}", response={200: RoomOut, **ERRORS})
def patch_room(request: HttpRequest, uuid: UUID, payload: RoomPatch) -> RoomOut:
    room = selectors.room_get(user=request.user, uuid=uuid)
    data = payload.dict(exclude_unset=True)
    seen = data.pop("seen", None)
    return room_out(services.room_update(actor=request.user, room=room, data=data, seen=seen))


@router.delete("/rooms/{uuid}", response={204: None, **ERRORS})
def delete_room(request: HttpRequest, uuid: UUID) -> Status:
    room = selectors.room_get(user=request.user, uuid=uuid)
    services.room_delete(actor=request.user, room=room)
    return Status(204, None)
