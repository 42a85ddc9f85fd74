"""Who sees and changes a centre's schedule.

Staff of the centre (coaches, experts, managers) read it: opening hours, weekly slots,
non-working days, sessions. Managers of the centre change it; network admins everywhere.
Students and guardians see their own sessions elsewhere (their home, their calendar feed),
never the centre's schedule pages: for them the lists are empty and the details answer 404.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.db.models import QuerySet

from parcours.centres.models import Centre
from parcours.core.permissions import Policy
from parcours.people.models import Role
from parcours.people.selectors import access_for
from parcours.people.types import Actor
from parcours.schedule.models import ClosedDays, OpeningHours, Session, Slot, SlotMeeting

M = TypeVar("M", bound=models.Model)


class CentreSchedulePolicy(Policy[M]):
    """Rows that carry their centre (``centre_path`` says through which relation)."""

    centre_path = "centre_id"

    def visible(self, user: Actor) -> QuerySet[M]:
        access = access_for(user)
        rows = self.model._default_manager.all()
        if access.network_admin:
            return rows
        return rows.filter(**{f"{self.centre_path}__in": access.staff_centres()})

    def editable(self, user: Actor) -> QuerySet[M]:
        access = access_for(user)
        rows = self.model._default_manager.all()
        if access.network_admin:
            return rows
        return rows.filter(**{f"{self.centre_path}__in": access.centres(Role.MANAGER)})


class SlotPolicy(CentreSchedulePolicy[Slot]):
    model = Slot


class SlotMeetingPolicy(CentreSchedulePolicy[SlotMeeting]):
    model = SlotMeeting
    centre_path = "slot__centre_id"


class OpeningHoursPolicy(CentreSchedulePolicy[OpeningHours]):
    model = OpeningHours


class ClosedDaysPolicy(CentreSchedulePolicy[ClosedDays]):
    model = ClosedDays


class SessionPolicy(CentreSchedulePolicy[Session]):
    model = Session


slots_policy = SlotPolicy()
meetings_policy = SlotMeetingPolicy()
opening_hours_policy = OpeningHoursPolicy()
closed_days_policy = ClosedDaysPolicy()
sessions_policy = SessionPolicy()


def can_read_schedule(user: Actor, centre: Centre) -> bool:
    access = access_for(user)
    return access.network_admin or centre.pk in access.staff_centres()


def can_edit_schedule(user: Actor, centre: Centre) -> bool:
    access = access_for(user)
    return access.network_admin or access.has(Role.MANAGER, centre.pk)
