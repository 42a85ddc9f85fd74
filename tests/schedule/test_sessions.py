from __future__ import annotations

import datetime as dt

from django.utils import timezone

from parcours.schedule.models import ClosedDays, Session, Slot, SlotMeeting
from parcours.schedule.services import sessions_ensure
from tests.conftest import login


def make_slot(centre):
    slot = Slot.objects.create(centre=centre, label="Mercredi", seats=20)
    SlotMeeting.objects.create(
        slot=slot, weekday=2, starts_at=dt.time(14, 0), ends_at=dt.time(17, 0)
    )
    return slot


def test_sessions_are_dated_in_the_centre_time_zone_across_dst(world):
    make_slot(world.paris)
    # 2026-10-21 is before the switch to winter time, 2026-10-28 after.
    created = sessions_ensure(
        centre=world.paris, first=dt.date(2026, 10, 19), last=dt.date(2026, 11, 1)
    )
    assert created == 2
    before, after = Session.objects.order_by("starts_at")
    assert before.starts_at.astimezone(dt.UTC).hour == 12  # 14:00 in Paris, UTC+2
    assert after.starts_at.astimezone(dt.UTC).hour == 13  # 14:00 in Paris, UTC+1
    assert (before.ends_at - before.starts_at) == dt.timedelta(hours=3)


def test_generation_is_idempotent_and_skips_closed_days(world):
    make_slot(world.paris)
    ClosedDays.objects.create(
        centre=world.paris,
        first_day=dt.date(2026, 10, 17),
        last_day=dt.date(2026, 11, 1),
        kind="holiday",
        label="Vacances de la Toussaint",
    )
    first = sessions_ensure(
        centre=world.paris, first=dt.date(2026, 10, 1), last=dt.date(2026, 11, 30)
    )
    again = sessions_ensure(
        centre=world.paris, first=dt.date(2026, 10, 1), last=dt.date(2026, 11, 30)
    )
    days = [
        s.starts_at.astimezone(world.paris.zone).date()
        for s in Session.objects.order_by("starts_at")
    ]
    assert again == 0 and first == len(days) == 6  # 8 Wednesdays, 2 in the holidays
    assert dt.date(2026, 10, 21) not in days and dt.date(2026, 10, 28) not in days


def test_the_week_shows_the_centres_times_and_past_sessions_outcome_only(world):
    """Times in the centre's zone for every reader (a network admin's own zone is not the
    centre's), and a session that has ended shows that it took place, without a Cancel."""
    make_slot(world.paris)
    today = timezone.localdate(timezone=world.paris.zone)
    past_monday = today - dt.timedelta(days=today.weekday() + 14)
    next_monday = today + dt.timedelta(days=7 - today.weekday())
    sessions_ensure(centre=world.paris, first=past_monday, last=past_monday + dt.timedelta(6))
    sessions_ensure(centre=world.paris, first=next_monday, last=next_monday + dt.timedelta(6))
    for who in (world.admin, world["paris"]["manager"]):
        client = login(who)
        for monday in (past_monday, next_monday):
            page = client.get(
                f"/schedule/paris/week/?week={monday:%Y-%m-%d}", HTTP_ACCEPT_LANGUAGE="en"
            )
            html = page.content.decode()
            assert page.status_code == 200 and "14:00–17:00" in html, html
            if monday == past_monday:
                assert "took place" in html and "Cancel the session" not in html
            else:
                assert "planned" in html and "Cancel the session" in html
