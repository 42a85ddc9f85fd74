"""The live board's kept fingerprint (issue 13: an unchanged board answers 304 from one cache
read and the user's roles): it is forgotten when a check-in, a session, a registration or a
lab seat is saved, it ends when a session opens or closes, and it never opens the board to
someone who may not see it."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcours.attendance import selectors, services
from parcours.enrolment.models import Enrolment
from parcours.schedule.models import Slot
from tests import factories as f
from tests.attendance.conftest import enrol, session_at
from tests.conftest import login

POLL = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "en"}
URL = "/attendance/board/paris/"


def first_poll(client):
    response = client.get(URL, **POLL)
    assert response.status_code == 200
    return response["ETag"]


def test_an_unchanged_poll_reads_no_session_nor_check_in(live):
    client = login(live["paris"]["coach"])
    etag = first_poll(client)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, HTTP_IF_NONE_MATCH=etag, **POLL).status_code == 304
    read = " ".join(q["sql"] for q in queries.captured_queries)
    for table in ("schedule_session", "attendance_checkin", "enrolment_enrolment", "labs_seat"):
        assert table not in read, table
    assert len(queries) <= 5  # the session, the user, the roles, the kept fingerprint


def test_each_kind_of_change_forgets_it(live, django_capture_on_commit_callbacks):
    coach = live["paris"]["coach"]
    client = login(coach)

    def kept() -> str | None:
        return cache.get(selectors.board_stamp_key("paris", "en"))

    changes = [
        lambda: services.checkin_record(actor=coach, centre=live.paris, code=live.codes["student"]),
        lambda: live.current.save(update_fields=["updated_at"]),
        lambda: enrol(f.student(live.paris, username="late-comer"), live.slot),
        lambda: Enrolment.objects.filter(student=live["paris"]["other_student"]).first().save(),
    ]
    for change in changes:
        first_poll(client)
        assert kept() is not None
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert kept() is None
    # another centre's changes leave Paris's board alone
    first_poll(client)
    with django_capture_on_commit_callbacks(execute=True):
        enrol(
            f.student(live.liege, username="liege-new"),
            Slot.objects.get(centre=live.liege, label="Lundi"),
        )
    assert kept() is not None


def test_it_ends_when_a_session_opens_or_closes(live):
    coach = live["paris"]["coach"]
    now = timezone.now()
    selectors.board_keep(centre=live.paris, etag="abc", sessions=[live.current], now=now)
    assert selectors.board_etag_kept(user=coach, slug="paris", now=now) is not None
    later = now + dt.timedelta(seconds=selectors.BOARD_STAMP_SECONDS + 1)
    assert selectors.board_etag_kept(user=coach, slug="paris", now=later) is None
    # a session whose check-in opens in 5 seconds: the board changes then, so does the stamp
    opens = dt.timedelta(minutes=selectors.settings_for(live.paris).opens_before_minutes)
    session_at(live.slot, now + opens + dt.timedelta(seconds=5))
    selectors.board_keep(centre=live.paris, etag="abc", sessions=[live.current], now=now)
    soon, after = now + dt.timedelta(seconds=4), now + dt.timedelta(seconds=6)
    assert selectors.board_etag_kept(user=coach, slug="paris", now=soon) is not None
    assert selectors.board_etag_kept(user=coach, slug="paris", now=after) is None


def test_a_kept_fingerprint_opens_nothing_to_others(live):
    etag = first_poll(login(live["paris"]["coach"]))
    for user in (live["liege"]["manager"], live["paris"]["student"], live["paris"]["guardian"]):
        response = login(user).get(URL, HTTP_IF_NONE_MATCH=etag, **POLL)
        assert response.status_code in (403, 404), user
