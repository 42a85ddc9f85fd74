"""Who may have which feed, and whose tokens one sees (only one's own)."""

from __future__ import annotations

from django.db.models import QuerySet

from parcours.calendars.choices import FeedPurpose
from parcours.calendars.models import CalendarToken
from parcours.core.permissions import Policy
from parcours.people.selectors import access_for
from parcours.people.types import Actor


class CalendarTokenPolicy(Policy[CalendarToken]):
    model = CalendarToken

    def visible(self, user: Actor) -> QuerySet[CalendarToken]:
        access = access_for(user)
        if not access.user_id:
            return CalendarToken.objects.none()
        return CalendarToken.objects.filter(user_id=access.user_id)

    def editable(self, user: Actor) -> QuerySet[CalendarToken]:
        return self.visible(user)


tokens_policy = CalendarTokenPolicy()


def purposes_for(user: Actor) -> list[str]:
    """Students and guardians get the feed of their (children's) sessions (``family_ids``:
    themselves as a student, and their wards); coaches, experts and managers the feed of
    their centre's sessions."""
    access = access_for(user)
    found = []
    if access.family_ids:
        found.append(FeedPurpose.STUDENT.value)
    if access.staff_centres():
        found.append(FeedPurpose.STAFF.value)
    return found
