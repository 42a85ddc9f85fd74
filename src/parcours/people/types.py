"""The acting user, typed: what every service and selector receives as ``actor``/``user``.

``request.user`` is exactly this type in a view (Django's auth middleware gives either a
Parcours ``User`` or ``AnonymousUser``), so views pass it on unchanged; services decide what
an anonymous actor may do (usually nothing: ``NotFound``/``Forbidden``)."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from parcours.people.models import User

Actor: TypeAlias = User | AnonymousUser

__all__ = ["Actor", "AnonymousUser", "User"]
