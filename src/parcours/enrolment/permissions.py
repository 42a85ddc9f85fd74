"""Who sees and decides enrolments and slot change requests.

Both are records about one student in one centre (``people.permissions.StudentRecordPolicy``):
- the student sees their own, a guardian their wards', a manager their centre's, a network
  admin all of them. Coaches, experts and mentors see none (the review is a manager's job;
  a coach's caseload shows the students once registered);
- managers (their centre) and network admins decide: register, refuse, withdraw; accept or
  refuse a change of slot.
Re-enrolling for the next year: the student's guardian, or the staff who decide.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parcours.enrolment.models import Enrolment, SlotChangeRequest
from parcours.people.access import access_for
from parcours.people.choices import Role
from parcours.people.permissions import StudentRecordPolicy
from parcours.people.types import Actor

if TYPE_CHECKING:
    from parcours.centres.models import Centre


class EnrolmentPolicy(StudentRecordPolicy[Enrolment]):
    model = Enrolment

    def can_reenrol(self, user: Actor, enrolment: Enrolment) -> bool:
        """The staff who decide it, or one of the student's guardians."""
        return self.can_change(user, enrolment) or enrolment.student_id in access_for(user).ward_ids


class SlotChangePolicy(StudentRecordPolicy[SlotChangeRequest]):
    model = SlotChangeRequest


enrolment_policy = EnrolmentPolicy()
slot_change_policy = SlotChangePolicy()


def can_review(user: Actor, centre: Centre) -> bool:
    """Managers of the centre and network admins run its enrolment review."""
    access = access_for(user)
    return access.network_admin or access.has(Role.MANAGER, centre.pk)
