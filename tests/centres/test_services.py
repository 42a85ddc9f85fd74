"""Bad input changes nothing; repeated and concurrent writes double and lose nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from parcours.centres import services
from parcours.centres.models import Centre, Room
from parcours.core.errors import Conflict, Forbidden, ValidationFailed
from tests.conftest import Api, assert_error, login


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"name": ""}, "name"),
        ({"focus_areas_per_student": 0}, "focus_areas_per_student"),
        ({"session_pattern": "7x1h"}, "session_pattern"),
        ({"contact_email": "not-an-email"}, "contact_email"),
    ],
)
def test_invalid_centre_settings_are_refused_and_change_nothing(world, data, field):
    centre = world.paris
    before = Centre.objects.values().get(pk=centre.pk)
    with pytest.raises(ValidationFailed) as err:
        services.centre_update(actor=world["paris"]["manager"], centre=centre, data=data)
    assert field in err.value.fields
    assert Centre.objects.values().get(pk=centre.pk) == before


def test_unknown_fields_are_refused(world):
    with pytest.raises(ValidationFailed):
        services.centre_update(
            actor=world["paris"]["manager"], centre=world.paris, data={"network_id": 99}
        )


def test_api_bad_input_gets_one_error_format_and_changes_nothing(world):
    api = Api(world["paris"]["manager"])
    err = assert_error(api.patch("/centres/paris", {"timezone": "Nowhere/City"}), 400, "invalid")
    assert "timezone" in err["fields"]
    err = assert_error(api.patch("/centres/paris", {"focus_areas_per_student": "three"}), 422)
    assert "focus_areas_per_student" in err["fields"]
    assert_error(api.patch("/centres/paris", "{not json"), 400, "bad_request")
    assert_error(api.post("/centres/paris/rooms", {"name": "X", "seats": -3}), 422)
    assert_error(api.post("/centres/paris/rooms", {"name": "X", "seats": 10**12}), 422)
    assert_error(api.patch("/rooms/not-a-uuid", {"seats": 3}), 422)
    assert Centre.objects.get(slug="paris").timezone == "Europe/Paris"
    assert Room.objects.filter(centre__slug="paris").count() == 1


def test_page_bad_input_shows_message_and_changes_nothing(world):
    client = login(world["paris"]["manager"])
    response = client.post(
        "/centres/paris/edit/",
        {
            "name": "Paris",
            "city": "Paris",
            "timezone": "Nowhere/City",
            "session_pattern": "1x3h",
            "focus_areas_per_student": "3",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "is not a known time zone" in response.content.decode()
    assert Centre.objects.get(slug="paris").timezone == "Europe/Paris"


def test_creating_the_same_room_twice_doubles_nothing(world):
    manager = world["paris"]["manager"]
    services.room_create(actor=manager, centre=world.paris, data={"name": "Studio", "seats": 8})
    with pytest.raises(ValidationFailed) as err:
        services.room_create(actor=manager, centre=world.paris, data={"name": "Studio", "seats": 8})
    assert "name" in err.value.fields
    assert Room.objects.filter(centre=world.paris, name="Studio").count() == 1
    response = Api(manager).post("/centres/paris/rooms", {"name": "Studio", "seats": 8})
    assert_error(response, 400, "room_name_taken")


def test_a_stale_edit_is_refused_instead_of_overwriting(world):
    manager = world["paris"]["manager"]
    room = Room.objects.get(name="paris room")
    seen = room.updated_at
    services.room_update(actor=manager, room=room, data={"seats": 30}, seen=seen)
    with pytest.raises(Conflict):
        services.room_update(actor=manager, room=room, data={"seats": 10}, seen=seen)
    room.refresh_from_db()
    assert room.seats == 30
    response = Api(manager).patch(f"/rooms/{room.uuid}", {"seats": 5, "seen": seen.isoformat()})
    assert_error(response, 409, "conflict")


def test_stale_token_from_the_future_is_also_refused(world):
    room = Room.objects.get(name="paris room")
    with pytest.raises(Conflict):
        services.room_update(
            actor=world["paris"]["manager"],
            room=room,
            data={"seats": 2},
            seen=room.updated_at + dt.timedelta(seconds=5),
        )


def test_services_check_permissions_themselves(world):
    with pytest.raises(Forbidden):
        services.room_create(
            actor=world["liege"]["manager"],
            centre=world.paris,
            data={"name": "Intruder", "seats": 3},
        )
    assert not Room.objects.filter(name="Intruder").exists()
