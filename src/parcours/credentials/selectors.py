"""Reads of credentials: the public documents of an issuer (profile, keys, revocation list)
and of a credential, and the verifier anyone may call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from parcours.centres.models import Centre
from parcours.core.errors import NotFound
from parcours.credentials import urls_of
from parcours.credentials.models import Credential, IssuerKey
from parcours.credentials.permissions import can_manage
from parcours.credentials.services import issuer_of, signing_key
from parcours.engine import credentials as engine
from parcours.enrolment import years
from parcours.enrolment.choices import EnrolmentStatus
from parcours.enrolment.models import Enrolment
from parcours.people.access import access_for
from parcours.people.models import GuardianLink, User
from parcours.people.types import Actor
from parcours.schedule.models import Slot


def issuer_centre(slug: str) -> Centre:
    centre = Centre.objects.filter(slug=slug).first()
    if centre is None:
        raise NotFound()
    return centre


def issuer_profile(centre: Centre) -> dict[str, Any]:
    """The issuer's OB 3.0 Profile, with where its keys and revocation list are."""
    issuer = issuer_of(centre)
    return {
        "@context": [engine.VC_CONTEXT, engine.OB_CONTEXT],
        "id": issuer.id,
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer.url,
        "address": {
            "type": ["Address"],
            "addressLocality": centre.city,
            "addressCountry": centre.country,
        },
        "jwks_uri": urls_of.jwks(centre.slug),
        "statusList": urls_of.status_list(centre.slug),
    }


def jwks(centre: Centre) -> dict[str, Any]:
    """Every key the centre signed with and has not withdrawn (retired keys included)."""
    keys = IssuerKey.objects.filter(centre=centre, withdrawn_at=None).order_by("created_at")
    return {"keys": [dict(k.public_jwk) for k in keys]}


def status_list_jwt(centre: Centre, now: dt.datetime | None = None) -> str:
    """The centre's revocation list, signed now with its current key."""
    revoked = Credential.objects.filter(centre=centre, revoked_at__isnull=False).values_list(
        "status_index", flat=True
    )
    vc = engine.status_list_credential(
        issuer=issuer_of(centre),
        url=urls_of.status_list(centre.slug),
        revoked=list(revoked),
        valid_from=now or timezone.now(),
    )
    return engine.sign(vc, signing_key(centre).private_jwk)


def credential_public(uuid: UUID | str) -> Credential:
    found = Credential.objects.select_related("centre", "holder").filter(uuid=uuid).first()
    if found is None:
        raise NotFound()
    return found


def held_by(user: Actor) -> QuerySet[Credential]:
    """The credentials the user holds, and, for a guardian, their children's (newest
    first): what their "My credentials" page lists."""
    wards = list(
        GuardianLink.objects.filter(guardian_id=user.pk).values_list("student_id", flat=True)
    )
    return (
        Credential.objects.filter(holder_id__in=[user.pk, *wards])
        .select_related("centre", "holder")
        .order_by("-issued_at", "-id")
    )


def issued(centre: Centre | None = None) -> QuerySet[Credential]:
    rows = Credential.objects.select_related("centre").order_by("issued_at", "id")
    return rows.filter(centre=centre) if centre is not None else rows


def _centre_in(url: str, address: Callable[[str], str]) -> Centre | None:
    """The centre whose ``address(slug)`` is ``url``, if any."""
    before, _slug, after = address("SLUG").partition("SLUG")
    if not (url.startswith(before) and url.endswith(after)) or len(url) <= len(before + after):
        return None
    slug = url[len(before) : len(url) - len(after)]
    centre = Centre.objects.filter(slug=slug).first()
    return centre if centre is not None and address(centre.slug) == url else None


def verify(token: str, now: dt.datetime | None = None) -> engine.Verdict:
    """Check a VC-JWT as any verifier would, against the keys and the revocation lists this
    site publishes (a credential of another issuer is refused: its issuer is unknown here)."""

    def keys_for(issuer_id: str) -> Mapping[str, Any] | None:
        centre = _centre_in(issuer_id, urls_of.issuer)
        return jwks(centre) if centre is not None else None

    def status_for(url: str) -> str | None:
        centre = _centre_in(url, urls_of.status_list)
        return status_list_jwt(centre, now) if centre is not None else None

    return engine.verify(token, keys_for=keys_for, status_for=status_for, now=now or timezone.now())


def printable(*, user: Actor, uuid: UUID | str) -> Credential:
    """A credential the user may print an attestation of: their own, their child's, or
    one their centre issued (its managers)."""
    try:
        credential = Credential.objects.select_related("centre", "holder").get(uuid=uuid)
    except (Credential.DoesNotExist, ValueError, ValidationError) as exc:
        raise NotFound() from exc
    access = access_for(user)
    if access.is_family_of(credential.holder_id) or can_manage(user, credential.centre):
        return credential
    raise NotFound()


def managed_centre(*, user: Actor, slug: str) -> Centre:
    centre = Centre.objects.filter(slug=slug).first()
    if centre is None or not can_manage(user, centre):
        raise NotFound()
    return centre


def centre_slots(centre: Centre) -> QuerySet[Slot]:
    return Slot.objects.filter(centre=centre).order_by("label")


def for_a_group(centre: Centre, year: int, slot: Slot | None = None) -> QuerySet[Credential]:
    """The valid credentials the centre issued in a school year (September to August), of
    one weekly group's registered students if ``slot`` is given, by student's name."""
    start = years.year_start(year)
    rows = Credential.objects.filter(
        centre=centre,
        revoked_at__isnull=True,
        issued_at__date__gte=start,
        issued_at__date__lt=years.year_start(year + 1),
    )
    if slot is not None:
        rows = rows.filter(
            holder_id__in=Enrolment.objects.filter(
                slot=slot, school_year=year, status=EnrolmentStatus.REGISTERED
            ).values("student_id")
        )
    return rows.select_related("centre", "holder").order_by(
        "holder__last_name", "holder__first_name", "issued_at"
    )


def centre_credentials(centre: Centre, query: str = "") -> QuerySet[Credential]:
    """What the centre issued, newest first, found by the credential's or the holder's name."""
    rows = Credential.objects.filter(centre=centre).select_related("holder")
    for word in query.split()[:5]:
        rows = rows.filter(
            Q(name__icontains=word)
            | Q(holder__first_name__icontains=word)
            | Q(holder__last_name__icontains=word)
        )
    return rows.order_by("-issued_at", "-id")


def awardable_person(centre: Centre, username: str) -> User | None:
    """A member of the centre (a student or an adult: staff, youth workers trained there)
    found by their sign-in name."""
    return (
        User.objects.filter(
            username=username.strip(),
            memberships__centre=centre,
            memberships__is_active=True,
            erased_at__isnull=True,
        )
        .distinct()
        .first()
    )
