"""Forms fuzzed with Hypothesis (issue 12): every form of a set of pages, filled with text of
every kind (control characters, right-to-left marks, HTML and script, 5,000-character
strings), numbers far out of range, dates far in the past and future or impossible, unknown
choices. Never a 500; an answer that refuses the form (400) leaves every table as it was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import build_world

NASTY = [
    "",
    " ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "../../../etc/passwd",
    "\u202eevil",
    "\x00",
    "a\x00b",
    "\r\n\r\nX-Injected: 1",
    "💥" * 300,
    "x" * 5000,
    "{{ 7*7 }}",
    "%s%s%s%n",
]
DATES = ["0", "-1", "2026-02-30", "9999-12-31", "0001-01-01", "99999-01-01", "31/12/2026", ""]


class _Forms(HTMLParser):
    """The POST forms of a page's <main>: their action and their fields (name, kind, options)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._in_main = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "main":
            self._in_main = True
        if not self._in_main:  # the shell's forms (theme, language, sign-out) are not fuzzed
            return
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.forms.append({"action": a.get("action") or "", "fields": {}})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"] if self.forms else {}
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            fields[name] = (a.get("type") or "text", [a.get("value") or ""])
        elif tag == "textarea" and name:
            fields[name] = ("text", [])
        elif tag == "select" and name:
            fields[name] = ("select", [])
            self._select = name
        elif tag == "option" and self._select:
            fields[self._select][1].append(a.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "main":
            self._in_main = False


def forms_of(html: str) -> list[dict[str, Any]]:
    parser = _Forms()
    parser.feed(html)
    return [f for f in parser.forms if f["fields"]]


def value_for(kind: str, options: list[str]) -> st.SearchStrategy[str]:
    text = st.one_of(st.sampled_from(NASTY), st.text(max_size=200))
    if kind == "hidden" and options:
        return st.just(options[0])  # the CSRF token, a step's id: kept
    if kind == "date":
        return st.one_of(
            st.sampled_from(DATES),
            st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
        )
    if kind in ("number", "range"):
        return st.one_of(
            st.integers(-(10**15), 10**15).map(str), st.sampled_from(["", "1e999", "NaN", "½"])
        )
    if kind in ("checkbox", "radio"):
        return st.sampled_from([*options, "on", "", "nope"])
    if kind == "select":
        return st.one_of(st.sampled_from(options or [""]), text)
    if kind == "time":
        return st.sampled_from(["25:00", "12:60", "00:00", "23:59", "", "noon"])
    return text


def counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


# (role, page): the forms of these pages are fuzzed. Staff pages of Paris, a family's.
PAGES: list[tuple[str, Callable[[Any], str]]] = [
    ("anonymous", lambda w: f"/enrol/{w.paris.slug}/"),
    ("manager", lambda w: f"/centres/{w.paris.slug}/edit/"),
    ("manager", lambda w: f"/centres/{w.paris.slug}/rooms/new/"),
    ("manager", lambda w: f"/schedule/{w.paris.slug}/slots/new/"),
    ("manager", lambda w: f"/schedule/{w.paris.slug}/closed/new/"),
    ("manager", lambda w: f"/schedule/{w.paris.slug}/hours/"),
    ("manager", lambda w: f"/labs/centres/{w.paris.slug}/cycles/new/"),
    ("manager", lambda w: f"/labs/centres/{w.paris.slug}/masterlabs/new/"),
    ("manager", lambda w: f"/attendance/settings/{w.paris.slug}/"),
    ("guardian", lambda w: "/notifications/settings/"),
    ("guardian", lambda w: f"/privacy/students/{w['paris']['student'].uuid}/erase/"),
    ("admin", lambda w: "/privacy/retention/"),
    ("admin", lambda w: "/catalogue/programming/activities/new/"),
    ("manager", lambda w: "/accounts/tokens/"),
    ("manager", lambda w: "/accounts/password/change/"),
    ("coach", lambda w: "/accounts/two-factor/"),
    ("guardian", lambda w: "/calendars/"),
    ("manager", lambda w: f"/enrol/review/{w.paris.slug}/"),
    ("coach", lambda w: f"/learn/students/{w['paris']['student'].uuid}/"),
    ("anonymous", lambda w: "/accounts/password/reset/"),
]


@pytest.mark.parametrize(
    ("role", "page"), PAGES, ids=[f"{r}-{i}" for i, (r, _p) in enumerate(PAGES)]
)
@pytest.mark.django_db
def test_fuzzed_forms_never_break_nor_half_store(role: str, page: Callable[[Any], str]) -> None:
    world = build_world()
    user = world.admin if role == "admin" else world["paris"].get(role)
    client = Client()
    if user is not None:
        client.force_login(user)
    url = page(world)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    forms = forms_of(response.content.decode())
    assert forms, f"no form on {url}"

    for form in forms:
        statuses = fuzz(client, form["action"] or url, form["fields"])
        # the form was judged (not merely refused at the door)
        assert statuses - {403, 404}, (url, statuses)


def fuzz(client: Client, target: str, fields: dict[str, Any]) -> set[int]:
    strategy = st.fixed_dictionaries({n: value_for(k, o) for n, (k, o) in fields.items()})
    seen: set[int] = set()

    @settings(
        max_examples=12,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=strategy)
    def post(data: dict[str, str]) -> None:
        before = counts()
        answer = client.post(target, data)
        seen.add(answer.status_code)
        assert answer.status_code < 500, (target, data)
        if answer.status_code == 400:
            assert counts() == before, (target, data)

    post()
    return seen
