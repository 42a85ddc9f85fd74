"""Who reads the audit log: a centre's managers read their centre's entries; network admins
read every entry (including those of no centre: accounts). Nobody changes it."""

from __future__ import annotations

from django.db.models import QuerySet

from parcours.audit.models import AuditEntry
from parcours.core.permissions import Policy
from parcours.people.access import access_for
from parcours.people.choices import Role
from parcours.people.types import Actor


class AuditPolicy(Policy[AuditEntry]):
    model = AuditEntry

    def visible(self, user: Actor) -> QuerySet[AuditEntry]:
        access = access_for(user)
        if access.network_admin:
            return AuditEntry.objects.all()
        return AuditEntry.objects.filter(centre_id__in=access.centres(Role.MANAGER))


audit_policy = AuditPolicy()


def can_read_audit(user: Actor) -> bool:
    access = access_for(user)
    return access.network_admin or bool(access.centres(Role.MANAGER))
