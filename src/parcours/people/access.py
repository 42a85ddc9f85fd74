"""Who may act where: the roles a user holds, and the students they answer for, read once per
request. Every policy and selector asks :func:`access_for`; ``people.selectors`` names it
too, where the other apps have always found it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from parcours.people.choices import Role
from parcours.people.models import GuardianLink, Membership
from parcours.people.types import Actor

ROLE_ORDER = (
    Role.NETWORK_ADMIN,
    Role.MANAGER,
    Role.COACH,
    Role.EXPERT,
    Role.MENTOR,
    Role.GUARDIAN,
    Role.STUDENT,
)


@dataclass(frozen=True)
class Access:
    user_id: int | None
    network_admin: bool = False
    by_role: dict[str, frozenset[int]] = field(default_factory=dict)

    def centres(self, *roles: str) -> frozenset[int]:
        """Ids of the centres where the user holds one of ``roles``."""
        ids: set[int] = set()
        for role in roles:
            ids |= self.by_role.get(role, frozenset())
        return frozenset(ids)

    def has(self, role: str, centre_id: int | None = None) -> bool:
        if role == Role.NETWORK_ADMIN:
            return self.network_admin
        held = self.by_role.get(role, frozenset())
        return bool(held) if centre_id is None else centre_id in held

    @property
    def roles(self) -> list[str]:
        held = {r for r, ids in self.by_role.items() if ids}
        if self.network_admin:
            held.add(Role.NETWORK_ADMIN)
        return [str(r) for r in ROLE_ORDER if r in held]

    @property
    def primary_role(self) -> str | None:
        roles = self.roles
        return roles[0] if roles else None

    def staff_centres(self) -> frozenset[int]:
        return self.centres(Role.MANAGER, Role.COACH, Role.EXPERT)

    # "The student or their guardian", said once. Read lazily (one query, only when asked)
    # and kept for the request with the rest of the access.
    @cached_property
    def ward_ids(self) -> frozenset[int]:
        """Ids of the students this user is a guardian of. A guardian link comes with the
        guardian role (``people.services.guardian_link``): without that role there is
        nothing to read, and staff and students' pages pay no query for it."""
        if not self.user_id or not self.has(Role.GUARDIAN):
            return frozenset()
        rows = GuardianLink.objects.filter(guardian_id=self.user_id).values_list(
            "student_id", flat=True
        )
        return frozenset(rows)

    @property
    def family_ids(self) -> frozenset[int]:
        """The students this user answers for: themselves (as a student) and their wards."""
        own = {self.user_id} if self.user_id and self.has(Role.STUDENT) else set()
        return frozenset(own) | self.ward_ids

    def is_family_of(self, student_id: int | None) -> bool:
        """True for the student themselves and for each of their guardians."""
        return student_id is not None and student_id in self.family_ids


ANONYMOUS = Access(user_id=None)


def access_for(user: Actor | None) -> Access:
    """The user's roles, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_parcours_access", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return,unused-ignore]
    by_role: dict[str, set[int]] = {}
    network_admin = False
    rows = Membership.objects.filter(user_id=user.pk, is_active=True).values_list(
        "role", "centre_id"
    )
    for role, centre_id in rows:
        if role == Role.NETWORK_ADMIN:
            network_admin = True
        elif centre_id is not None:
            by_role.setdefault(role, set()).add(centre_id)
    access = Access(
        user_id=user.pk,
        network_admin=network_admin,
        by_role={r: frozenset(ids) for r, ids in by_role.items()},
    )
    user._parcours_access = access  # type: ignore[attr-defined,union-attr,unused-ignore]
    return access
