"""The privacy and audit pages read the same number of queries for a few rows as for many
(issue 12): the manager's erasure requests and audit log, a family's My data."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from parcours.audit.models import AuditEntry
from parcours.people.models import StudentProfile
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
