"""The links Parcours emails to families: a signed, expiring consent link (nothing stored)
and Django's one-time set-password links."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from parcours.core.errors import NotFound, ValidationFailed
from parcours.enrolment.errors import EnrolmentError

if TYPE_CHECKING:
    from parcours.enrolment.models import Enrolment
    from parcours.people.models import User

CONSENT_SALT = "parcours.enrolment.consent"


def consent_link_max_age() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "PARCOURS_CONSENT_LINK_DAYS", 30)))


def site_root(site_url: str = "") -> str:
    """The site's address for links in emails: given by the request, else the setting."""
    root = site_url or getattr(settings, "PARCOURS_SITE_URL", "") or "http://127.0.0.1:8000"
    return root.rstrip("/")


@dataclass(frozen=True)
class ConsentToken:
    enrolment_uuid: str
    person_id: int  # who the link was sent to: the guardian, or the adult student


def consent_token(enrolment: Enrolment, person: User | None = None) -> str:
    person_id = person.pk if person is not None else enrolment.guardian_id
    return signing.dumps({"e": str(enrolment.uuid), "g": person_id}, salt=CONSENT_SALT)


def consent_url(enrolment: Enrolment, site_url: str = "", *, person: User | None = None) -> str:
    path = reverse("enrolment:consent", kwargs={"token": consent_token(enrolment, person)})
    return site_root(site_url) + path


def read_consent_token(token: str) -> ConsentToken:
    try:
        data = signing.loads(token, salt=CONSENT_SALT, max_age=consent_link_max_age())
    except signing.SignatureExpired as exc:
        raise ValidationFailed(
            _(
                "This consent link has expired. Fill in the pre-registration form again with "
                "the same details, or ask the centre: a new link will be emailed to you."
            ),
            code=EnrolmentError.LINK_EXPIRED,
        ) from exc
    except signing.BadSignature as exc:
        raise NotFound(
            _("This consent link is not valid. Check that it was copied whole.")
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("e"), str):
        raise NotFound(_("This consent link is not valid. Check that it was copied whole."))
    return ConsentToken(enrolment_uuid=data["e"], person_id=int(data.get("g") or 0))


def password_url(user: User, site_url: str = "") -> str:
    path = reverse(
        "enrolment:password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return site_root(site_url) + path
