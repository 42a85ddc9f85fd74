"""The coach's home answers "what needs me today": their students at today's sessions, who to
follow (absence streak, stalled, project returned), the reviews waiting with their age, and the
caseload to sort and filter. Only the coach's own students appear; the number of queries does
not grow with the caseload."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from parcours.attendance.models import Absence, CheckIn, FollowUp
from parcours.learning.models import ActivityProgress, ProgressStatus
from parcours.people.models import StudentProfile
from parcours.people.selectors import access_for
from parcours.schedule.models import Slot
from parcours.web import selectors
from tests import factories as f
from tests.attendance.conftest import enrol, session_at
from tests.conftest import login
from tests.support.queries import queries_of


def _age(obj: Any, **delta: float) -> None:
    """Move a row's timestamps into the past (auto_now fields cannot be set on save)."""
    type(obj).objects.filter(pk=obj.pk).update(
        created_at=timezone.now() - dt.timedelta(**delta),
        updated_at=timezone.now() - dt.timedelta(**delta),
    )


@pytest.fixture
def today(world: Any) -> dict[str, Any]:
    """A session of today in Paris: the coach's student and a second followed student are
    registered in its slot; the first has checked in late, the second not yet."""
    paris = world.paris
    coach = world["paris"]["coach"]
    mine = world["paris"]["student"]
    second = f.student(paris, coach=coach, username="second", first_name="Zoé", last_name="Z")
    slot = Slot.objects.create(centre=paris, label="Mardi soir", seats=20)
    now = timezone.now()
    midnight = dt.datetime.combine(now.astimezone(paris.zone).date(), dt.time.min, paris.zone)
    session = session_at(slot, max(now - dt.timedelta(minutes=10), midnight), hours=1)
    for s in (mine, second, world["paris"]["other_student"]):
        enrol(s, slot)
    CheckIn.objects.create(
        centre=paris, session=session, student=mine, checked_in_at=now, late_minutes=12
    )
    return {"session": session, "slot": slot, "second": second, "mine": mine}


def _home(coach: Any) -> dict[str, Any]:
    return selectors.coach_home(coach, access_for(coach), {})


def _stall(student: Any, days: int) -> None:
    StudentProfile.objects.filter(user=student).update(
        created_at=timezone.now() - dt.timedelta(days=days)
    )


def test_today_shows_the_coachs_students_at_the_session(world, today):
    html = login(world["paris"]["coach"]).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your students at today&#x27;s session" in html or "Your students at today's" in html
    # two of the coach's students expected (the centre's third student is not theirs)
    assert "1 / 2" in html
    assert "1 late" in html and "1 not here yet" in html
    assert "Zoé Z" in html
    assert world["paris"]["other_student"].first_name not in html


def test_students_to_follow_with_their_reasons(world, today):
    paris = world.paris
    mine, second = today["mine"], today["second"]
    # an absence streak for the first student
    past = session_at(today["slot"], timezone.now() - dt.timedelta(days=7), hours=1)
    absence = Absence.objects.create(centre=paris, session=past, student=mine)
    FollowUp.objects.create(centre=paris, student=mine, first_absence=absence, absences=3)
    # the second has not worked for 30 days and has a project returned
    act = f.activity(key="p1", kind="project")
    progress = ActivityProgress.objects.create(
        centre=paris, student=second, activity=act, status=ProgressStatus.CHANGES
    )
    _age(progress, days=30)
    _stall(second, 60)
    html = login(world["paris"]["coach"]).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    follow = html[html.index('id="follow-title"') : html.index('id="reviews-title"')]
    assert "3 absences in a row" in follow
    assert "no activity for 30 days" in follow
    assert "1 project to fix" in follow
    rows = _home(world["paris"]["coach"])["to_follow"]
    assert [r.student for r in rows] == [second, mine]  # two reasons before one
    assert rows[0].reasons == ["stalled", "returned"] and rows[1].reasons == ["absences"]


def test_a_new_student_is_not_stalled(world, today):
    rows = _home(world["paris"]["coach"])["to_follow"]
    assert rows == []
    html = login(world["paris"]["coach"]).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nobody to follow right now" in html


