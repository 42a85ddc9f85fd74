"""Coaching in a real browser (English UI): the coach, on a school PC, reads on their home
which student the early warning flags and why, opens the student's follow-up, writes a staff
note and a note shared with the family, plans an action, closes the alert with what
happened, and finds it all on the student's timeline. The guardian, on a 390-px phone, reads
the shared note and never the staff one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from parcours.coaching.models import Action, Note
from parcours.people.models import CoachAssignment, Role, User
from parcours.risk import services as risk_services
from parcours.risk.models import Alert
from parcours.schedule.models import Slot
from tests import factories as f
from tests.attendance.conftest import enrol
from tests.browser.conftest import sign_in
from tests.conftest import build_world
from tests.risk.conftest import DAY, build_centre

pytestmark = pytest.mark.browser


def test_the_coach_follows_a_flagged_student_from_home_to_timeline(
    new_page: Any, transactional_db: Any
) -> None:
    world = build_world()
    paris = world["paris"]
    for person in (paris["coach"], paris["guardian"]):
        User.objects.filter(pk=person.pk).update(preferred_language="en")
    build_centre(world)
    risk_services.score_centre(centre=world.paris, day=DAY)
    student = paris["student"]

    coach = new_page(1366)
    sign_in(coach, "paris-coach")
    main = coach.locator("main")
    alerts = coach.locator("section", has=coach.get_by_role("heading", name="Early warning"))
    assert "absent 3 weeks in a row" in alerts.inner_text()
    alerts.get_by_role("link", name=f"{student.first_name} {student.last_name}").click()
    coach.wait_for_url(f"{coach.base}/coaching/students/{student.uuid}/")
    assert "absent 3 weeks in a row" in main.inner_text()

    # a staff note, then one shared with the family
    coach.locator("#note_body").fill("Seems tired; his sister says exams.")
    coach.get_by_role("button", name="Save the note").click()
    coach.get_by_text("Note saved (staff only).").wait_for()
    coach.get_by_text("Write a note", exact=True).click()
    coach.locator("#note_body").fill("We miss you at the studio: come back Tuesday!")
    coach.get_by_label("Share with the student and their family").check()
    coach.get_by_role("button", name="Save the note").click()
    coach.get_by_text("Note saved, shared with the student and family.").wait_for()

    # an action, due in two days, the coach's own by default
    due = timezone.localdate() + dt.timedelta(days=2)
    coach.get_by_text("Plan an action").click()
    coach.get_by_label("What to do").fill("Call the family")
    coach.get_by_label("Due on").fill(due.isoformat())
    coach.get_by_role("button", name="Plan the action").click()
    coach.get_by_text("Action planned: Call the family.").wait_for()
    assert "Call the family" in coach.locator("#actions").inner_text()

    # the alert closed with its outcome, from the student's page
    coach.get_by_text("Close the alert…").click()
    coach.get_by_label("What happened").select_option("contacted")
    coach.get_by_label("Note (staff only)").fill("Called: back next week.")
    coach.get_by_role("button", name="Close the alert").click()
    coach.get_by_text(f"The alert on {student.first_name} is closed.").wait_for()
    coach.wait_for_url(f"{coach.base}/coaching/students/{student.uuid}/")

    coach.get_by_role("link", name="Timeline").click()
    coach.wait_for_url(f"{coach.base}/coaching/students/{student.uuid}/timeline/")
    text = main.inner_text()
    for expected in (
        "Alert closed: contacted",
        "Action planned: Call the family",
        "Note by",
        "We miss you at the studio",
        "Came to the session",
    ):
        assert expected in text, expected
    coach.get_by_label("Show").select_option("attendance")
    coach.get_by_role("button", name="Apply").click()
    coach.wait_for_url("**strand=attendance**")
    coach.get_by_text("Came to the session").first.wait_for()
    assert "Note by" not in main.inner_text()

    assert Note.objects.filter(student=student).count() == 2
    action = Action.objects.get(student=student)
    assert (action.owner_id, action.due_on) == (paris["coach"].pk, due)
    assert Alert.objects.get(student=student).outcome == "contacted"

    family = new_page(390)
    sign_in(family, "paris-guardian")
    family.goto(f"{family.base}/coaching/shared/")
    shared = family.locator("main").inner_text()
    assert "We miss you at the studio" in shared and "Seems tired" not in shared
    response = family.goto(f"{family.base}/coaching/students/{student.uuid}/")
    assert response is not None and response.status == 404


def test_the_manager_evens_out_the_caseloads_after_a_preview(
    new_page: Any, transactional_db: Any
) -> None:
    world = build_world()
    paris = world["paris"]
    User.objects.filter(pk=paris["manager"].pk).update(preferred_language="en")
    slot = Slot.objects.create(centre=world.paris, label="Saturday", seats=40)
    students = [paris["student"]] + [
        f.student(world.paris, coach=paris["coach"], username=f"followed-{k}") for k in range(3)
    ]
    for s in students:
        enrol(s, slot)
    f.member(Role.COACH, world.paris, username="paris-coach-2", first_name="Zoé")

    manager = new_page(390)
    sign_in(manager, "paris-manager")
    manager.get_by_role("link", name="Menu").click()
    manager.get_by_role("link", name="Caseloads").click()
    manager.wait_for_url(f"{manager.base}/coaching/caseloads/{world.paris.slug}/")
    manager.get_by_role("button", name="Even out the caseloads…").click()
    manager.get_by_role("heading", name="2 changes of coach").wait_for()
    manager.get_by_role("button", name="Save these changes").click()
    manager.get_by_text("2 students have a new coach.").wait_for()
    loads = {
        c.username: CoachAssignment.objects.filter(coach=c).count()
        for c in User.objects.filter(username__in=["paris-coach", "paris-coach-2"])
    }
    assert loads == {"paris-coach": 2, "paris-coach-2": 2}
