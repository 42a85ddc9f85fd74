"""Permission policies: one class per model gives both the queryset filter and the object check.

Following Kolibri, ``can_view`` is derived from ``visible`` and ``can_change`` from ``editable``
so that a list can never show what a detail page refuses, and the other way round.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models

from parcours.core.errors import Forbidden, NotFound

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
