"""`make screenshots`: every demo role's home and main pages, and the style guide, on a PC
(1366 px) and a phone (390 px), in the light and the dark theme, into docs/screenshots/ as
<role>-<page>-<pc|phone>-<light|dark>.png.

It builds a small demo network (`parcours demo-data --students 200`) in a temporary
PARCOURS_VAR_DIR, serves it on a free local port, and drives the system Chromium with
Playwright. Pages are cut at 3,000 px and the PNGs reduced to 256 colours to stay small.

    .venv/bin/python scripts/screenshots.py [--only ROLE] [--out DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("PARCOURS_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "parcours-demo"
VIEWPORTS = {"pc": (1366, 900), "phone": (390, 844)}
THEMES = ("light", "dark")
MAX_HEIGHT = 3000

# role: (username, [(page name, path)])
ROLES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "student": (
        "student",
        [("home", "/"), ("path", "/learn/discovery/"), ("badge", "/attendance/me/badge/")],
    ),
    "guardian": (
        "guardian",
        [
            ("home", "/"),
            ("labs", "/labs/family/"),
            ("my-data", "/privacy/"),
            ("coach-notes", "/coaching/shared/"),
        ],
    ),
    "coach": (
        "coach",
        [
            ("home", "/"),
            ("reviews", "/learn/reviews/"),
            ("search", "/search/?q=ma"),
            ("early-warning", "/coaching/alerts/"),
            ("actions", "/coaching/actions/"),
        ],
    ),
    "expert": ("expert", [("home", "/"), ("reviews", "/learn/reviews/")]),
    "manager": (
        "manager",
        [
            ("home", "/"),
            ("centre", "/centres/paris/"),
            ("design", "/design/"),
            ("erasure-requests", "/privacy/requests/"),
            ("audit-log", "/audit/"),
            ("sessions", "/accounts/sessions/"),
            ("caseloads", "/coaching/caseloads/paris/"),
            ("early-warning-model", "/coaching/model/paris/"),
        ],
    ),
    "network-admin": (
        "admin",
        [("home", "/"), ("centres", "/centres/"), ("retention", "/privacy/retention/")],
    ),
    "mentor": ("mentor", [("home", "/")]),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - a local URL
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the demo server did not answer at {url}")


def save_small(png: bytes, path: Path) -> None:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def shoot(browser: Any, base: str, out: Path, role: str, username: str, pages: list[Any]) -> int:
    count = 0
    for device, (width, height) in VIEWPORTS.items():
        for theme in THEMES:
            context = browser.new_context(
                locale="fr-FR",
                viewport={"width": width, "height": height},
                color_scheme=theme,  # the shell follows the system's theme
                device_scale_factor=1,
            )
            page = context.new_page()
            page.set_default_timeout(20_000)
            page.goto(f"{base}/accounts/login/")
            page.locator("#id_username").fill(username)
            page.locator("#id_password").fill(PASSWORD)
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state("networkidle")
            for name, path in pages:
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                full = page.evaluate("document.documentElement.scrollHeight")
                clip = {"x": 0, "y": 0, "width": width, "height": min(full, MAX_HEIGHT)}
                png = page.screenshot(full_page=True, clip=clip, animations="disabled")
                save_small(png, out / f"{role}-{name}-{device}-{theme}.png")
                count += 1
            context.close()
    return count


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", help="one role of ROLES")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--students", default="200")
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "PARCOURS_VAR_DIR": var, "PARCOURS_DEBUG": "1"}
        env.pop("DATABASE_URL", None)
        parcours = str(BIN / "parcours")
        run([parcours, "migrate", "--noinput"], env)
        run([parcours, "demo-data", "--students", options.students], env)
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [parcours, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        total = 0
        try:
            wait_for(f"{base}/accounts/login/")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
                for role, (username, pages) in ROLES.items():
                    if options.only and role != options.only:
                        continue
                    total += shoot(browser, base, out, role, username, pages)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"{total} screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
