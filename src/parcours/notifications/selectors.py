"""Reads of notifications: only the reader's own, ever."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from parcours.notifications import kinds
from parcours.notifications.choices import Category, EmailMode
from parcours.notifications.models import Notification, NotificationSettings
from parcours.people.types import Actor


def inbox(*, user: Actor, unread_only: bool = False) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    rows = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-id")


def unread_count(*, user: Actor) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def text_of(notification: Notification) -> str:
    return kinds.render_text(notification.kind, notification.params)


@dataclass(frozen=True)
class CategoryMode:
    category: str
    label: str
    mode: str


def modes_of(*, user: Actor) -> list[CategoryMode]:
    """Each category with the reader's rhythm (their choice, else the category's default)."""
    saved: dict[str, Any] = {}
    if user.is_authenticated:
        row = NotificationSettings.objects.filter(user_id=user.pk).first()
        saved = row.modes if row else {}
    return [
        CategoryMode(
            str(value),
            str(label),
            str(saved.get(value, kinds.DEFAULT_MODES.get(value, EmailMode.DAILY))),
        )
        for value, label in Category.choices
    ]
