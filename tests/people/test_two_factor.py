"""Two-factor sign-in for staff (issue 12): set up with an authenticator app, then the code
after the password on every new sign-in (pages wait, the session API answers 401, personal
tokens are not asked); wrong codes are throttled; required for network admins when the
deployment says so; not for families."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parcours.people import services as people
from tests.conftest import assert_error

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"


def code_of(device: TOTPDevice, ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + ahead * device.step
    return f"{totp.token():06d}"


def waited(device: TOTPDevice) -> None:
    """As if the wait after a wrong code were over (django-otp throttles the next try)."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def signed_in(user: Any) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def turned_on(user: Any) -> tuple[TOTPDevice, Client]:
    client = signed_in(user)
    assert client.post("/accounts/two-factor/", {"action": "start"}).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post("/accounts/two-factor/", {"action": "confirm", "code": "000000"})
    assert wrong.status_code == 400
    waited(device)
    done = client.post("/accounts/two-factor/", {"action": "confirm", "code": code_of(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device, client


def test_a_coach_turns_it_on_and_signs_in_with_a_code(world: Any) -> None:
    coach = world["paris"]["coach"]
    device, _client = turned_on(coach)
    client = signed_in(coach)
    waiting = client.get("/attendance/follow-up/")
    assert waiting.status_code == 302
    assert waiting["Location"].startswith("/accounts/two-factor/verify/?next=")
    assert_error(client.get("/api/me"), 401, "second_factor")
    assert client.post("/accounts/two-factor/verify/", {"code": "12"}).status_code == 400
    passed = client.post(
        "/accounts/two-factor/verify/",
        {"code": code_of(device, ahead=1), "next": "/learn/reviews/"},
    )
    assert passed.status_code == 302 and passed["Location"] == "/learn/reviews/"
    assert client.get("/").status_code == 200
    assert client.get("/api/me").status_code == 200


def test_wrong_codes_are_throttled(world: Any) -> None:
    expert = world["paris"]["expert"]
    device, _client = turned_on(expert)
    client = signed_in(expert)
    for _ in range(3):
        client.post("/accounts/two-factor/verify/", {"code": "000000"})
    right_but_too_soon = client.post(
        "/accounts/two-factor/verify/", {"code": code_of(device, ahead=1)}
    )
    assert right_but_too_soon.status_code == 400
    assert (
        b"Too many wrong codes" in right_but_too_soon.content
        or b"Trop" in right_but_too_soon.content
    )


def test_a_personal_token_is_not_asked_for_a_code(world: Any) -> None:
    manager = world["paris"]["manager"]
    turned_on(manager)  # the device's own session
    raw = people.api_token_create(actor=manager, name="script").raw
    response = Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


def test_network_admins_must_set_it_up_when_required(world: Any, settings: Any) -> None:
    settings.PARCOURS_TOTP_REQUIRED_FOR_ADMINS = True
    before = signed_in(world.admin)
    sent = before.get("/centres/")
    assert sent["Location"].startswith("/accounts/two-factor/?next=")
    device, client = turned_on(world.admin)
    assert before.get("/").status_code == 302  # sessions opened with the password alone end
    assert client.get("/centres/").status_code == 200
    off = client.post("/accounts/two-factor/", {"action": "remove", "off-code": code_of(device, 1)})
    assert off.status_code == 403
    assert TOTPDevice.objects.filter(user=world.admin, confirmed=True).exists()
    # a manager is not required to
    assert signed_in(world["paris"]["manager"]).get("/centres/").status_code == 200


def test_staff_turn_it_off_with_a_code_families_do_not_get_it(world: Any) -> None:
    mentor_like = world["paris"]["manager"]
    device, _client = turned_on(mentor_like)
    client = signed_in(mentor_like)
    client.post("/accounts/two-factor/verify/", {"code": code_of(device, ahead=1)})
    assert (
        client.post("/accounts/two-factor/", {"action": "remove", "off-code": "1"}).status_code
        == 400
    )
    off = client.post("/accounts/two-factor/", {"action": "remove", "off-code": code_of(device, 2)})
    assert off.status_code == 302
    assert not TOTPDevice.objects.filter(user=mentor_like).exists()
    guardian = signed_in(world["paris"]["guardian"])
    assert guardian.post("/accounts/two-factor/", {"action": "start"}).status_code == 403
    assert not TOTPDevice.objects.filter(user=world["paris"]["guardian"]).exists()


def test_recovery_codes_open_the_account_once(world: Any) -> None:
    coach = world["paris"]["coach"]
    _device, first = turned_on(coach)
    codes = list(StaticToken.objects.filter(device__user=coach).values_list("token", flat=True))
    assert len(codes) == 10
    shown = first.get("/accounts/two-factor/").content.decode()
    assert all(c in shown for c in codes)  # shown once, on the page after turning it on
    assert codes[0] not in first.get("/accounts/two-factor/").content.decode()
    client = signed_in(coach)
    assert client.get("/").status_code == 302
    ok = client.post("/accounts/two-factor/verify/", {"code": codes[0].upper()})
    assert ok.status_code == 302 and client.get("/").status_code == 200
    again = signed_in(coach)
    assert again.post("/accounts/two-factor/verify/", {"code": codes[0]}).status_code == 400
    assert StaticToken.objects.filter(device__user=coach).count() == 9
