"""The acting user, typed: what every service and selector receives as ``actor``/``user``.

``request.user`` is exactly this type in a view (Django's auth middleware gives either a
Parcours ``User`` or ``AnonymousUser``), so views pass it on unchanged; services decide what
an anonymous actor may do (usually nothing: ``NotFound``/``Forbidden``)."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from parcours.core.errors import NotFound
from parcours.people.models import User

Actor: TypeAlias = User | AnonymousUser


def signed_in(actor: Actor) -> User:
    """The account behind ``actor``, for a service that records who acted (``decided_by``,
    ``recorded_by``...) once its permission check has passed. An anonymous actor is told
    nothing exists (``NotFound``), like every policy tells them."""
    if not isinstance(actor, User):
        raise NotFound()
    return actor


__all__ = ["Actor", "AnonymousUser", "User", "signed_in"]
