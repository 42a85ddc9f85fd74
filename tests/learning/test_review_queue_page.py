"""The review queue page: the projects waiting for the reader, oldest first, with their age,
filtered by area and student name, paged by 25; a bad filter is a clear message, not a 500;
the number of queries does not grow with the queue."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests import factories as f
from tests.conftest import login
from tests.support.queries import queries_of


def _submit(world: Any, student: Any, key: str, days: int, slug: str = "programming") -> Any:
    return f.submission(student, key, slug=slug, days_ago=days)


@pytest.fixture
def queue(world: Any) -> None:
    mine = world["paris"]["student"]
    _submit(world, mine, "old", 9)
    _submit(world, mine, "new", 0)
    _submit(world, mine, "robot", 3, slug="robotics")


def _titles(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/learn/reviews/[^"]+/">([^<]+)</a>', html)


def test_oldest_first_with_the_age(world, queue):
    html = login(world["paris"]["coach"]).get("/learn/reviews/", HTTP_ACCEPT_LANGUAGE="en")
    text = html.content.decode()
    assert _titles(text) == ["Activity old", "Activity robot", "Activity new"]
    assert "9 days ago" in text and "3 projects waiting" in text


def test_filters_by_area_name_and_order(world, queue):
    client = login(world["paris"]["coach"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    got = _titles(client.get("/learn/reviews/?area=robotics").content.decode())
    assert got == ["Activity robot"]
    name = world["paris"]["student"].first_name
    assert len(_titles(client.get(f"/learn/reviews/?q={name}").content.decode())) == 3
    assert _titles(client.get("/learn/reviews/?q=nobody").content.decode()) == []
    got = _titles(client.get("/learn/reviews/?sort=newest").content.decode())
    assert got[0] == "Activity new"


def test_a_bad_filter_is_a_message_not_an_error(world, queue):
    response = login(world["paris"]["coach"]).get(
        "/learn/reviews/?area=<script>&sort=password&page=x", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_another_centres_coach_sees_none(world, queue):
    html = login(world["liege"]["coach"]).get("/learn/reviews/").content.decode()
    assert _titles(html) == []


def test_queries_do_not_grow_with_the_queue(world, queue):
    client = login(world["paris"]["coach"])
    client.get("/learn/reviews/")

    small = queries_of(client, "/learn/reviews/")
    for i in range(8):
        _submit(world, world["paris"]["student"], f"more{i}", i)
    assert queries_of(client, "/learn/reviews/") == small
