"""Every read of centres and rooms that serves a user, filtered by what the user may see."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q, QuerySet, Sum

from parcours.centres.models import Centre, Room
from parcours.centres.permissions import can_manage_centre, centres_policy, rooms_policy
from parcours.core.errors import NotFound
from parcours.core.lists import words
from parcours.people.types import Actor


def centre_list(*, user: Actor, q: str = "") -> QuerySet[Centre]:
    """The centres the user may see, by name; ``q``'s words each in the name or the city."""
    rows = centres_policy.visible(user).select_related("network")
    for word in words(q):
        rows = rows.filter(Q(name__icontains=word) | Q(city__icontains=word))
    return rows.order_by("name")


def centre_get(*, user: Actor, slug: str) -> Centre:
    return centres_policy.get_visible(user, slug=slug)


def centre_managed(*, user: Actor, slug: str) -> Centre:
    """A centre the user manages (its managers, network admins); 404 for anyone else, so
    that a staff-only page of another centre does not even tell it exists."""
    centre = Centre.objects.filter(slug=slug).first()
    if centre is None or not can_manage_centre(user, centre):
        raise NotFound()
    return centre


def centre_get_editable(*, user: Actor, slug: str) -> Centre:
    """The centre whose settings the user may change (404 unseen, 403 seen only)."""
    return centres_policy.get_editable(user, slug=slug)


def room_list(*, user: Actor, centre: Centre) -> QuerySet[Room]:
    return rooms_policy.visible(user).filter(centre=centre).order_by("name")


def room_get(*, user: Actor, uuid: UUID | str, centre: Centre | None = None) -> Room:
    """A room the user may see, by its uuid (and in ``centre`` when given)."""
    where = {"centre": centre} if centre is not None else {}
    return rooms_policy.get_visible(user, uuid=uuid, **where)


def room_get_editable(*, user: Actor, uuid: UUID | str, centre: Centre) -> Room:
    """A room of ``centre`` the user may change (404 unseen, 403 seen only)."""
    return rooms_policy.get_editable(user, uuid=uuid, centre=centre)


def centre_workstations(centre: Centre) -> int:
    return centres_workstations([centre.pk]).get(centre.pk, 0)


def centres_workstations(centre_ids: list[int]) -> dict[int, int]:
    """Workstations (room seats) of each centre, in one grouped query."""
    rows = (
        Room.objects.filter(centre_id__in=centre_ids)
        .order_by()
        .values_list("centre_id")
        .annotate(n=Sum("seats"))
    )
    return {centre: int(n or 0) for centre, n in rows}
