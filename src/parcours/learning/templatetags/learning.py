"""Learning pieces for templates: ``{% load learning %}`` then ``{{ path|level_map }}`` gives a
focus area's path in the shape of the design system's level map (``<c-level-map>``), and
``{% path_map path %}`` renders that map.

A path's map is the largest part of a student's home and path pages (every activity of every
chosen area) and the same for every student at the same point of the same area: its HTML is
kept in each process, keyed by a fingerprint of everything it shows (the language, the area,
each level's state, activities with their links and states, labs), so nothing stale is ever
shown and rendering it again is skipped (issue 13)."""

from __future__ import annotations

import hashlib
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString

from parcours.core.memo import LocalLRU
from parcours.learning.selectors import AreaPath

register = template.Library()
RENDERED_MAPS = 4096  # distinct (language, area, progress) maps kept per process
_rendered: LocalLRU[SafeString] = LocalLRU(RENDERED_MAPS)


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


def _fingerprint(path: AreaPath, own: bool) -> bytes:
    """Everything the map shows, without building it: the language, the area, each level's
    number, name and completion, each activity's identity, title, openness and status (its
    link follows from them), the labs' titles."""
    area = path.area
    data = (
        translation.get_language(),
        area.pk,
        area.slug,
        own,
        [
            (
                lv.number,
                lv.name,
                lv.state.complete,
                [(r.activity.pk, r.activity.title, r.is_open, r.status) for r in lv.activities],
                [t.title for t in lv.labs],
            )
            for lv in path.levels
        ],
    )
    return hashlib.blake2b(repr(data).encode(), digest_size=16).digest()


@register.simple_tag
def path_map(path: AreaPath, own: bool = True) -> SafeString:
    """The path's level map, rendered once per process for the same data."""
    return _rendered.get_or_make(
        _fingerprint(path, own),
        lambda: SafeString(
            render_to_string(
                "learning/_path_map.html", {"levels": level_map(path, own), "area": path.area}
            )
        ),
    )
