"""Signing in, throttled (ADR 22). Per account: django-axes locks a username for 15 minutes
after 5 failed attempts in a row (whether the account exists or not, so the answer reveals
nothing). Per address: a school's 250 workstations share one public address, so an address
is only refused after many failures (``PARCOURS_SIGNIN_ADDRESS_LIMIT``, 50 in 15 minutes),
counted in the shared cache from Django's ``user_login_failed`` signal. Both answer with the
same page, status 429."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

WINDOW_SECONDS = 15 * 60


def address_limit() -> int:
    return int(getattr(settings, "PARCOURS_SIGNIN_ADDRESS_LIMIT", 50))


def _address_key(request: HttpRequest) -> str:
    return f"signin:failures:{get_client_ip_address(request) or 'unknown'}"


@receiver(user_login_failed)
def count_failure(sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any) -> None:
    if request is None:
        return
    key = _address_key(request)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)


def address_blocked(request: HttpRequest) -> bool:
    return int(cache.get(_address_key(request)) or 0) >= address_limit()


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The answer to a locked account or address (also axes' ``AXES_LOCKOUT_CALLABLE``)."""
    return render(request, "web/locked_out.html", {"minutes": WINDOW_SECONDS // 60}, status=429)


class SignInView(LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if address_blocked(request):
            return locked_out(request)
        return super().post(request, *args, **kwargs)
