"""Render the favicon's PNG and ICO fallbacks from web/static/web/brand/favicon.svg, with the
system Chromium (Playwright) for the drawing and Pillow (a ReportLab dependency) for the ICO.

    .venv/bin/python scripts/build_brand.py
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BRAND = ROOT / "src" / "parcours" / "web" / "static" / "web" / "brand"
CHROMIUM = os.environ.get("PARCOURS_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def render(svg: str, size: int, page: object) -> bytes:
    html = (
        "<html><body style='margin:0;background:transparent'>"
        f"<img src='data:image/svg+xml;utf8,{svg}' width='{size}' height='{size}'>"
        "</body></html>"
    )
    page.set_viewport_size({"width": size, "height": size})  # type: ignore[attr-defined]
    page.set_content(html.replace("#", "%23"))  # type: ignore[attr-defined]
    return page.screenshot(omit_background=True)  # type: ignore[attr-defined,no-any-return]


def main() -> None:
    svg = (BRAND / "favicon.svg").read_text(encoding="utf-8").strip()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page()
        sizes = {s: render(svg, s, page) for s in (16, 32, 48, 180, 192)}
        browser.close()
    (BRAND / "favicon-32.png").write_bytes(sizes[32])
    (BRAND / "apple-touch-icon.png").write_bytes(sizes[180])
    (BRAND / "icon-192.png").write_bytes(sizes[192])
    images = [Image.open(io.BytesIO(sizes[s])).convert("RGBA") for s in (48, 32, 16)]
    images[0].save(BRAND / "favicon.ico", sizes=[(48, 48), (32, 32), (16, 16)])
    print("wrote favicon-32.png, apple-touch-icon.png, icon-192.png, favicon.ico")


if __name__ == "__main__":
    main()
