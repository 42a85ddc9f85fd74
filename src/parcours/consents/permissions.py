from __future__ import annotations

from django.db.models import QuerySet

from parcours.consents.models import ConsentRecord
from parcours.people.access import access_for
from parcours.people.choices import Role
from parcours.people.permissions import StudentRecordPolicy
from parcours.people.types import Actor


class ConsentPolicy(StudentRecordPolicy[ConsentRecord]):
    """A student sees their own consents, a guardian their wards', a manager their centre's.
    Only a guardian (for a minor) or the student changes them; staff record paper forms."""

    model = ConsentRecord

    def editable(self, user: Actor) -> QuerySet[ConsentRecord]:
        return self.personal(user)


consent_policy = ConsentPolicy()


def can_record_paper(user: Actor, centre_id: int) -> bool:
    """Paper forms signed at a centre are recorded by its managers (and network admins);
    not by its coaches or experts, nor by another centre's managers."""
    access = access_for(user)
    return access.network_admin or access.has(Role.MANAGER, centre_id)
