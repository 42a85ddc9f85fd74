"""The early warning's fixtures: a centre whose weeks since September are known."""

from __future__ import annotations

import datetime as dt

from parcours.attendance.models import CheckIn
from parcours.schedule.models import Session, Slot
from tests import factories as f
from tests.attendance.conftest import enrol

# A Monday in the school year (weeks from 1 September 2026: Monday 31 August is week 1).
DAY = dt.date(2026, 11, 23)


def weekly(world, slot, weeks: int) -> list[Session]:
    """One session a week from the year's first Tuesday to the week before ``DAY``."""
    zone = world.paris.zone
    first = dt.datetime(2026, 9, 1, 17, 0, tzinfo=zone)
    return [
        Session.objects.create(
            centre=world.paris,
            slot=slot,
            starts_at=first + dt.timedelta(days=7 * k),
            ends_at=first + dt.timedelta(days=7 * k, hours=3),
        )
        for k in range(weeks)
    ]


def build_centre(world):
    """Paris: 12 students in a weekly slot since September; the student (coached by the
    coach) stopped coming three weeks ago, the others came every week."""
    slot = Slot.objects.create(centre=world.paris, label="Mardi", seats=30)
    students = [world["paris"]["student"], world["paris"]["other_student"]]
    students += [f.student(world.paris, username=f"regular-{k}") for k in range(10)]
    for s in students:
        enrol(s, slot, 2026)
    sessions = weekly(world, slot, 12)  # weeks 1 to 12; DAY is in week 13
    rows = []
    for session in sessions:
        for s in students:
            if s == students[0] and session.starts_at.date() >= dt.date(2026, 11, 2):
                continue  # the last three weeks without a visit
            rows.append(
                CheckIn(
                    centre=world.paris,
                    session=session,
                    student=s,
                    present=True,
                    checked_in_at=session.starts_at,
                )
            )
    CheckIn.objects.bulk_create(rows)
    return {"slot": slot, "students": students, "sessions": sessions}
