from __future__ import annotations

from django.db.models import QuerySet

from parcours.centres.models import Centre, Room
from parcours.core.permissions import Policy
from parcours.people.access import access_for
from parcours.people.choices import Role
from parcours.people.types import Actor


class CentrePolicy(Policy[Centre]):
    model = Centre

    def visible(self, user: Actor) -> QuerySet[Centre]:
        access = access_for(user)
        if access.network_admin:
            return Centre.objects.all()
        return Centre.objects.filter(pk__in=access.centres(*[r.value for r in Role]))

    def editable(self, user: Actor) -> QuerySet[Centre]:
        access = access_for(user)
        if access.network_admin:
            return Centre.objects.all()
        return Centre.objects.filter(pk__in=access.centres(Role.MANAGER))


class RoomPolicy(Policy[Room]):
    model = Room

    def visible(self, user: Actor) -> QuerySet[Room]:
        access = access_for(user)
        if access.network_admin:
            return Room.objects.all()
        return Room.objects.filter(centre_id__in=access.staff_centres())

    def editable(self, user: Actor) -> QuerySet[Room]:
        access = access_for(user)
        if access.network_admin:
            return Room.objects.all()
        return Room.objects.filter(centre_id__in=access.centres(Role.MANAGER))


centres_policy = CentrePolicy()
rooms_policy = RoomPolicy()


def can_manage_centre(user: Actor, centre: Centre) -> bool:
    access = access_for(user)
    return access.network_admin or access.has(Role.MANAGER, centre.pk)
