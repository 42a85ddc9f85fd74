"""Walk the running demo as each role and check every kind of page with axe-core.

Usage (the demo served by ``make demo`` or ``parcours runserver``)::

    .venv/bin/python scripts/axe_crawl.py [--base http://127.0.0.1:8000] [--width 390]
        [--roles anonymous,student,guardian,coach,expert,mentor,manager,admin,student-offer]

From each role's home it follows the site's links, breadth first, and checks one page of each
kind (the path with its ids left out) with axe-core's WCAG 2.0/2.1/2.2 A and AA rules; it
also reports pages answering 4xx/5xx, pages wider than the screen and pages that print
template source. Prints the violations grouped by rule; exits 1 if there is any.
The browser is the system's Chromium (``make browser-deps``); axe-core is the copy the tests
vendor from the npm registry.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
AXE = (ROOT / "tests" / "browser" / "vendor" / "axe-4.14.1.min.js").read_text(encoding="utf-8")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROLES = "anonymous,student,guardian,coach,expert,mentor,manager,admin,student-offer"
NOT_PAGES = re.compile(r"/file/|logout|download|\.pdf|\.ics|/api/|export|/admin/|/print|/media/")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SOURCE = ("{#", "#}", "{%", "%}", "{{", "}}")


def shape(user: str, path: str) -> str:
    kind = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "<id>", path.split("?")[0])
    return f"{user}{kind}" if kind == "/" else kind


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--width", type=int, default=390)
    parser.add_argument("--roles", default=ROLES)
    parser.add_argument("--password", default="parcours-demo")
    parser.add_argument("--per-role", type=int, default=80, help="kinds of page per role")
    args = parser.parse_args()
    problems: dict[str, list[str]] = {}
    kinds: set[str] = set()
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for user in args.roles.split(","):
            context = browser.new_context(
                viewport={"width": args.width, "height": 900}, locale="fr-FR"
            )
            page = context.new_page()
            if user == "anonymous":
                todo = ["/enrol/", "/accounts/login/", "/accounts/password/reset/"]
            else:
                page.goto(args.base + "/accounts/login/")
                page.fill("#id_username", user)
                page.fill("#id_password", args.password)
                page.click("main form button[type=submit]")
                page.wait_for_url(args.base + "/")
                todo = ["/"]
            checked = 0
            while todo and checked < args.per_role:
                path = todo.pop(0)
                if shape(user, path) in kinds:
                    continue
                kinds.add(shape(user, path))
                checked += 1
                response = page.goto(args.base + path)
                hrefs = page.eval_on_selector_all(
                    "a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
                )
                todo += [
                    h.split("#")[0]
                    for h in hrefs
                    if h and not NOT_PAGES.search(h) and shape(user, h) not in kinds
                ]
                where = f"{user} {path}"
                if response is not None and response.status >= 400:
                    problems.setdefault(f"answers {response.status}", []).append(where)
                if page.evaluate("document.documentElement.scrollWidth") > args.width + 1:
                    problems.setdefault("wider than the screen", []).append(where)
                if any(t in page.locator("body").inner_text() for t in SOURCE):
                    problems.setdefault("prints template source", []).append(where)
                page.evaluate(AXE)
                result = page.evaluate(
                    "async (tags) => await axe.run(document, "
                    "{runOnly: {type: 'tag', values: tags}})",
                    TAGS,
                )
                for v in result["violations"]:
                    targets = [n["target"] for n in v["nodes"]][:2]
                    key = f"{v['id']} ({v['impact']}): {v['help']}"
                    problems.setdefault(key, []).append(f"{where} {targets}")
            context.close()
        browser.close()
    print(f"{len(kinds)} kinds of page checked, {args.width} px wide")
    for rule, where in sorted(problems.items()):
        print(f"{rule}: {len(where)}")
        for line in where[:5]:
            print(f"    {line}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
