"""Colour arithmetic for the design tokens: WCAG 2.2 contrast, mixing, and the darkest or
lightest shade of a colour that still reads on a given background.

Used by ``scripts/build_palette.py`` (which writes ``static/web/areas.css``) and by the tests
that prove every focus-area pairing meets WCAG AA in both themes. Pure functions, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

# The surfaces the tokens of parcours.css put text on (keep in step with its :root blocks).
LIGHT_SURFACE = "#ffffff"
LIGHT_PAGE = "#f6f5fb"
DARK_SURFACE = "#1b1d2e"
DARK_PAGE = "#12131f"
AA_TEXT = 4.5
AA_GRAPHIC = 3.0


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    if len(h) != 6:
        raise ValueError(f"not a #rrggbb colour: {hex_colour!r}")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminance(hex_colour: str) -> float:
    """Relative luminance as WCAG 2.2 defines it."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: str, b: str, weight_of_b: float) -> str:
    """``a`` moved towards ``b`` by ``weight_of_b`` (0 keeps a, 1 gives b)."""
    ra, rb = _rgb(a), _rgb(b)
    return _hex(tuple(x + (y - x) * weight_of_b for x, y in zip(ra, rb, strict=True)))  # type: ignore[arg-type]


def readable_on(colour: str, *backgrounds: str, towards: str, ratio: float = AA_TEXT) -> str:
    """The shade of ``colour``, moved step by step towards ``towards`` (black or white), that
    first reaches ``ratio`` against every background."""
    for step in range(0, 101):
        shade = mix(colour, towards, step / 100)
        if all(contrast(shade, bg) >= ratio for bg in backgrounds):
            return shade
    return towards


def text_on(colour: str) -> str:
    """Near-black or white, whichever reads better on a solid ``colour``."""
    dark, light = "#111322", "#ffffff"
    return dark if contrast(dark, colour) >= contrast(light, colour) else light


@dataclass(frozen=True)
class AreaTokens:
    """The tokens of one focus area in one theme."""

    colour: str  # the area's own colour, for fills and dots
    ink: str  # text in the area's colour, on the surface and on the tint
    tint: str  # a soft background
    solid: str  # a strong background (covers, chips), white text reads on it
    on_solid: str  # text on ``solid``


def area_tokens(colour: str, *, dark: bool) -> AreaTokens:
    if dark:
        tint = mix(colour, DARK_SURFACE, 0.78)
        ink = readable_on(colour, DARK_SURFACE, DARK_PAGE, tint, towards="#ffffff")
    else:
        tint = mix(colour, LIGHT_SURFACE, 0.88)
        ink = readable_on(colour, LIGHT_SURFACE, LIGHT_PAGE, tint, towards="#000000")
    solid = readable_on(colour, "#ffffff", towards="#000000")
    return AreaTokens(colour=colour, ink=ink, tint=tint, solid=solid, on_solid="#ffffff")
