"""Labs in the weekly attendance: a student holding a seat in a weekly lab is expected at
the lab slot's sessions while the cycle runs (kiosk check-in, absences at the end), and the
lab's expert reads the register of the roster."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from parcours.attendance import services
from parcours.attendance.models import Absence, CheckIn
from parcours.attendance.selectors import expected_ids
from parcours.labs.models import CycleStatus, Lab, LabCycle, Seat, SeatStatus
from parcours.schedule.models import Slot
from tests import factories as f
from tests.attendance.conftest import NOW, session_at
from tests.conftest import Api, assert_error
from tests.conftest import login as signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab_world(world: Any) -> dict[str, Any]:
    """A Wednesday lab slot with a session now, a published cycle around it; the student
    holds a seat, the other student's seat was given up."""
    paris = world.paris
    slot = Slot.objects.create(centre=paris, label="Lab mercredi", seats=12)
    now_day = NOW.astimezone(paris.zone).date()
    cycle = LabCycle.objects.create(
        centre=paris,
        name="Automne",
        starts_on=now_day - dt.timedelta(days=20),
        ends_on=now_day + dt.timedelta(days=20),
        applications_open_at=NOW - dt.timedelta(days=40),
        applications_close_at=NOW - dt.timedelta(days=30),
        status=CycleStatus.PUBLISHED,
    )
    lab = Lab.objects.create(
        centre=paris,
        cycle=cycle,
        template=f.lab_template(key="lab-web", level=1),
        level=1,
        expert=world["paris"]["expert"],
        slot=slot,
        seats=10,
    )
    student, other = world["paris"]["student"], world["paris"]["other_student"]
    Seat.objects.create(centre=paris, cycle=cycle, lab=lab, student=student)
    Seat.objects.create(
        centre=paris, cycle=cycle, lab=lab, student=other, status=SeatStatus.WITHDRAWN
    )
    current = session_at(slot, NOW - dt.timedelta(minutes=10))
    past = session_at(slot, NOW - dt.timedelta(days=7))
    outside = session_at(slot, NOW + dt.timedelta(days=35))  # after the cycle
    manager = world["paris"]["manager"]
    codes = {
        k: services.badge_issue(actor=manager, student=world["paris"][k]).code
        for k in (
            "student",
            "other_student",
        )
    }
    return {
        "lab": lab,
        "current": current,
        "past": past,
        "outside": outside,
        "codes": codes,
        "world": world,
    }


def test_seat_holders_are_expected_while_the_cycle_runs(lab_world: dict[str, Any]) -> None:
    world = lab_world["world"]
    student = world["paris"]["student"]
    assert expected_ids(lab_world["current"]) == {student.pk}  # not the withdrawn seat
    assert expected_ids(lab_world["outside"]) == set()


def test_kiosk_checks_in_a_lab_student_and_refuses_others(lab_world: dict[str, Any]) -> None:
    world = lab_world["world"]
    manager = world["paris"]["manager"]
    ok = services.checkin_record(
        actor=manager, centre=world.paris, code=lab_world["codes"]["student"], now=NOW
    )
    assert ok.recorded and ok.session == lab_world["current"]
    refused = services.checkin_record(
        actor=manager, centre=world.paris, code=lab_world["codes"]["other_student"], now=NOW
    )
    assert not refused.recorded
    assert CheckIn.objects.filter(session=lab_world["current"]).count() == 1


def test_an_absent_lab_student_gets_an_absence(lab_world: dict[str, Any]) -> None:
    past = lab_world["past"]
    assert services.session_close(session=past, now=NOW) == 1
    assert list(
        Absence.objects.filter(session=past).values_list("student__username", flat=True)
    ) == ["paris-student"]
    assert services.session_close(session=past, now=NOW) == 0


def test_the_register_page_and_api_for_the_lab_expert_only(lab_world: dict[str, Any]) -> None:
    world, lab = lab_world["world"], lab_world["lab"]
    services.session_close(session=lab_world["past"], now=NOW)
    services.checkin_record(
        actor=world["paris"]["manager"],
        centre=world.paris,
        code=lab_world["codes"]["student"],
        now=NOW,
    )
    client = signed_in(world["paris"]["expert"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(f"/attendance/labs/{lab.uuid}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('<abbr title="absent">A</abbr>') == 1
    assert body.count('<abbr title="present">P</abbr>') == 1
    data = Api(world["paris"]["expert"]).get(f"/attendance/labs/{lab.uuid}").json()
    (row,) = data["rows"]
    assert row["student"] == str(world["paris"]["student"].uuid)
    assert (row["present"], row["absent"]) == (1, 1)
    assert row["cells"][:2] == ["absent", "present"]
    other_expert = f.member("expert", world.paris, username="paris-expert-2")
    for user in (other_expert, world["paris"]["student"], world["paris"]["coach"]):
        assert signed_in(user).get(f"/attendance/labs/{lab.uuid}/").status_code == 403
        assert_error(Api(user).get(f"/attendance/labs/{lab.uuid}"), 403)
    assert (
        signed_in(world["liege"]["manager"]).get(f"/attendance/labs/{lab.uuid}/").status_code == 404
    )
    assert (
        signed_in(world["paris"]["manager"]).get(f"/attendance/labs/{lab.uuid}/").status_code == 200
    )


def test_the_register_tells_nothing_recorded_from_to_come(lab_world: dict[str, Any]) -> None:
    """An ended meeting with no check-in nor absence (absences not recorded yet) is "none",
    one still to come is empty: the page tells them apart in words, not only by a sign."""
    world, lab = lab_world["world"], lab_world["lab"]
    today = timezone.localdate()
    LabCycle.objects.filter(pk=lab.cycle_id).update(
        starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=30)
    )
    real_now = timezone.now()
    ended = session_at(lab.slot, real_now - dt.timedelta(days=3, hours=1))
    to_come = session_at(lab.slot, real_now + dt.timedelta(days=2))
    data = Api(world["paris"]["expert"]).get(f"/attendance/labs/{lab.uuid}").json()
    cell = dict(zip(data["sessions"], data["rows"][0]["cells"], strict=True))
    assert cell[str(ended.uuid)] == "none" and cell[str(to_come.uuid)] == ""
    client = signed_in(world["paris"]["expert"])
    body = client.get(f"/attendance/labs/{lab.uuid}/", HTTP_ACCEPT_LANGUAGE="en").content
    page = body.decode()
    assert "nothing recorded</span>" in page and "to come</span>" in page
