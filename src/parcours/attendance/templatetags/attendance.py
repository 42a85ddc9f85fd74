"""Attendance blocks for pages other apps render (the coach's home):
``{% load attendance %}`` then ``{% attendance_followup %}``, read as the signed-in user; and
``{% attendance_state state minutes %}``, a student's state at a session as a labelled span
(a tag, not an include: the live board writes one per expected student, hundreds a page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from parcours.attendance import selectors

register = template.Library()


@register.inclusion_tag("attendance/_followup_count.html", takes_context=True)
def attendance_followup(context: Any) -> dict[str, Any]:
    request = context.get("request")
    count, slug = selectors.followup_link(user=getattr(request, "user", None) or AnonymousUser())
    return {"count": count, "centre_slug": slug}


@register.simple_tag
def attendance_state(state: str, minutes: int | None = None) -> SafeString:
    """``<span class="state in">in</span>``: where a student is at a session, in words."""
    if state in ("in", "present"):
        label = _("in")
    elif state == "late":
        label = _("late (%(n)s min)") % {"n": minutes if minutes is not None else ""}
    elif state == "left":
        label = _("left")
    elif state == "left_early":
        label = _("left early")
    elif state == "absent":
        label = _("absent")
    else:
        label = _("not yet")
    return format_html('<span class="state {}">{}</span>', state, label)
