"""The demo network follows the seeds' figures and is deterministic per seed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from parcours.catalogue.models import Activity, CentreFocusArea, Framework
from parcours.centres.models import Centre
from parcours.consents.models import ConsentRecord
from parcours.people.models import Membership, Role, StudentProfile, User


@pytest.fixture
def demo(transactional_db):
    call_command("demo-data", "--students", "400", "--seed", "7")


def test_demo_network_matches_the_seeds(demo):
    assert set(Centre.objects.values_list("slug", flat=True)) == {"paris", "liege"}
    for slug in ("paris", "liege"):
        assert CentreFocusArea.objects.filter(centre__slug=slug, is_offered=True).count() == 8
    paris = Centre.objects.get(slug="paris")
    assert Membership.objects.filter(centre=paris, role=Role.COACH).count() == 11
    assert Membership.objects.filter(centre=paris, role=Role.EXPERT).count() == 16
    profiles = StudentProfile.objects.filter(user__is_active=True)
    assert profiles.count() == 400
    girls = profiles.filter(gender="female").count() / 400
    social = sum(p.social_field for p in profiles) / 400
    assert 0.35 <= girls <= 0.50, girls
    assert 0.35 <= social <= 0.50, social
    ages = {p.age_on(dt.date(2026, 9, 1)) for p in profiles}
    assert ages <= set(range(12, 19))
    assert Activity.objects.count() >= 12 * 15
    assert Framework.objects.filter(key="ai-grid-cnc-afdas").exists()
    # every minor has a guardian's enrolment consent
    assert ConsentRecord.objects.filter(kind="enrolment", student__is_active=True).count() == 400


def test_demo_logins_exist_with_their_roles(demo):
    for username, role in [
        ("student", "student"),
        ("guardian", "guardian"),
        ("coach", "coach"),
        ("expert", "expert"),
        ("manager", "manager"),
        ("admin", "network_admin"),
    ]:
        user = User.objects.get(username=username)
        assert user.check_password("parcours-demo")
        assert Membership.objects.filter(user=user, role=role).exists()
    student = User.objects.get(username="student")
    assert student.guardians.get().guardian.username == "guardian"
    assert student.coaches.get().coach.username == "coach"


def test_same_seed_same_data(transactional_db):
    call_command("demo-data", "--students", "60", "--seed", "3")
    first = list(
        StudentProfile.objects.order_by("user__username").values_list(
            "user__username", "birth_date", "gender", "postcode"
        )
    )
    call_command("demo-data", "--students", "60", "--seed", "3")
    second = list(
        StudentProfile.objects.order_by("user__username").values_list(
            "user__username", "birth_date", "gender", "postcode"
        )
    )
    assert first == second


def test_demo_has_an_open_lab_cycle_the_demo_student_can_apply_to(demo):
    from parcours.labs import selectors
    from parcours.labs.models import Lab, LabCycle

    for slug in ("paris", "liege"):
        cycle = LabCycle.objects.get(centre__slug=slug)
        assert cycle.status == "open"
        assert Lab.objects.filter(cycle=cycle).count() == 8  # one level-1 lab per area
    student = User.objects.get(username="student")
    options = selectors.options_for(student, LabCycle.objects.get(centre__slug="paris"))
    assert options.open_labs, "the demo student has finished level 1 of one area"
    assert options.closed_labs  # the others say why (level not finished)
