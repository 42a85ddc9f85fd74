"""Automated accessibility checks (axe-core, WCAG 2 A and AA rules: labels, contrast, names,
landmarks, ARIA) on the main pages of every role, in French, on a phone and a school PC, and
on a phone on every page each role's home links to (one page of each kind).
axe-core is vendored from the npm registry for the tests only; no product page loads it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parcours.catalogue.importing import import_area_package
from parcours.catalogue.models import CentreFocusArea, FocusArea
from parcours.consents.models import ConsentKind
from parcours.demo.builder import load_content
from parcours.learning import services as learning
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.conftest import build_world
from tests.enrolment.conftest import make_slot
from tests.learning.conftest import AREAS, first_activity, png

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text(encoding="utf-8")


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    make_slot(world.paris, "Mardi soir", 12, weekday=1)
    for kind in ConsentKind.values:
        f.consent_text(kind, version=1, language="fr")
    packages = {p["slug"]: p for p in load_content()}
    CentreFocusArea.objects.filter(centre=world.paris).update(is_offered=False)
    for order, slug in enumerate(AREAS):
        import_area_package(packages[slug])
        CentreFocusArea.objects.update_or_create(
            centre=world.paris,
            focus_area=FocusArea.objects.get(slug=slug),
            defaults={"is_offered": True, "order": order},
        )
    learning.project_submit(
        student=world["paris"]["student"],
        activity=first_activity("programming", kind="project"),
        upload=png(),
    )
    return world


def violations(page) -> list[str]:
    page.evaluate(AXE)  # run by the test's driver: the page's CSP refuses inline scripts
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# Elements sticking out of the screen, outside the tables that scroll sideways on purpose.
WIDER_THAN_SCREEN = """(width) => [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-wrap'))
    .map(el => el.tagName + ' ' + (el.textContent || '').trim().slice(0, 30)).slice(0, 5)"""

# Controls (selects, buttons, fields) a user cannot reach without scrolling a table sideways:
# on a phone a control must never sit in a scrolled-away column.
CONTROLS_OFF_SCREEN = """(width) => [...document.querySelectorAll(
      'main select, main button, main input:not([type=hidden]), main textarea')]
    .filter(el => el.offsetParent !== null && !el.closest('[aria-hidden=true]'))
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .map(el => el.tagName + ' ' + (el.name || el.textContent || '').trim().slice(0, 30))
    .slice(0, 5)"""

PAGES = {
    None: ["/accounts/login/", "/accounts/password/reset/", "/enrol/", "/enrol/paris/"],
    "paris-student": [
        "/",
        "/learn/discovery/",
        "/learn/areas/programming/",
        "/learn/activities/{quiz}/",
        "/learn/activities/{project}/",
        "/attendance/me/badge/",
        "/attendance/students/{student}/",
    ],
    "paris-guardian": ["/"],
    "paris-coach": [
        "/",
        "/learn/reviews/",
        "/learn/students/{student}/",
        "/attendance/kiosk/paris/",
        "/attendance/board/paris/",
        "/attendance/follow-up/",
        "/attendance/students/{student}/",
    ],
    "paris-expert": ["/"],
    "paris-manager": [
        "/",
        "/centres/paris/",
        "/centres/paris/edit/",
        "/enrol/review/paris/",
        "/catalogue/programming/",
        "/learn/centres/paris/mastery/",
        "/attendance/badges/paris/",
        "/accounts/tokens/",
    ],
}


NOT_PAGES = re.compile(r"logout|/file/|download|\.pdf|\.ics|/api/|export|/admin/|/print")


def linked_pages(page) -> list[str]:
    """The site's pages a page links to (not files, feeds, the API or the Django admin)."""
    hrefs = page.eval_on_selector_all("a[href^='/']", "els => els.map(e => e.getAttribute('href'))")
    return sorted({h.split("#")[0] for h in hrefs if h and not NOT_PAGES.search(h)})


def shape(path: str) -> str:
    """A page's kind: its path with the ids and the query left out."""
    return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "<id>", path.split("?")[0])


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["pc", "phone"])
def test_main_pages_have_no_serious_accessibility_violation(browser, live_server, world, viewport):
    values = {
        "quiz": first_activity("programming", kind="quiz").uuid,
        "project": first_activity("programming", kind="project").uuid,
        "student": world["paris"]["student"].uuid,
    }
    found: dict[str, list[str]] = {}
    seen_shapes: set[str] = set()
    visited = 0
    for username, paths in PAGES.items():
        context = browser.new_context(
            locale="fr-FR", viewport={"width": viewport[0], "height": viewport[1]}
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.base = live_server.url
        if username:
            sign_in(page, username)
        todo = [path.format(**values) for path in paths]
        done: set[str] = set()
        while todo:
            path = todo.pop(0)
            done.add(path)
            page.goto(page.base + path)
            if path == "/" and viewport[0] == 390:  # and every page a role's home links to
                todo += [
                    link
                    for link in linked_pages(page)
                    if link not in done and link not in todo and shape(link) not in seen_shapes
                ]
                seen_shapes.update(shape(link) for link in todo)
            problems = violations(page)
            if problems:
                found[f"{username} {path}"] = problems
            wide = page.evaluate(WIDER_THAN_SCREEN, viewport[0])
            wide += page.evaluate(CONTROLS_OFF_SCREEN, viewport[0])
            if wide:
                found.setdefault(f"{username} {path}", []).append(f"overflows: {wide}")
        visited += len(done)
        context.close()
    assert found == {}
    fixed = sum(len(paths) for paths in PAGES.values())
    assert viewport[0] != 390 or visited > fixed + 10  # the homes' links were followed


# --- The design system's style guide: every component, WCAG 2.2 A/AA, both themes ----------

WCAG22 = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def all_violations(page) -> list[str]:
    page.evaluate(AXE)  # run by the test's driver: the page's CSP refuses inline scripts
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG22
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [(1366, 900), (390, 844)], ids=["pc", "phone"])
def test_style_guide_meets_wcag22_aa_in_both_themes(browser, live_server, world, viewport, theme):
    context = browser.new_context(
        locale="fr-FR",
        viewport={"width": viewport[0], "height": viewport[1]},
        color_scheme=theme,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    sign_in(page, "paris-manager")
    found = {}
    for path in ("/design/", "/search/?q=paris", "/"):
        page.goto(page.base + path)
        problems = all_violations(page)
        wide = page.evaluate(WIDER_THAN_SCREEN, viewport[0])
        if problems or wide:
            found[path] = problems + ([f"overflows: {wide}"] if wide else [])
    context.close()
    assert found == {}


def test_modal_opens_with_htmx_and_esc_closes_it(browser, live_server, world):
    context = browser.new_context(locale="en-GB", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    sign_in(page, "paris-coach")
    page.goto(page.base + "/design/#modals")
    link = page.locator("#modals a").first
    link.click()
    dialog = page.locator("dialog[open]")
    dialog.wait_for()
    assert page.evaluate("document.activeElement.closest('dialog') !== null")
    assert page.url.endswith("/design/#modals")  # a modal, not a new page
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert page.evaluate("document.activeElement.getAttribute('hx-target')") == "#modal-root"
    context.close()


def test_theme_toggle_switches_at_once_and_is_remembered(browser, live_server, world):
    context = browser.new_context(
        locale="en-GB", viewport={"width": 390, "height": 844}, color_scheme="light"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    sign_in(page, "paris-student")
    page.locator("button[data-theme-toggle]").click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    # The phone shell: a compact top bar and the student's tab bar.
    assert page.locator("header.topbar").bounding_box()["height"] <= 56
    assert page.locator("ul.tabbar").is_visible()
    context.close()
