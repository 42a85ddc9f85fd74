"""Students, guardians and other non-staff never see the Django admin, not even its login;
every response carries the security headers Django does not write itself."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import render

from parcours.core.errors import DomainError


class StaffAdminOnlyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/admin/"):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and not user.is_staff:
                return HttpResponseNotFound()
        return self.get_response(request)


class DomainErrorMiddleware:
    """A domain error that escapes a page view becomes a clear page with the right status,
    never a 500. (API errors are handled by the API's own exception handler.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        template = {404: "404.html", 403: "403.html"}.get(exception.status, "error.html")
        return render(
            request,
            template,
            {"message": exception.message, "fields": exception.fields},
            status=exception.status,
        )


class SecurityHeadersMiddleware:
    """``Permissions-Policy`` (settings.PERMISSIONS_POLICY) on every response: what powerful
    browser features pages may use. (CSP, HSTS, Referrer-Policy, nosniff, COOP and frame
    options are written by django-csp and Django's own middleware.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy: str = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.policy
        return response
