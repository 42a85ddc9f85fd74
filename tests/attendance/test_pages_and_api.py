"""Pages and API of attendance, per role: the same refusals in lists, details and the API;
bad input answers a clear message or a 4xx and changes nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parcours.attendance import selectors, services
from parcours.attendance.models import Absence, CheckIn, CheckInCorrection, FollowUp
from parcours.schedule.models import Slot
from tests import factories as f
from tests.attendance.conftest import enrol, session_at
from tests.conftest import assert_error, login

STAFF = ["manager", "coach", "expert"]


def people(live, who):
    if who == "admin":
        return live.admin
    centre, role = who.split(":")
    return live[centre][role]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("paris:manager", 200),
        ("paris:coach", 200),
        ("paris:expert", 200),
        ("admin", 200),
        ("paris:student", 403),
        ("paris:guardian", 403),
        ("liege:manager", 404),
    ],
)
def test_kiosk_and_board_per_role(live, who, status):
    client = login(people(live, who))
    for url in ("/attendance/kiosk/paris/", "/attendance/board/paris/"):
        assert client.get(url).status_code == status, (who, url)


def test_kiosk_needs_a_sign_in(live):
    response = login(None).get("/attendance/kiosk/paris/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_kiosk_page_checks_in_and_answers_clearly(live):
    client = login(live["paris"]["coach"])
    client.cookies["parcours_kiosk_device"] = "Tablet 1"
    response = client.post(
        "/attendance/kiosk/paris/", {"code": live.codes["student"]}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'data-outcome="welcome"' in response.content.decode()
    assert CheckIn.objects.get().device == "Tablet 1"
    again = client.post("/attendance/kiosk/paris/", {"code": live.codes["student"]})
    assert 'data-outcome="already_checked_in"' in again.content.decode()
    assert 'role="status"' in again.content.decode()
    assert CheckIn.objects.count() == 1


def test_kiosk_bad_input_is_a_400_with_a_message(live):
    client = login(live["paris"]["coach"])
    response = client.post("/attendance/kiosk/paris/", {"code": ""})
    assert response.status_code == 400 and 'data-outcome="invalid"' in response.content.decode()
    partial = client.post("/attendance/kiosk/paris/", {"code": "  "}, HTTP_HX_REQUEST="true")
    assert 'data-outcome="invalid"' in partial.content.decode()
    assert not CheckIn.objects.exists()


def test_board_shows_progress_and_polls(live):
    services.checkin_record(
        actor=live["paris"]["coach"], centre=live.paris, code=live.codes["student"]
    )
    client = login(live["paris"]["coach"])
    page = client.get("/attendance/board/paris/").content.decode()
    assert 'hx-trigger="every 5s"' in page and "1/2" in page
    fragment = client.get("/attendance/board/paris/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "1/2" in fragment


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("paris:student", 200),
        ("paris:guardian", 200),
        ("paris:coach", 200),
        ("paris:expert", 200),
        ("paris:manager", 200),
        ("admin", 200),
        ("paris:other_student", 404),
        ("liege:manager", 404),
        ("liege:guardian", 404),
    ],
)
def test_student_attendance_page_per_role(live, who, status):
    student = live["paris"]["student"]
    response = login(people(live, who)).get(f"/attendance/students/{student.uuid}/")
    assert response.status_code == status


def test_my_badge_shows_an_inline_qr_code(live):
    page = login(live["paris"]["student"]).get("/attendance/me/badge/").content.decode()
    assert "<svg" in page and live.codes["student"] not in page
    assert login(live["paris"]["coach"]).get("/attendance/me/badge/").status_code == 403


def test_badge_pdf_reissue_is_for_staff(live):
    student = live["paris"]["student"]
    url = f"/attendance/students/{student.uuid}/badge.pdf"
    assert login(student).post(url).status_code == 403
    assert login(live["liege"]["manager"]).post(url).status_code == 404
    response = login(live["paris"]["manager"]).post(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    old = services.checkin_record(
        actor=live["paris"]["coach"], centre=live.paris, code=live.codes["student"]
    )
    assert old.outcome == "revoked_badge"


def test_bulk_badges_for_a_slot(live):
    manager = login(live["paris"]["manager"])
    assert manager.get("/attendance/badges/paris/").status_code == 200
    assert login(live["paris"]["coach"]).get("/attendance/badges/paris/").status_code == 403
    response = manager.post("/attendance/badges/paris/", {"slot": str(live.slot.uuid)})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert (
        services.checkin_record(
            actor=live["paris"]["coach"], centre=live.paris, code=live.codes["other_student"]
        ).outcome
        == "revoked_badge"
    )


def test_session_register_corrections_and_bad_input(live):
    session = live.current
    student = live["paris"]["other_student"]
    url = f"/attendance/sessions/{session.uuid}/"
    assert login(live["paris"]["student"]).get(url).status_code == 404
    coach = login(live["paris"]["coach"])
    assert coach.get(url).status_code == 200
    bad = coach.post(url, {"student": str(student.uuid), "state": "present", "reason": ""})
    assert bad.status_code == 400 and not CheckInCorrection.objects.exists()
    ok = coach.post(url, {"student": str(student.uuid), "state": "present", "reason": "no badge"})
    assert ok.status_code == 302 and CheckIn.objects.get(student=student).present
    leave = coach.post(f"{url}leave/", {"student": str(student.uuid)})
    assert leave.status_code == 302 and CheckIn.objects.get(student=student).left_early


def test_follow_up_page_and_coach_home_count(live):
    coach = login(live["paris"]["coach"])
    assert coach.get("/attendance/follow-up/").status_code == 200
    home = coach.get("/").content.decode()
    assert "/attendance/follow-up/" in home


def _follow(live, n: int) -> None:
    """``n`` more open follow-ups at the Paris centre, each with its own first absence."""
    for k in range(n):
        student = f.student(live.paris, username=f"absent-{k}-{n}", first_name=f"Absent{k}")
        session = live.past[k % len(live.past)]
        absence = Absence.objects.create(centre=live.paris, session=session, student=student)
        FollowUp.objects.create(
            centre=live.paris, student=student, first_absence=absence, absences=3 + k % 4
        )


def test_follow_up_list_is_searched_sorted_and_paged_in_constant_queries(live):
    """Issue 10: every list page searches, sorts and pages (it listed every open streak)."""
    manager = login(live["paris"]["manager"])

    def queries(url: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as seen:
            page = manager.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200
        return len(seen), page.content.decode()

    _follow(live, 3)
    few, _ = queries("/attendance/follow-up/")
    _follow(live, 30)
    many, html = queries("/attendance/follow-up/")
    assert many == few
    assert "33 students to follow" in html and 'rel="next"' in html  # 25 a page
    _, found = queries("/attendance/follow-up/?q=Absent12&sort=name")
    assert found.count("Absent12 ") == 1 and "Absent13 " not in found
    _, most = queries("/attendance/follow-up/?sort=most")
    first = re.search(r'<th scope="row"><a [^>]*>(Absent\d+) ', most).group(1)
    assert FollowUp.objects.get(student__first_name=first).absences == 6  # longest streak first
    _, nothing = queries("/attendance/follow-up/?q=Nobody")
    assert "No student matches" in nothing
    _, odd = queries("/attendance/follow-up/?sort=%3Cscript%3E&page=999")
    assert "students to follow" in odd  # an unknown order or page: the list, not an error


# --- API -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("paris:coach", 201),
        ("paris:expert", 201),
        ("paris:manager", 201),
        ("paris:student", 403),
        ("paris:guardian", 403),
        ("liege:manager", 404),
    ],
)
def test_api_check_in_per_role(live, api, who, status):
    client = api(people(live, who))
    response = client.post("/attendance/centres/paris/check-in", {"code": live.codes["student"]})
    if status == 201:
        assert response.status_code == 201 and response.json()["outcome"] == "welcome"
        again = client.post("/attendance/centres/paris/check-in", {"code": live.codes["student"]})
        assert again.status_code == 200 and again.json()["outcome"] == "already_checked_in"
    else:
        assert_error(response, status)
        assert not CheckIn.objects.exists()


def test_api_bad_input(live, api):
    client = api(live["paris"]["coach"])
    assert_error(client.post("/attendance/centres/paris/check-in", {}), 422, "invalid")
    assert_error(
        client.post("/attendance/centres/paris/check-in", {"code": "x", "session": "nope"}), 422
    )
    unknown = client.post("/attendance/centres/paris/check-in", {"code": "nothing-like-it"})
    assert unknown.status_code == 200 and unknown.json()["outcome"] == "unknown_badge"
    body = {"student": str(live["paris"]["student"].uuid), "state": "flying", "reason": "x"}
    assert_error(client.post(f"/attendance/sessions/{live.current.uuid}/corrections", body), 400)
    assert not CheckIn.objects.exists() and not CheckInCorrection.objects.exists()
    assert_error(api(None).post("/attendance/centres/paris/check-in", {"code": "x"}), 401)


def test_api_board_corrections_absences_and_rates(live, api):
    coach = api(live["paris"]["coach"])
    coach.post("/attendance/centres/paris/check-in", {"code": live.codes["student"]})
    board = coach.get("/attendance/centres/paris/board").json()
    assert board[0]["expected"] == 2 and board[0]["arrived"] == 1
    assert_error(api(live["paris"]["student"]).get("/attendance/centres/paris/board"), 403)
    body = {
        "student": str(live["paris"]["student"].uuid),
        "state": "late",
        "late_minutes": 12,
        "reason": "bus",
    }
    corrected = coach.post(f"/attendance/sessions/{live.current.uuid}/corrections", body).json()
    assert corrected["changed"] and corrected["after"]["state"] == "late"
    services.sessions_close_ended()
    assert Absence.objects.count() == 8
    mine = api(live["paris"]["student"]).get("/attendance/absences").json()
    assert len(mine) == 4
    assert api(live["paris"]["guardian"]).get("/attendance/absences").json().__len__() == 4
    assert api(live["liege"]["manager"]).get("/attendance/absences").json() == []
    assert len(coach.get("/attendance/absences").json()) == 8
    absence = mine[0]["uuid"]
    assert_error(
        api(live["paris"]["student"]).post(
            f"/attendance/absences/{absence}/justify", {"justified": True, "reason": "ill"}
        ),
        403,
    )
    assert_error(coach.post(f"/attendance/absences/{absence}/justify", {"justified": True}), 400)
    done = coach.post(
        f"/attendance/absences/{absence}/justify", {"justified": True, "reason": "ill"}
    )
    assert done.status_code == 200 and done.json()["justified"]
    rate = (
        api(live["paris"]["guardian"])
        .get(f"/attendance/students/{live['paris']['student'].uuid}/rate")
        .json()
    )
    assert rate["absent"] == 4 and rate["justified"] == 1
    rates = api(live["paris"]["manager"]).get("/attendance/centres/paris/rates").json()
    assert rates["centre"]["expected"] == 8 and rates["slots"][0]["label"] == "Mardi soir"
    assert_error(api(live["paris"]["student"]).get("/attendance/centres/paris/rates"), 403)


def test_api_badge_reissue(live, api):
    student = live["paris"]["student"]
    assert_error(api(student).post(f"/attendance/students/{student.uuid}/badge"), 403)
    assert_error(
        api(live["liege"]["coach"]).post(f"/attendance/students/{student.uuid}/badge"), 404
    )
    response = api(live["paris"]["coach"]).post(f"/attendance/students/{student.uuid}/badge")
    assert response.status_code == 201
    code = response.json()["code"]
    result = api(live["paris"]["coach"]).post("/attendance/centres/paris/check-in", {"code": code})
    assert result.json()["outcome"] == "welcome"


def test_api_follow_up_is_for_coaches_and_managers(live, api):
    assert api(live["paris"]["coach"]).get("/attendance/follow-up").json() == []
    assert api(live["paris"]["student"]).get("/attendance/follow-up").json() == []
    _follow(live, 4)
    manager = api(live["paris"]["manager"])
    named = manager.get("/attendance/follow-up?q=absent2&sort=name").json()
    assert [row["first_name"] for row in named] == ["Absent2"]
    by_name = [row["first_name"] for row in manager.get("/attendance/follow-up?sort=name").json()]
    assert by_name == sorted(by_name) and len(by_name) == 4
    assert api(live["liege"]["manager"]).get("/attendance/follow-up").json() == []
    assert_error(manager.get("/attendance/follow-up?sort=worst"), 422)


def test_the_polled_board_answers_304_until_something_changes(
    live, django_capture_on_commit_callbacks
):
    coach = live["paris"]["coach"]
    services.checkin_record(actor=coach, centre=live.paris, code=live.codes["student"])
    client = login(coach)
    poll = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "en"}
    first = client.get("/attendance/board/paris/", **poll)
    etag = first["ETag"]
    assert first.status_code == 200 and "1/2" in first.content.decode() and etag
    again = client.get("/attendance/board/paris/", HTTP_IF_NONE_MATCH=etag, **poll)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    # another language is another page
    french = {**poll, "HTTP_ACCEPT_LANGUAGE": "fr"}
    assert (
        client.get("/attendance/board/paris/", HTTP_IF_NONE_MATCH=etag, **french).status_code == 200
    )
    # a check-in changes it, once committed
    with django_capture_on_commit_callbacks(execute=True):
        services.checkin_record(actor=coach, centre=live.paris, code=live.codes["other_student"])
    changed = client.get("/attendance/board/paris/", HTTP_IF_NONE_MATCH=etag, **poll)
    assert changed.status_code == 200 and "2/2" in changed.content.decode()
    assert changed["ETag"] != etag
    # another centre's staff get no board, fingerprint or not
    other = login(live["liege"]["manager"])
    assert other.get("/attendance/board/paris/", HTTP_IF_NONE_MATCH=etag, **poll).status_code == 404


def test_a_kiosk_scan_reads_the_same_queries_for_2_or_12_students(live, api):
    """Each lookup once (rules, the student's slots; the next session only when the answer
    names it), whatever the number of students and badges of the centre."""
    client = api(live["paris"]["coach"])

    def scan(code: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.post("/attendance/centres/paris/check-in", {"code": code})
        assert response.status_code == 201 and response.json()["outcome"] == "welcome"
        return len(ctx)

    client.post("/attendance/centres/paris/check-in", {"code": "warm-up"})
    selectors.settings_for(live.paris)  # the centre's rules kept, as after a server's first scan
    few = scan(live.codes["student"])
    codes = []
    for i in range(10):
        student = f.student(live.paris, username=f"many-{i}")
        enrol(student, live.slot)
        codes.append(services.badge_issue(actor=live["paris"]["manager"], student=student).code)
    many = scan(codes[-1])
    assert few == many <= 18  # 22 before each lookup was made once


def test_the_student_attendance_figures_agree_in_number(att):
    """Issue 11: "1 late arrivals"; each figure takes its own plural, in both languages."""
    services.checkin_record(
        actor=att["paris"]["coach"],
        centre=att.paris,
        code=att.codes["student"],
        session=att.past[0],
        now=att.past[0].starts_at + dt.timedelta(minutes=15),
    )
    services.sessions_close_ended(now=att.now)
    client = login(att["paris"]["coach"])
    url = f"/attendance/students/{att['paris']['student'].uuid}/"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 session attended out of" in english and "1 late arrival" in english
    assert "1 late arrivals" not in english and "absences (0 justified)" in english
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "1 séance suivie sur" in french and "1 retard" in french


def test_a_student_without_a_badge_reads_what_to_do(world):
    page = login(world["paris"]["student"]).get("/attendance/me/badge/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert (
        "You have no badge yet: ask the centre&#x27;s staff for one." in page.content.decode()
        or ("You have no badge yet: ask the centre's staff for one." in page.content.decode())
    )


def test_the_board_reads_the_same_queries_for_one_or_three_live_sessions(live):
    """Issue 13: who is expected, the check-ins and the names are read for every open session
    at once; the polled fingerprint too (no query per session, per slot or per student)."""
    coach = live["paris"]["coach"]
    services.checkin_record(actor=coach, centre=live.paris, code=live.codes["student"])
    client = login(coach)
    poll = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "en"}
    url = "/attendance/board/paris/"

    def costs() -> tuple[int, int, str]:
        with CaptureQueriesContext(connection) as page:
            first = client.get(url, **poll)
        with CaptureQueriesContext(connection) as again:
            assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **poll).status_code == 304
        return len(page), len(again), first.content.decode()

    client.get(url, **poll)
    one_page, one_304, _html = costs()
    for label in ("Mardi soir 2", "Mardi soir 3"):
        slot = Slot.objects.create(centre=live.paris, label=label, seats=20)
        session_at(slot, live.current.starts_at)
        for i in range(3):
            enrol(f.student(live.paris, username=f"{label[-1]}-{i}"), slot)
    client.get(url, **poll)  # the new slots renewed the centre's stamp: its rules read again
    three_page, three_304, html = costs()
    assert html.count("Mardi soir") >= 3  # the three sessions are on the board
    assert (three_page, three_304) == (one_page, one_304)
