"""The design system: the style guide's permissions and markup, the staff search, the shell's
navigation, theme and centre switcher, the focus-area palette, and the CSP rules of the
components' templates."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parcours.catalogue.seed_data import FOCUS_AREAS
from parcours.people.models import Membership, Role
from parcours.web.colour import (
    DARK_PAGE,
    DARK_SURFACE,
    LIGHT_PAGE,
    LIGHT_SURFACE,
    area_tokens,
    contrast,
)
from parcours.web.design_samples import LONG_WORD
from tests import factories as f
from tests.conftest import login

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "parcours" / "web"
STAFF = ["manager", "coach", "expert"]
NOT_STAFF = ["student", "guardian"]


# --- Style guide: who may see it --------------------------------------------------------


def test_design_asks_anonymous_to_sign_in(client, world):
    response = client.get("/design/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", NOT_STAFF)
def test_design_is_not_found_for_students_and_families(world, role):
    assert login(world["paris"][role]).get("/design/").status_code == 404
    assert login(world["paris"][role]).get("/search/?q=pa").status_code == 404


def test_design_is_not_found_for_a_mentor(world):
    mentor = f.member(Role.MENTOR, world.paris, username="paris-mentor")
    assert login(mentor).get("/design/").status_code == 404


@pytest.mark.parametrize("role", STAFF)
def test_design_renders_for_staff(world, role):
    assert login(world["paris"][role]).get("/design/").status_code == 200


def test_design_renders_for_the_network_admin(world):
    assert login(world.admin).get("/design/").status_code == 200


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
            if name in ("aria-describedby", "aria-labelledby", "aria-controls", "for") and value:
                self.refs.extend(value.split())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_id_the_style_guide_refers_to_exists_once(world, lang):
    html = (
        login(world["paris"]["manager"]).get("/design/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    )
    parser = _Ids()
    parser.feed(html)
    missing = sorted(set(parser.refs) - set(parser.ids))
    assert missing == []
    duplicates = sorted({i for i in parser.ids if parser.ids.count(i) > 1})
    assert duplicates == []
    # The form with errors uses Django 5.2's own ids for help and errors.
    assert 'aria-describedby="bad_name_helptext bad_name_error"' in html
    assert 'id="bad_name_helptext"' in html and 'id="bad_name_error"' in html
    assert LONG_WORD in html


def test_style_guide_speaks_both_languages(world):
    client = login(world["paris"]["manager"])
    assert (
        "Every component of Parcours"
        in client.get("/design/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    client.post("/i18n/setlang/", {"language": "fr", "next": "/design/"})
    assert "Tous les composants de Parcours" in client.get("/design/").content.decode()


def test_modal_page_works_without_js_and_as_an_htmx_fragment(world):
    client = login(world["paris"]["coach"])
    page = client.get("/design/modal/").content.decode()
    assert "<html" in page and "<dialog" not in page
    fragment = client.get(
        "/design/modal/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="modal-root"
    ).content.decode()
    assert fragment.lstrip().startswith("<dialog") and "<html" not in fragment
    assert 'method="dialog"' in fragment


# --- Search --------------------------------------------------------------------------------


def _search(user, q):
    return login(user).get("/search/", {"q": q}, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_coach_finds_only_the_students_they_follow(world):
    mine, other = world["paris"]["student"], world["paris"]["other_student"]
    liege = world["liege"]["student"]
    for student in (mine, other, liege):
        student.last_name = "Zyxwel"
        student.save()
    html = _search(world["paris"]["coach"], "zyxwel")
    assert mine.first_name in html
    assert other.first_name not in html
    assert liege.first_name not in html


def test_a_manager_finds_their_centre_and_never_another(world):
    paris, liege = world["paris"]["other_student"], world["liege"]["other_student"]
    for student in (paris, liege):
        student.last_name = "Quorvant"
        student.save()
    html = _search(world["paris"]["manager"], "quorvant")
    assert paris.first_name in html and liege.first_name not in html
    assert str(liege.uuid) not in html


def test_search_finds_families_and_activities(world):
    guardian = world["paris"]["guardian"]
    guardian.last_name = "Plomberie"
    guardian.save()
    html = _search(world["paris"]["manager"], "plomberie")
    assert "Families" in html and guardian.first_name in html
    f.activity(key="robots-dance", level=1, order=0)
    assert "Activity robots-dance" in _search(world["paris"]["manager"], "robots-dance")


def test_search_without_a_query_shows_an_empty_state(world):
    html = _search(world["paris"]["manager"], "")
    assert "What are you looking for?" in html


def test_search_query_count_does_not_grow_with_the_data(world):
    manager = world["paris"]["manager"]

    def count() -> int:
        client = login(manager)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/search/", {"q": "Searchable"}).status_code == 200
        return len(ctx.captured_queries)

    for i in range(3):
        f.student(world.paris, username=f"few-{i}", last_name="Searchable")
    few = count()
    for i in range(40):
        f.student(world.paris, username=f"many-{i}", last_name="Searchable")
    assert count() == few


# --- Shell ---------------------------------------------------------------------------------


def _links(html: str) -> list[str]:
    nav = re.search(r'<nav id="sidenav".*?</nav>', html, re.S)
    top = re.search(r'<nav class="topbar-links".*?</nav>', html, re.S)
    found = []
    for block in (nav, top):
        if block:
            found += re.findall(r'<a href="(/[^"#]*)"', block.group(0))
    return found


@pytest.mark.parametrize("role", ["manager", "coach", "expert", "student", "guardian"])
def test_every_navigation_link_of_a_role_opens(world, role):
    client = login(world["paris"][role])
    links = _links(client.get("/").content.decode())
    assert links
    broken = {url: client.get(url).status_code for url in links}
    assert {u: s for u, s in broken.items() if s != 200} == {}


def test_network_admin_navigation_links_open(world):
    client = login(world.admin)
    links = _links(client.get("/").content.decode())
    assert "/centres/" in links
    assert {u: s for u in links if (s := client.get(u).status_code) != 200} == {}


def test_staff_get_a_side_navigation_and_search_students_a_tab_bar(world):
    staff = login(world["paris"]["coach"]).get("/").content.decode()
    assert 'id="sidenav"' in staff and 'role="search"' in staff and "tabbar" not in staff
    student = login(world["paris"]["student"]).get("/").content.decode()
    assert 'class="tabbar"' in student and 'id="sidenav"' not in student
    assert 'role="search"' not in student


def test_theme_is_kept_in_a_cookie_and_drawn_by_the_server(world):
    client = login(world["paris"]["student"])
    response = client.post("/theme/", {"theme": "dark", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert 'data-theme="dark"' in client.get("/").content.decode()
    client.post("/theme/", {"theme": "system", "next": "https://evil.example/"})
    html = client.get("/").content.decode()
    assert "data-theme=" not in html.split("<head>")[0]


def test_theme_form_refuses_a_foreign_next(world):
    response = login(None).post("/theme/", {"theme": "light", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_network_admin_switches_centre(world):
    client = login(world.admin)
    html = client.get("/").content.decode()
    assert 'id="centre-switch"' in html
    client.post("/centre/", {"centre": world.liege.pk, "next": "/"})
    html = client.get("/").content.decode()
    assert f'<option value="{world.liege.pk}" selected>' in html
    assert "/labs/centres/liege/" in html


def test_a_manager_cannot_switch_to_another_centre(world):
    client = login(world["paris"]["manager"])
    assert client.post("/centre/", {"centre": world.liege.pk}).status_code == 404
    assert 'id="centre-switch"' not in client.get("/").content.decode()


def test_a_manager_of_two_centres_can_switch(world):
    manager = world["paris"]["manager"]
    Membership.objects.get_or_create(user=manager, centre=world.liege, role=Role.MANAGER)
    client = login(manager)
    assert 'id="centre-switch"' in client.get("/").content.decode()
    assert client.post("/centre/", {"centre": world.liege.pk, "next": "/"}).status_code == 302
    assert "/enrol/review/liege/" in client.get("/").content.decode()


# --- Palette and CSP rules ------------------------------------------------------------------


@pytest.mark.parametrize("area", FOCUS_AREAS, ids=[a["slug"] for a in FOCUS_AREAS])
def test_each_focus_area_colour_reads_in_both_themes(area):
    light = area_tokens(area["colour"], dark=False)
    for bg in (LIGHT_SURFACE, LIGHT_PAGE, light.tint):
        assert contrast(light.ink, bg) >= 4.5
    assert contrast(light.on_solid, light.solid) >= 4.5
    dark = area_tokens(area["colour"], dark=True)
    for bg in (DARK_SURFACE, DARK_PAGE, dark.tint):
        assert contrast(dark.ink, bg) >= 4.5
    assert contrast(dark.on_solid, dark.solid) >= 4.5


def test_areas_css_is_up_to_date():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_palette.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _templates() -> list[Path]:
    """Every template of every app (the whole product, not only the design system's)."""
    return sorted(WEB.parent.glob("*/templates/**/*.html"))


@pytest.mark.parametrize("path", _templates(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_templates_are_ready_for_a_strict_csp(path):
    text = path.read_text(encoding="utf-8")
    assert "style=" not in text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
    assert not re.search(r"\son[a-z]+\s*=", text)
    assert "javascript:" not in text


@pytest.mark.parametrize("path", _templates(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_component_expressions_use_no_template_filter(path):
    """django-cotton evaluates ``:attr="expr"`` as a Python-like expression, not a template
    variable: a filter there (``:value="x|length"``) silently gives nothing. Compute the
    value in the selector or with ``{% with %}``."""
    text = path.read_text(encoding="utf-8")
    assert not re.findall(r'\s:[a-z_]+="[^"{]*\|[^"]*"', text)
