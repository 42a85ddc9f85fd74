"""Template filters shared by every app."""

from __future__ import annotations

import markdown as md
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "pre",
    "blockquote",
    "h3",
    "h4",
    "img",
    "figure",
    "figcaption",
    "video",
    "audio",
    "source",
    "hr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "video": {"src", "controls", "width", "height", "poster"},
    "audio": {"src", "controls"},
    "source": {"src", "type"},
}


@register.filter
def rich(text: str | None) -> SafeString:
    """Instructions as safe HTML: Markdown (paragraphs, lists, links, images) plus embedded
    <video>/<audio>, cleaned by nh3 so that no script or style can get through."""
    html = md.markdown(text or "", extensions=["sane_lists"])
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 just above


@register.filter
def percent(value: float | None) -> int:
    return round(100 * (value or 0))
