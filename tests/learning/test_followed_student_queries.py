"""A followed student's page (their coach, family, centre staff) reads a fixed number of
queries whatever the student's history: more projects, reviewed or not, in more areas, read
nothing more (issue 13's rule for every page, pinned at two sizes)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parcours.learning.models import SubmissionStatus
from tests import factories as f
from tests.conftest import login

pytestmark = pytest.mark.django_db

STATUSES = [SubmissionStatus.SUBMITTED, SubmissionStatus.CHANGES, SubmissionStatus.APPROVED]


def projects(student, reviewer, start: int, n: int) -> None:
    for k in range(start, start + n):
        status = STATUSES[k % 3]
        reviewed = (
            {}
            if status == SubmissionStatus.SUBMITTED
            else {"reviewer": reviewer, "comment": f"Review {k}"}
        )
        f.submission(student, f"followed-{k}", status=status, days_ago=k % 20, **reviewed)


@pytest.mark.parametrize("who", ["coach", "guardian", "manager"])
def test_the_followed_student_page_reads_do_not_grow(world, who):
    student, coach = world["paris"]["student"], world["paris"]["coach"]
    client = login(world["paris"][who])
    url = f"/learn/students/{student.uuid}/"
    client.get(url)  # the session's first read of the language and the zone

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    projects(student, coach, 0, 3)
    small = count()
    projects(student, coach, 3, 12)
    assert count() == small
