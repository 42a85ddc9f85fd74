"""Writes of the schedule: materialising dated sessions from the weekly slots."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from parcours.centres.models import Centre
from parcours.schedule.models import ClosedDays, Session, SessionKind, SlotMeeting


def closed_dates(centre: Centre, first: dt.date, last: dt.date) -> set[dt.date]:
    days: set[dt.date] = set()
    for period in ClosedDays.objects.filter(
        centre=centre, first_day__lte=last, last_day__gte=first
    ):
        day = max(period.first_day, first)
        while day <= min(period.last_day, last):
            days.add(day)
            day += dt.timedelta(days=1)
    return days


@transaction.atomic
def sessions_ensure(*, centre: Centre, first: dt.date, last: dt.date) -> int:
    """Create the regular sessions of every slot meeting between two dates (inclusive), in
    the centre's time zone, skipping non-working days. Idempotent: existing sessions are
    kept; returns how many were created."""
    zone = centre.zone
    closed = closed_dates(centre, first, last)
    meetings = list(SlotMeeting.objects.filter(slot__centre=centre).select_related("slot"))
    wanted: list[Session] = []
    day = first
    while day <= last:
        if day not in closed:
            for m in meetings:
                if m.weekday == day.weekday():
                    wanted.append(
                        Session(
                            centre=centre,
                            slot=m.slot,
                            kind=SessionKind.REGULAR,
                            starts_at=dt.datetime.combine(day, m.starts_at, tzinfo=zone),
                            ends_at=dt.datetime.combine(day, m.ends_at, tzinfo=zone),
                        )
                    )
        day += dt.timedelta(days=1)
    before = Session.objects.filter(centre=centre).count()
    Session.objects.bulk_create(wanted, ignore_conflicts=True, batch_size=1000)
    return Session.objects.filter(centre=centre).count() - before


def local(value: dt.datetime, centre: Any) -> dt.datetime:
    return value.astimezone(centre.zone)
