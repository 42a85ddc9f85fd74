"""Attendance blocks for pages other apps render (the coach's home):
``{% load attendance %}`` then ``{% attendance_followup %}``. Read as the signed-in user."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from parcours.attendance import selectors

register = template.Library()


@register.inclusion_tag("attendance/_followup_count.html", takes_context=True)
def attendance_followup(context: Any) -> dict[str, Any]:
    request = context.get("request")
    count, slug = selectors.followup_link(user=getattr(request, "user", None) or AnonymousUser())
    return {"count": count, "centre_slug": slug}
