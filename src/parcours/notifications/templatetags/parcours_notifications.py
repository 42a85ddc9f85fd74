from __future__ import annotations

from django import template

from parcours.notifications import selectors
from parcours.notifications.models import Notification

register = template.Library()


@register.filter
def notification_text(note: Notification) -> str:
    return selectors.text_of(note)
