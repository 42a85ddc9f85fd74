"""The expert's home: the labs they lead in cycles under way (next meeting, roster, students
with no competency validated yet, the register), the reviews waiting. Another expert's labs
never show; the number of queries does not grow with the rosters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from parcours.catalogue.models import Competency
from parcours.labs.choices import CycleStatus
from parcours.labs.models import CompetencyValidation, Lab, LabCycle, Seat, SeatStatus
from parcours.schedule.models import Slot
from tests import factories as f
from tests.attendance.conftest import session_at
from tests.conftest import login
from tests.support.queries import queries_of


@pytest.fixture
def led(world: Any) -> dict[str, Any]:
    now = timezone.now()
    cycle = LabCycle.objects.create(
        centre=world.paris,
        name="Hiver",
        starts_on=now.date() - dt.timedelta(days=7),
        ends_on=now.date() + dt.timedelta(days=40),
        applications_open_at=now - dt.timedelta(days=40),
        applications_close_at=now - dt.timedelta(days=20),
        status=CycleStatus.PUBLISHED,
    )
    slot = Slot.objects.create(centre=world.paris, label="Mercredi labs", seats=12)
    nxt = session_at(slot, now + dt.timedelta(days=2), hours=3)
    lab = Lab.objects.create(
        centre=world.paris,
        cycle=cycle,
        template=f.lab_template(key="lab-web"),
        level=1,
        expert=world["paris"]["expert"],
        slot=slot,
        seats=8,
    )
    other = Lab.objects.create(
        centre=world.paris,
        cycle=cycle,
        template=f.lab_template(key="lab-secret"),
        level=1,
        expert=f.member("expert", world.paris, username="other-expert"),
        slot=slot,
        seats=8,
    )
    students = [world["paris"]["student"], world["paris"]["other_student"]]
    for s in students:
        Seat.objects.create(
            centre=world.paris, cycle=cycle, lab=lab, student=s, status=SeatStatus.HELD
        )
    CompetencyValidation.objects.create(
        centre=world.paris,
        lab=lab,
        student=students[0],
        competency=Competency.objects.first(),
        level=1,
        validated_by=world["paris"]["expert"],
        validated_at=now,
    )
    return {"lab": lab, "other": other, "cycle": cycle, "next": nxt, "slot": slot}


def _page(world: Any) -> str:
    return login(world["paris"]["expert"]).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_labs_led_with_roster_validations_and_next_session(world, led):
    html = _page(world)
    part = html[html.index('id="led-title"') : html.index('id="reviews-title"')]
    assert "Lab lab-web" in part and "Lab lab-secret" not in part
    assert "2 students" in part and "1 to validate" in part
    assert f"/attendance/labs/{led['lab'].uuid}/" in part
    when = timezone.localtime(led["next"].starts_at, world.paris.zone)
    assert f"{when:%H:%M}" in part


def test_a_finished_cycle_leaves_the_home(world, led):
    cycle = led["cycle"]
    cycle.ends_on = timezone.localdate() - dt.timedelta(days=1)
    cycle.starts_on = cycle.ends_on - dt.timedelta(days=40)
    cycle.save()
    html = _page(world)
    assert "Lab lab-web" not in html[html.index('id="led-title"') : html.index('id="reviews')]
    assert "No lab to lead in a cycle under way" in html


def test_queries_do_not_grow_with_the_rosters(world, led):
    client = login(world["paris"]["expert"])
    client.get("/")

    small = queries_of(client, "/")
    for i in range(6):
        Seat.objects.create(
            centre=world.paris,
            cycle=led["cycle"],
            lab=led["lab"],
            student=f.student(world.paris, username=f"r{i}"),
            status=SeatStatus.HELD,
        )
    assert queries_of(client, "/") == small
