"""Domain errors: raised by services and selectors, turned into a page message or the API's
one error format (``{"error": {"code", "message", "fields"}}``) at the edge."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    code = "invalid"
    default_message: str | Promise = _("The request is not valid.")

    def __init__(
        self,
        message: str | Promise | None = None,
        *,
        fields: dict[str, list[str]] | None = None,
        code: str | None = None,
    ) -> None:
        self.message = message if message is not None else self.default_message
        self.fields = fields or {}
        if code:
            self.code = code
        super().__init__(str(self.message))


class ValidationFailed(DomainError):
    status = 400
    code = "invalid"


class NotFound(DomainError):
    """Also raised for objects that exist but are not the user's to see: no existence leak."""

    status = 404
    code = "not_found"
    default_message = _("Not found.")


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    default_message = _("You are not allowed to do this.")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = _("This conflicts with the current state; reload and try again.")
