"""The API's one error format and the handlers that produce it.

Every error answers ``{"error": {"code": str, "message": str, "fields": {name: [str]}}}``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination

from parcours.core.errors import DomainError


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ErrorOut(Schema):
    error: ErrorBody


ERRORS: dict[int | str, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


# Bounds of every list's paging: past them the database would overflow (a 500), not page.
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000


class Pages(LimitOffsetPagination):
    """django-ninja's limit/offset pagination with an upper bound on the offset too."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


SchemaT = TypeVar("SchemaT", bound=Schema)


RowT = TypeVar("RowT", bound=Model)
OutT = TypeVar("OutT", bound=Schema)


class Mapped(Generic[RowT, OutT]):
    """A queryset seen through its ``*_out`` function, for ninja's paginator: it counts and
    slices the rows in the database and only the page's rows are mapped."""

    def __init__(self, rows: QuerySet[RowT], out: Callable[[RowT], OutT]) -> None:
        self.rows, self.out = rows, out

    def __len__(self) -> int:
        return self.rows.count()

    def __getitem__(self, page: slice) -> list[OutT]:
        return [self.out(row) for row in self.rows[page]]


def filled(schema: type[SchemaT], obj: object, **computed: Any) -> SchemaT:
    """``schema`` built from ``obj``'s attributes of the same names, except the ``computed``
    values given (a related row's slug, a list of keys...): the body of an app's
    ``<thing>_out`` function, so that schemas need no resolver nor alias."""
    names = schema.model_fields.keys() - computed.keys()
    return schema(**{name: getattr(obj, name) for name in names}, **computed)


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return api.create_response(request, body, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return error_response(api, request, exc.status, exc.code, str(exc.message), exc.fields)

    @api.exception_handler(NinjaValidationError)
    def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path")]
            name = (
                ".".join(loc[1:] if loc and loc[0] in ("payload", "data", "filters") else loc)
                or "request"
            )
            fields.setdefault(name, []).append(str(err.get("msg", "invalid")))
        return error_response(api, request, 422, "invalid", _("Some fields are not valid."), fields)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(api, request, 401, "unauthenticated", _("Please sign in."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, "not_found", _("Not found."))

    @api.exception_handler(PermissionDenied)
    def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(api, request, 403, "forbidden", _("You are not allowed to do this."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        message = str(exc)
        if "CSRF" in message:
            code, message = (
                "csrf_failed",
                _("The security token is missing or wrong; reload the page and try again."),
            )
        elif status == 400:
            code, message = "bad_request", _("The request body could not be read as JSON.")
        else:
            code = {
                401: "unauthenticated",
                403: "forbidden",
                404: "not_found",
                405: "method_not_allowed",
            }.get(status, "error")
        return error_response(api, request, status, code, message)
