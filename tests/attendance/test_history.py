"""A student's attendance history (issue 10: every list searches, filters and pages): every
session, or only the absences, the unjustified ones, the late arrivals or the sessions
attended; 25 a page; the page and the API agree; the reads do not grow with the history."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parcours.attendance.models import Absence, CheckIn
from tests.attendance.conftest import session_at
from tests.conftest import assert_error, login


def history(live, weeks: int):
    """``weeks`` past sessions for the student, from the oldest: every third absent (every
    sixth justified), every fourth late, the others on time."""
    student, slot = live["paris"]["student"], live.slot
    start = live.past[-1].starts_at
    sessions = []
    for k in range(weeks):
        session = session_at(slot, start - dt.timedelta(days=7 * (k + 1)))
        sessions.append(session)
        if k % 3 == 0:
            Absence.objects.create(
                centre=slot.centre,
                session=session,
                student=student,
                justified=k % 6 == 0,
                reason="malade" if k % 6 == 0 else "",
            )
        else:
            CheckIn.objects.create(
                centre=slot.centre,
                session=session,
                student=student,
                present=True,
                checked_in_at=session.starts_at,
                late_minutes=12 if k % 4 == 0 else 0,
            )
    return sessions


def rows_of(page: str) -> int:
    return len(re.findall(r'<th scope="row">', page))


def test_the_history_pages_25_sessions_at_a_time(live):
    history(live, 30)
    client = login(live["paris"]["coach"])
    url = f"/attendance/students/{live['paris']['student'].uuid}/"
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert rows_of(first) == 25 and "30 sessions" in first
    assert 'rel="next"' in first
    second = client.get(url + "?page=2", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert rows_of(second) == 5
    # a page past the end is the last page, a word the first: never an error
    assert rows_of(client.get(url + "?page=99").content.decode()) == 5
    assert rows_of(client.get(url + "?page=abc").content.decode()) == 25


@pytest.mark.parametrize(
    ("state", "expected"),
    [("absent", 10), ("unjustified", 5), ("late", 5), ("present", 20), ("", 30), ("bogus", 30)],
)
def test_the_history_shows_one_kind_of_session(live, state, expected):
    history(live, 30)
    # k in 0..29: absent when k % 3 == 0 (10), justified when k % 6 == 0 (5);
    # late when k % 4 == 0 and not absent: 4, 8, 16, 20, 28 (5)
    client = login(live["paris"]["manager"])
    student = live["paris"]["student"]
    page = client.get(
        f"/attendance/students/{student.uuid}/?state={state}", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f"{expected} sessions" in page
    body = client.get(f"/api/attendance/students/{student.uuid}/sessions?state={state}&limit=100")
    if state == "bogus":
        assert_error(body, 422)
        return
    data = body.json()
    assert data["count"] == expected
    states = {row["state"] for row in data["items"]}
    wanted = {
        "absent": {"absent"},
        "unjustified": {"absent"},
        "late": {"late"},
        "present": {"present", "late"},
        "": {"present", "late", "absent"},
    }[state]
    assert states == wanted
    if state == "unjustified":
        assert all(not row["absence"]["justified"] for row in data["items"])
    starts = [row["starts_at"] for row in data["items"]]
    assert starts == sorted(starts, reverse=True)


def test_an_empty_kind_says_so(live):
    client = login(live["paris"]["manager"])
    page = client.get(
        f"/attendance/students/{live['paris']['student'].uuid}/?state=late",
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "No session of this kind." in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("paris:guardian", 200),
        ("paris:student", 200),
        ("paris:other_student", 404),
        ("liege:manager", 404),
        ("liege:guardian", 404),
    ],
)
def test_the_history_api_is_for_the_same_readers_as_the_page(live, api, who, status):
    history(live, 3)
    centre, role = who.split(":")
    response = api(live[centre][role]).get(
        f"/attendance/students/{live['paris']['student'].uuid}/sessions"
    )
    if status == 404:
        assert_error(response, 404)
    else:
        assert response.status_code == 200 and response.json()["count"] == 3


def test_the_history_reads_do_not_grow_with_it(live, api):
    client = login(live["paris"]["coach"])
    student = live["paris"]["student"]
    url = f"/attendance/students/{student.uuid}/"
    api_url = f"/attendance/students/{student.uuid}/sessions?limit=100"
    caller = api(live["paris"]["coach"])

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as page:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as body:
            assert caller.get(api_url).status_code == 200
        return len(page), len(body)

    older = history(live, 3)
    small = count()
    live.past.append(older[-1])  # 40 more sessions before these three
    history(live, 40)
    assert count() == small
