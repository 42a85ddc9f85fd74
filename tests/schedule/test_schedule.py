"""Schedule services, pages and API: permissions per role, bad input, idempotency."""

from __future__ import annotations

import datetime as dt
from unittest.mock import ANY

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from parcours.core.errors import Forbidden, ValidationFailed
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.schedule import selectors, services
from parcours.schedule.errors import ScheduleError
from parcours.schedule.models import ClosedDays, OpeningHours, Session, Slot, SlotMeeting
from tests.conftest import Api, assert_error, login


@pytest.fixture
def slot(world):
    s = Slot.objects.create(centre=world.paris, label="Mercredi", seats=3)
    SlotMeeting.objects.create(slot=s, weekday=2, starts_at=dt.time(14), ends_at=dt.time(17))
    return s


def hold(world, slot, n):
    year = services.school_year_of(timezone.localdate())
    for i in range(n):
        student = world["paris"]["student"] if i == 0 else world["paris"]["other_student"]
        Enrolment.objects.create(
            centre=world.paris, student=student, school_year=year + (0 if i < 2 else 1),
            status=EnrolmentStatus.REGISTERED, slot=slot, submitted_by="guardian",
            request_key=f"k{i}", person_key=f"p{i}",
        )  # fmt: skip


def test_seats_cannot_go_below_the_students_holding_one(world, slot):
    hold(world, slot, 2)
    manager = world["paris"]["manager"]
    with pytest.raises(ValidationFailed) as exc:
        services.slot_update(actor=manager, slot=slot, data={"seats": 1})
    assert "seats" in exc.value.fields
    slot.refresh_from_db()
    assert slot.seats == 3
    services.slot_update(actor=manager, slot=slot, data={"seats": 2})
    slot.refresh_from_db()
    assert slot.seats == 2


