from __future__ import annotations

from typing import Any

from django.db.models import QuerySet, Sum

from parcours.centres.models import Centre, Room
from parcours.centres.permissions import centres_policy, rooms_policy


def centre_list(*, user: Any) -> QuerySet[Centre]:
    return centres_policy.visible(user).select_related("network").order_by("name")


def centre_get(*, user: Any, slug: str) -> Centre:
    return centres_policy.get_visible(user, slug=slug)


def room_list(*, user: Any, centre: Centre) -> QuerySet[Room]:
    return rooms_policy.visible(user).filter(centre=centre).order_by("name")


def centre_workstations(centre: Centre) -> int:
    return int(Room.objects.filter(centre=centre).aggregate(n=Sum("seats"))["n"] or 0)
