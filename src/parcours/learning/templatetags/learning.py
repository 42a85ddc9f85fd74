"""Learning pieces for templates: ``{% load learning %}`` then ``{{ path|level_map }}`` gives a
focus area's path in the shape of the design system's level map (``<c-level-map>``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from parcours.learning.selectors import AreaPath

register = template.Library()


@register.filter
def level_map(path: AreaPath, own: bool = True) -> list[dict[str, Any]]:
    """Each level: finished ('done'), the first unfinished ('current') or after it ('locked'),
    with its activities (a link when the student may open it, on their own path only) and the
    labs it unlocks."""
    levels = []
    current_seen = False
    for lv in path.levels:
        if lv.state.complete:
            state = "done"
        elif not current_seen:
            state, current_seen = "current", True
        else:
            state = "locked"
        levels.append(
            {
                "number": lv.number,
                "name": lv.name,
                "state": state,
                "activities": [
                    {
                        "title": row.activity.title,
                        "url": (
                            reverse("learning:activity", args=[row.activity.uuid])
                            if own and (row.is_open or row.status)
                            else ""
                        ),
                        "done": row.status == "done",
                    }
                    for row in lv.activities
                ],
                "labs": [{"title": t.title, "url": ""} for t in lv.labs],
            }
        )
    return levels
