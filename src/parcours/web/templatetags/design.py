"""Template helpers of the design system's components (templates/components/): icon URLs, ids,
progress geometry, pagination windows and server-drawn charts. Geometry is computed here so
that templates only write SVG attributes: no inline style anywhere (CSP-ready)."""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

from parcours.catalogue.seed_data import FOCUS_AREAS

register = template.Library()

ICON_SPRITE = "vendor/lucide-1.62.0-sprite.svg"
SHIPPED_AREAS = frozenset(a["slug"] for a in FOCUS_AREAS)
_ids = itertools.count(1)


@functools.cache
def _sprite_url() -> str:
    """The sprite's URL (hashed by the manifest in production): the same for the process."""
    return static(ICON_SPRITE)


@register.simple_tag
def icon_href(name: str) -> str:
    return f"{_sprite_url()}#{name}"


@register.simple_tag
def icon(name: str, size: str = "", label: str = "", css: str = "") -> SafeString:
    """An icon of the vendored Lucide sprite, decorative unless it has a label: what
    ``<c-icon>`` renders, as a tag (a page has dozens; a component costs ~6× more)."""
    classes = "icon" + (f" icon-{size}" if size else "") + (f" {css}" if css else "")
    if label:
        return format_html(
            '<svg class="{}" role="img" aria-label="{}"><use href="{}"></use></svg>',
            classes,
            label,
            icon_href(name),
        )
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}"></use></svg>',
        classes,
        icon_href(name),
    )


@register.simple_tag
def new_id(prefix: str = "c") -> str:
    """A page-unique id for aria-labelledby/aria-describedby pairs inside a component."""
    return f"{prefix}-{next(_ids)}"


def _slug(area: Any) -> str:
    return str(getattr(area, "slug", area) or "")


@register.filter
def area_class(area: Any) -> str:
    """``area area-<slug>``: the area's tokens (colour, ink, tint) for what is inside."""
    slug = _slug(area)
    return f"area area-{slug}" if slug else "area"


@register.filter
def cover_url(area: Any) -> str:
    slug = _slug(area)
    return _cover_url(slug if slug in SHIPPED_AREAS else "generic")


@functools.cache
def _cover_url(name: str) -> str:
    return static(f"web/covers/{name}.svg")


def _number(value: Any) -> float:
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return 0.0


@register.filter
def percent_of(value: Any, maximum: Any = 100) -> int:
    top = _number(maximum)
    if top <= 0:
        return 0
    return max(0, min(100, round(100 * _number(value) / top)))


@register.filter
def width_class(percent: Any) -> str:
    """``w-0`` … ``w-100`` in 5 % steps, for bars drawn with HTML."""
    p = max(0, min(100, _number(percent)))
    return f"w-{int(5 * round(p / 5))}"


@register.filter
def trend_direction(value: Any) -> str:
    n = _number(value)
    return "up" if n > 0 else "down" if n < 0 else "flat"


@register.filter
def signed(value: Any) -> str:
    n = _number(value)
    text = f"{n:g}"
    return f"+{text}" if n > 0 else text.replace("-", "−")


@register.filter
def initials(user: Any) -> str:
    first = (getattr(user, "first_name", "") or "")[:1]
    last = (getattr(user, "last_name", "") or "")[:1]
    return (first + last) or (getattr(user, "username", "") or "?")[:1]


def _svg(x: float) -> str:
    """A number for an SVG attribute: a dot for decimals whatever the page's language (the
    templates would print 12,5 in French)."""
    return f"{round(x, 2):.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Ring:
    percent: int
    circumference: str
    dash: str
    radius: int = 42


@register.simple_tag
def ring(value: Any, maximum: Any = 100) -> Ring:
    p = percent_of(value, maximum)
    c = 2 * math.pi * 42
    return Ring(percent=p, circumference=_svg(c), dash=_svg(c * p / 100))


