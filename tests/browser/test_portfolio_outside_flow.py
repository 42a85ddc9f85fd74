"""A work made outside an activity, in a real browser, on a phone: the student sends her
drawing with the form (file chooser, focus area, date); her coach finds it on his home,
approves it; it is then a work of her portfolio. Every page under the CSP (the browser
fixture fails on any violation)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in
from tests.conftest import build_world
from tests.learning.conftest import PNG

pytestmark = pytest.mark.browser


def test_a_work_made_at_home_is_sent_reviewed_and_joins_the_portfolio(
    new_page: Any, transactional_db: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    build_world()
    student = new_page(390)
    sign_in(student, "paris-student")
    student.goto(f"{student.base}/portfolio/")
    student.get_by_role("link", name="Add a work made outside an activity").click()
    student.get_by_label("Title").fill("My robot drawing")
    student.get_by_label("Focus area").select_option(label="Programming")
    student.get_by_label("The work's file").set_input_files(
        {"name": "robot.png", "mimeType": "image/png", "buffer": PNG}
    )
    student.get_by_label("A word to your coach").fill("Drawn at home")
    student.get_by_role("button", name="Send it for review").click()
    student.wait_for_url(f"{student.base}/portfolio/#outside")
    assert student.get_by_text("waiting for review").first.is_visible()

    coach = new_page(1280)
    sign_in(coach, "paris-coach")
    coach.get_by_role("link", name="1 work made outside an activity to review").click()
    coach.get_by_role("link", name="My robot drawing").click()
    coach.get_by_label("Approve: it joins the portfolio").check()
    coach.get_by_role("button", name="Save the review").click()
    coach.wait_for_url(f"{coach.base}/portfolio/reviews/")
    assert coach.get_by_text("No work waiting for review").is_visible()

    student.goto(f"{student.base}/portfolio/")
    card = student.locator("article.portfolio-work", has_text="My robot drawing")
    assert card.is_visible()
    assert "Made outside an activity" in card.inner_text()
    assert card.locator("img").get_attribute("alt") == "My robot drawing"
