"""Every write to centres and rooms. Keyword-only, atomic, permission-checked."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from parcours.centres.errors import CentresError
from parcours.centres.models import Centre, Room
from parcours.centres.permissions import can_manage_centre, centres_policy, rooms_policy
from parcours.core.errors import Forbidden, ValidationFailed
from parcours.core.services import apply_fields, ensure_unchanged_since, validated_save
from parcours.people.types import Actor

CENTRE_EDITABLE = (
    "name",
    "city",
    "address",
    "timezone",
    "session_pattern",
    "focus_areas_per_student",
    "discovery_sessions",
    "priority_postcodes",
    "contact_email",
)
ROOM_EDITABLE = ("name", "seats", "kind", "accessible", "notes")


@transaction.atomic
def centre_update(
    *, actor: Actor, centre: Centre, data: dict[str, Any], seen: datetime | None = None
) -> Centre:
    locked = centres_policy.get_editable(actor, pk=centre.pk)
    locked = Centre.objects.select_for_update().get(pk=locked.pk)
    ensure_unchanged_since(locked, seen)
    if apply_fields(locked, data, CENTRE_EDITABLE):
        validated_save(locked)
    return locked


@transaction.atomic
def room_create(*, actor: Actor, centre: Centre, data: dict[str, Any]) -> Room:
    if not can_manage_centre(actor, centre):
        raise Forbidden()
    room = Room(centre=centre)
    apply_fields(room, data, ROOM_EDITABLE)
    _save_room(room)
    return room


@transaction.atomic
def room_update(
    *, actor: Actor, room: Room, data: dict[str, Any], seen: datetime | None = None
) -> Room:
    rooms_policy.get_editable(actor, pk=room.pk)
    locked = Room.objects.select_for_update().get(pk=room.pk)
    ensure_unchanged_since(locked, seen)
    if apply_fields(locked, data, ROOM_EDITABLE):
        _save_room(locked)
    return locked


@transaction.atomic
def room_delete(*, actor: Actor, room: Room) -> None:
    rooms_policy.get_editable(actor, pk=room.pk)
    Room.objects.filter(pk=room.pk).delete()


def _save_room(room: Room) -> None:
    taken = Room.objects.filter(centre_id=room.centre_id, name=room.name).exclude(pk=room.pk)
    if taken.exists():
        raise _duplicate_name()
    try:
        with transaction.atomic():
            validated_save(room)
    except IntegrityError as exc:  # two identical requests raced past the check
        raise _duplicate_name() from exc


def _duplicate_name() -> ValidationFailed:
    message = _("A room with this name already exists in this centre.")
    return ValidationFailed(message, fields={"name": [message]}, code=CentresError.ROOM_NAME_TAKEN)