def test_reviews_waiting_show_their_age_oldest_first(world, today):
    mine = today["mine"]
    f.submission(mine, "p-old", days_ago=9)
    f.submission(mine, "p-new")
    html = login(world["paris"]["coach"]).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    reviews = html[html.index('id="reviews-title"') : html.index('id="caseload-title"')]
    assert reviews.index("Activity p-old") < reviews.index("Activity p-new")
    assert "9 days ago" in reviews and "today" in reviews
    assert "oldest: 9 days" in html


def _caseload_names(html: str) -> list[str]:
    table = html[html.index('id="caseload-title"') :]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', table)


def test_caseload_sorts_filters_and_searches(world, today):
    client = login(world["paris"]["coach"])
    mine, second = today["mine"], today["second"]
    names = {mine: f"{mine.first_name} {mine.last_name}", second: "Zoé Z"}
    got = _caseload_names(client.get("/").content.decode())
    assert got == sorted(got, key=str.lower) and set(got) == set(names.values())
    got = _caseload_names(client.get("/?sort=-name").content.decode())
    assert got == sorted(got, key=str.lower, reverse=True)
    # only who is expected today and not here: none filter by name
    got = _caseload_names(client.get("/?q=zo").content.decode())
    assert got == ["Zoé Z"]
    _stall(second, 60)
    html = client.get("/?show=stalled", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _caseload_names(html) == ["Zoé Z"]
    assert 'aria-sort="ascending"' in html
    # a made-up sort or filter falls back to the defaults, never an error
    assert client.get("/?sort=password&show=everything&page=abc").status_code == 200


def test_caseload_pages_by_25(world, today):
    for i in range(30):
        f.student(world.paris, coach=world["paris"]["coach"], username=f"s{i}")
    client = login(world["paris"]["coach"])
    first = _caseload_names(client.get("/").content.decode())
    second = _caseload_names(client.get("/?page=2").content.decode())
    assert len(first) == 25 and len(second) == 7 and not set(first) & set(second)


def test_another_coachs_console_shows_none_of_these_students(world, today):
    html = login(world["liege"]["coach"]).get("/").content.decode()
    for s in (today["mine"], today["second"]):
        assert s.first_name not in html
    assert "None of your students is expected today" in html or "Aucun" in html


def test_the_console_in_french(world, today):
    client = login(world["paris"]["coach"])
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    html = client.get("/").content.decode()
    assert "Aujourd’hui" in html or "Aujourd'hui" in html
    assert "1 en retard" in html
    assert "Élèves à suivre" in html


def test_console_queries_do_not_grow_with_the_caseload(world, today):
    client = login(world["paris"]["coach"])
    client.get("/")

    small = queries_of(client, "/")
    paris, coach = world.paris, world["paris"]["coach"]
    past = session_at(today["slot"], timezone.now() - dt.timedelta(days=7), hours=1)
    for i in range(8):
        s = f.student(paris, coach=coach, username=f"more{i}")
        enrol(s, today["slot"])
        CheckIn.objects.create(
            centre=paris, session=today["session"], student=s, checked_in_at=timezone.now()
        )
        absence = Absence.objects.create(centre=paris, session=past, student=s)
        FollowUp.objects.create(centre=paris, student=s, first_absence=absence, absences=2)
        ActivityProgress.objects.create(
            centre=paris,
            student=s,
            activity=f.activity(key=f"a{i}"),
            status=ProgressStatus.DONE,
        )
    # two more sessions today (another slot, a lab's), each with the coach's students
    now = timezone.now()
    midnight = dt.datetime.combine(now.astimezone(paris.zone).date(), dt.time.min, paris.zone)
    for label in ("Mercredi", "Jeudi"):
        other = Slot.objects.create(centre=paris, label=label, seats=20)
        session_at(other, max(now - dt.timedelta(minutes=5), midnight), hours=1)
        enrol(f.student(paris, coach=coach, username=f"at-{label}"), other)
    client.get("/")  # the new slots renewed the centre's stamp
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Mercredi" in html and "Jeudi" in html
    assert queries_of(client, "/") == small
