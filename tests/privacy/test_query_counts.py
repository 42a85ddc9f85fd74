"""The privacy and audit pages read the same number of queries for a few rows as for many
(issue 12): the manager's erasure requests and audit log, a family's My data."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from parcours.audit.models import AuditEntry
from parcours.centres.models import Network
from parcours.people.models import SignInSession, StudentProfile
from parcours.privacy.models import ErasureRequest
from tests import factories as f
from tests.conftest import login
from tests.support.queries import queries_of

pytestmark = pytest.mark.django_db


def _more(world: Any, n: int) -> None:
    paris = world.paris
    kind = ContentType.objects.get_for_model(StudentProfile)
    coach = world["paris"]["coach"]
    for _ in range(n):
        student = f.student(paris, guardian=world["paris"]["guardian"])
        ErasureRequest.objects.create(
            centre=paris, student=student, requested_by=world["paris"]["guardian"]
        )
        AuditEntry.objects.create(
            content_type=kind,
            object_pk=str(student.student_profile.pk),
            object_repr="x",
            action=3,
            actor=coach,
            student=student,
            centre=paris,
        )


@pytest.mark.parametrize("url", ["/privacy/requests/?status=all", "/audit/", "/privacy/"])
def test_pages_read_the_same_queries_at_two_sizes(world: Any, url: str) -> None:
    who = world["paris"]["guardian"] if url == "/privacy/" else world["paris"]["manager"]
    client = login(who)
    _more(world, 2)
    client.get(url)  # warm the per-process caches (content types)
    few = queries_of(client, url)
    _more(world, 6)
    many = queries_of(client, url)
    assert few == many, (url, few, many)


def _more_sessions(user: Any, n: int) -> None:
    now = timezone.now()
    for i in range(n):
        SignInSession.objects.create(
            user=user,
            session_key=f"k{user.pk}-{SignInSession.objects.count()}-{i}",
            user_agent="Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/130.0",
            address="203.0.113.0",
            last_seen_at=now,
        )


@pytest.mark.parametrize("role", ["manager", "guardian", "student"])
def test_my_sessions_reads_the_same_queries_at_two_sizes(world: Any, role: str) -> None:
    who = world["paris"][role]
    client = login(who)
    _more_sessions(who, 2)
    client.get("/accounts/sessions/")
    few = queries_of(client, "/accounts/sessions/")
    _more_sessions(who, 6)
    many = queries_of(client, "/accounts/sessions/")
    assert few == many, (few, many)


def test_two_factor_and_retention_pages_do_not_grow(world: Any) -> None:
    """Two-factor's page with its recovery codes (more codes, same queries); the retention
    rules of the network admin's networks (more networks, same queries)."""
    admin = world.admin
    client = login(admin)
    client.get("/accounts/two-factor/")
    client.get("/privacy/retention/")
    few = (queries_of(client, "/accounts/two-factor/"), queries_of(client, "/privacy/retention/"))
    device = StaticDevice.objects.create(user=admin, name="recovery")
    for i in range(10):
        device.token_set.create(token=f"code{i:04d}")
    for i in range(4):
        Network.objects.create(name=f"Réseau {i}", slug=f"reseau-{i}")
    many = (queries_of(client, "/accounts/two-factor/"), queries_of(client, "/privacy/retention/"))
    assert few == many, (few, many)
