"""Schemathesis on /api/openapi.json (issue 12): every operation, as each staff role (a
manager, a coach, an expert, a network admin) through a personal token, with generated valid
and invalid inputs, a bounded and seeded number of examples, all of schemathesis's checks:
no server error, and every answer as the schema says."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from parcours.people import services as people
from parcours.wsgi import application
from tests.conftest import build_world

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


STAFF = ["manager", "coach", "expert", "admin"]

# Operations whose upload's content is checked beyond what the schema can say (any bytes are
# schema-valid for a file): a PNG sent as a table of offers is rightly a 400, so schemathesis's
# "schema-valid data is accepted" check does not apply to them; every other check does.
CONTENT_CHECKED = {"/api/offers/imports"}


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """The app is called as a WSGI server would, which closes the database connection after
    each request; inside a test's transaction (on PostgreSQL) that would close the test's own
    connection. Django's test client avoids it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=STAFF)
def staff_token(request: Any, db: Any) -> str:
    world = build_world()
    who = world.admin if request.param == "admin" else world["paris"][request.param]
    return people.api_token_create(actor=who, name="fuzz").raw


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=3,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_as_each_staff_role(case: Any, staff_token: str) -> None:
    excluded = []
    if case.operation.path in CONTENT_CHECKED:
        excluded.append(positive_data_acceptance)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {staff_token}"}, excluded_checks=excluded
    )
