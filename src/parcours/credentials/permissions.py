"""Who may do what with credentials: anyone reads a credential's public address (its page
says only what the credential says); a centre's managers (and network admins) revoke what
the centre issued and rotate its keys."""

from __future__ import annotations

from parcours.centres.models import Centre
from parcours.people.models import Role
from parcours.people.selectors import access_for
from parcours.people.types import Actor


def can_manage(user: Actor, centre: Centre) -> bool:
    access = access_for(user)
    return access.network_admin or access.has(Role.MANAGER, centre.pk)
