"""Draw the cover illustration of each shipped focus area: simple geometric SVGs in the area's
colour, made for Parcours (same licence as the project, see docs/design.md).

    .venv/bin/python scripts/build_covers.py

Writes src/parcours/web/static/web/covers/<slug>.svg (320 × 160) and generic.svg for areas a
centre adds later. The covers are decorative: pages give them an empty alt text.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from parcours.catalogue.seed_data import FOCUS_AREAS  # noqa: E402
from parcours.web.colour import mix  # noqa: E402

TARGET = ROOT / "src" / "parcours" / "web" / "static" / "web" / "covers"
SUN = "#ffc53d"


def motif(slug: str, c: str, dark: str, light: str) -> str:
    if slug == "programming":
        return (
            f'<path d="M120 50 90 80l30 30M200 50l30 30-30 30" stroke="{c}" stroke-width="12" '
            f'fill="none" stroke-linecap="round" stroke-linejoin="round"/>'
            f'<path d="M172 40 148 120" stroke="{dark}" stroke-width="12" stroke-linecap="round"/>'
            f'<rect x="246" y="98" width="26" height="12" rx="3" fill="{SUN}"/>'
        )
    if slug == "animation":
        balls = "".join(
            f'<circle cx="{60 + i * 45}" cy="{y}" r="14" fill="{c}" '
            f'opacity="{0.25 + i * 0.15:.2f}"/>'
            for i, y in enumerate((110, 60, 45, 70, 118))
        )
        return (
            f'<path d="M40 132h240" stroke="{dark}" stroke-width="6" stroke-linecap="round"/>'
            + balls
            + f'<circle cx="240" cy="118" r="14" fill="{SUN}"/>'
        )
    if slug == "video-games":
        return (
            f'<rect x="60" y="45" width="200" height="80" rx="40" fill="{c}"/>'
            f'<path d="M100 72v26M87 85h26" stroke="{light}" stroke-width="10" '
            f'stroke-linecap="round"/>'
            f'<circle cx="205" cy="75" r="9" fill="{SUN}"/>'
            f'<circle cx="225" cy="95" r="9" fill="{light}"/>'
        )
    if slug == "graphic-design":
        return (
            f'<circle cx="120" cy="80" r="46" fill="{c}"/>'
            f'<rect x="140" y="40" width="80" height="80" rx="8" fill="{dark}" opacity=".85"/>'
            f'<path d="M230 120 258 60l28 60z" fill="{SUN}"/>'
        )
    if slug == "filmmaking":
        holes = "".join(
            f'<rect x="{62 + i * 34}" y="{y}" width="16" height="10" rx="2" fill="{light}"/>'
            for i in range(6)
            for y in (42, 108)
        )
        return (
            f'<rect x="50" y="32" width="220" height="96" rx="10" fill="{dark}"/>'
            + holes
            + f'<path d="M145 62v36l32-18z" fill="{SUN}"/>'
        )
    if slug == "robotics":
        return (
            f'<path d="M160 30v18" stroke="{dark}" stroke-width="6" stroke-linecap="round"/>'
            f'<circle cx="160" cy="26" r="8" fill="{SUN}"/>'
            f'<rect x="100" y="48" width="120" height="84" rx="20" fill="{c}"/>'
            f'<circle cx="135" cy="86" r="12" fill="{light}"/><circle cx="185" cy="86" r="12" '
            f'fill="{light}"/><path d="M138 114h44" stroke="{dark}" stroke-width="6" '
            f'stroke-linecap="round"/>'
        )
    if slug == "music":
        return (
            f'<path d="M30 110q40-60 80 0t80 0 80 0" stroke="{light}" stroke-width="8" '
            f'fill="none" opacity=".9"/>'
            f'<path d="M146 40v66M206 30v66M146 40l60-10" stroke="{dark}" stroke-width="8" '
            f'stroke-linecap="round" fill="none"/>'
            f'<ellipse cx="134" cy="108" rx="16" ry="12" fill="{c}"/>'
            f'<ellipse cx="194" cy="98" rx="16" ry="12" fill="{SUN}"/>'
        )
    if slug == "3d-modelling":
        return (
            f'<path d="M160 28 220 60 160 92 100 60z" fill="{light}"/>'
            f'<path d="M100 60v64l60 32V92z" fill="{c}"/>'
            f'<path d="M220 60v64l-60 32V92z" fill="{dark}"/>'
            f'<circle cx="250" cy="40" r="10" fill="{SUN}"/>'
        )
    if slug == "drawing":
        return (
            f'<path d="M40 120c30-50 50 10 80-30s50 20 80-10 40 10 60-20" stroke="{c}" '
            f'stroke-width="8" fill="none" stroke-linecap="round"/>'
            f'<path d="m222 36 30 30-70 70h-30v-30z" fill="{dark}"/>'
            f'<path d="m152 106 30 30h-30z" fill="{SUN}"/>'
        )
    if slug == "photography":
        return (
            f'<rect x="80" y="48" width="160" height="92" rx="16" fill="{c}"/>'
            f'<rect x="110" y="34" width="44" height="20" rx="6" fill="{dark}"/>'
            f'<circle cx="160" cy="94" r="32" fill="{light}"/>'
            f'<circle cx="160" cy="94" r="18" fill="{dark}"/>'
            f'<circle cx="218" cy="64" r="7" fill="{SUN}"/>'
        )
    if slug == "motion-graphics":
        return (
            f'<rect x="110" y="30" width="100" height="100" rx="14" fill="{light}" '
            f'transform="rotate(15 160 80)"/>'
            f'<rect x="122" y="42" width="76" height="76" rx="12" fill="{c}" '
            f'transform="rotate(35 160 80)"/>'
            f'<rect x="136" y="56" width="48" height="48" rx="10" fill="{dark}" '
            f'transform="rotate(55 160 80)"/><circle cx="250" cy="120" r="10" fill="{SUN}"/>'
        )
    if slug == "generative-ai":
        dots = "".join(
            f'<circle cx="{40 + x * 24}" cy="{36 + y * 24}" r="3" fill="{c}" opacity=".5"/>'
            for x in range(4)
            for y in range(5)
        )
        return (
            dots + f'<path d="M190 20q6 40 46 46-40 6-46 46-6-40-46-46 40-6 46-46z" fill="{c}"/>'
            f'<path d="M256 92q3 20 23 23-20 3-23 23-3-20-23-23 20-3 23-23z" fill="{SUN}"/>'
        )
    return (
        f'<circle cx="120" cy="80" r="40" fill="{c}"/>'
        f'<rect x="170" y="50" width="60" height="60" rx="12" fill="{dark}"/>'
        f'<circle cx="250" cy="40" r="10" fill="{SUN}"/>'
    )


def cover(slug: str, colour: str) -> str:
    tint, light, dark = (
        mix(colour, "#ffffff", 0.86),
        mix(colour, "#ffffff", 0.55),
        mix(colour, "#000000", 0.35),
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 160" width="320" '
        f'height="160" aria-hidden="true"><rect width="320" height="160" fill="{tint}"/>'
        f'<circle cx="300" cy="-10" r="80" fill="{light}" opacity=".45"/>'
        f"{motif(slug, colour, dark, light)}</svg>\n"
    )


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for area in FOCUS_AREAS:
        (TARGET / f"{area['slug']}.svg").write_text(
            cover(area["slug"], area["colour"]), encoding="utf-8"
        )
    (TARGET / "generic.svg").write_text(cover("generic", "#5533d1"), encoding="utf-8")
    print(f"wrote {len(FOCUS_AREAS) + 1} covers to {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