def test_seats_below_holders_refused_by_the_api_and_page(world, slot):
    hold(world, slot, 2)
    response = Api(world["paris"]["manager"]).patch(f"/slots/{slot.uuid}", {"seats": 1})
    assert assert_error(response, 400, "seats_held")["fields"] == {"seats": [ANY]}
    page = login(world["paris"]["manager"]).post(
        f"/schedule/paris/slots/{slot.uuid}/",
        {"label": "Mercredi", "seats": 1, "is_open": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 400 and "hold a seat" in page.content.decode()
    slot.refresh_from_db()
    assert slot.seats == 3


def test_meetings_refuse_overlaps_and_are_idempotent(world, slot):
    manager = world["paris"]["manager"]
    again = services.meeting_add(
        actor=manager, slot=slot, weekday=2, starts_at=dt.time(14), ends_at=dt.time(17)
    )
    assert SlotMeeting.objects.filter(slot=slot).count() == 1 and again.slot_id == slot.pk
    with pytest.raises(ValidationFailed):
        services.meeting_add(
            actor=manager, slot=slot, weekday=2, starts_at=dt.time(16), ends_at=dt.time(18)
        )
    with pytest.raises(ValidationFailed):
        services.meeting_add(
            actor=manager, slot=slot, weekday=3, starts_at=dt.time(18), ends_at=dt.time(17)
        )


def test_opening_hours_are_replaced_and_checked(world):
    manager = world["paris"]["manager"]
    week = [(1, dt.time(13), dt.time(20)), (5, dt.time(9), dt.time(18))]
    services.opening_hours_set(actor=manager, centre=world.paris, hours=week)
    services.opening_hours_set(actor=manager, centre=world.paris, hours=week)
    assert OpeningHours.objects.filter(centre=world.paris).count() == 2
    with pytest.raises(ValidationFailed):
        services.opening_hours_set(
            actor=manager, centre=world.paris, hours=[(1, dt.time(20), dt.time(13))]
        )
    assert OpeningHours.objects.filter(centre=world.paris).count() == 2
    slot = services.slot_create(actor=manager, centre=world.paris, data={"label": "L", "seats": 5})
    with pytest.raises(ValidationFailed):  # Monday: the centre is closed
        services.meeting_add(
            actor=manager, slot=slot, weekday=0, starts_at=dt.time(14), ends_at=dt.time(16)
        )


def test_closed_days_cancel_and_restore_future_sessions(world, slot):
    manager = world["paris"]["manager"]
    today = timezone.localdate()
    services.sessions_ensure(centre=world.paris, first=today, last=today + dt.timedelta(days=60))
    start, end = today + dt.timedelta(days=14), today + dt.timedelta(days=27)
    data = {"first_day": start, "last_day": end, "kind": "holiday", "label": "Vacances"}
    made = services.closed_days_create(actor=manager, centre=world.paris, data=data)
    assert made.created and made.cancelled == 2
    assert not services.closed_days_create(actor=manager, centre=world.paris, data=data).created
    assert selectors.day_status(world.paris, start + dt.timedelta(days=1)).label == "Vacances"
    assert services.closed_days_delete(actor=manager, period=made.period) == 2
    assert not Session.objects.filter(cancelled=True).exists()
    bad = {**data, "last_day": start - dt.timedelta(days=1), "label": "x"}
    with pytest.raises(ValidationFailed):
        services.closed_days_create(actor=manager, centre=world.paris, data=bad)


def test_generate_is_idempotent_and_reports_what_it_made(world, slot):
    manager = world["paris"]["manager"]
    first, last = dt.date(2026, 11, 2), dt.date(2026, 11, 29)
    result = services.sessions_generate(actor=manager, centre=world.paris, first=first, last=last)
    assert result.created == 4 and result.by_slot == {"Mercredi": 4}
    again = services.sessions_generate(actor=manager, centre=world.paris, first=first, last=last)
    assert again.created == 0
    with pytest.raises(ValidationFailed):
        services.sessions_generate(actor=manager, centre=world.paris, first=last, last=first)
    with pytest.raises(Forbidden):
        services.sessions_generate(
            actor=world["paris"]["coach"], centre=world.paris, first=first, last=last
        )


def test_extra_sessions_are_created_once_and_refuse_the_past(world):
    manager = world["paris"]["manager"]
    day = timezone.localdate() + dt.timedelta(days=10)
    data = {"label": "Portes ouvertes", "day": day, "starts_at": dt.time(14),
            "ends_at": dt.time(18), "seats": None, "open_to_all": True}  # fmt: skip
    assert services.extra_session_create(actor=manager, centre=world.paris, data=data).created
    assert not services.extra_session_create(actor=manager, centre=world.paris, data=data).created
    past = {**data, "day": timezone.localdate() - dt.timedelta(days=3)}
    with pytest.raises(ValidationFailed):
        services.extra_session_create(actor=manager, centre=world.paris, data=past)


def test_next_sessions_skip_non_working_days_and_notice(world, slot):
    ClosedDays.objects.create(
        centre=world.paris, first_day=dt.date(2026, 10, 17), last_day=dt.date(2026, 11, 1),
        kind="holiday", label="Vacances de la Toussaint",
    )  # fmt: skip
    now = dt.datetime(2026, 10, 21, 10, tzinfo=world.paris.zone)
    nxt = selectors.next_sessions(slot, now, 2)
    assert [s.starts_at.date() for s in nxt] == [dt.date(2026, 11, 4), dt.date(2026, 11, 11)]
    with translation.override("en"):
        text = selectors.notice_for(world.paris, slot, now)
    assert text == (
        "Today is a non-working day (Vacances de la Toussaint); your next session is "
        "Wednesday 4 November at 14:00."
    )
    assert selectors.notice_for(world.paris, slot, now + dt.timedelta(days=30)) == ""


# who -> (API slot list status, may edit)
ROLES = {
    "manager": (200, True),
    "coach": (200, False),
    "expert": (200, False),
    "student": (403, False),
    "guardian": (403, False),
    "liege_manager": (404, False),
    "admin": (200, True),
}


def _who(world, who):
    if who == "admin":
        return world.admin
    if who == "liege_manager":
        return world["liege"]["manager"]
    return world["paris"][who]


@pytest.mark.parametrize("who", sorted(ROLES))
def test_permissions_per_role_in_pages_and_api(world, slot, who):
    user = _who(world, who)
    status, may_edit = ROLES[who]
    api = Api(user)
    response = api.get("/centres/paris/slots")
    assert response.status_code == status
    if status == 200:
        assert [s["label"] for s in response.json()] == ["Mercredi"]
    else:
        assert_error(response, status)
    assert login(user).get("/schedule/paris/").status_code == status
    assert login(user).get("/schedule/paris/week/").status_code == status
    detail = api.get(f"/slots/{slot.uuid}")
    assert detail.status_code == (200 if status == 200 else 404)
    patch = api.patch(f"/slots/{slot.uuid}", {"seats": 4})
    assert patch.status_code == (200 if may_edit else (403 if status == 200 else 404))
    page = login(user).get("/schedule/paris/hours/")
    assert page.status_code == (200 if may_edit else status if status != 200 else 403)


def test_week_api_counts_expected_against_seats(world, slot):
    hold(world, slot, 1)
    today = timezone.localdate()
    services.sessions_ensure(centre=world.paris, first=today, last=today + dt.timedelta(days=7))
    rows = (
        Api(world["paris"]["coach"])
        .get(f"/centres/paris/sessions?week={(today + dt.timedelta(days=7)).isoformat()}")
        .json()
    )
    assert all(r["seats"] == 3 for r in rows)
    assert_error(Api(world["paris"]["coach"]).get("/centres/paris/sessions?week=nope"), 422)


def test_the_slot_list_counts_held_seats_in_one_query_whatever_the_slots(world, slot):
    """Seats held per slot in one grouped query (not one per slot), with the same figures as
    the one-slot rule: this year's and later years' registrations, the largest year counted."""
    hold(world, slot, 3)  # 2 this year, 1 next year: 2 held
    manager = world["paris"]["manager"]

    def listed() -> tuple[int, dict[str, int]]:
        with CaptureQueriesContext(connection) as ctx:
            rows = selectors.slot_list(user=manager, centre=world.paris)
        return len(ctx), {r.slot.label: r.held for r in rows}

    listed()  # the manager's roles, read once per request
    few, held = listed()
    assert held["Mercredi"] == 2 == services.seats_held(slot)
    for i in range(6):
        Slot.objects.create(centre=world.paris, label=f"Samedi {i}", seats=4)
    many, held = listed()
    assert few == many
    assert held["Mercredi"] == 2 and held["Samedi 0"] == 0


def test_an_extra_session_fits_the_opening_hours_of_its_day(world):
    """Issue 11: an extra session was accepted when the centre is closed."""
    manager = world["paris"]["manager"]
    day = timezone.localdate() + dt.timedelta(days=10)
    services.opening_hours_set(
        actor=manager, centre=world.paris, hours=[(day.weekday(), dt.time(13), dt.time(19))]
    )
    data = {"label": "Rattrapage", "day": day, "starts_at": dt.time(12), "ends_at": dt.time(15),
            "seats": 20, "open_to_all": True}  # fmt: skip
    with pytest.raises(ValidationFailed) as err:
        services.extra_session_create(actor=manager, centre=world.paris, data=data)
    assert err.value.code == ScheduleError.OUTSIDE_OPENING_HOURS and "starts_at" in err.value.fields
    closed_day = {**data, "day": day + dt.timedelta(days=1), "starts_at": dt.time(14)}
    with pytest.raises(ValidationFailed):
        services.extra_session_create(actor=manager, centre=world.paris, data=closed_day)
    assert not Session.objects.filter(label="Rattrapage").exists()
    inside = {**data, "starts_at": dt.time(14), "ends_at": dt.time(18)}
    assert services.extra_session_create(actor=manager, centre=world.paris, data=inside).created
