"""Reads of people: the access object (re-exported from ``people.access``, where every app
finds it), caseloads, wards, a centre's figures and one's personal API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from parcours.people.access import ANONYMOUS, ROLE_ORDER, Access, access_for
from parcours.people.choices import Role
from parcours.people.models import (
    GuardianLink,
    Membership,
    PersonalToken,
    SignInSession,
    StudentProfile,
    User,
)
from parcours.people.permissions import tokens_policy
from parcours.people.services import token_hash
from parcours.people.types import Actor

__all__ = [
    "ANONYMOUS",
    "ROLE_ORDER",
    "Access",
    "access_for",
    "api_token_for",
    "api_token_get",
    "api_tokens",
    "caseload_of",
    "centre_student_figures",
    "centres_student_figures",
    "family_students",
    "home_centre_id",
    "staff_count",
    "staff_counts",
    "wards_of",
]


def visible_students(user: Actor) -> QuerySet[User]:
    """Students whose profile the user may see: their own, their wards, their caseload, and
    every student of a centre they manage; all of them for a network admin (staff search)."""
    access = access_for(user)
    base = User.objects.filter(student_profile__isnull=False)
    if access.network_admin:
        return base
    q = Q(pk__in=access.family_ids)
    q |= Q(coaches__coach_id=access.user_id) if access.user_id else Q(pk__in=[])
    q |= Q(student_profile__centre_id__in=access.centres(Role.MANAGER))
    return base.filter(q).distinct()


def family_students(user: Actor) -> list[User]:
    """The students the user answers for: themselves (a student) and their children (a
    guardian), not erased, by first name, with their profile and centre."""
    ids = access_for(user).family_ids
    if not ids:
        return []
    return list(
        User.objects.filter(pk__in=ids, erased_at__isnull=True)
        .select_related("student_profile__centre")
        .order_by("first_name", "pk")
    )


def caseload_of(coach: Actor) -> QuerySet[User]:
    return (
        User.objects.filter(coaches__coach_id=coach.pk)
        .select_related("student_profile")
        .order_by("first_name", "last_name")
    )


def wards_of(guardian: Actor) -> QuerySet[GuardianLink]:
    return GuardianLink.objects.filter(guardian_id=guardian.pk).select_related(
        "student", "student__student_profile", "centre"
    )


_FIGURES = ("total", "girls", "qpv", "social")


def centre_student_figures(centre_id: int, today: dt.date) -> dict[str, int]:
    return centres_student_figures([centre_id], today)[centre_id]


def centres_student_figures(centre_ids: list[int], today: dt.date) -> dict[int, dict[str, int]]:
    """Registered students of each centre (pre-registrations have inactive accounts): total,
    girls, priority neighbourhoods, social field. One grouped query for all the centres."""
    rows = (
        StudentProfile.objects.filter(centre_id__in=centre_ids, user__is_active=True)
        .order_by()
        .values("centre_id")
        .annotate(
            total=Count("id"),
            girls=Count("id", filter=Q(gender="female")),
            qpv=Count("id", filter=Q(priority_neighbourhood=True)),
            social=Count("id", filter=Q(priority_neighbourhood=True) | ~Q(referred_by_partner="")),
        )
    )
    result = {pk: dict.fromkeys(_FIGURES, 0) for pk in centre_ids}
    for row in rows:
        values: dict[str, Any] = dict(row)
        result[values["centre_id"]] = {k: int(values[k] or 0) for k in _FIGURES}
    return result


def staff_count(centre_id: int, role: str) -> int:
    return staff_counts([centre_id]).get((centre_id, role), 0)


def staff_counts(centre_ids: list[int]) -> dict[tuple[int, str], int]:
    """Active staff of each centre per role, in one grouped query: ``{(centre, role): n}``."""
    rows = (
        Membership.objects.filter(centre_id__in=centre_ids, is_active=True)
        .order_by()
        .values_list("centre_id", "role")
        .annotate(n=Count("id"))
    )
    return {(centre, str(role)): int(n) for centre, role, n in rows}


def home_centre_id(user: Actor) -> int | None:
    """The centre a user mostly works in: a student's own centre, else the first centre where
    they hold a role (managers first). ``None`` for a network admin with no centre role.
    Read from the roles already loaded for the request: no query of its own."""
    access = access_for(user)
    for role in (Role.STUDENT, Role.MANAGER, Role.COACH, Role.EXPERT, Role.GUARDIAN, Role.MENTOR):
        ids = access.centres(role)
        if ids:
            return min(ids)
    return None


# --- Personal API tokens --------------------------------------------------------------------


def api_tokens(*, user: Actor) -> QuerySet[PersonalToken]:
    """The user's own tokens, newest first (active, expired and revoked)."""
    return tokens_policy.visible(user).order_by("-created_at", "-pk")


def api_token_get(*, user: Actor, uuid: UUID | str) -> PersonalToken:
    """One of the user's own tokens; anyone else's is not found."""
    return tokens_policy.get_visible(user, uuid=uuid)


def api_token_for(raw: str, *, now: dt.datetime | None = None) -> PersonalToken | None:
    """The active token behind a secret, with its user; None when the secret is unknown,
    revoked or expired, or its user's account is inactive."""
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


def active_sessions(*, user: Actor) -> QuerySet[SignInSession]:
    """Where the user is signed in, most recently seen first."""
    if not user.is_authenticated:
        return SignInSession.objects.none()
    return SignInSession.objects.filter(user_id=user.pk, ended_at__isnull=True).order_by(
        "-last_seen_at"
    )
