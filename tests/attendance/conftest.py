"""Attendance fixtures: a weekly slot in Paris with dated sessions around a moment, two
registered students with badges, and the same in Liège for the other-centre checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from parcours.attendance import services
from parcours.enrolment import years
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.schedule.models import Session, Slot


def enrol(student: Any, slot: Slot, year: int | None = None) -> Enrolment:
    return Enrolment.objects.create(
        centre=slot.centre,
        student=student,
        school_year=year or years.current_school_year(slot.centre),
        status=EnrolmentStatus.REGISTERED,
        slot=slot,
        submitted_by="guardian",
        request_key=f"k-{student.pk}",
        person_key=f"p-{student.pk}",
    )


def session_at(slot: Slot, start: dt.datetime, hours: int = 3) -> Session:
    return Session.objects.create(
        centre=slot.centre, slot=slot, starts_at=start, ends_at=start + dt.timedelta(hours=hours)
    )


@dataclass
class Att:
    world: Any
    slot: Slot
    now: dt.datetime
    current: Session
    past: list[Session]  # latest first
    future: Session
    codes: dict[str, str]
    liege_code: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.world, name)

    def __getitem__(self, key: str) -> dict[str, Any]:
        return self.world[key]


def build(world: Any, now: dt.datetime) -> Att:
    paris = world.paris
    slot = Slot.objects.create(centre=paris, label="Mardi soir", seats=20)
    midnight = dt.datetime.combine(now.astimezone(paris.zone).date(), dt.time.min, paris.zone)
    start = max(now - dt.timedelta(minutes=10), midnight)
    current = session_at(slot, start)
    past = [session_at(slot, start - dt.timedelta(days=7 * k)) for k in range(1, 5)]
    future = session_at(slot, start + dt.timedelta(days=7))
    manager = world["paris"]["manager"]
    codes = {}
    for key in ("student", "other_student"):
        student = world["paris"][key]
        enrol(student, slot, years.school_year_of(start.astimezone(paris.zone).date()))
        codes[key] = services.badge_issue(actor=manager, student=student).code
    liege_slot = Slot.objects.create(centre=world.liege, label="Lundi", seats=20)
    enrol(world["liege"]["student"], liege_slot)
    liege_code = services.badge_issue(
        actor=world["liege"]["manager"], student=world["liege"]["student"]
    ).code
    return Att(world, slot, now, current, past, future, codes, liege_code)


# A Tuesday at 17:05 in Paris, during the school year: the service tests pass it as `now`.
NOW = dt.datetime(2026, 11, 17, 17, 5, tzinfo=dt.UTC).astimezone(dt.UTC)


@pytest.fixture
def att(world: Any) -> Att:
    """Sessions around a fixed moment (services take ``now``)."""
    return build(world, NOW)


@pytest.fixture
def live(world: Any) -> Att:
    """Sessions around the real clock (pages and the API use it)."""
    return build(world, timezone.now())
