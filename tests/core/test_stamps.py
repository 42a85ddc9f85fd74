"""Version stamps (core.stamps, ADR 31): several read in one query and once per request, a
write renews them at once (and again on commit), and what is kept under a stamp is never
served after the data it was read from changed: a centre's closed days, slots and lab cycles."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcours.attendance import selectors as attendance
from parcours.attendance.models import AttendanceSettings
from parcours.core import stamps
from parcours.labs import selectors as labs
from parcours.labs.choices import CycleStatus
from parcours.labs.models import LabCycle
from parcours.schedule import selectors as schedule
from parcours.schedule.models import ClosedDays, Slot, SlotMeeting


def _count(call):
    with CaptureQueriesContext(connection) as ctx:
        value = call()
    return len(ctx), value


def test_several_stamps_are_one_read_and_a_request_reads_each_once(db):
    first = stamps.read("catalogue", "centre:1", "centre:2")  # never set: made
    assert set(first) == {"catalogue", "centre:1", "centre:2"}
    n, again = _count(lambda: stamps.read("catalogue", "centre:1", "centre:2"))
    assert n == 1 and again == first  # outside a request: read each time, the same values
    with stamps.request_scope():
        n, inside = _count(lambda: stamps.read("catalogue", "centre:1"))
        assert n == 1 and inside == {k: first[k] for k in ("catalogue", "centre:1")}
        n, _ = _count(lambda: (stamps.stamp("catalogue"), stamps.stamp("centre:1")))
        assert n == 0  # once per request
        stamps.bump("centre:1")  # a write in the request is seen by the rest of it
        assert stamps.stamp("centre:1") != first["centre:1"]
    assert stamps.stamp("centre:1") != first["centre:1"]  # and by every later request
    assert stamps.stamp("centre:2") == first["centre:2"]  # nothing else


def test_a_kept_value_is_made_again_after_a_bump_only(db):
    made = []

    def make():
        made.append(1)
        return len(made)

    assert stamps.cached("centre:9", "x", make) == 1
    assert stamps.cached("centre:9", "x", make) == 1  # kept
    assert stamps.cached("centre:9", "y", make) == 2  # another key
    stamps.bump("centre:9")
    assert stamps.cached("centre:9", "x", make) == 3  # the stamp moved: made again


def test_a_closed_day_saved_or_deleted_is_seen_at_once(world):
    paris = world.paris
    day = timezone.localdate() + dt.timedelta(days=3)
    assert not schedule.day_status(paris, day).closed
    n, _ = _count(lambda: schedule.day_status(paris, day))
    assert n == 1  # the stamp; the day's status is kept
    period = ClosedDays.objects.create(
        centre=paris, first_day=day, last_day=day, kind="public", label="Armistice"
    )
    status = schedule.day_status(paris, day)
    assert status.closed and status.label == "Armistice"
    period.label = "Fête"
    period.save()
    assert schedule.day_status(paris, day).label == "Fête"
    period.delete()
    assert not schedule.day_status(paris, day).closed
    # another centre's closure is not Paris's
    ClosedDays.objects.create(
        centre=world.liege, first_day=day, last_day=day, kind="public", label="Liège"
    )
    assert not schedule.day_status(paris, day).closed


def test_slots_and_their_meetings_follow_their_writes(world):
    paris = world.paris
    slot = Slot.objects.create(centre=paris, label="Mercredi", seats=20)
    assert list(schedule.slots_by_id(paris.pk)[slot.pk].meetings.all()) == []
    meeting = SlotMeeting.objects.create(
        slot=slot, weekday=2, starts_at=dt.time(14), ends_at=dt.time(16)
    )
    assert [m.pk for m in schedule.slots_by_id(paris.pk)[slot.pk].meetings.all()] == [meeting.pk]
    slot.label = "Mercredi après-midi"
    slot.save()
    assert schedule.slots_by_id(paris.pk)[slot.pk].label == "Mercredi après-midi"
    meeting.delete()
    assert list(schedule.slots_by_id(paris.pk)[slot.pk].meetings.all()) == []
    assert slot.pk not in schedule.slots_by_id(world.liege.pk)
    SlotMeeting.objects.create(slot=slot, weekday=3, starts_at=dt.time(14), ends_at=dt.time(16))
    slot.delete()  # its meetings go with it (a cascade: each meeting's stamp read safely)
    assert slot.pk not in schedule.slots_by_id(paris.pk)


def test_a_centres_current_cycles_follow_their_status(world):
    paris, today = world.paris, timezone.localdate()
    now = timezone.now()
    cycle = LabCycle.objects.create(
        centre=paris,
        name="Printemps",
        starts_on=today,
        ends_on=today + dt.timedelta(days=60),
        applications_open_at=now,
        applications_close_at=now + dt.timedelta(days=5),
        status=CycleStatus.DRAFT,
    )
    assert labs.current_cycles(paris, today) == []  # a draft is nobody's yet
    cycle.status = CycleStatus.OPEN
    cycle.save()
    assert [c.pk for c in labs.current_cycles(paris, today)] == [cycle.pk]
    assert labs.current_cycles(world.liege, today) == []
    # the day is part of the key: once over, the cycle is gone
    assert labs.current_cycles(paris, today + dt.timedelta(days=61)) == []


def test_a_centres_attendance_rules_are_kept_and_a_change_is_seen_at_once(world):
    paris = world.paris
    default = attendance.settings_for(paris)
    assert default.pk is None  # none set: the defaults
    rules = AttendanceSettings.objects.create(centre=paris, opens_before_minutes=25)
    assert attendance.settings_for(paris).opens_before_minutes == 25
    mine = attendance.settings_for(paris)
    mine.opens_before_minutes = 5  # a caller's copy (a form) changes nothing kept
    assert attendance.settings_for(paris).opens_before_minutes == 25
    rules.opens_before_minutes = 40
    rules.save()
    assert attendance.settings_for(paris).opens_before_minutes == 40
