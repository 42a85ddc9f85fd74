"""The manager's home answers "what needs me today" for the centre they work in: today's
sessions with who is in, requests to decide, seats and waiting lists, lab cycles under way,
follow-ups and reviews, key figures with their trend. Another centre's figures never show,
and the number of queries does not grow with the students."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from parcours.attendance.models import Absence, CheckIn
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.labs.choices import CycleStatus
from parcours.labs.models import Application, Lab, LabCycle
from parcours.people.selectors import access_for
from parcours.schedule.models import Slot
from parcours.web import selectors
from tests import factories as f
from tests.attendance.conftest import enrol, session_at
from tests.conftest import login
from tests.support.queries import queries_of


@pytest.fixture
def centre_day(world: Any) -> dict[str, Any]:
    """Paris today: a session under way with three registered students, one in; a closed
    session last week (one present, one absent); a pending request; an open lab cycle with
    one applicant."""
    paris = world.paris
    slot = Slot.objects.create(centre=paris, label="Mardi soir", seats=3)
    now = timezone.now()
    midnight = dt.datetime.combine(now.astimezone(paris.zone).date(), dt.time.min, paris.zone)
    session = session_at(slot, max(now - dt.timedelta(minutes=10), midnight), hours=1)
    students = [world["paris"]["student"], world["paris"]["other_student"]]
    students.append(f.student(paris, username="third", first_name="Théo"))
    for s in students:
        enrol(s, slot)
    CheckIn.objects.create(centre=paris, session=session, student=students[0], checked_in_at=now)
    past = session_at(slot, now - dt.timedelta(days=7), hours=1)
    past.absences_recorded_at = now - dt.timedelta(days=7)
    past.save()
    CheckIn.objects.create(
        centre=paris, session=past, student=students[0], checked_in_at=past.starts_at
    )
    Absence.objects.create(centre=paris, session=past, student=students[1])
    Enrolment.objects.create(
        centre=paris,
        student=f.student(paris, username="applicant"),
        school_year=Enrolment.objects.first().school_year,
        status=EnrolmentStatus.PRE_REGISTERED,
        submitted_by="guardian",
        request_key="k-pending",
        person_key="p-pending",
    )
    cycle = LabCycle.objects.create(
        centre=paris,
        name="Printemps",
        starts_on=now.date() + dt.timedelta(days=14),
        ends_on=now.date() + dt.timedelta(days=60),
        applications_open_at=now - dt.timedelta(days=1),
        applications_close_at=now + dt.timedelta(days=7),
        status=CycleStatus.OPEN,
    )
    lab = Lab.objects.create(
        centre=paris,
        cycle=cycle,
        template=f.lab_template(key="lab-web"),
        level=1,
        expert=world["paris"]["expert"],
        slot=slot,
        seats=8,
    )
    Application.objects.create(
        centre=paris, student=students[0], cycle=cycle, lab=lab, rank=1, applied_at=now
    )
    return {"session": session, "slot": slot, "students": students, "cycle": cycle}


def _page(world: Any, lang: str = "en") -> str:
    return login(world["paris"]["manager"]).get("/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()


def test_today_requests_seats_and_cycles(world, centre_day):
    html = _page(world)
    today = html[html.index('id="today-title"') : html.index('id="seats-title"')]
    assert "1 / 3" in today and "1 present" in today and "2 not here yet" in today
    assert "1 request to decide" in html
    seats = html[html.index('id="seats-title"') : html.index('id="attendance-title"')]
    assert "Mardi soir" in seats and "3 / 3" in seats and "full" in seats
    cycles = html[html.index('id="labs-title"') : html.index('id="figures-title"')]
    assert "Printemps" in cycles and "1 lab" in cycles and "1 applicant" in cycles
    assert "open for applications" in cycles


def test_attendance_figures_and_chart(world, centre_day):
    home = selectors.manager_home(
        world["paris"]["manager"], access_for(world["paris"]["manager"]), {}
    )
    assert home["rate"] == 50  # one present, one absent at the closed session
    assert [v for _, v in home["weekly"]] == [50]
    assert home["registered"] == 3
    html = _page(world)
    assert "Attendance per week" in html and "<svg" in html


def test_a_manager_sees_only_their_centre(world, centre_day):
    html = login(world["liege"]["manager"]).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Printemps" not in html and "Mardi soir" not in html
    assert "Liège" in html


def test_the_console_in_french(world, centre_day):
    client = login(world["paris"]["manager"])
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    html = client.get("/").content.decode()
    assert "Aujourd’hui au centre" in html
    assert "1 demande à traiter" in html


def test_console_queries_do_not_grow_with_the_students(world, centre_day):
    client = login(world["paris"]["manager"])
    client.get("/")

    small = queries_of(client, "/")
    paris = world.paris
    slot2 = Slot.objects.create(centre=paris, label="Samedi", seats=30)
    for i in range(10):
        s = f.student(paris, username=f"more{i}")
        enrol(s, centre_day["slot"] if i % 2 else slot2)
        CheckIn.objects.create(
            centre=paris, session=centre_day["session"], student=s, checked_in_at=timezone.now()
        )
        Application.objects.create(
            centre=paris,
            student=s,
            cycle=centre_day["cycle"],
            lab=Lab.objects.get(cycle=centre_day["cycle"]),
            rank=1,
            applied_at=timezone.now(),
        )
    assert queries_of(client, "/") == small
