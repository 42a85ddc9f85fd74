"""Who sees and decides enrolments.

- A student sees their own enrolments, a guardian their wards', a manager their centre's, a
  network admin all of them. Coaches, experts and mentors see none (the review is a manager's
  job; a coach's caseload shows the students once registered).
- Managers (their centre) and network admins decide: register, refuse, withdraw.
- Re-enrolling for the next year: the student's guardian, or the staff who decide.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from parcours.core.permissions import Policy
from parcours.enrolment.models import Enrolment, SlotChangeRequest
from parcours.people.models import GuardianLink, Role
from parcours.people.selectors import access_for


class EnrolmentPolicy(Policy[Enrolment]):
    model = Enrolment

    def visible(self, user: Any) -> QuerySet[Enrolment]:
        access = access_for(user)
        if access.network_admin:
            return Enrolment.objects.all()
        if not access.user_id:
            return Enrolment.objects.none()
        mine = Q(student_id=access.user_id) if access.has(Role.STUDENT) else Q(pk__in=[])
        wards = GuardianLink.objects.filter(guardian_id=access.user_id).values("student_id")
        return Enrolment.objects.filter(
            mine | Q(student_id__in=wards) | Q(centre_id__in=access.centres(Role.MANAGER))
        )

    def editable(self, user: Any) -> QuerySet[Enrolment]:
        access = access_for(user)
        if access.network_admin:
            return Enrolment.objects.all()
        return Enrolment.objects.filter(centre_id__in=access.centres(Role.MANAGER))

    def personal(self, user: Any) -> QuerySet[Enrolment]:
        """The user's own enrolments and their wards' (not a whole centre's)."""
        access = access_for(user)
        if not access.user_id:
            return Enrolment.objects.none()
        wards = GuardianLink.objects.filter(guardian_id=access.user_id).values("student_id")
        return Enrolment.objects.filter(Q(student_id=access.user_id) | Q(student_id__in=wards))

    def can_reenrol(self, user: Any, enrolment: Enrolment) -> bool:
        if self.can_change(user, enrolment):
            return True
        access = access_for(user)
        return (
            bool(access.user_id)
            and GuardianLink.objects.filter(
                guardian_id=access.user_id, student_id=enrolment.student_id
            ).exists()
        )


enrolment_policy = EnrolmentPolicy()


def can_review(user: Any, centre: Any) -> bool:
    """Managers of the centre and network admins run its enrolment review."""
    access = access_for(user)
    return access.network_admin or access.has(Role.MANAGER, centre.pk)


# --- Slot change requests --------------------------------------------------------------------


class SlotChangePolicy(Policy[SlotChangeRequest]):
    """A student sees their own requests, a guardian their wards', a manager their centre's,
    a network admin all. Managers (their centre) and network admins decide."""

    model = SlotChangeRequest

    def visible(self, user: Any) -> QuerySet[SlotChangeRequest]:
        access = access_for(user)
        if access.network_admin:
            return SlotChangeRequest.objects.all()
        if not access.user_id:
            return SlotChangeRequest.objects.none()
        mine = Q(student_id=access.user_id) if access.has(Role.STUDENT) else Q(pk__in=[])
        wards = GuardianLink.objects.filter(guardian_id=access.user_id).values("student_id")
        return SlotChangeRequest.objects.filter(
            mine | Q(student_id__in=wards) | Q(centre_id__in=access.centres(Role.MANAGER))
        )

    def editable(self, user: Any) -> QuerySet[SlotChangeRequest]:
        access = access_for(user)
        if access.network_admin:
            return SlotChangeRequest.objects.all()
        return SlotChangeRequest.objects.filter(centre_id__in=access.centres(Role.MANAGER))

    def is_family(self, user: Any, student_id: int) -> bool:
        """The student themselves, or one of their guardians."""
        access = access_for(user)
        if not access.user_id:
            return False
        if access.user_id == student_id and access.has(Role.STUDENT):
            return True
        return GuardianLink.objects.filter(
            guardian_id=access.user_id, student_id=student_id
        ).exists()


slot_change_policy = SlotChangePolicy()
