from __future__ import annotations

import pytest

from parcours.attendance.models import AttendanceSettings
from tests.conftest import login

GOOD = {"opens_before_minutes": "20", "late_after_minutes": "5", "absence_streak": "2"}


def test_manager_sets_the_rules_once(world):
    client = login(world["paris"]["manager"])
    assert client.get("/attendance/settings/paris/").status_code == 200
    assert client.post("/attendance/settings/paris/", GOOD).status_code == 302
    assert client.post("/attendance/settings/paris/", GOOD).status_code == 302
    row = AttendanceSettings.objects.get(centre=world.paris)
    assert (row.opens_before_minutes, row.late_after_minutes, row.absence_streak) == (20, 5, 2)


@pytest.mark.parametrize(
    "bad",
    [
        {"absence_streak": "0"},
        {"absence_streak": "99"},
        {"opens_before_minutes": "-1"},
        {"late_after_minutes": "x"},
    ],
)
def test_bad_rules_are_refused_and_change_nothing(world, bad):
    response = login(world["paris"]["manager"]).post("/attendance/settings/paris/", {**GOOD, **bad})
    assert response.status_code == 400
    assert not AttendanceSettings.objects.filter(centre=world.paris).exists()


@pytest.mark.parametrize(
    ("centre", "role", "status"),
    [
        ("paris", "coach", 403),
        ("paris", "expert", 403),
        ("paris", "student", 403),
        ("paris", "guardian", 403),
        ("liege", "manager", 404),
    ],
)
def test_only_the_centre_manager_sets_them(world, centre, role, status):
    client = login(world[centre][role])
    assert client.post("/attendance/settings/paris/", GOOD).status_code == status
    assert not AttendanceSettings.objects.exists()
