"""A focus area's activities narrowed (issue 10: every list page filters): words of the
title, a kind, a level, on the page and in the API; a bad filter is ignored or a 422, never a
500; the page's reads do not grow with the activities."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from tests.conftest import assert_error, login

pytestmark = pytest.mark.django_db


def titled(key: str, title: str, **kwargs: Any) -> None:
    a = f.activity(key=key, **kwargs)
    type(a).objects.filter(pk=a.pk).update(title_en=title, title_fr=title)


@pytest.fixture
def catalogue(world: Any) -> None:
    titled("intro-python", "Python first steps", level=1)
    titled("quiz-loops", "Loops quiz", level=1, kind="quiz")
    titled("game-project", "A small game", level=2, kind="project")
    titled("python-web", "Python on the web", level=3)


def titles(page: str) -> set[str]:
    return {
        t
        for t in ("Python first steps", "Loops quiz", "A small game", "Python on the web")
        if t in page
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Python first steps", "Loops quiz", "A small game", "Python on the web"}),
        ("q=python", {"Python first steps", "Python on the web"}),
        ("q=python+web", {"Python on the web"}),
        ("kind=quiz", {"Loops quiz"}),
        ("level=2", {"A small game"}),
        ("q=python&level=1", {"Python first steps"}),
        ("q=GAME-PROJECT", {"A small game"}),  # the key too, whatever the case
    ],
)
def test_the_area_page_keeps_what_the_filters_say(world, catalogue, query, expected):
    client = login(world["paris"]["manager"])
    page = client.get(
        f"/catalogue/programming/?{query}", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert titles(page) == expected


def test_nothing_matching_says_so_and_a_bad_filter_is_no_error(world, catalogue):
    client = login(world["paris"]["student"])
    page = client.get("/catalogue/programming/?q=zzz", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "No activity of this level matches." in page.content.decode()
    bad = client.get("/catalogue/programming/?level=9&kind=nope", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 200


def test_the_api_searches_the_same_words(world, catalogue, api):
    caller = api(world["paris"]["manager"])
    body = caller.get("/activities?focus_area=programming&q=python").json()
    assert {a["key"] for a in body["items"]} >= {"intro-python", "python-web"}
    assert all("python" in a["key"] or "python" in a["title"].lower() for a in body["items"])
    assert_error(caller.get("/activities?q=" + "x" * 101), 422)


def test_the_area_page_reads_do_not_grow(world, catalogue):
    client = login(world["paris"]["manager"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/catalogue/programming/?q=activity").status_code == 200
        return len(queries)

    small = count()
    for k in range(30):
        f.activity(key=f"more-{k}", level=1 + k % 3)
    assert count() == small
