"""Writes to accounts, roles and student profiles. Other apps (enrolment, demo) call these;
none writes people's models directly. A ``centre`` is typed ``Any`` here: people sits below
centres in the layers and names ``centres.Centre`` only by string."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import unicodedata
import uuid as uuid_lib
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parcours.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from parcours.people import sessions
from parcours.people.choices import Role
from parcours.people.errors import PeopleError
from parcours.people.models import (
    CoachAssignment,
    GuardianLink,
    Membership,
    PersonalToken,
    SignInSession,
    StudentProfile,
    User,
)
from parcours.people.permissions import can_hold_tokens, tokens_policy
from parcours.people.types import Actor, signed_in


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


# --- Personal API tokens --------------------------------------------------------------------

TOKEN_PREFIX = "prc_"  # lets secret scanners recognise a leaked token
TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 365
TOKEN_MAX_ACTIVE = 10
TOKEN_TOUCH_EVERY = dt.timedelta(minutes=1)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: PersonalToken
    raw: str  # shown once; only its hash is kept


@transaction.atomic
def api_token_create(
    *, actor: Actor, name: str, days: int = TOKEN_DEFAULT_DAYS, now: dt.datetime | None = None
) -> IssuedToken:
    """A new personal API token for ``actor`` (staff only), valid ``days`` days (1 to 365).
    Names are unique among one's active tokens, so that repeating a request does not make a
    second token; at most 10 active tokens per person."""
    if not can_hold_tokens(actor):
        raise Forbidden(
            _(
                "Personal API tokens are for staff (managers, coaches, experts, network "
                "admins) only: students' and families' accounts cannot have one."
            ),
            code=PeopleError.TOKENS_FOR_STAFF,
        )
    user = signed_in(actor)
    name = " ".join(name.split())
    if not name or len(name) > 100:
        message = _("Give the token a name of 1 to 100 characters, e.g. the script using it.")
        raise ValidationFailed(message, fields={"name": [message]})
    if not 1 <= days <= TOKEN_MAX_DAYS:
        message = _("A token lasts 1 to %(max)d days.") % {"max": TOKEN_MAX_DAYS}
        raise ValidationFailed(message, fields={"days": [message]})
    now = now or timezone.now()
    list(User.objects.select_for_update().filter(pk=user.pk))  # one creation at a time
    active = PersonalToken.objects.filter(
        user_id=user.pk, revoked_at__isnull=True, expires_at__gt=now
    )
    if active.filter(name=name).exists():
        message = _("You already have an active token with this name; choose another name.")
        raise ValidationFailed(
            message, fields={"name": [message]}, code=PeopleError.TOKEN_NAME_TAKEN
        )
    if active.count() >= TOKEN_MAX_ACTIVE:
        raise ValidationFailed(
            _("You already have %(n)d active tokens: revoke one before making another.")
            % {"n": TOKEN_MAX_ACTIVE},
            code=PeopleError.TOO_MANY_TOKENS,
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonalToken.objects.create(
        user=user,
        name=name,
        token_hash=token_hash(raw),
        expires_at=now + dt.timedelta(days=days),
    )
    return IssuedToken(token=token, raw=raw)


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: PersonalToken) -> PersonalToken:
    """The token stops working at once. Revoking again changes nothing."""
    token = tokens_policy.get_editable(actor, pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def api_token_touch(*, token: PersonalToken, now: dt.datetime | None = None) -> bool:
    """Record that the token was used; at most one write a minute per token (one conditional
    UPDATE: no transaction needed, and none opened on the API's every call)."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOKEN_TOUCH_EVERY:
        return False
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - TOKEN_TOUCH_EVERY)
    done = PersonalToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    if done:
        token.last_used_at = now
    return bool(done)


def session_end(*, actor: Actor, uuid: Any, current_key: str | None) -> int:
    """End one of the actor's sessions (not this one: signing out does that). 404 for a
    session that is not theirs; ending it again changes nothing."""
    if not isinstance(actor, User):
        raise NotFound()
    try:
        rows = SignInSession.objects.filter(user_id=actor.pk, uuid=uuid_lib.UUID(str(uuid)))
    except ValueError:
        raise NotFound() from None
    if not rows.exists():
        raise NotFound()
    if rows.filter(session_key=current_key).exists():
        raise Conflict(_("This is the session you are using: sign out instead."))
    return sessions.end(rows)


def sessions_end_others(*, actor: Actor, current_key: str | None) -> int:
    """End every session of the actor but the one in use."""
    if not isinstance(actor, User):
        raise NotFound()
    return sessions.end(
        SignInSession.objects.filter(user_id=actor.pk).exclude(session_key=current_key or "")
    )
