"""Learning pieces for templates: ``{% load learning %}`` then ``{{ path|level_map }}`` gives a
focus area's path in the shape of the design system's level map (``<c-level-map>``), and
``{% path_map path %}`` renders that map, ``{% next_step path %}`` the area's card of the
student's home (its level ring and the next activity), ``{% discovery_cards rows %}`` the
areas a discovering student tries.

A path's map is the largest part of a student's home and path pages (every activity of every
chosen area) and the same for every student at the same point of the same area: its HTML is
kept in each process, keyed by a fingerprint of everything it shows (the language, the area,
each level's state, activities with their links and states, labs), so nothing stale is ever
shown and rendering it again is skipped (issue 13). The same for the next-step card, keyed by
the language, the area, the level, its progress and the suggestion with its reason."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString

from parcours.core.memo import LocalLRU
from parcours.learning.selectors import AreaPath, DiscoveryRow

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


def _fingerprint(path: AreaPath, own: bool) -> tuple[Any, ...]:
    """Everything the map shows, without building it: the language, the area, each level's
    number, name and completion, each activity's identity, title, openness and status (its
    link follows from them), the labs' titles. Under a catalogue stamp the levels' names,
    the activities and their titles and the labs are the stamp's: only the student's part
    (completion, openness, status) is read."""
    area = path.area
    if path.stamp:
        levels: tuple[Any, ...] = tuple(
            (lv.state.complete, tuple((r.is_open, r.status) for r in lv.activities))
            for lv in path.levels
        )
    else:
        levels = tuple(
            (
                lv.number,
                lv.name,
                lv.state.complete,
                tuple(
                    (r.activity.pk, r.activity.title, r.is_open, r.status) for r in lv.activities
                ),
                tuple(t.title for t in lv.labs),
            )
            for lv in path.levels
        )
    return (translation.get_language(), path.stamp, area.pk, area.slug, own, levels)


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


_cards: LocalLRU[SafeString] = LocalLRU(RENDERED_MAPS)


@register.simple_tag
def next_step(path: AreaPath) -> SafeString:
    """The area's card on the student's home: the current level's ring (or "every level
    finished"), the next activity and why, a button to it. Rendered once per process for the
    same data."""
    area, level, suggestion = path.area, path.current, path.suggestion
    key = (
        translation.get_language(),
        area.pk,
        area.slug,
        area.name,
        (level.number, level.name, level.state.percent) if level else None,
        (suggestion.uuid, suggestion.title) if suggestion else None,
        path.reason,
    )
    return _cards.get_or_make(
        key,
        lambda: SafeString(render_to_string("learning/_next_step.html", {"p": path})),
    )


@register.simple_tag
def discovery_cards(rows: list[DiscoveryRow]) -> SafeString:
    """The areas of the centre a discovering student tries, each with its first activity and
    whether they tried it: rendered once per process for the same areas, activities and tries
    in the same language."""
    key = (
        "discovery",
        translation.get_language(),
        tuple(
            (
                r.area.pk,
                r.area.slug,
                r.area.name,
                r.area.description,
                r.tried,
                (r.first.uuid, r.first.title) if r.first else None,
            )
            for r in rows
        ),
    )
    return _cards.get_or_make(
        key,
        lambda: SafeString(render_to_string("learning/_discovery_cards.html", {"rows": rows})),
    )
