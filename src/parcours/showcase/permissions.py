"""Who curates: a centre's managers and coaches (and network admins) curate its
exhibitions; anyone sees a published one; a display link opens its slideshow."""

from __future__ import annotations

from parcours.people.access import access_for
from parcours.people.models import Role
from parcours.people.types import Actor


def curated_centre_ids(user: Actor) -> frozenset[int] | None:
    """The centres whose exhibitions the user curates; ``None``: every centre (admin)."""
    access = access_for(user)
    if access.network_admin:
        return None
    return access.centres(Role.MANAGER, Role.COACH)


def can_curate(user: Actor, centre_id: int) -> bool:
    ids = curated_centre_ids(user)
    return ids is None or centre_id in ids
