"""A per-IP and per-email limit on the public pre-registration (Django's cache).

With the default local-memory cache the counts are per process; a deployment with several
processes sets a shared cache (Redis, Memcached or the database cache) to make them global.
Behind a proxy, REMOTE_ADDR is the proxy's: the proxy must be trusted to set it right.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parcours.core.errors import DomainError
from parcours.enrolment.errors import EnrolmentError

DEFAULT_LIMITS = {"ip": (20, 3600), "email": (5, 3600)}  # (requests, seconds)


class TooManyRequests(DomainError):
    status = 429
    code = EnrolmentError.RATE_LIMITED
    default_message = _(
        "Too many requests were sent from here in a short time. Please wait an hour and try "
        "again, or contact the centre."
    )


def _limits(kind: str) -> tuple[int, int]:
    limits = getattr(settings, "PARCOURS_ENROL_LIMITS", DEFAULT_LIMITS)
    count, seconds = limits.get(kind, DEFAULT_LIMITS[kind])
    return int(count), int(seconds)


def _hit(kind: str, value: str) -> None:
    limit, window = _limits(kind)
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    key = f"parcours:enrol:{kind}:{digest}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    if count > limit:
        raise TooManyRequests()


def check_ip(request: HttpRequest) -> None:
    _hit("ip", request.META.get("REMOTE_ADDR", "") or "unknown")


def check_email(email: str) -> None:
    _hit("email", email)
