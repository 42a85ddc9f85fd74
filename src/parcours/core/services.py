"""Helpers every service uses: validate through the model (fields, validators and database
constraints), and refuse a write based on a stale read (optimistic concurrency)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.core.errors import Conflict, ValidationFailed


def validated_save(obj: models.Model, *, exclude: Iterable[str] | None = None) -> None:
    """``full_clean`` then ``save``; a Django ``ValidationError`` becomes ``ValidationFailed``
    with per-field messages, so nothing invalid reaches the database."""
    try:
        obj.full_clean(exclude=list(exclude) if exclude else None)
    except ValidationError as exc:
        fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        first = next(iter(fields.values()))[0] if fields else str(exc)
        raise ValidationFailed(first, fields=fields) from exc
    obj.save()


def apply_fields(obj: models.Model, data: dict[str, Any], allowed: Iterable[str]) -> list[str]:
    """Set the allowed attributes present in ``data``; return the names that changed."""
    changed = []
    allowed_set = set(allowed)
    unknown = set(data) - allowed_set
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))},
            fields={name: [str(_("This field cannot be changed here."))] for name in unknown},
        )
    for name, value in data.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def ensure_unchanged_since(obj: models.Model, seen: datetime | None) -> None:
    """Refuse to overwrite a row that someone else changed after the caller read it."""
    if seen is None:
        return
    current = getattr(obj, "updated_at", None)
    if current is not None and abs((current - seen).total_seconds()) > 0.000_5:
        raise Conflict(
            _(
                "Someone else changed this while you were editing it. Reload to see their "
                "changes, then make yours again."
            )
        )
