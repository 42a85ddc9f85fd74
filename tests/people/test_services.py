from __future__ import annotations

from parcours.people.models import CoachAssignment, Membership, Role
from parcours.people.services import (
    coach_assign_least_loaded,
    normalise_name,
    role_grant,
    unique_username,
    user_create,
)
from tests import factories as f


def test_new_students_go_to_the_least_loaded_coach(world):
    busy = world["paris"]["coach"]  # already follows the world's student
    free = f.member(Role.COACH, world.paris, username="free-coach")
    newcomer = f.student(world.paris, username="newcomer")
    assignment = coach_assign_least_loaded(student=newcomer, centre=world.paris)
    assert assignment.coach == free
    # Repeating keeps the same coach; the next one goes to the now-equal, longer-serving coach.
    assert coach_assign_least_loaded(student=newcomer, centre=world.paris).coach == free
    other = f.student(world.paris, username="other-newcomer")
    assert coach_assign_least_loaded(student=other, centre=world.paris).coach == busy
    assert CoachAssignment.objects.filter(student=newcomer).count() == 1


def test_no_coach_no_assignment(world):
    Membership.objects.filter(role=Role.COACH).update(is_active=False)
    assert (
        coach_assign_least_loaded(student=f.student(world.paris, username="x"), centre=world.paris)
        is None
    )


def test_usernames_are_unique_and_readable(db):
    first = user_create(first_name="Inès", last_name="Benali")
    second = user_create(first_name="Ines", last_name="Benali")
    assert first.username == "ines-benali" and second.username == "ines-benali-2"
    assert not first.has_usable_password()


def test_role_grant_is_idempotent(world):
    user = world["paris"]["student"]
    a = role_grant(user=user, role=Role.GUARDIAN, centre=world.paris)
    b = role_grant(user=user, role=Role.GUARDIAN, centre=world.paris)
    assert a.pk == b.pk


def test_normalise_name():
    assert normalise_name("  Jean-Édouard  DUPONT ") == normalise_name("jean edouard dupont")


def test_an_empty_name_still_gets_a_username(db):
    assert unique_username("", "") == "user"
