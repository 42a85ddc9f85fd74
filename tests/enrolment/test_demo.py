"""The demo's enrolment rows: every demo student registered this year within the slots'
seats, a history for about a third, about 40 pending requests per centre."""

from __future__ import annotations

import pytest
from django.db.models import Count
from tests.conftest import demo_for_module

from parcours.centres.models import Centre
from parcours.consents.models import ConsentRecord
from parcours.enrolment import selectors, years
from parcours.enrolment.models import Enrolment
from parcours.people.models import StudentProfile, User
from parcours.schedule.models import Slot


@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker):
    with demo_for_module(django_db_blocker, "--students", "300", "--seed", "5"):
        yield


@pytest.fixture
def demo(_demo_once, db):
    """Each test reads the module's demo in a transaction that is rolled back."""


def test_demo_enrolments(demo):
    for centre in Centre.objects.all():
        year = years.current_school_year(centre)
        mine = Enrolment.objects.filter(centre=centre)
        active = StudentProfile.objects.filter(centre=centre, user__is_active=True)
        registered = mine.filter(school_year=year, status="registered")
        # Every demo student is registered this year, once, but those who left during the
        # autumn (withdrawn by the centre: at most a quarter at the tests' small size).
        left = mine.filter(school_year=year, status="withdrawn", withdrawn_by="staff")
        this_year = mine.filter(school_year=year, status__in=["registered", "withdrawn"])
        assert this_year.count() == active.count()
        assert set(this_year.values_list("student_id", flat=True)) == set(
            active.values_list("user_id", flat=True)
        )
        assert 0 < left.count() <= 0.25 * active.count()
        assert not left.filter(decided_at__isnull=True).exists()
        # No slot is overbooked.
        for slot in Slot.objects.filter(centre=centre):
            assert registered.filter(slot=slot).count() <= slot.seats
        # Last year for about a third, pointing forward from this year's rows.
        history = mine.filter(school_year=year - 1)
        assert 0.2 * active.count() <= history.count() <= 0.45 * active.count()
        assert this_year.filter(previous__isnull=False).count() == history.count()
        # About 40 pending requests: inactive accounts, some still waiting for consent,
        # some flagged as possible duplicates.
        pending = mine.filter(school_year=year, status="pre_registered")
        assert pending.count() == 40
        assert not User.objects.filter(pk__in=pending.values("student_id"), is_active=True)
        consented = ConsentRecord.objects.filter(
            student__in=pending.values("student_id"), kind="enrolment"
        ).count()
        assert 10 <= consented <= 35
        facts = selectors.with_facts(pending)
        assert facts.filter(duplicate_count__gt=0).count() >= 2
        # Keys match the service's: re-submitting a demo request is caught as a duplicate.
        assert (
            mine.values("centre", "school_year", "request_key")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .count()
            == 0
        )


def test_demo_guardian_sees_history_and_can_re_enrol(demo):
    guardian = User.objects.get(username="guardian")
    student = User.objects.get(username="student")
    ward = selectors.ward_years(user=guardian, student_id=student.pk)
    assert [e.school_year for e in ward.history] == [
        ward.next_year - 1,
        ward.next_year - 2,
    ]
    assert ward.can_reenrol is not None
