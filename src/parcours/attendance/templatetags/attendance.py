"""Attendance blocks for pages other apps render (the coach's home):
``{% load attendance %}`` then ``{% attendance_followup %}``. Read as the signed-in user."""

from __future__ import annotations

from typing import Any

from django import template

from parcours.attendance import selectors
from parcours.centres.models import Centre
from parcours.people.selectors import access_for

register = template.Library()


@register.inclusion_tag("attendance/_followup_count.html", takes_context=True)
def attendance_followup(context: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"count": 0, "centre_slug": None}
    centres = sorted(access_for(user).staff_centres())
    slug = (
        Centre.objects.filter(pk=centres[0]).values_list("slug", flat=True).first()
        if centres
        else None
    )
    return {"count": selectors.followup_count(user=user), "centre_slug": slug}
