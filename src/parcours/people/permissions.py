"""Who may hold personal API tokens, and whose tokens one sees (only one's own)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from parcours.core.permissions import Policy
from parcours.people.models import PersonalToken
from parcours.people.selectors import access_for


class PersonalTokenPolicy(Policy[PersonalToken]):
    model = PersonalToken

    def visible(self, user: Any) -> QuerySet[PersonalToken]:
        access = access_for(user)
        if not access.user_id:
            return PersonalToken.objects.none()
        return PersonalToken.objects.filter(user_id=access.user_id)

    def editable(self, user: Any) -> QuerySet[PersonalToken]:
        return self.visible(user)


tokens_policy = PersonalTokenPolicy()


def can_hold_tokens(user: Any) -> bool:
    """Staff only: managers, coaches, experts and network admins. Students and guardians
    (minors and their families) get none: data minimisation, and no script needs them."""
    access = access_for(user)
    return bool(access.user_id) and (access.network_admin or bool(access.staff_centres()))
