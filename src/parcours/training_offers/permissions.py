"""Who does what with offers: anyone reads them; a network admin edits the network's offers
(and any centre's), a centre's managers edit that centre's; a student keeps offers for her
plan, and so may her coaches and her centre's managers; her family reads what she keeps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parcours.centres.models import Centre
from parcours.learning.permissions import can_steer
from parcours.people.access import access_for
from parcours.people.models import Role
from parcours.people.types import Actor

if TYPE_CHECKING:
    from parcours.people.models import User


NETWORK = "network"  # the owner key of the network's offers in forms and the API


def owners(user: Actor) -> list[Centre | None]:
    """What the user edits: ``None`` for the network's offers, then centres, by name."""
    access = access_for(user)
    if access.network_admin:
        return [None, *Centre.objects.order_by("name")]
    ids = access.centres(Role.MANAGER)
    return list(Centre.objects.filter(pk__in=ids).order_by("name")) if ids else []


def owner_of(user: Actor, key: str | None) -> tuple[bool, Centre | None]:
    """(allowed, owner) for an owner key: ``network``/empty (the network) or a centre's slug.
    A manager who names no owner edits their (first) centre's offers."""
    choices = owners(user)
    if not choices:
        return False, None
    if not key:
        return True, choices[0]
    for owner in choices:
        if (owner is None and key == NETWORK) or (owner is not None and owner.slug == key):
            return True, owner
    return False, None


def can_keep_for(user: Actor, student: User) -> bool:
    """May ``user`` save offers to ``student``'s plan (herself, her coach, a manager)?"""
    if access_for(user).user_id == student.pk:
        return True
    return can_steer(user, student)
