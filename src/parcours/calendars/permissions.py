"""Who may have which feed, and whose tokens one sees (only one's own)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from parcours.calendars.models import CalendarToken, FeedPurpose
from parcours.core.permissions import Policy
from parcours.people.models import GuardianLink, Role
from parcours.people.selectors import access_for


class CalendarTokenPolicy(Policy[CalendarToken]):
    model = CalendarToken

    def visible(self, user: Any) -> QuerySet[CalendarToken]:
        access = access_for(user)
        if not access.user_id:
            return CalendarToken.objects.none()
        return CalendarToken.objects.filter(user_id=access.user_id)

    def editable(self, user: Any) -> QuerySet[CalendarToken]:
        return self.visible(user)


tokens_policy = CalendarTokenPolicy()


def purposes_for(user: Any) -> list[str]:
    """Students and guardians get the feed of their (children's) sessions; coaches, experts
    and managers the feed of their centre's sessions."""
    access = access_for(user)
    found = []
    if access.user_id and (
        access.has(Role.STUDENT) or GuardianLink.objects.filter(guardian_id=access.user_id).exists()
    ):
        found.append(FeedPurpose.STUDENT.value)
    if access.staff_centres():
        found.append(FeedPurpose.STAFF.value)
    return found
