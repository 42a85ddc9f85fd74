"""Personal API tokens: made, listed and revoked by staff on their account page and through
the API; a bearer token acts as its user, exactly, with no cookie and no CSRF token."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from parcours.centres.models import Room
from parcours.people.models import PersonalToken
from parcours.people.services import api_token_create, api_token_touch
from tests.conftest import assert_error, login

STAFF = [("paris", "manager"), ("paris", "coach"), ("paris", "expert"), ("liege", "coach")]
NOT_STAFF = ["student", "guardian"]


def staff(world: Any, centre: str, role: str) -> Any:
    return world.admin if role == "admin" else world[centre][role]


def bearer(raw: str, method: str, path: str, body: Any = None) -> Any:
    """A script's request: no cookie at all, CSRF checks on."""
    client = Client(enforce_csrf_checks=True)
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}
    if body is not None:
        kwargs.update(data=body, content_type="application/json")
    return getattr(client, method)(f"/api{path}", **kwargs)


def issue(user: Any, name: str = "script", days: int = 90) -> str:
    return api_token_create(actor=user, name=name, days=days).raw


# --- Pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [*STAFF, ("", "admin")])
def test_staff_make_list_and_revoke_tokens_on_their_page(world, who):
    user = staff(world, *who)
    client = login(user)
    page = client.get("/accounts/tokens/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Make a token" in page.content.decode()

    made = client.post(
        "/accounts/tokens/", {"name": "nightly export", "days": 30}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert made.status_code == 200
    token = PersonalToken.objects.get(user=user)
    raw = made.context["shown"]["raw"]
    assert raw.startswith("prc_") and raw in made.content.decode()
    assert token.name == "nightly export"
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert dt.timedelta(days=29) < token.expires_at - timezone.now() <= dt.timedelta(days=30)

    listed = client.get("/accounts/tokens/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "nightly export" in listed and "never" in listed
    assert raw not in listed  # shown once, never again

    revoked = client.post(f"/accounts/tokens/{token.uuid}/revoke/", HTTP_ACCEPT_LANGUAGE="en")
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    again = client.post(f"/accounts/tokens/{token.uuid}/revoke/")  # idempotent
    assert again.status_code == 302
    assert PersonalToken.objects.get(pk=token.pk).revoked_at == token.revoked_at
    assert (
        "revoked on" in client.get("/accounts/tokens/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


@pytest.mark.parametrize("role", NOT_STAFF)
def test_students_and_families_cannot_make_tokens_on_the_page(world, role):
    client = login(world["paris"][role])
    page = client.get("/accounts/tokens/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    body = page.content.decode()
    assert "for staff" in body and "Make the token" not in body
    refused = client.post("/accounts/tokens/", {"name": "x", "days": 90}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 403
    assert "accounts cannot have one" in refused.content.decode()
    assert not PersonalToken.objects.exists()


def test_page_refuses_bad_input_and_other_peoples_tokens(world):
    manager = world["paris"]["manager"]
    client = login(manager)
    bad = client.post("/accounts/tokens/", {"name": "x", "days": 400}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400 and not PersonalToken.objects.exists()
    issue(manager, "ci")
    duplicate = client.post(
        "/accounts/tokens/", {"name": "ci", "days": 9}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert duplicate.status_code == 400
    assert "already have an active token with this name" in duplicate.content.decode()
    assert PersonalToken.objects.count() == 1

    theirs = PersonalToken.objects.get()
    other = login(world["liege"]["manager"])
    assert other.post(f"/accounts/tokens/{theirs.uuid}/revoke/").status_code == 404
    assert other.get("/accounts/tokens/").context["rows"] == []
    assert PersonalToken.objects.get().revoked_at is None
    assert login(None).get("/accounts/tokens/").status_code == 302  # sign in first


@pytest.mark.parametrize("role", ["manager", "coach", "expert"])
def test_staff_home_pages_link_to_the_token_page(world, role):
    page = login(world["paris"][role]).get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'href="/accounts/tokens/"' in page.content.decode()


def test_network_admin_home_links_to_the_token_page(world):
    page = login(world.admin).get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'href="/accounts/tokens/"' in page.content.decode()


# --- API: /api/me/tokens --------------------------------------------------------------------


@pytest.mark.parametrize("who", [*STAFF, ("", "admin")])
def test_staff_make_list_and_revoke_tokens_through_the_api(world, api, who):
    user = staff(world, *who)
    session = api(user)
    made = session.post("/me/tokens", {"name": "sync"})
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["name"] == "sync" and body["status"] == "active" and body["token"]
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(days=89) < expires - timezone.now() <= dt.timedelta(days=90)

    listed = session.get("/me/tokens").json()
    assert listed["count"] == 1
    assert listed["items"][0]["uuid"] == body["uuid"]
    assert "token" not in listed["items"][0] and body["token"] not in str(listed)

    assert session.delete(f"/me/tokens/{body['uuid']}").status_code == 204
    assert session.delete(f"/me/tokens/{body['uuid']}").status_code == 204  # idempotent
    assert session.get("/me/tokens").json()["items"][0]["status"] == "revoked"
    assert_error(bearer(body["token"], "get", "/me"), 401, "unauthenticated")


@pytest.mark.parametrize("role", NOT_STAFF)
def test_students_and_families_cannot_make_tokens_through_the_api(world, api, role):
    error = assert_error(
        api(world["paris"][role]).post("/me/tokens", {"name": "x"}), 403, "tokens_for_staff"
    )
    assert "staff" in error["message"]
    assert not PersonalToken.objects.exists()


def test_api_refuses_bad_input_and_other_peoples_tokens(world, api):
    session = api(world["paris"]["manager"])
    assert_error(session.post("/me/tokens", {"name": "x", "days": 366}), 422, "invalid")
    assert_error(session.post("/me/tokens", {"name": "x", "days": 0}), 422, "invalid")
    assert_error(session.post("/me/tokens", {"name": ""}), 422, "invalid")
    theirs = api_token_create(actor=world["liege"]["manager"], name="theirs").token
    assert_error(session.delete(f"/me/tokens/{theirs.uuid}"), 404, "not_found")
    assert session.get("/me/tokens").json()["count"] == 0
    assert_error(session.delete("/me/tokens/not-a-uuid"), 422)


def test_at_most_ten_active_tokens(world, api):
    manager = world["paris"]["manager"]
    for n in range(10):
        issue(manager, f"t{n}")
    session = api(manager)
    error = assert_error(session.post("/me/tokens", {"name": "t1"}), 400, "token_name_taken")
    assert "name" in error["fields"]
    error = assert_error(session.post("/me/tokens", {"name": "eleventh"}), 400, "too_many_tokens")
    assert "10 active tokens" in error["message"]
    PersonalToken.objects.filter(name="t0").update(revoked_at=timezone.now())
    assert api(manager).post("/me/tokens", {"name": "eleventh"}).status_code == 201


def test_a_token_cannot_make_tokens(world):
    raw = issue(world["paris"]["manager"])
    refused = bearer(raw, "post", "/me/tokens", {"name": "more"})
    assert "sign in" in assert_error(refused, 403, "token_cannot_mint")["message"]
    assert PersonalToken.objects.count() == 1
    # Listing, and revoking itself, are fine from a script.
    listed = bearer(raw, "get", "/me/tokens").json()
    assert listed["count"] == 1
    assert bearer(raw, "delete", f"/me/tokens/{listed['items'][0]['uuid']}").status_code == 204
    assert_error(bearer(raw, "get", "/me"), 401)


# --- Bearer authentication ------------------------------------------------------------------


def test_a_token_acts_as_its_user_for_reads_and_writes_without_csrf(world):
    manager = world["paris"]["manager"]
    raw = issue(manager)
    me = bearer(raw, "get", "/me")
    assert me.status_code == 200 and me.json()["username"] == "paris-manager"

    made = bearer(raw, "post", "/centres/paris/rooms", {"name": "Atelier", "seats": 12})
    assert made.status_code == 201, made.content
    assert Room.objects.filter(centre=world.paris, name="Atelier").exists()


def test_a_token_sees_only_what_its_user_sees(world):
    raw = issue(world["paris"]["manager"])
    liege_room = Room.objects.get(centre=world.liege)
    assert_error(bearer(raw, "get", "/centres/liege/rooms"), 404, "not_found")
    patched = bearer(raw, "patch", f"/rooms/{liege_room.uuid}", {"name": "Mine now"})
    assert_error(patched, 404, "not_found")
    assert_error(bearer(raw, "delete", f"/rooms/{liege_room.uuid}"), 404, "not_found")
    assert Room.objects.get(pk=liege_room.pk).name == "liege room"
    # A coach's token cannot do what a coach cannot: rooms are the manager's to make.
    coach_raw = issue(world["paris"]["coach"])
    refused = bearer(coach_raw, "post", "/centres/paris/rooms", {"name": "No", "seats": 3})
    assert_error(refused, 403, "forbidden")
    assert not Room.objects.filter(name="No").exists()


def test_bad_tokens_answer_401(world):
    manager = world["paris"]["manager"]
    revoked = api_token_create(actor=manager, name="revoked")
    PersonalToken.objects.filter(pk=revoked.token.pk).update(revoked_at=timezone.now())
    expired = api_token_create(actor=manager, name="expired")
    PersonalToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    coach = world["paris"]["coach"]
    inactive = issue(coach)
    coach.is_active = False
    coach.save()
    for raw in (revoked.raw, expired.raw, inactive, "garbage", "prc_" + "x" * 43, "x" * 500):
        for method, body in (("get", None), ("post", {"name": "R", "seats": 1})):
            path = "/me" if method == "get" else "/centres/paris/rooms"
            assert_error(bearer(raw, method, path, body), 401, "unauthenticated")
    assert not Room.objects.filter(name="R").exists()


def test_no_bearer_and_no_session_answers_401(db):
    client = Client(enforce_csrf_checks=True)
    assert_error(client.get("/api/me"), 401, "unauthenticated")
    assert_error(client.get("/api/me", HTTP_AUTHORIZATION="Bearer"), 401, "unauthenticated")
    assert_error(client.get("/api/me", HTTP_AUTHORIZATION="Basic eDp5"), 401, "unauthenticated")


def test_a_bad_token_is_refused_even_with_a_session(world, api):
    session = api(world["paris"]["manager"])
    response = session.client.get("/api/me", HTTP_AUTHORIZATION="Bearer garbage")
    assert_error(response, 401, "unauthenticated")


def test_the_session_still_works_and_still_needs_csrf(world, api):
    session = api(world["paris"]["manager"])
    assert session.get("/me").status_code == 200
    no_csrf = session.client.post(
        "/api/centres/paris/rooms", data={"name": "A", "seats": 2}, content_type="application/json"
    )
    assert_error(no_csrf, 403, "csrf_failed")


def test_the_secret_is_stored_only_as_its_sha256(world):
    raw = issue(world["paris"]["manager"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {PersonalToken._meta.db_table}")
        rows = cursor.fetchall()
    assert len(rows) == 1
    values = [str(v) for v in rows[0]]
    assert raw not in values and not any(raw in v for v in values)
    assert hashlib.sha256(raw.encode()).hexdigest() in values


def test_last_used_at_is_updated_at_most_once_a_minute(world):
    raw = issue(world["paris"]["manager"])
    token = PersonalToken.objects.get()
    assert token.last_used_at is None
    assert bearer(raw, "get", "/me").status_code == 200
    first = PersonalToken.objects.get().last_used_at
    assert first is not None
    assert bearer(raw, "get", "/me").status_code == 200
    assert PersonalToken.objects.get().last_used_at == first  # within the minute: no write

    token = PersonalToken.objects.get()
    assert api_token_touch(token=token, now=first + dt.timedelta(seconds=30)) is False
    later = first + dt.timedelta(seconds=61)
    assert api_token_touch(token=token, now=later) is True
    assert PersonalToken.objects.get().last_used_at == later
    PersonalToken.objects.update(last_used_at=timezone.now() - dt.timedelta(minutes=5))
    bearer(raw, "get", "/me")
    assert timezone.now() - PersonalToken.objects.get().last_used_at < dt.timedelta(seconds=30)
