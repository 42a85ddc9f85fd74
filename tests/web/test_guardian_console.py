"""The family's home: for each child, attendance this school year, progress per area, the
reviewers' feedback on projects, an offer to answer, enrolments and consents. Only their own
children; the number of queries does not grow with the child's data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from parcours.attendance.models import Absence, CheckIn
from parcours.labs.choices import CycleStatus
from parcours.labs.models import Lab, LabCycle, Seat, SeatStatus
from parcours.learning.models import Submission, SubmissionStatus
from parcours.schedule.models import Slot
from tests import factories as f
from tests.attendance.conftest import session_at
from tests.conftest import login
from tests.support.queries import queries_of


def _reviewed(world: Any, student: Any, key: str, comment: str, status: str) -> Submission:
    return f.submission(
        student,
        key,
        status=status,
        comment=comment,
        reviewer=world["paris"]["coach"],
        reviewed_at=timezone.now(),
    )


@pytest.fixture
def family(world: Any) -> dict[str, Any]:
    child = world["paris"]["student"]
    slot = Slot.objects.create(centre=world.paris, label="Mardi soir", seats=20)
    closed = timezone.now() - dt.timedelta(days=1)
    for days in (7, 14):
        s = session_at(slot, timezone.now() - dt.timedelta(days=days), hours=1)
        s.absences_recorded_at = closed
        s.save()
        if days == 7:
            CheckIn.objects.create(
                centre=world.paris, session=s, student=child, checked_in_at=s.starts_at
            )
        else:
            Absence.objects.create(centre=world.paris, session=s, student=child)
    _reviewed(world, child, "poster", "Très belle affiche, bravo.", SubmissionStatus.APPROVED)
    _reviewed(
        world, world["paris"]["other_student"], "secret", "Pas pour toi.", SubmissionStatus.CHANGES
    )
    return {"child": child, "slot": slot}


def _page(world: Any) -> str:
    client = login(world["paris"]["guardian"])
    return client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_attendance_and_feedback_of_own_child_only(world, family):
    html = _page(world)
    assert "Attendance this school year" in html and "50" in html
    assert "1 session attended out of 2" in html
    assert "Très belle affiche, bravo." in html
    assert "Pas pour toi." not in html and "Activity secret" not in html


def test_an_offer_to_answer_is_called_out(world, family):
    now = timezone.now()
    cycle = LabCycle.objects.create(
        centre=world.paris,
        name="Hiver",
        starts_on=now.date() + dt.timedelta(days=5),
        ends_on=now.date() + dt.timedelta(days=40),
        applications_open_at=now - dt.timedelta(days=20),
        applications_close_at=now - dt.timedelta(days=10),
        status=CycleStatus.PUBLISHED,
    )
    lab = Lab.objects.create(
        centre=world.paris,
        cycle=cycle,
        template=f.lab_template(key="lab-web"),
        level=1,
        expert=world["paris"]["expert"],
        slot=family["slot"],
        seats=4,
    )
    Seat.objects.create(
        centre=world.paris,
        cycle=cycle,
        lab=lab,
        student=family["child"],
        status=SeatStatus.OFFERED,
        offered_until=now + dt.timedelta(hours=30),
    )
    html = _page(world)
    assert "A seat is offered in “Lab lab-web”" in html
    labs_page = (
        login(world["paris"]["guardian"])
        .get("/labs/family/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Accept the seat" in labs_page


def test_queries_do_not_grow_with_the_childs_data(world, family):
    client = login(world["paris"]["guardian"])
    client.get("/")

    small = queries_of(client, "/")
    for i in range(6):
        _reviewed(world, family["child"], f"more{i}", f"Commentaire {i}", SubmissionStatus.CHANGES)
        s = session_at(family["slot"], timezone.now() - dt.timedelta(days=21 + 7 * i), hours=1)
        CheckIn.objects.create(
            centre=world.paris, session=s, student=family["child"], checked_in_at=s.starts_at
        )
    client.get("/")  # the new activities renewed the catalogue's stamp: its cache is rebuilt
    assert queries_of(client, "/") == small
