"""Who may act where: the roles a user holds, read once per request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from parcours.people.models import (
    CoachAssignment,
    GuardianLink,
    Membership,
    PersonalToken,
    Role,
    User,
)

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
        """Ids of the students this user is a guardian of."""
        if not self.user_id:
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


def access_for(user: Any) -> Access:
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
    user._parcours_access = access
    return access


def visible_students(user: Any) -> QuerySet[User]:
    """Students whose profile the user may see: their own, their wards, their caseload, and
    every student of a centre they manage; all of them for a network admin."""
    access = access_for(user)
    base = User.objects.filter(student_profile__isnull=False)
    if access.network_admin:
        return base
    from django.db.models import Q

    q = Q(pk=access.user_id) if access.has(Role.STUDENT) else Q(pk__in=[])
    q |= Q(guardians__guardian_id=access.user_id)
    q |= Q(coaches__coach_id=access.user_id)
    q |= Q(student_profile__centre_id__in=access.centres(Role.MANAGER))
    return base.filter(q).distinct()


def caseload_of(coach: Any) -> QuerySet[User]:
    return (
        User.objects.filter(coaches__coach=coach)
        .select_related("student_profile")
        .order_by("first_name", "last_name")
    )


def wards_of(guardian: Any) -> QuerySet[GuardianLink]:
    return GuardianLink.objects.filter(guardian=guardian).select_related(
        "student", "student__student_profile", "centre"
    )


def centre_student_figures(centre_id: int, today: dt.date) -> dict[str, int]:
    from django.db.models import Count, Q

    from parcours.people.models import StudentProfile

    # Registered students only: pre-registrations have inactive accounts.
    agg = StudentProfile.objects.filter(centre_id=centre_id, user__is_active=True).aggregate(
        total=Count("id"),
        girls=Count("id", filter=Q(gender="female")),
        qpv=Count("id", filter=Q(priority_neighbourhood=True)),
        social=Count("id", filter=Q(priority_neighbourhood=True) | ~Q(referred_by_partner="")),
    )
    return {k: int(v or 0) for k, v in agg.items()}


def staff_count(centre_id: int, role: str) -> int:
    return Membership.objects.filter(centre_id=centre_id, role=role, is_active=True).count()


__all__ = [
    "ANONYMOUS",
    "Access",
    "CoachAssignment",
    "access_for",
    "caseload_of",
    "centre_student_figures",
    "staff_count",
    "visible_students",
    "wards_of",
]


def home_centre_id(user: Any) -> int | None:
    """The centre a user mostly works in: a student's own centre, else the first centre where
    they hold a role (managers first). ``None`` for a network admin with no centre role."""
    profile = getattr(user, "student_profile", None) if user.is_authenticated else None
    if profile is not None:
        return int(profile.centre_id)
    access = access_for(user)
    for role in (Role.MANAGER, Role.COACH, Role.EXPERT, Role.GUARDIAN, Role.MENTOR):
        ids = access.centres(role)
        if ids:
            return min(ids)
    return None


# --- Personal API tokens --------------------------------------------------------------------


def api_tokens(*, user: Any) -> QuerySet[PersonalToken]:
    """The user's own tokens, newest first (active, expired and revoked)."""
    from parcours.people.permissions import tokens_policy

    return tokens_policy.visible(user).order_by("-created_at", "-pk")


def api_token_for(raw: str, *, now: dt.datetime | None = None) -> PersonalToken | None:
    """The active token behind a secret, with its user; None when the secret is unknown,
    revoked or expired, or its user's account is inactive."""
    from parcours.people.services import token_hash

    if not raw or len(raw) > 100:
        return None
    token = (
        PersonalToken.objects.filter(
            token_hash=token_hash(raw),
            revoked_at__isnull=True,
            expires_at__gt=now or timezone.now(),
        )
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token


def guardians_of(student: User) -> QuerySet[User]:
    """The accounts of the student's guardians (to write to them; not a permission check:
    ``access_for(user).is_family_of`` says who may act for the student)."""
    return User.objects.filter(wards__student=student).order_by("pk")


def coaches_of(student: User) -> QuerySet[User]:
    """The accounts of the student's coaches."""
    return User.objects.filter(caseload__student=student).order_by("pk")
