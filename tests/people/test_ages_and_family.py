from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from parcours.people.ages import ADULT_AGE, age_on, is_adult
from parcours.people.models import Role
from parcours.people.selectors import access_for
from tests import factories as f


def test_adulthood_starts_on_the_eighteenth_birthday():
    born = dt.date(2008, 12, 3)
    assert not is_adult(born, dt.date(2026, 12, 2))
    assert is_adult(born, dt.date(2026, 12, 3))


def test_a_leap_day_birthday_counts_from_the_first_of_march():
    born = dt.date(2008, 2, 29)
    assert age_on(born, dt.date(2026, 2, 28)) == 17
    assert age_on(born, dt.date(2026, 3, 1)) == 18


def test_is_adult_reads_a_student_or_their_profile(world):
    student = world["paris"]["student"]
    day = student.student_profile.birth_date.replace(
        year=student.student_profile.birth_date.year + 18
    )
    assert is_adult(student, day) and is_adult(student.student_profile, day)
    assert not is_adult(student, day - dt.timedelta(days=1))
    assert is_adult(world["paris"]["coach"], day)  # no birth date: staff are adults


@given(
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.integers(min_value=0, max_value=30000),
)
def test_age_grows_by_one_each_birthday(born, days):
    day = born + dt.timedelta(days=days)
    years = age_on(born, day)
    assert 0 <= years <= days // 365
    assert is_adult(born, day) == (years >= ADULT_AGE)


def test_family_is_the_student_and_their_guardians_only(world, django_assert_num_queries):
    paris = world["paris"]
    guardian, student = paris["guardian"], paris["student"]
    access = access_for(guardian)
    with django_assert_num_queries(1):  # read once, then kept for the request
        assert access.ward_ids == frozenset({student.pk})
        assert access.is_family_of(student.pk)
    assert not access.is_family_of(paris["other_student"].pk)
    assert access_for(student).is_family_of(student.pk)
    assert not access_for(student).is_family_of(paris["other_student"].pk)
    assert not access_for(paris["coach"]).is_family_of(student.pk)
    assert not access_for(world["liege"]["guardian"]).is_family_of(student.pk)
    assert not access_for(None).is_family_of(student.pk)
    other_guardian = f.member(Role.GUARDIAN, world.paris, username="g2")
    assert access_for(other_guardian).ward_ids == frozenset()


def test_only_a_guardian_pays_a_query_for_the_family(world, django_assert_num_queries):
    paris = world["paris"]
    staff_and_student = [access_for(paris[who]) for who in ("manager", "coach", "student")]
    with django_assert_num_queries(0):  # no guardian role: no link to read
        for access in staff_and_student:
            assert access.ward_ids == frozenset()
    assert staff_and_student[2].family_ids == frozenset({paris["student"].pk})
