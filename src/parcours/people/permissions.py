"""Who may hold personal API tokens, and whose tokens one sees (only one's own); and the one
shape of every record about a student in a centre (enrolments, slot changes, consents): the
student and their guardians see it, the centre's managers see and decide it."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from parcours.core.permissions import Policy
from parcours.people.access import access_for
from parcours.people.choices import Role
from parcours.people.models import PersonalToken
from parcours.people.types import Actor

M = TypeVar("M", bound=models.Model)


class StudentRecordPolicy(Policy[M]):
    """Rows about one student (``student_id``) kept by one centre (``centre_id``).

    Seen by the student themselves, their guardians (``access.family_ids``: no subquery, the
    ids are read once per request), the centre's managers and network admins; changed by the
    centre's managers and network admins. Coaches, experts and mentors see none of them."""

    def visible(self, user: Actor) -> QuerySet[M]:
        access = access_for(user)
        rows = self.model._default_manager.all()
        if access.network_admin:
            return rows
        if not access.user_id:
            return rows.none()
        return rows.filter(
            Q(student_id__in=access.family_ids) | Q(centre_id__in=access.centres(Role.MANAGER))
        )

    def editable(self, user: Actor) -> QuerySet[M]:
        access = access_for(user)
        rows = self.model._default_manager.all()
        if access.network_admin:
            return rows
        return rows.filter(centre_id__in=access.centres(Role.MANAGER))

    def personal(self, user: Actor) -> QuerySet[M]:
        """The user's own rows and their wards' (not a whole centre's, even for staff)."""
        return self.model._default_manager.filter(student_id__in=access_for(user).family_ids)


class PersonalTokenPolicy(Policy[PersonalToken]):
    model = PersonalToken

    def visible(self, user: Actor) -> QuerySet[PersonalToken]:
        access = access_for(user)
        if not access.user_id:
            return PersonalToken.objects.none()
        return PersonalToken.objects.filter(user_id=access.user_id)

    def editable(self, user: Actor) -> QuerySet[PersonalToken]:
        return self.visible(user)


tokens_policy = PersonalTokenPolicy()


def can_hold_tokens(user: Actor) -> bool:
    """Staff only: managers, coaches, experts and network admins. Students and guardians
    (minors and their families) get none: data minimisation, and no script needs them."""
    access = access_for(user)
    return bool(access.user_id) and (access.network_admin or bool(access.staff_centres()))
