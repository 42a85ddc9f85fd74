"""The schedule names each refusal a client may act on with a code, reads through its
selectors (a slot's meetings once for a whole list), and says a session's moment in the
reader's words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcours.schedule import services
from parcours.schedule.errors import ScheduleError
from parcours.schedule.models import Session, Slot, SlotMeeting
from tests.conftest import Api, assert_error, login


@pytest.fixture
def slot(world):
    s = Slot.objects.create(centre=world.paris, label="Mercredi", seats=3)
    SlotMeeting.objects.create(slot=s, weekday=2, starts_at=dt.time(14), ends_at=dt.time(17))
    return s


def test_the_api_names_each_refusal_with_a_code(world, slot):
    manager = Api(world["paris"]["manager"])
    taken = manager.post("/centres/paris/slots", {"label": "Mercredi", "seats": 2})
    assert_error(taken, 400, ScheduleError.SLOT_LABEL_TAKEN)
    overlap = {"weekday": 2, "starts_at": "16:00", "ends_at": "18:00"}
    assert_error(
        manager.post(f"/slots/{slot.uuid}/meetings", overlap), 400, ScheduleError.MEETING_OVERLAP
    )
    hours = {"hours": [{"weekday": 1, "opens_at": "09:00", "closes_at": "12:00"},
                       {"weekday": 1, "opens_at": "11:00", "closes_at": "18:00"}]}  # fmt: skip
    assert_error(
        manager.put("/centres/paris/opening-hours", hours), 400, ScheduleError.HOURS_OVERLAP
    )
    manager.put("/centres/paris/opening-hours", {"hours": [hours["hours"][0]]})
    closed = {"weekday": 4, "starts_at": "14:00", "ends_at": "16:00"}
    assert_error(
        manager.post(f"/slots/{slot.uuid}/meetings", closed),
        400,
        ScheduleError.OUTSIDE_OPENING_HOURS,
    )
    today = timezone.localdate()
    year = {"label": "Année", "first_day": str(today), "last_day": str(today.replace(
        year=today.year + 2))}  # fmt: skip
    assert_error(
        manager.post("/centres/paris/closed-days", year), 400, ScheduleError.PERIOD_TOO_LONG
    )
    too_long = {"first": str(today), "last": str(today + dt.timedelta(days=500))}
    assert_error(
        manager.post("/centres/paris/sessions/generate", too_long),
        400,
        ScheduleError.PERIOD_TOO_LONG,
    )
    past = {"label": "Hier", "day": str(today - dt.timedelta(days=2)), "starts_at": "14:00",
            "ends_at": "15:00"}  # fmt: skip
    assert_error(
        manager.post("/centres/paris/sessions/extra", past), 400, ScheduleError.MOMENT_PAST
    )
    start = timezone.now() - dt.timedelta(hours=3)
    over = Session.objects.create(
        centre=world.paris, slot=slot, starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    assert_error(manager.post(f"/sessions/{over.uuid}/cancel", {}), 409, ScheduleError.SESSION_OVER)


def test_a_slot_list_reads_the_meetings_once_whatever_the_number_of_slots(world, slot):
    manager = Api(world["paris"]["manager"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert manager.get("/centres/paris/slots").status_code == 200
        return len(seen)

    one = queries()
    for label in ("Jeudi", "Vendredi", "Samedi"):
        more = services.slot_create(
            actor=world["paris"]["manager"], centre=world.paris, data={"label": label, "seats": 4}
        )
        SlotMeeting.objects.create(slot=more, weekday=3, starts_at=dt.time(14), ends_at=dt.time(16))
    # Each more slot costs its count of seats held only: its meetings come with the others'.
    assert queries() <= one + 3


def test_a_slot_of_another_centre_is_not_found_on_the_pages(world, slot):
    liege = Slot.objects.create(centre=world.liege, label="Lundi", seats=3)
    manager = login(world["paris"]["manager"])
    assert manager.get(f"/schedule/paris/slots/{liege.uuid}/").status_code == 404
    assert manager.get(f"/schedule/paris/slots/{slot.uuid}/").status_code == 200
    removed = manager.post(f"/schedule/paris/slots/{liege.uuid}/meetings/", {})
    assert removed.status_code == 404
