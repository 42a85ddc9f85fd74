"""The early warning in a real browser (English UI): the coach, on a 390-px phone, follows the
side navigation to the alerts, reads why their student stands out, closes the alert with
what happened; the closed alerts keep the outcome and the note. A family never opens it."""

from __future__ import annotations

from typing import Any

import pytest

from parcours.people.models import User
from parcours.risk import services
from parcours.risk.models import Alert
from tests.browser.conftest import sign_in
from tests.conftest import build_world
from tests.risk.conftest import DAY, build_centre

pytestmark = pytest.mark.browser


def test_the_coach_reads_the_reasons_and_closes_the_alert(
    new_page: Any, transactional_db: Any
) -> None:
    world = build_world()
    paris = world["paris"]
    for person in (paris["coach"], paris["guardian"]):
        User.objects.filter(pk=person.pk).update(preferred_language="en")
    build_centre(world)
    services.score_centre(centre=world.paris, day=DAY)
    student = paris["student"]

    coach = new_page(390)
    sign_in(coach, "paris-coach")
    coach.get_by_role("link", name="Menu").click()
    coach.get_by_role("link", name="Early warning").click()
    coach.wait_for_url(f"{coach.base}/coaching/alerts/")
    main = coach.locator("main")
    assert "1 alert" in main.inner_text()
    assert "absent 3 weeks in a row" in main.inner_text()
    coach.get_by_text("Close…").click()
    coach.get_by_label("What happened").select_option("contacted")
    coach.get_by_label("Note (staff only)").fill("Called the family: back on Tuesday.")
    coach.get_by_role("button", name="Close the alert").click()
    coach.get_by_text(f"The alert on {student.first_name} is closed.").wait_for()
    assert "No open alert" in main.inner_text()
    coach.get_by_label("Show").select_option("closed")
    coach.get_by_role("button", name="Apply").click()
    assert "contacted" in main.inner_text()
    assert "Called the family: back on Tuesday." in main.inner_text()
    alert = Alert.objects.get()
    assert (alert.outcome, alert.closed_by_id) == ("contacted", paris["coach"].pk)

    family = new_page(390)
    sign_in(family, "paris-guardian")
    response = family.goto(f"{family.base}/coaching/alerts/")
    assert response is not None and response.status == 404
