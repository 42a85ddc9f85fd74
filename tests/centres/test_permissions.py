"""Per role: who sees and changes which centre and rooms, in lists, pages and the API."""

from __future__ import annotations

import pytest

from parcours.centres.models import Centre, Room
from tests import factories as f
from tests.conftest import Api, assert_error, login

ROLES = ["manager", "coach", "expert", "guardian", "student"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_lists_only_its_own_centre(world, role):
    user = world["paris"][role]
    body = Api(user).get("/centres").json()
    assert [c["slug"] for c in body] == ["paris"]
    page = login(user).get("/centres/")
    assert page.status_code == 200
    assert "/centres/paris/" in page.content.decode()
    assert "/centres/liege/" not in page.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_refused_another_centre_in_page_and_api(world, role):
    user = world["paris"][role]
    assert login(user).get("/centres/liege/").status_code == 404
    assert_error(Api(user).get("/centres/liege"), 404, "not_found")
    assert_error(Api(user).get("/centres/liege/rooms"), 404, "not_found")


def test_network_admin_sees_every_centre(world):
    body = Api(world.admin).get("/centres").json()
    assert sorted(c["slug"] for c in body) == ["liege", "paris"]
    assert login(world.admin).get("/centres/liege/").status_code == 200


def test_anonymous_gets_401_and_login_redirect(world):
    assert_error(Api(None).get("/centres"), 401, "unauthenticated")
    response = login(None).get("/centres/paris/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["coach", "expert"])
def test_staff_see_rooms_but_cannot_change_them(world, role):
    user = world["paris"][role]
    api = Api(user)
    rooms = api.get("/centres/paris/rooms").json()
    assert [r["name"] for r in rooms] == ["paris room"]
    room = Room.objects.get(name="paris room")
    assert_error(api.patch(f"/rooms/{room.uuid}", {"seats": 99}), 403, "forbidden")
    assert_error(api.delete(f"/rooms/{room.uuid}"), 403, "forbidden")
    assert_error(api.post("/centres/paris/rooms", {"name": "X", "seats": 3}), 403)
    assert login(user).get(f"/centres/paris/rooms/{room.uuid}/").status_code == 403
    room.refresh_from_db()
    assert room.seats == 20 and Room.objects.count() == 2


@pytest.mark.parametrize("role", ["guardian", "student"])
def test_families_do_not_see_rooms(world, role):
    user = world["paris"][role]
    assert Api(user).get("/centres/paris/rooms").json() == []
    room = Room.objects.get(name="paris room")
    assert_error(Api(user).patch(f"/rooms/{room.uuid}", {"seats": 1}), 404)
    page = login(user).get("/centres/paris/").content.decode()
    assert "paris room" not in page


@pytest.mark.parametrize("role", ROLES)
def test_nobody_but_the_manager_edits_the_centre(world, role):
    user = world["paris"][role]
    response = Api(user).patch("/centres/paris", {"name": "Hacked"})
    if role == "manager":
        assert response.status_code == 200 and response.json()["name"] == "Hacked"
    else:
        assert_error(response, 403, "forbidden")
        assert Centre.objects.get(slug="paris").name == "Paris"
        assert login(user).get("/centres/paris/edit/").status_code == 403


def test_manager_cannot_touch_another_centre(world):
    manager = world["paris"]["manager"]
    room = Room.objects.get(name="liege room")
    assert_error(Api(manager).patch("/centres/liege", {"name": "X"}), 404)
    assert_error(Api(manager).patch(f"/rooms/{room.uuid}", {"seats": 1}), 404)
    assert login(manager).post(f"/centres/liege/rooms/{room.uuid}/delete/").status_code == 404
    assert Room.objects.filter(pk=room.pk).exists()


def test_manager_manages_rooms_through_pages(world):
    client = login(world["paris"]["manager"])
    response = client.post(
        "/centres/paris/rooms/new/",
        {"name": "Lab Varda", "seats": "14", "kind": "lab", "accessible": "on"},
    )
    assert response.status_code == 302
    room = Room.objects.get(name="Lab Varda")
    assert room.centre.slug == "paris" and room.seats == 14
    response = client.post(
        f"/centres/paris/rooms/{room.uuid}/",
        {"name": "Lab Varda", "seats": "16", "kind": "lab", "seen": room.updated_at.isoformat()},
    )
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.seats == 16 and room.accessible is False
    assert client.post(f"/centres/paris/rooms/{room.uuid}/delete/").status_code == 302
    assert not Room.objects.filter(pk=room.pk).exists()


def test_the_centres_list_searches_names_and_cities_and_pages(world):
    client = login(world.admin)
    for k in range(30):
        f.CentreFactory(network=world.paris.network, name=f"Centre {k:02d}", city="Lyon")
    page = client.get("/centres/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "32 centres" in page and page.count('<th scope="row">') == 25
    lyon = client.get("/centres/?q=lyon+centre+07", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert lyon.count('<th scope="row">') == 1 and "Centre 07" in lyon
    none = client.get("/centres/?q=zzz", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No centre matches." in none
    # a manager's search never reaches another centre
    mine = login(world["paris"]["manager"]).get("/centres/?q=li").content.decode()
    assert "/centres/liege/" not in mine


def test_the_centres_api_searches_the_same_words(world):
    body = Api(world.admin).get("/centres?q=li%C3%A8ge").json()
    assert [c["slug"] for c in body] == ["liege"]
    assert_error(Api(world.admin).get("/centres?q=" + "x" * 101), 422)
