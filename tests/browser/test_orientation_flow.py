"""The orientation programme in a real browser (issue 17): the student volunteers on her
phone; her coach, on a PC, reads her page, writes a staff-only note and a shared one, and
moves her on to crystallisation; she sees the new stage and the shared note only, adds a
next step to her plan and downloads the plan as a PDF. Every page under the CSP."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from parcours.orientation.models import Participant, Programme
from parcours.orientation.services import school_year
from tests.browser.conftest import sign_in
from tests.conftest import build_world

pytestmark = pytest.mark.browser


def test_a_coach_moves_a_student_on_and_she_downloads_her_plan(
    new_page: Any, transactional_db: Any
) -> None:
    world = build_world()
    Programme.objects.create(
        centre=world.paris, year=school_year(timezone.localdate()), title="Orientation 2026–2027"
    )
    student = new_page(390)
    sign_in(student, "paris-student")
    student.get_by_role("link", name="My orientation: find your way with your coach").click()
    student.get_by_role("button", name="Join the programme").click()
    assert student.get_by_text("Welcome to the orientation programme!").is_visible()
    participant = Participant.objects.get(student=world["paris"]["student"])

    coach = new_page(1280)
    sign_in(coach, "paris-coach")
    coach.goto(f"{coach.base}/orientation/centres/paris/")
    coach.get_by_role("link", name=world["paris"]["student"].first_name, exact=False).first.click()
    coach.get_by_role("textbox", name="Note").fill("Family worried about costs (staff only)")
    coach.get_by_role("button", name="Save the note").click()
    coach.get_by_role("textbox", name="Note").fill("Loves telling stories with images")
    coach.get_by_label("Share with the student and family").check()
    coach.get_by_role("button", name="Save the note").click()
    coach.get_by_role("button", name="Move on to crystallisation").click()
    assert coach.get_by_text("The stage is saved; the student and family are told.").is_visible()
    participant.refresh_from_db()
    assert participant.stage == "crystallisation"

    student.reload()
    current = student.locator("[aria-current=step]")
    assert "Crystallisation" in current.inner_text()
    assert student.get_by_text("Loves telling stories with images").is_visible()
    assert student.get_by_text("Family worried about costs").count() == 0
    student.get_by_role("textbox", name="Next step").fill("Visit an animation school's open day")
    student.get_by_role("button", name="Add the step").click()
    steps = student.get_by_role(
        "table", name="The plan’s next steps, with their date and who helps"
    )
    assert "Visit an animation school's open day" in steps.inner_text()
    with student.expect_download() as got:
        student.get_by_role("link", name="Download the plan (PDF)").click()
    path = got.value.path()
    with open(path, "rb") as pdf:
        data = pdf.read()
    assert data.startswith(b"%PDF") and len(data) > 1500
