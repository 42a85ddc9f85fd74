from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from parcours.notifications import selectors


def unread(request: HttpRequest) -> dict[str, Any]:
    """``unread_notifications`` for the bell, counted only if a template reads it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: selectors.unread_count(user=user))}