@register.simple_tag
def page_window(page: Any, around: int = 2) -> list[int | None]:
    """Page numbers to show: first, last, and ``around`` each side of the current one; ``None``
    marks a gap."""
    last = page.paginator.num_pages
    keep = {1, last, *range(page.number - around, page.number + around + 1)}
    out: list[int | None] = []
    previous = 0
    for n in sorted(k for k in keep if 1 <= k <= last):
        if n - previous > 1:
            out.append(None)
        out.append(n)
        previous = n
    return out


# --- Charts ---------------------------------------------------------------------------------


def _points(data: Iterable[Any]) -> list[tuple[str, float]]:
    out = []
    for item in data:
        if isinstance(item, dict):
            out.append((str(item.get("label", "")), _number(item.get("value"))))
        else:
            label, value = item
            out.append((str(label), _number(value)))
    return out


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: str
    y: str
    width: str
    height: str
    label_x: str


@dataclass(frozen=True)
class Tick:
    value: float
    y: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    left: int
    bars: Sequence[Bar]
    ticks: Sequence[Tick]
    rows: Sequence[tuple[str, float]]
    empty: bool


@register.simple_tag
def bar_chart(data: Iterable[Any], width: int = 640, height: int = 240) -> BarChart:
    rows = _points(data)
    left, top, bottom = 40, 16, height - 28
    top_value = _nice_max(max((v for _, v in rows), default=0))
    plot_h = bottom - top
    slot = (width - left) / max(1, len(rows))
    bar_w = min(56.0, slot * 0.6)
    bars = []
    for i, (label, value) in enumerate(rows):
        h = plot_h * max(0.0, value) / top_value
        x = left + i * slot + (slot - bar_w) / 2
        bars.append(
            Bar(label, value, _svg(x), _svg(bottom - h), _svg(bar_w), _svg(h), _svg(x + bar_w / 2))
        )
    ticks = [Tick(round(top_value * k / 4, 2), _svg(bottom - plot_h * k / 4)) for k in range(5)]
    return BarChart(width, height, top, bottom, left, bars, ticks, rows, empty=not rows)


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    left: int
    path: str
    points: Sequence[Bar]
    ticks: Sequence[Tick]
    rows: Sequence[tuple[str, float]]
    empty: bool


@register.simple_tag
def line_chart(data: Iterable[Any], width: int = 640, height: int = 240) -> LineChart:
    rows = _points(data)
    left, top, bottom, right = 40, 16, height - 28, 16
    top_value = _nice_max(max((v for _, v in rows), default=0))
    plot_h = bottom - top
    step = (width - left - right) / max(1, len(rows) - 1)
    points = []
    for i, (label, value) in enumerate(rows):
        x = left + i * step if len(rows) > 1 else (left + width - right) / 2
        y = bottom - plot_h * max(0.0, value) / top_value
        points.append(Bar(label, value, _svg(x), _svg(y), "0", "0", _svg(x)))
    path = " ".join(f"{'M' if i == 0 else 'L'}{p.x} {p.y}" for i, p in enumerate(points))
    ticks = [Tick(round(top_value * k / 4, 2), _svg(bottom - plot_h * k / 4)) for k in range(5)]
    return LineChart(width, height, top, bottom, left, path, points, ticks, rows, empty=not rows)


@dataclass(frozen=True)
class Slice:
    label: str
    value: float
    percent: int
    dash: str
    offset: str
    series: int


@dataclass(frozen=True)
class DonutChart:
    slices: Sequence[Slice]
    total: float
    circumference: str
    empty: bool


@register.simple_tag
def donut_chart(data: Iterable[Any]) -> DonutChart:
    rows = _points(data)
    total = sum(max(0.0, v) for _, v in rows)
    c = 2 * math.pi * 40
    slices = []
    done = 0.0
    for i, (label, value) in enumerate(rows):
        share = max(0.0, value) / total if total else 0.0
        slices.append(
            Slice(label, value, round(100 * share), _svg(c * share), _svg(-c * done), i % 6)
        )
        done += share
    return DonutChart(slices, total, _svg(c), empty=total == 0)
