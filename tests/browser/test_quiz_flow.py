"""Issue 11, "learning that can be gamed", in a real browser on a phone: a student fails a
quiz (no explanation gives the answers away), tries again and gets other questions with the
choices in another order, answers them by what the choices say, passes, and reads the
explanations."""

from __future__ import annotations

import pytest

from parcours.catalogue.importing import import_area_package
from parcours.catalogue.models import CentreFocusArea, FocusArea
from parcours.demo.builder import load_content
from tests.browser.conftest import sign_in
from tests.browser.flows import answer_quiz, open_sitting
from tests.conftest import build_world
from tests.learning.conftest import first_activity

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    world = build_world()
    package = next(p for p in load_content() if p["slug"] == "programming")
    import_area_package(package)
    CentreFocusArea.objects.update_or_create(
        centre=world.paris,
        focus_area=FocusArea.objects.get(slug="programming"),
        defaults={"is_offered": True, "order": 0},
    )
    return world


def test_a_failed_quiz_is_tried_again_on_other_questions_then_passed(world, new_page):
    student = world["paris"]["student"]
    quiz = first_activity("programming", kind="quiz")
    page = new_page(390)
    sign_in(page, student.username)
    page.goto(f"{page.base}/learn/activities/{quiz.uuid}/")
    first = open_sitting(student, quiz)
    # issue 11: crumbs on a line share its centre, separators included (a long last crumb
    # may wrap to the next line on a phone)
    centres = page.evaluate(
        """() => [...document.querySelectorAll('.breadcrumbs li')].map(li => {
            const r = li.getBoundingClientRect(); return r.top + r.height / 2; })"""
    )
    assert len(centres) == 3 and abs(centres[0] - centres[1]) < 1
    assert page.locator("fieldset").count() == quiz.quiz_draw == len(first.items)
    page.reload()  # reloading asks the same questions
    assert open_sitting(student, quiz) == first
    answer_quiz(page, quiz, first, right=False)
    page.get_by_role("button", name="Check my answers").click()
    status = page.get_by_role("status").inner_text()
    assert "0 % right" in status and "Not yet" in status
    body = page.locator("main").inner_text()
    for item in quiz.quiz_items.all():
        assert item.spec["feedback"]["en"] not in body  # no explanation gives it away
    assert page.get_by_text("the explanation comes once you have it right").first.is_visible()

    page.get_by_role("link", name="Try again").click()
    second = open_sitting(student, quiz)
    asked_before = {e["item"] for e in first.items}
    bank = set(quiz.quiz_items.values_list("pk", flat=True))
    assert second != first and bank - asked_before <= {e["item"] for e in second.items}
    answer_quiz(page, quiz, second, right=True)
    page.get_by_role("button", name="Try again").click()
    status = page.get_by_role("status").inner_text()
    assert "100 % right" in status and "Quiz passed" in status
    body = page.locator("main").inner_text()
    for entry in second.items:
        assert quiz.quiz_items.get(pk=entry["item"]).spec["feedback"]["en"] in body
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
