"""Two-factor sign-in for staff with an authenticator app (TOTP, django-otp; ADR 24).

Optional for managers, coaches, experts and mentors; required for network admins in
production (``PARCOURS_TOTP_REQUIRED_FOR_ADMINS``, on unless ``PARCOURS_DEBUG=1``). Someone
with a confirmed device signs in with their password, then a 6-digit code; until then
``RequireSecondFactor`` sends every page to the code page (and answers 401 to the API). A
network admin without a device is sent to set one up. Personal API tokens are a credential
of their own and are not asked for a code. Wrong codes are throttled by django-otp (the wait
doubles after each)."""

from __future__ import annotations

from base64 import b32encode
from collections.abc import Callable
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parcours.core.errors import Conflict, Forbidden, ValidationFailed
from parcours.people import sessions
from parcours.people.access import access_for
from parcours.people.models import SignInSession, User
from parcours.people.types import Actor

DEVICE_NAME = "authenticator"
RECOVERY_NAME = "recovery"
RECOVERY_CODES = 10
# The recovery codes just made, shown once on the next page and then forgotten.
FRESH_CODES = "_parcours_recovery_codes"
# Whether the session's user has two-factor sign-in on, read once when they sign in (so that
# pages pay no query for it); set again when they turn it on or off.
FLAG = "_parcours_second_factor"
OPEN_PATHS = ("/accounts/two-factor/", "/accounts/logout/", "/static/", "/i18n/", "/theme/")


def is_staff(user: Actor) -> bool:
    access = access_for(user)
    return access.network_admin or bool(access.staff_centres())


def required_for(user: Actor) -> bool:
    return bool(
        getattr(settings, "PARCOURS_TOTP_REQUIRED_FOR_ADMINS", not settings.DEBUG)
        and access_for(user).network_admin
    )


def device_of(user: Actor, *, confirmed: bool = True) -> TOTPDevice | None:
    if not isinstance(user, User):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def qr_of(device: TOTPDevice) -> str:
    """The device's set-up link as an image (a data: URI, allowed by the CSP)."""
    return str(
        segno.make(device.config_url, error="m").svg_data_uri(
            scale=4, dark="#000", light="#fff", border=4
        )
    )


def secret_of(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@transaction.atomic
def setup_start(*, actor: Actor) -> TOTPDevice:
    """A new, unconfirmed device for a staff member without one (the same one if asked
    again before confirming)."""
    if not isinstance(actor, User) or not is_staff(actor):
        raise Forbidden(_("Two-factor sign-in is for the centre's staff."))
    User.objects.select_for_update().get(pk=actor.pk)
    if device_of(actor) is not None:
        raise Conflict(_("Two-factor sign-in is already on."))
    pending = device_of(actor, confirmed=False)
    return pending or TOTPDevice.objects.create(user=actor, name=DEVICE_NAME, confirmed=False)


def _code(code: str) -> str:
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        message = _(
            "Enter the 6 digits your app shows (or one of your 8-character recovery codes)."
        )
        raise ValidationFailed(message, fields={"code": [message]})
    return code


def _check(device: TOTPDevice | StaticDevice, code: str) -> None:
    allowed, _data = device.verify_is_allowed()
    if not allowed:
        message = _("Too many wrong codes: wait a minute, then try again.")
        raise ValidationFailed(message, fields={"code": [message]}, code="throttled")
    if not device.verify_token(code):
        message = _("This code is not right (or no longer valid): try the next one.")
        raise ValidationFailed(message, fields={"code": [message]})


def setup_confirm(*, request: HttpRequest, code: str) -> TOTPDevice:
    """Turn two-factor sign-in on with the first code of the app; this session counts as
    verified."""
    actor = request.user
    pending = device_of(actor, confirmed=False)
    if pending is None:
        raise Conflict(_("Start the set-up first."))
    _check(pending, _code(code))
    TOTPDevice.objects.filter(user=pending.user).exclude(pk=pending.pk).delete()
    pending.confirmed = True
    pending.save(update_fields=["confirmed"])
    otp_login(request, pending)
    request.session[FLAG] = True
    request.session[FRESH_CODES] = new_recovery_codes(pending.user)
    # Sessions opened elsewhere with the password alone end: they sign in again with a code.
    sessions.end(
        SignInSession.objects.filter(user=pending.user).exclude(
            session_key=request.session.session_key or ""
        )
    )
    return pending


def new_recovery_codes(user: User) -> list[str]:
    """Ten single-use codes for the day the phone is lost (the old ones stop working)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_left(user: Actor) -> int:
    if not isinstance(user, User):
        return 0
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def renew_codes(*, request: HttpRequest, code: str) -> list[str]:
    """New recovery codes, with a current code of the app."""
    device = device_of(request.user)
    if device is None:
        raise Conflict(_("Two-factor sign-in is not on for this account."))
    _check(device, _code(code))
    codes = new_recovery_codes(device.user)
    request.session[FRESH_CODES] = codes
    return codes


def verify(*, request: HttpRequest, code: str) -> TOTPDevice | StaticDevice:
    """The second step of signing in: a code of the app, or one of the recovery codes (which
    then stops working)."""
    device = device_of(request.user)
    if device is None:
        raise Conflict(_("Two-factor sign-in is not on for this account."))
    cleaned = "".join(code.split()).lower()
    if len(cleaned) == 8 and cleaned.isalnum():
        recovery = StaticDevice.objects.filter(user=device.user, confirmed=True).first()
        if recovery is not None:
            _check(recovery, cleaned)
            otp_login(request, recovery)
            return recovery
    _check(device, _code(code))
    otp_login(request, device)
    return device


@transaction.atomic
def remove(*, request: HttpRequest, code: str) -> None:
    """Turn two-factor sign-in off (with a current code); not for network admins when it is
    required."""
    device = device_of(request.user)
    if device is None:
        return
    if required_for(request.user):
        raise Forbidden(_("Network admins keep two-factor sign-in on."))
    _check(device, _code(code))
    TOTPDevice.objects.filter(user=device.user).delete()
    StaticDevice.objects.filter(user=device.user).delete()
    request.session[FLAG] = False


@receiver(user_logged_in, dispatch_uid="parcours.people.twofactor.signed_in")
def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[FLAG] = device_of(user) is not None


def verified(request: HttpRequest) -> bool:
    check = getattr(request.user, "is_verified", None)
    return bool(check()) if callable(check) else False


class RequireSecondFactor:
    """After the password, the code: pages wait on /accounts/two-factor/verify/ (API: 401)
    until the session is verified; network admins who must use it are sent to set it up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(OPEN_PATHS)
            and not request.headers.get("Authorization", "").startswith("Bearer ")
        ):
            target = None
            session = request.session
            if FLAG not in session:  # a session opened before this rule: read once
                session[FLAG] = device_of(user) is not None
            if session[FLAG] and not verified(request):
                target = "people:two_factor_verify"
            elif not session[FLAG] and required_for(user):
                target = "people:two_factor"
            if target is not None:
                if request.path.startswith("/api/"):
                    body = {
                        "error": {
                            "code": "second_factor",
                            "message": _("Enter your two-factor code on the site first."),
                            "fields": {},
                        }
                    }
                    return JsonResponse(body, status=401)
                here = request.get_full_path()
                url = reverse(target)
                if url_has_allowed_host_and_scheme(here, allowed_hosts=None):
                    url += f"?next={here}"
                return redirect(url)
        return self.get_response(request)
