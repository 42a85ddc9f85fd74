"""Who exercises a student's privacy rights, and who decides.

- A copy of the data: the student's guardians, the student from 15 (the age French law sets
  for consenting alone to online services), the centre's managers (for a family asking at the
  desk) and network admins.
- A request to erase: the student's guardians, or the student once an adult. Decided by the
  centre's managers (or network admins); the requester may cancel while it waits."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from parcours.core.permissions import Policy
from parcours.people.access import access_for
from parcours.people.ages import age_on, is_adult
from parcours.people.choices import Role
from parcours.people.models import StudentProfile, User
from parcours.people.types import Actor
from parcours.privacy.models import ErasureRequest

DIGITAL_CONSENT_AGE = 15


def _profile(student: User) -> StudentProfile | None:
    return getattr(student, "student_profile", None)


def _staff_of(user: Actor, student: User) -> bool:
    access = access_for(user)
    profile = _profile(student)
    return access.network_admin or (
        profile is not None and access.has(Role.MANAGER, profile.centre_id)
    )


def can_download(user: Actor, student: User, today: dt.date | None = None) -> bool:
    profile = _profile(student)
    if profile is None or student.erased_at is not None:
        return False
    access = access_for(user)
    day = today or timezone.localdate()
    if student.pk == access.user_id:
        return age_on(profile.birth_date, day) >= DIGITAL_CONSENT_AGE
    return student.pk in access.ward_ids or _staff_of(user, student)


def can_request_erasure(user: Actor, student: User, today: dt.date | None = None) -> bool:
    profile = _profile(student)
    if profile is None or student.erased_at is not None:
        return False
    access = access_for(user)
    if student.pk == access.user_id:
        return is_adult(profile, today or timezone.localdate())
    return student.pk in access.ward_ids


class ErasureRequestPolicy(Policy[ErasureRequest]):
    model = ErasureRequest

    def visible(self, user: Actor) -> QuerySet[ErasureRequest]:
        access = access_for(user)
        rows = ErasureRequest.objects.all()
        if access.network_admin:
            return rows
        if not access.user_id:
            return rows.none()
        return rows.filter(
            Q(student_id__in=access.family_ids) | Q(centre_id__in=access.centres(Role.MANAGER))
        )

    def editable(self, user: Actor) -> QuerySet[ErasureRequest]:
        access = access_for(user)
        rows = ErasureRequest.objects.all()
        if access.network_admin:
            return rows
        return rows.filter(centre_id__in=access.centres(Role.MANAGER))


erasure_policy = ErasureRequestPolicy()


def can_decide(user: Actor, request: ErasureRequest) -> bool:
    return erasure_policy.can_change(user, request)
