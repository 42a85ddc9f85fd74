"""Signing in is throttled: 5 wrong passwords in a row lock the username for 15 minutes
(answered like any unknown name, so nobody learns whether an account exists); an address is
refused after many failures; a right password before the limit lets in and starts afresh."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from parcours.people.models import User

PASSWORD = "pw-for-tests-123"


@pytest.fixture(autouse=True)
def _fresh_counters(db: Any) -> Any:
    cache.clear()
    yield
    cache.clear()


def _try(username: str, password: str, client: Client | None = None) -> Any:
    return (client or Client()).post(
        "/accounts/login/",
        {"username": username, "password": password},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def _user(world: Any) -> User:
    user = world["paris"]["coach"]
    user.set_password(PASSWORD)
    user.save()
    return user


def test_five_failures_lock_the_account_even_for_the_right_password(world):
    user = _user(world)
    for _ in range(4):
        response = _try(user.username, "wrong-password")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    assert _try(user.username, "wrong-password").status_code == 429
    locked = _try(user.username, PASSWORD)
    assert locked.status_code == 429
    assert "Signing in is paused after too many wrong passwords" in locked.content.decode()
    assert "_auth_user_id" not in locked.client.session
    # Another account is not affected.
    other = world["paris"]["manager"]
    other.set_password(PASSWORD)
    other.save()
    assert _try(other.username, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(world):
    user = _user(world)
    for _ in range(5):
        _try(user.username, "wrong-password")
    assert _try(user.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert _try(user.username, PASSWORD).status_code == 302


def test_an_unknown_name_is_answered_like_a_known_one(world):
    user = _user(world)
    known = [_try(user.username, "wrong").status_code for _ in range(6)]
    unknown = [_try("nobody-by-that-name", "wrong").status_code for _ in range(6)]
    assert known == unknown == [200, 200, 200, 200, 429, 429]


def test_a_success_before_the_limit_starts_afresh(world):
    user = _user(world)
    for _ in range(4):
        _try(user.username, "wrong-password")
    assert _try(user.username, PASSWORD).status_code == 302
    for _ in range(4):
        assert _try(user.username, "wrong-password").status_code == 200


def test_an_address_is_refused_after_many_failures(world, settings):
    settings.PARCOURS_SIGNIN_ADDRESS_LIMIT = 3
    user = _user(world)
    for name in ("a", "b", "c"):
        assert _try(name, "wrong").status_code == 200
    # A fourth try from the same address, even a right one for a real account, waits.
    assert _try(user.username, PASSWORD).status_code == 429
    # From another address, the account signs in.
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert _try(user.username, PASSWORD, other).status_code == 302


def test_the_locked_page_speaks_french(world):
    for _ in range(5):
        _try("quelqu-un", "faux")
    page = Client().post(
        "/accounts/login/",
        {"username": "quelqu-un", "password": "faux"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert page.status_code == 429
    assert "Trop de tentatives" in page.content.decode()


def test_a_new_password_ends_the_other_sessions(world):
    user = _user(world)
    elsewhere = Client()
    assert _try(user.username, PASSWORD, elsewhere).status_code == 302
    assert elsewhere.get("/").status_code == 200
    # A new password (the reset form sets it the same way) ends the sessions opened before.
    user.set_password("Un-Autre-Mot-2026")
    user.save()
    response = elsewhere.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
