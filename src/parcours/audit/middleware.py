"""Who did it and from where, for every audit entry written during a request."""

from __future__ import annotations

from typing import Any

from auditlog.middleware import AuditlogMiddleware
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def _signed_in(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, with the actor read when an entry is written rather than
    when the request comes in: an API call signed with a personal token only gets its user
    once the API has checked the token (people.auth)."""

    @staticmethod
    def _get_actor(request: HttpRequest) -> Any:
        return SimpleLazyObject(lambda: _signed_in(request))

    def get_extra_data(self, request: HttpRequest) -> dict[str, Any]:
        data: dict[str, Any] = super().get_extra_data(request)
        # Through which page or API operation: its name, never its path (paths can carry
        # tokens and ids). Read when the entry is written, once the URL is resolved.
        data["additional_data"] = lambda: _through(request)
        return data


def _through(request: HttpRequest) -> dict[str, str]:
    match = getattr(request, "resolver_match", None)
    return {"method": request.method or "", "view": match.view_name if match else ""}
