from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils.translation import trans_real
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from parcours.catalogue.models import FocusArea
from parcours.catalogue.seeding import load_shipped_catalogue
from parcours.people.models import Role, User
from tests import factories as f

# Property tests fail every time they should: a fixed seed and enough examples on every run
# (HYPOTHESIS_PROFILE=explore draws new examples when hunting for bugs by hand).
hypothesis_settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.register_profile("explore", max_examples=1000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the French catalogue, so that `pytest` run directly reads the same messages as
    `make test` (which compiles them at install)."""
    subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n.py"), "compile"], check=True)
    # Django may have read the old catalogue already (settings import translated labels):
    # forget it, so the first translation reads the file just compiled.

    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = trans_real.Local()


@pytest.fixture(autouse=True)
def _the_same_day_everywhere() -> Iterator[None]:
    """Every test runs at midday UTC of the real day, the clock still ticking.

    Tests build "today" from the clock, some in UTC (the server's zone) and some in a
    centre's (Paris, Liège: UTC+1 or +2): between 22:00 and midnight UTC the two dates differ
    and a test would compare two different days (CI failed so at 23:00 UTC). The product
    always takes the centre's day; the tests of that rule at the day's edges set the clock
    themselves (time_machine inside a test overrides this)."""
    with time_machine.travel(_midday(), tick=True):
        yield


def _midday() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(hour=12, minute=0, second=0, microsecond=0)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    # Queued work (e-mails, publications) runs in the test's process when it is enqueued; a
    # test of the queue itself sets the database backend again.
    settings.TASKS = IMMEDIATE_TASKS


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Hashing is not under test; PBKDF2's 1M rounds would dominate the suite's time.
    settings.PASSWORD_HASHERS = FAST_HASHERS


@contextmanager
def demo_for_module(blocker: Any, *args: str) -> Iterator[None]:
    """``demo-data *args`` built once for a module's tests (a build takes seconds), inside a
    transaction rolled back after them: each test's own transaction nests in it, and the
    next module finds the database as it was. Use from a module-scoped fixture with
    ``django_db_setup`` and ``django_db_blocker``."""
    with blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        with (
            override_settings(PASSWORD_HASHERS=FAST_HASHERS, TASKS=IMMEDIATE_TASKS),
            time_machine.travel(_midday(), tick=True),  # the same day as the tests'
        ):
            call_command("demo-data", *args)
    try:
        yield
    finally:
        with blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@dataclass
class World:
    """Two centres with one person per role in each, and a network admin."""

    paris: Any
    liege: Any
    admin: User
    people: dict[str, dict[str, User]]

    def __getitem__(self, key: str) -> dict[str, User]:
        return self.people[key]


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def build_world() -> World:

    if not FocusArea.objects.exists():  # a transactional test flushed the data migration
        load_shipped_catalogue(apps)
    paris = f.CentreFactory(slug="paris", name="Paris", timezone="Europe/Paris")
    liege = f.CentreFactory(
        slug="liege", name="Liège", city="Liège", country="BE", timezone="Europe/Brussels"
    )
    people: dict[str, dict[str, User]] = {}
    for centre in (paris, liege):
        coach = f.member(Role.COACH, centre, username=f"{centre.slug}-coach")
        guardian = f.member(Role.GUARDIAN, centre, username=f"{centre.slug}-guardian")
        people[centre.slug] = {
            "manager": f.member(Role.MANAGER, centre, username=f"{centre.slug}-manager"),
            "coach": coach,
            "expert": f.member(Role.EXPERT, centre, username=f"{centre.slug}-expert"),
            "guardian": guardian,
            "student": f.student(
                centre, coach=coach, guardian=guardian, username=f"{centre.slug}-student"
            ),
            "other_student": f.student(centre, username=f"{centre.slug}-other"),
        }
        f.RoomFactory(centre=centre, name=f"{centre.slug} room")
        f.offer(centre, "programming")
        f.offer(centre, "robotics", offered=False)
    admin = f.member(Role.NETWORK_ADMIN, None, username="netadmin")
    return World(paris=paris, liege=liege, admin=admin, people=people)


def signs_in(username: str, password: str) -> bool:
    """Sign in through the real form (Client.login would skip the throttling backend, which
    needs the request): True when the site let them in."""
    response = Client().post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302 and response["Location"] == "/"


def login(user: User | None) -> Client:
    client = Client(enforce_csrf_checks=False)
    if user is not None:
        client.force_login(user)
    return client


class Api:
    """A JSON client for /api that keeps the CSRF rules on, like a browser session."""

    def __init__(self, user: User | None) -> None:
        self.client = Client(enforce_csrf_checks=True)
        if user is not None:
            self.client.force_login(user)
        # Any rendered page sets the csrftoken cookie, as a browser would get it.
        self.client.get("/" if user is not None else "/accounts/login/")
        self.token = (
            self.client.cookies["csrftoken"].value if "csrftoken" in self.client.cookies else ""
        )

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        # Messages in English, as an English-speaking client asks for them.
        kwargs: dict[str, Any] = {"HTTP_X_CSRFTOKEN": self.token, "HTTP_ACCEPT_LANGUAGE": "en"}
        if body is not None:
            kwargs["data"] = json.dumps(body) if not isinstance(body, str) else body
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method)(f"/api{path}", **kwargs)

    def get(self, path: str) -> Any:
        return self._call("get", path)

    def post(self, path: str, body: Any = None) -> Any:
        return self._call("post", path, body if body is not None else {})

    def patch(self, path: str, body: Any) -> Any:
        return self._call("patch", path, body)

    def put(self, path: str, body: Any) -> Any:
        return self._call("put", path, body)

    def delete(self, path: str) -> Any:
        return self._call("delete", path)


@pytest.fixture
def api() -> type[Api]:
    return Api


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code, body
    return body["error"]


REPO = Path(__file__).resolve().parents[1]


def parcours_cli(*args: str, timeout: int = 180) -> subprocess.CompletedProcess[str]:
    """``parcours ARGS`` in a child process from the repository (the benchmarks' tests)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-m", "parcours.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=timeout,
        check=False,
    )
