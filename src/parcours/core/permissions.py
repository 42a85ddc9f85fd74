"""Permission policies: one class per model gives both the queryset filter and the object check.

Following Kolibri, ``can_view`` is derived from ``visible`` and ``can_change`` from ``editable``
so that a list can never show what a detail page refuses, and the other way round.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.functional import Promise

from parcours.core.errors import Forbidden, NotFound, ValidationFailed

M = TypeVar("M", bound=models.Model)


class Policy(Generic[M]):
    model: type[M]

    def visible(self, user: Any) -> models.QuerySet[M]:
        """Rows the user may see. Override; the default is nothing."""
        return self.model._default_manager.none()

    def editable(self, user: Any) -> models.QuerySet[M]:
        """Rows the user may change. Override; the default is nothing."""
        return self.model._default_manager.none()

    def can_view(self, user: Any, obj: M) -> bool:
        return self.visible(user).filter(pk=obj.pk).exists()

    def can_change(self, user: Any, obj: M) -> bool:
        return self.editable(user).filter(pk=obj.pk).exists()

    def get_visible(self, user: Any, **lookup: Any) -> M:
        try:
            return self.visible(user).get(**lookup)
        except (ObjectDoesNotExist, ValueError, TypeError) as exc:
            raise NotFound() from exc
        except ValidationError as exc:  # a malformed uuid
            raise NotFound() from exc

    def get_editable(self, user: Any, **lookup: Any) -> M:
        obj = self.get_visible(user, **lookup)
        if not self.can_change(user, obj):
            raise Forbidden()
        return obj


def named(
    rows: models.QuerySet[M],
    uuid: object,
    *,
    message: str | Promise | None = None,
    field: str | None = None,
    code: str | None = None,
) -> M:
    """The row of ``rows`` (already narrowed to what the caller may name: a centre's, the
    user's to see) that a client names by its uuid. Anything else, unknown, malformed or not
    among ``rows``, is one answer with one ``message``: ``NotFound``, or, when the uuid came
    in a form or a payload ``field``, a ``ValidationFailed`` on that field (a 400)."""
    try:
        found = rows.filter(uuid=uuid).first()
    except (ValueError, ValidationError):  # a malformed uuid
        found = None
    if found is not None:
        return found
    if field:
        text = message if message is not None else NotFound.default_message
        raise ValidationFailed(text, fields={field: [str(text)]}, code=code)
    raise NotFound(message, code=code)
