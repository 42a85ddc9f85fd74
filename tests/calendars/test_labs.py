"""Labs in the calendar feeds: the held seats of a student (and of a guardian's wards), the
labs an expert leads; stable UIDs, UTC times, cancelled sessions and non-working days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from parcours.calendars import selectors, services
from parcours.centres.models import Room
from parcours.enrolment import years
from parcours.labs.models import CycleStatus, Lab, LabCycle, Seat, SeatStatus
from parcours.people.models import GuardianLink, Role
from parcours.schedule.models import ClosedDays, Session
from parcours.schedule.services import sessions_ensure
from tests import factories as f
from tests.conftest import login
from tests.labs.conftest import slot


@dataclass
class Setup:
    cycle: LabCycle
    web: Lab  # Wednesday 14-17, room set, led by the Paris expert; the student holds a seat
    games: Lab  # Saturday 10-13, no room, led by another expert
    other_expert: Any


def make_cycle(centre: Any, name: str, first: dt.date, last: dt.date) -> LabCycle:
    now = timezone.now()
    return LabCycle.objects.create(
        centre=centre,
        name=name,
        starts_on=first,
        ends_on=last,
        applications_open_at=now - dt.timedelta(days=30),
        applications_close_at=now - dt.timedelta(days=20),
        status=CycleStatus.PUBLISHED,
    )


@pytest.fixture
def setup(world: Any) -> Setup:
    paris = world.paris
    today = years.today_at(paris)
    cycle = make_cycle(paris, "Autumn", today - dt.timedelta(days=7), today + dt.timedelta(days=49))
    other_expert = f.member(Role.EXPERT, paris, username="paris-expert-2")

    def lab(key: str, s: Any, expert: Any, room: Any = None) -> Lab:
        return Lab.objects.create(
            centre=paris,
            cycle=cycle,
            template=f.lab_template(key=key),
            level=1,
            expert=expert,
            room=room,
            slot=s,
            seats=10,
        )

    web = lab(
        "lab-web",
        slot(paris, "Wed lab", 2, 14, 17),
        world["paris"]["expert"],
        Room.objects.get(centre=paris),
    )
    games = lab("lab-games", slot(paris, "Sat lab", 5, 10, 13), other_expert)
    student, other = world["paris"]["student"], world["paris"]["other_student"]
    Seat.objects.create(centre=paris, cycle=cycle, lab=web, student=student)
    Seat.objects.create(  # not theirs: no longer
        centre=paris, cycle=cycle, lab=games, student=student, status=SeatStatus.WITHDRAWN
    )
    Seat.objects.create(  # not theirs yet
        centre=paris,
        cycle=cycle,
        lab=games,
        student=other,
        status=SeatStatus.OFFERED,
        offered_until=timezone.now() + dt.timedelta(days=2),
    )
    return Setup(cycle=cycle, web=web, games=games, other_expert=other_expert)


def feed(user: Any, purpose: str = "student") -> bytes:
    raw = services.token_issue(actor=user, purpose=purpose).raw
    response = login(None).get(f"/calendars/{raw}.ics")
    assert response.status_code == 200
    return bytes(response.content)


def lab_events(body: bytes, lab: Lab | None = None) -> dict[str, Any]:
    prefix = f"lab-{lab.uuid}-" if lab is not None else "lab-"
    cal = Calendar.from_ical(body)
    return {
        str(e["UID"]): e
        for e in cal.walk()
        if e.name == "VEVENT" and str(e["UID"]).startswith(prefix)
    }


def expected_days(centre: Any, lab: Lab, weekday: int, window: tuple[dt.date, dt.date]):
    first = max(window[0], lab.cycle.starts_on)
    last = min(window[1], lab.cycle.ends_on)
    return [
        first + dt.timedelta(days=n)
        for n in range((last - first).days + 1)
        if (first + dt.timedelta(days=n)).weekday() == weekday
    ]


def student_window(centre: Any) -> tuple[dt.date, dt.date]:
    year = years.current_school_year(centre)
    today = years.today_at(centre)
    return years.year_start(year), min(
        today + dt.timedelta(days=selectors.AHEAD_DAYS), years.year_start(year + 1)
    )


def test_a_held_seat_puts_the_lab_meetings_in_the_students_feed(world, setup):
    paris = world.paris
    found = lab_events(feed(world["paris"]["student"]))
    days = expected_days(paris, setup.web, 2, student_window(paris))
    assert days
    uids = {f"lab-{setup.web.uuid}-{d:%Y%m%d}T1400@parcours": d for d in days}
    assert set(found) == set(uids)  # the withdrawn seat's lab (Saturdays) is not there
    for uid, e in found.items():
        day = uids[uid]
        start = e.decoded("DTSTART")
        assert start == dt.datetime.combine(day, dt.time(14), tzinfo=paris.zone)
        assert start.utcoffset() == dt.timedelta(0)  # in UTC, like the sessions
        assert e.decoded("DTEND") == dt.datetime.combine(day, dt.time(17), tzinfo=paris.zone)
        assert "Lab" in str(e["SUMMARY"]) and "Lab lab-web" in str(e["SUMMARY"])
        assert "paris room" in str(e["LOCATION"])
        assert str(e["STATUS"]) == "CONFIRMED"


def test_offered_and_withdrawn_seats_and_other_students_show_nothing(world, setup):
    # The other student has only an offer (games); the student's games seat is withdrawn.
    assert lab_events(feed(world["paris"]["other_student"])) == {}
    assert lab_events(feed(world["paris"]["student"]), setup.games) == {}
    other = world["paris"]["other_student"]
    Seat.objects.filter(lab=setup.games, student=other).update(
        status=SeatStatus.HELD, offered_until=None
    )
    assert lab_events(feed(world["paris"]["other_student"]), setup.games)  # accepted: shown


def test_a_guardian_sees_the_wards_lab_and_no_one_elses(world, setup):
    found = lab_events(feed(world["paris"]["guardian"]))
    assert found and set(found) == set(lab_events(feed(world["paris"]["student"])))
    assert lab_events(feed(world["liege"]["guardian"])) == {}
    assert lab_events(feed(world["liege"]["student"])) == {}


def test_an_expert_sees_the_labs_they_lead_only(world, setup):
    mine = lab_events(feed(world["paris"]["expert"], "staff"))
    assert mine and all(uid.startswith(f"lab-{setup.web.uuid}-") for uid in mine)
    # A month back: the cycle's first Wednesday (before today) is in the staff feed.
    today = years.today_at(world.paris)
    days = expected_days(
        world.paris,
        setup.web,
        2,
        (today - dt.timedelta(days=selectors.BEHIND_DAYS), today + dt.timedelta(days=120)),
    )
    assert {f"lab-{setup.web.uuid}-{d:%Y%m%d}T1400@parcours" for d in days} == set(mine)
    theirs = lab_events(feed(setup.other_expert, "staff"))
    assert theirs and all(uid.startswith(f"lab-{setup.games.uuid}-") for uid in theirs)
    for e in theirs.values():  # no room: the centre
        assert str(e["LOCATION"]) == (world.paris.address or world.paris.name)
    assert lab_events(feed(world["paris"]["coach"], "staff")) == {}
    assert lab_events(feed(world["liege"]["expert"], "staff")) == {}


def test_uids_are_stable_across_fetches(world, setup):
    student = world["paris"]["student"]
    raw = services.token_issue(actor=student, purpose="student").raw
    first = lab_events(login(None).get(f"/calendars/{raw}.ics").content)
    second = lab_events(login(None).get(f"/calendars/{raw}.ics").content)
    assert first and set(first) == set(second)
    assert {u: e.decoded("DTSTART") for u, e in first.items()} == {
        u: e.decoded("DTSTART") for u, e in second.items()
    }


def test_cancelled_sessions_and_non_working_days_like_the_session_events(world, setup):
    paris = world.paris
    today = years.today_at(paris)
    wednesday = today + dt.timedelta(days=(2 - today.weekday()) % 7 + 7)
    closed = wednesday + dt.timedelta(days=7)
    ClosedDays.objects.create(
        centre=paris, first_day=closed, last_day=closed, kind="public", label="Férié"
    )
    sessions_ensure(centre=paris, first=today, last=today + dt.timedelta(days=60))
    session = Session.objects.get(
        slot=setup.web.slot, starts_at=dt.datetime.combine(wednesday, dt.time(14), paris.zone)
    )
    Session.objects.filter(pk=session.pk).update(cancelled=True)
    found = lab_events(feed(world["paris"]["student"]), setup.web)
    status = {uid: str(e["STATUS"]) for uid, e in found.items()}
    assert status[f"lab-{setup.web.uuid}-{wednesday:%Y%m%d}T1400@parcours"] == "CANCELLED"
    assert f"lab-{setup.web.uuid}-{closed:%Y%m%d}T1400@parcours" not in status  # no session
    later = closed + dt.timedelta(days=7)
    assert status[f"lab-{setup.web.uuid}-{later:%Y%m%d}T1400@parcours"] == "CONFIRMED"


def test_a_holiday_lab_is_all_day_except_public_holidays(world, setup):
    paris = world.paris
    today = years.today_at(paris)
    first, last = today + dt.timedelta(days=20), today + dt.timedelta(days=24)
    holidays = make_cycle(paris, "Holidays", first, last)
    ClosedDays.objects.create(
        centre=paris, first_day=first - dt.timedelta(days=2), last_day=last, kind="holiday",
        label="Vacances",
    )  # fmt: skip
    public = first + dt.timedelta(days=2)
    ClosedDays.objects.create(
        centre=paris, first_day=public, last_day=public, kind="public", label="Férié"
    )
    lab = Lab.objects.create(
        centre=paris, cycle=holidays, template=f.lab_template(key="lab-film", level=3), level=3,
        expert=world["paris"]["expert"], holiday_first_day=first, holiday_last_day=last, seats=8,
    )  # fmt: skip
    Seat.objects.create(centre=paris, cycle=holidays, lab=lab, student=world["paris"]["student"])
    found = lab_events(feed(world["paris"]["student"]), lab)
    days = [d for d in (first + dt.timedelta(days=n) for n in range(5)) if d != public]
    assert set(found) == {f"lab-{lab.uuid}-{d:%Y%m%d}@parcours" for d in days}
    for uid, e in found.items():
        day = e.decoded("DTSTART")
        assert not isinstance(day, dt.datetime) and uid == f"lab-{lab.uuid}-{day:%Y%m%d}@parcours"
        assert e.decoded("DTEND") == day + dt.timedelta(days=1)


def test_queries_do_not_grow_with_labs_or_wards(world, setup):
    guardian = world["paris"]["guardian"]
    with CaptureQueriesContext(connection) as one:
        assert selectors.student_labs(type(guardian).objects.get(pk=guardian.pk))
    # A second ward with a held seat in another lab, and a third lab for the first ward.
    other = world["paris"]["other_student"]
    GuardianLink.objects.create(centre=world.paris, guardian=guardian, student=other)
    Seat.objects.filter(lab=setup.games, student=other).update(
        status=SeatStatus.HELD, offered_until=None
    )
    today = years.today_at(world.paris)
    spring = make_cycle(world.paris, "Spring", today, today + dt.timedelta(days=30))
    film = Lab.objects.create(
        centre=world.paris, cycle=spring, template=f.lab_template(key="lab-film"), level=1,
        expert=world["paris"]["expert"], slot=setup.web.slot, seats=5,
    )  # fmt: skip
    Seat.objects.create(
        centre=world.paris, cycle=spring, lab=film, student=world["paris"]["student"]
    )
    with CaptureQueriesContext(connection) as three:
        found = selectors.student_labs(type(guardian).objects.get(pk=guardian.pk))
    assert {m.lab.pk for m in found} == {setup.web.pk, setup.games.pk, film.pk}
    assert len(three) == len(one)
