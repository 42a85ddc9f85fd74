from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from parcours.consents.models import ConsentRecord
from parcours.core.permissions import Policy
from parcours.people.models import Role
from parcours.people.selectors import access_for


class ConsentPolicy(Policy[ConsentRecord]):
    """A student sees their own consents, a guardian their wards', a manager their centre's.
    Only a guardian (for a minor) or the student changes them; staff record paper forms."""

    model = ConsentRecord

    def visible(self, user: Any) -> QuerySet[ConsentRecord]:
        access = access_for(user)
        if access.network_admin:
            return ConsentRecord.objects.all()
        if not access.user_id:
            return ConsentRecord.objects.none()
        return ConsentRecord.objects.filter(
            Q(student_id=access.user_id)
            | Q(student__guardians__guardian_id=access.user_id)
            | Q(centre_id__in=access.centres(Role.MANAGER))
        ).distinct()

    def editable(self, user: Any) -> QuerySet[ConsentRecord]:
        access = access_for(user)
        if not access.user_id:
            return ConsentRecord.objects.none()
        return ConsentRecord.objects.filter(
            Q(student_id=access.user_id) | Q(student__guardians__guardian_id=access.user_id)
        ).distinct()


consent_policy = ConsentPolicy()


def can_record_paper(user: Any, centre_id: int) -> bool:
    """Paper forms signed at a centre are recorded by its managers (and network admins);
    not by its coaches or experts, nor by another centre's managers."""
    access = access_for(user)
    return access.network_admin or access.has(Role.MANAGER, centre_id)
