"""Interviews and workshops of the orientation programme (issue 17): scheduled by the staff
running it as extra sessions of the centre (in the invited students' calendar feeds), an
interview with one student, a workshop with the students at a stage; the attendance taken
(again: overwritten), counted in the programme's figures; nobody else sees or changes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from parcours.core.errors import NotFound, ValidationFailed
from parcours.orientation import selectors, services
from parcours.orientation.choices import Stage
from parcours.orientation.models import Meeting, Programme
from tests import factories as f
from tests.conftest import assert_error, login

pytestmark = pytest.mark.django_db


def setup(world: Any) -> tuple[Programme, Any, Any]:
    prog = Programme.objects.create(
        centre=world.paris, year=services.school_year(timezone.localdate()), title="O"
    )
    ines = services.volunteer(actor=world["paris"]["student"], programme=prog)
    other = services.volunteer(actor=world["paris"]["other_student"], programme=prog)
    return prog, ines, other


def soon(days: int = 3) -> dt.datetime:
    return timezone.now().replace(microsecond=0) + dt.timedelta(days=days)


def test_an_interview_is_in_her_calendar_and_its_attendance_counts(world: Any) -> None:
    prog, ines, _other = setup(world)
    coach = world["paris"]["coach"]
    m = services.meeting_schedule(
        actor=coach,
        programme=prog,
        kind="interview",
        stage=Stage.EXPLORATION,
        starts_at=soon(),
        minutes=45,
        participants=[ines],
    )
    # an extra session she is invited to: what the calendar feeds list for an invited student
    # (calendars.selectors.student_sessions, tested with the calendars)
    assert m.session.kind == "extra" and m.session.slot is None
    assert list(m.session.invited_students.all()) == [world["paris"]["student"]]
    assert m.session.ends_at - m.session.starts_at == dt.timedelta(minutes=45)
    assert services.attendance_take(actor=coach, meeting=m, present={str(ines.uuid): True}) == 1
    assert services.attendance_take(actor=coach, meeting=m, present={str(ines.uuid): True}) == 0
    figures = selectors.figures(prog)
    assert (figures.attended, figures.missed, figures.meetings_to_come) == (1, 0, 1)
    with pytest.raises(ValidationFailed):  # not invited to it
        services.attendance_take(actor=coach, meeting=m, present={"someone": True})
    with pytest.raises(NotFound):
        services.attendance_take(actor=world["paris"]["student"], meeting=m, present={})


def test_bad_meetings_are_refused_and_change_nothing(world: Any) -> None:
    prog, ines, other = setup(world)
    coach = world["paris"]["coach"]
    for kwargs in (
        {"kind": "interview", "participants": [ines, other]},
        {"kind": "party", "participants": [ines]},
        {"kind": "workshop", "participants": []},
        {"kind": "workshop", "participants": [ines], "minutes": 5},
        {
            "kind": "workshop",
            "participants": [ines],
            "starts_at": timezone.now() - dt.timedelta(days=3),
        },
    ):
        values = {"stage": Stage.EXPLORATION, "starts_at": soon(), "minutes": 45, **kwargs}
        with pytest.raises(ValidationFailed):
            services.meeting_schedule(actor=coach, programme=prog, **values)
    with pytest.raises(NotFound):
        services.meeting_schedule(
            actor=world["liege"]["coach"],
            programme=prog,
            kind="workshop",
            stage=Stage.EXPLORATION,
            starts_at=soon(),
            minutes=90,
            participants=[ines],
        )
    assert not Meeting.objects.exists()


def test_the_pages_and_the_api(world: Any, api: Any) -> None:
    prog, ines, other = setup(world)
    coach = login(world["paris"]["coach"])
    when = timezone.localtime(soon()).strftime("%Y-%m-%dT%H:%M")
    made = coach.post(
        "/orientation/centres/paris/",
        {"action": "workshop", "stage": "exploration", "starts_at": when, "minutes": "90"},
    )
    assert made.status_code == 302
    m = Meeting.objects.get()
    assert m.attendance.count() == 2
    page = coach.get(f"/orientation/meetings/{m.uuid}/")
    assert page.status_code == 200
    saved = coach.post(
        f"/orientation/meetings/{m.uuid}/",
        {f"present-{ines.uuid}": "1", f"present-{other.uuid}": "0"},
    )
    assert saved.status_code == 302
    assert selectors.figures(prog).missed == 1
    for who in ("student", "guardian", "expert"):
        assert login(world["paris"][who]).get(f"/orientation/meetings/{m.uuid}/").status_code == 404
    interview = coach.post(
        f"/orientation/participants/{ines.uuid}/",
        {"action": "interview", "starts_at": when, "minutes": "45"},
    )
    assert interview.status_code == 302 and Meeting.objects.count() == 2
    bad = coach.post(
        f"/orientation/participants/{ines.uuid}/",
        {"action": "interview", "starts_at": "soon", "minutes": "45"},
    )
    assert bad.status_code == 400 and Meeting.objects.count() == 2
    client = api(world["paris"]["coach"])
    got = client.get(f"/orientation/meetings/{m.uuid}")
    assert got.status_code == 200 and len(got.json()["attendees"]) == 2
    put = client.put(
        f"/orientation/meetings/{m.uuid}/attendance", {"present": {str(other.uuid): True}}
    )
    assert put.status_code == 200
    assert_error(api(world["paris"]["student"]).get(f"/orientation/meetings/{m.uuid}"), 404)
    made_api = client.post(
        "/orientation/centres/paris/meetings",
        {
            "kind": "interview",
            "stage": "exploration",
            "starts_at": soon(5).isoformat(),
            "participants": [str(ines.uuid)],
        },
    )
    assert made_api.status_code == 201
    assert_error(
        client.post(
            "/orientation/centres/paris/meetings",
            {
                "kind": "interview",
                "stage": "exploration",
                "starts_at": soon(5).isoformat(),
                "participants": [str(ines.uuid), str(other.uuid)],
            },
        ),
        400,
    )
    stranger = f.student(world.liege, username="far")
    assert_error(
        client.post(
            "/orientation/centres/paris/meetings",
            {
                "kind": "interview",
                "stage": "exploration",
                "starts_at": soon(5).isoformat(),
                "participants": [str(stranger.uuid)],
            },
        ),
        404,
    )
