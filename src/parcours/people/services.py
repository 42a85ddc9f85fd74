"""Writes to accounts, roles and student profiles. Other apps (enrolment, demo) call these;
none writes people's models directly."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from parcours.people.models import (
    CoachAssignment,
    GuardianLink,
    Membership,
    Role,
    StudentProfile,
    User,
)


def _username_base(first_name: str, last_name: str) -> str:
    base = slugify(f"{first_name}.{last_name}".replace(".", "-"))
    return (base or "user")[:100]


def unique_username(first_name: str, last_name: str) -> str:
    base = _username_base(first_name, last_name)
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def normalise_name(value: str) -> str:
    """Case-, accent- and space-insensitive form of a name, for duplicate detection."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("-", " ").split())


@transaction.atomic
def user_create(
    *,
    first_name: str,
    last_name: str,
    email: str = "",
    language: str = "fr",
    active: bool = True,
) -> User:
    """A new account with no usable password (the person sets it from an emailed link)."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                user = User(
                    username=unique_username(first_name, last_name),
                    first_name=first_name.strip(),
                    last_name=last_name.strip(),
                    email=email.strip().lower(),
                    preferred_language=language if language in ("fr", "en") else "fr",
                    is_active=active,
                )
                user.set_unusable_password()
                user.save()
                return user
        except IntegrityError:  # a simultaneous request took the same username
            continue
    raise RuntimeError("could not find a free username")


@transaction.atomic
def role_grant(*, user: User, role: str, centre: Any | None) -> Membership:
    """Idempotent: granting a role twice keeps one membership (re-activated if needed)."""
    membership, _created = Membership.objects.get_or_create(
        user=user, role=role, centre=centre, defaults={"is_active": True}
    )
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active", "updated_at"])
    return membership


@transaction.atomic
def student_profile_create(
    *,
    user: User,
    centre: Any,
    birth_date: dt.date,
    gender: str = "undisclosed",
    school: str = "",
    grade: str = "",
    postcode: str = "",
    priority_neighbourhood: bool = False,
    referred_by_partner: str = "",
) -> StudentProfile:
    profile, _created = StudentProfile.objects.get_or_create(
        user=user,
        defaults={
            "centre": centre,
            "birth_date": birth_date,
            "gender": gender,
            "school": school,
            "grade": grade,
            "postcode": postcode,
            "priority_neighbourhood": priority_neighbourhood,
            "referred_by_partner": referred_by_partner,
        },
    )
    role_grant(user=user, role=Role.STUDENT, centre=centre)
    return profile


@transaction.atomic
def guardian_link(
    *, guardian: User, student: User, centre: Any, relationship: str = "parent"
) -> GuardianLink:
    link, _created = GuardianLink.objects.get_or_create(
        guardian=guardian,
        student=student,
        defaults={"centre": centre, "relationship": relationship},
    )
    role_grant(user=guardian, role=Role.GUARDIAN, centre=centre)
    return link


@transaction.atomic
def accounts_activate(*, users: list[User]) -> None:
    User.objects.filter(pk__in=[u.pk for u in users]).update(is_active=True)


@transaction.atomic
def coach_assign(*, coach: User, student: User, centre: Any) -> CoachAssignment:
    assignment, _created = CoachAssignment.objects.get_or_create(
        coach=coach, student=student, defaults={"centre": centre}
    )
    return assignment


@transaction.atomic
def coach_assign_least_loaded(*, student: User, centre: Any) -> CoachAssignment | None:
    """Give a newly registered student a coach: the centre's coach with the smallest caseload
    (ties: the longest-serving). Keeps an existing coach. None if the centre has no coach."""
    from django.db.models import Count, Q

    existing = CoachAssignment.objects.filter(student=student, centre=centre).first()
    if existing:
        return existing
    coach = (
        User.objects.filter(
            memberships__centre=centre,
            memberships__role=Role.COACH,
            memberships__is_active=True,
            is_active=True,
        )
        .annotate(load=Count("caseload", filter=Q(caseload__centre=centre), distinct=True))
        .order_by("load", "pk")
        .first()
    )
    if coach is None:
        return None
    return coach_assign(coach=coach, student=student, centre=centre)
