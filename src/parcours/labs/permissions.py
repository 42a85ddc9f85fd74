"""Who sees and changes labs, applications, seats and allocation runs.

- Cycles, labs, masterlabs: the staff of the centre see all of them; its students and
  guardians see those that are not drafts; managers of the centre edit; network admins all.
- The lab's roster and the expert's page: the lab's own expert, the centre's managers,
  network admins (another expert of the centre sees the lab, not its roster).
- Applications and seats: the student, their guardians, their coaches, the expert of the lab,
  the centre's managers, network admins. Only the student changes their applications.
- Allocation runs (dry runs, publication): the centre's managers and network admins.
- Competency validations: seen like seats; set by the lab's expert and the managers.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from parcours.centres.models import Centre
from parcours.core.permissions import Policy
from parcours.labs.models import (
    AllocationRun,
    Application,
    CompetencyValidation,
    CycleStatus,
    Lab,
    LabCycle,
    Masterlab,
    Seat,
)
from parcours.people.models import Role, User
from parcours.people.selectors import access_for
from parcours.people.types import Actor

M = TypeVar("M", bound=models.Model)


class CentreOfferPolicy(Policy[M]):
    """Rows offered to a centre's students (``draft_path`` names the cycle status, if any)."""

    draft_path: str | None = None

    def visible(self, user: Actor) -> QuerySet[M]:
        access = access_for(user)
        rows = self.model._default_manager.all()
        if access.network_admin:
            return rows
        staff = Q(centre_id__in=access.staff_centres())
        family = Q(centre_id__in=access.centres(Role.STUDENT, Role.GUARDIAN))
        if self.draft_path:
            family &= ~Q(**{self.draft_path: CycleStatus.DRAFT})
        return rows.filter(staff | family)

    def editable(self, user: Actor) -> QuerySet[M]:
        access = access_for(user)
        rows = self.model._default_manager.all()
        if access.network_admin:
            return rows
        return rows.filter(centre_id__in=access.centres(Role.MANAGER))


class LabCyclePolicy(CentreOfferPolicy[LabCycle]):
    model = LabCycle
    draft_path = "status"


class LabPolicy(CentreOfferPolicy[Lab]):
    model = Lab
    draft_path = "cycle__status"


class MasterlabPolicy(CentreOfferPolicy[Masterlab]):
    model = Masterlab


class StudentRowsPolicy(Policy[M]):
    """Rows about one student (applications, seats, validations), seen by the student and
    their guardians, their coaches, the lab's expert, the centre's managers, network
    admins."""

    def visible(self, user: Actor) -> QuerySet[M]:
        access = access_for(user)
        rows = self.model._default_manager.all()
        if access.network_admin:
            return rows
        if not access.user_id:
            return rows.none()
        return rows.filter(
            Q(student_id__in=access.family_ids)
            | Q(student__coaches__coach_id=access.user_id)
            | Q(centre_id__in=access.centres(Role.MANAGER))
            | Q(lab__expert_id=access.user_id)
        ).distinct()


class ApplicationPolicy(StudentRowsPolicy[Application]):
    model = Application

    def editable(self, user: Actor) -> QuerySet[Application]:
        access = access_for(user)
        return Application.objects.filter(student_id=access.user_id or -1)


class SeatPolicy(StudentRowsPolicy[Seat]):
    model = Seat

    def editable(self, user: Actor) -> QuerySet[Seat]:
        access = access_for(user)
        if access.network_admin:
            return Seat.objects.all()
        return Seat.objects.filter(centre_id__in=access.centres(Role.MANAGER))


class AllocationRunPolicy(Policy[AllocationRun]):
    model = AllocationRun

    def visible(self, user: Actor) -> QuerySet[AllocationRun]:
        access = access_for(user)
        if access.network_admin:
            return AllocationRun.objects.all()
        return AllocationRun.objects.filter(centre_id__in=access.centres(Role.MANAGER))

    editable = visible


class CompetencyValidationPolicy(StudentRowsPolicy[CompetencyValidation]):
    """Seen by the student, their family and coaches, the lab's expert and the managers;
    changed by the lab's expert and the managers (``services.competencies_validate``)."""

    model = CompetencyValidation

    def editable(self, user: Actor) -> QuerySet[CompetencyValidation]:
        access = access_for(user)
        rows = CompetencyValidation.objects.all()
        if access.network_admin:
            return rows
        return rows.filter(
            Q(lab__expert_id=access.user_id or -1) | Q(centre_id__in=access.centres(Role.MANAGER))
        )


cycles_policy = LabCyclePolicy()
labs_policy = LabPolicy()
masterlabs_policy = MasterlabPolicy()
applications_policy = ApplicationPolicy()
seats_policy = SeatPolicy()
runs_policy = AllocationRunPolicy()
validations_policy = CompetencyValidationPolicy()


def can_manage_labs(user: Actor, centre: Centre) -> bool:
    access = access_for(user)
    return access.network_admin or access.has(Role.MANAGER, centre.pk)


def can_lead(user: Actor, lab: Lab) -> bool:
    """The lab's expert, the centre's managers and network admins see its roster."""
    access = access_for(user)
    if access.network_admin or access.has(Role.MANAGER, lab.centre_id):
        return True
    return bool(access.user_id) and lab.expert_id == access.user_id


def student_of(user: Actor, centre: Centre) -> User | None:
    """``user`` as a student of ``centre`` (the one who applies to its labs), else None."""
    profile = getattr(user, "student_profile", None)
    if profile is None or profile.centre_id != centre.pk or not isinstance(user, User):
        return None
    return user
