"""``{% schedule_notice centre slot %}``: on a non-working day, a clear message with the
student's next session ("Today is a non-working day (…); your next session is …")."""

from __future__ import annotations

from typing import Any

from django import template

from parcours.schedule.models import Slot
from parcours.schedule.selectors import notice_for

register = template.Library()


@register.inclusion_tag("schedule/_notice.html")
def schedule_notice(centre: Any, slot: Any = None) -> dict[str, str]:
    held = slot if isinstance(slot, Slot) else None
    return {"notice": notice_for(centre or None, held)}
