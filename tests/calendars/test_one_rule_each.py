"""Calendar feeds say "the student or their guardian" through ``access_for(user).family_ids``:
the guardian links are read once per feed, not once per question."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from parcours.calendars import services
from parcours.calendars.permissions import purposes_for
from parcours.enrolment import years
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.people.selectors import access_for
from tests.conftest import login
from tests.enrolment.conftest import make_slot


def test_a_guardians_feed_reads_the_family_once(world):
    guardian, ward = world["paris"]["guardian"], world["paris"]["student"]
    slot = make_slot(world.paris, "Mardi", 10, weekday=1)
    Enrolment.objects.create(
        centre=world.paris, student=ward, school_year=years.current_school_year(world.paris),
        status=EnrolmentStatus.REGISTERED, slot=slot, submitted_by="guardian",
        request_key="k", person_key="p",
    )  # fmt: skip
    raw = services.token_issue(actor=guardian, purpose="student").raw
    with CaptureQueriesContext(connection) as seen:
        response = login(None).get(f"/calendars/{raw}.ics")
    assert response.status_code == 200
    events = [c for c in Calendar.from_ical(response.content).walk() if c.name == "VEVENT"]
    assert events and all("Mardi" in str(e["SUMMARY"]) for e in events)
    links = [q["sql"] for q in seen.captured_queries if "guardianlink" in q["sql"].lower()]
    assert len(links) == 1, links  # the sessions and the labs share the one read


def test_who_gets_a_student_feed_is_the_family(world):
    assert purposes_for(world["paris"]["student"]) == ["student"]
    assert purposes_for(world["paris"]["guardian"]) == ["student"]
    assert purposes_for(world["paris"]["coach"]) == ["staff"]
    lone = world["paris"]["guardian"]
    lone.wards.all().delete()  # a guardian with no ward (any more) gets no student feed
    del lone._parcours_access  # a new request reads the access again
    assert access_for(lone).ward_ids == frozenset()
    assert purposes_for(lone) == []
