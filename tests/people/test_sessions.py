"""My sessions (issue 12): every device where one is signed in, listed; one or all the others
signed out from here; a password change ends the other sessions. Nobody sees or ends
someone else's."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from parcours.people.devices import device_name
from parcours.people.models import SignInSession
from parcours.people.sessions import shortened
from tests.conftest import assert_error

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"


def signed_in(user: Any, agent: str, address: str = "203.0.113.9") -> Client:
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_each_device_is_listed_with_a_shortened_address(world: Any) -> None:
    coach = world["paris"]["coach"]
    pc = signed_in(coach, "Firefox on the centre PC")
    signed_in(coach, "Phone", "2001:db8:1234:5678::1")
    page = pc.get("/accounts/sessions/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Firefox on the centre PC" in page and "Phone" in page and "this one" in page
    rows = SignInSession.objects.filter(user=coach, ended_at__isnull=True)
    assert sorted(r.address for r in rows) == ["2001:db8:1234::", "203.0.113.0"]
    assert shortened("not an address") == ""


def test_signing_out_another_device_ends_it_there(world: Any) -> None:
    guardian = world["paris"]["guardian"]
    home = signed_in(guardian, "Home")
    phone = signed_in(guardian, "Phone")
    assert phone.get("/").status_code == 200
    other = SignInSession.objects.get(user=guardian, user_agent="Phone")
    assert home.post("/accounts/sessions/", {"session": str(other.uuid)}).status_code == 302
    assert phone.get("/").status_code == 302  # signed out there
    assert home.get("/").status_code == 200
    assert home.post("/accounts/sessions/", {"session": "not-a-uuid"}).status_code == 404


def test_nobody_ends_someone_elses_session(world: Any, api: Any) -> None:
    student = world["paris"]["student"]
    signed_in(student, "Student phone")
    theirs = SignInSession.objects.get(user=student)
    coach = signed_in(world["paris"]["coach"], "Coach PC")
    assert coach.post("/accounts/sessions/", {"session": str(theirs.uuid)}).status_code == 404
    assert_error(api(world["paris"]["manager"]).post(f"/me/sessions/{theirs.uuid}/end"), 404)
    theirs.refresh_from_db()
    assert theirs.ended_at is None
    assert "Student phone" not in coach.get("/accounts/sessions/").content.decode()


def test_everywhere_else_and_the_api(world: Any) -> None:
    manager = world["paris"]["manager"]
    for n in range(3):
        signed_in(manager, f"Device {n}")
    here = signed_in(manager, "Here")
    listed = here.get("/api/me/sessions").json()
    assert len(listed) == 4 and [s["current"] for s in listed].count(True) == 1
    current = next(s for s in listed if s["current"])
    token = here.cookies["csrftoken"].value if "csrftoken" in here.cookies else ""
    ended = here.post("/api/me/sessions/end-others", HTTP_X_CSRFTOKEN=token)
    assert ended.json() == {"ended": 3}
    assert_error(here.post(f"/api/me/sessions/{current['uuid']}/end", HTTP_X_CSRFTOKEN=token), 409)
    assert [s["user_agent"] for s in here.get("/api/me/sessions").json()] == ["Here"]


def test_changing_the_password_ends_the_other_sessions(world: Any) -> None:
    expert = world["paris"]["expert"]
    laptop = signed_in(expert, "Laptop")
    here = signed_in(expert, "Here")
    bad = here.post(
        "/accounts/password/change/",
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    )
    assert bad.status_code == 200 and laptop.get("/").status_code == 200  # nothing changed
    new = "a-much-longer-passphrase-2026"
    done = here.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert done.status_code == 302
    assert here.get("/").status_code == 200
    assert laptop.get("/").status_code == 302
    assert list(
        SignInSession.objects.filter(user=expert, ended_at__isnull=True).values_list(
            "user_agent", flat=True
        )
    ) == ["Here"]


@pytest.mark.parametrize(
    ("agent", "name"),
    [
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0 Safari/537.36 Edg/131.0",
            "Edge · Windows",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari · iPhone",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Firefox · Linux",
        ),
        ("curl/8.5", ""),
    ],
)
def test_devices_are_named_as_people_name_them(agent: str, name: str) -> None:
    assert device_name(agent) == name
