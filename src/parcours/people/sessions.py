"""Where one is signed in: a row per Django session of a signed-in user, made when they sign
in (``user_logged_in``), seen again at most every five minutes (``SessionSeenMiddleware``),
ended when they sign out, end it from another device, or change their password (the other
sessions: Django already refuses them, their rows are closed here).

Addresses are shortened before they are kept (the last byte of an IPv4 address, the last 80
bits of an IPv6 one are zeroed): enough to recognise "the centre" or "home", not to locate a
minor."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.models import Session
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from parcours.people.models import SignInSession, User

SEEN_EVERY = dt.timedelta(minutes=5)
SEEN_KEY = "_parcours_seen"


def shortened(address: str | None) -> str:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def _describe(request: HttpRequest) -> dict[str, str]:
    return {
        "user_agent": request.headers.get("User-Agent", "")[:200],
        "address": shortened(request.META.get("REMOTE_ADDR")),
    }


def record(request: HttpRequest, user: Any) -> SignInSession | None:
    """The row of the request's session (made if missing)."""
    if not request.session.session_key:
        request.session.save()
    key = request.session.session_key
    if not key or not isinstance(user, User):
        return None
    now = timezone.now()
    row, _created = SignInSession.objects.update_or_create(
        session_key=key,
        defaults={"user": user, "last_seen_at": now, "ended_at": None, **_describe(request)},
    )
    request.session[SEEN_KEY] = now.isoformat()
    return row


@receiver(user_logged_in, dispatch_uid="parcours.people.sessions.signed_in")
def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        record(request, user)


@receiver(user_logged_out, dispatch_uid="parcours.people.sessions.signed_out")
def _signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        SignInSession.objects.filter(session_key=key, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )


def end(rows: Any) -> int:
    """End these sessions: their Django sessions are deleted (the devices are signed out)."""
    keys = list(rows.filter(ended_at__isnull=True).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    return int(SignInSession.objects.filter(session_key__in=keys).update(ended_at=timezone.now()))


class SessionSeenMiddleware:
    """Keep "last seen" of the signed-in user's session, writing at most every 5 minutes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and user.is_authenticated and session is not None:
            seen = session.get(SEEN_KEY)
            now = timezone.now()
            if seen is None or now - dt.datetime.fromisoformat(seen) >= SEEN_EVERY:
                record(request, user)
        return self.get_response(request)
