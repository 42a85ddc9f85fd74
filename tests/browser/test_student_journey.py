"""The whole student journey in a real browser: a family pre-registers → the guardian
consents → the manager registers the student → the student sets a password and signs in →
discovery → chooses 3 areas → passes a quiz → sees progress and the next activity → sends a
project → the coach asks for changes → sends it again → approved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from parcours.catalogue.importing import import_area_package
from parcours.catalogue.models import CentreFocusArea, FocusArea
from parcours.consents.models import ConsentKind
from parcours.demo.builder import load_content
from parcours.enrolment.models import Enrolment
from parcours.learning.models import Submission
from parcours.schedule.models import Session
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.browser.flows import (
    answer_quiz,
    consent_from_email,
    open_sitting,
    pre_register,
    register_as_manager,
    student_sets_password,
)
from tests.conftest import build_world
from tests.enrolment.conftest import make_slot
from tests.learning.conftest import AREAS, PNG, first_activity

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the enrolment form's rate limits
    world = build_world()
    make_slot(world.paris, "Mardi soir", 12, weekday=1)
    for kind in ConsentKind.values:
        for lang in ("fr", "en"):
            f.consent_text(kind, version=1, language=lang)
    packages = {p["slug"]: p for p in load_content()}
    CentreFocusArea.objects.filter(centre=world.paris).update(is_offered=False)
    for order, slug in enumerate(AREAS):
        import_area_package(packages[slug])
        CentreFocusArea.objects.update_or_create(
            centre=world.paris,
            focus_area=FocusArea.objects.get(slug=slug),
            defaults={"is_offered": True, "order": order},
        )
    return world


def test_student_journey_from_pre_registration_to_an_approved_project(
    browser, live_server, world, tmp_path
):
    # Enrolment: the family, then the manager.
    family = browser.new_context(locale="en-GB")
    fpage = family.new_page()
    fpage.set_default_timeout(10_000)
    fpage.base = live_server.url
    mail.outbox.clear()
    pre_register(fpage, first="Léa", last="Martin", slot="Mardi soir")
    consent_from_email(fpage)
    register_as_manager(fpage, name="Léa Martin")
    family.close()

    # The student sets a password from the email and signs in.
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    username = student_sets_password(page, password="Ciné-Club-2026!")
    sign_in(page, username, "Ciné-Club-2026!")
    assert page.get_by_role("heading", name="Hi Léa!").is_visible()
    # Her family's consents are on "My data", linked from her home.
    page.get_by_role("link", name="What you and your family agreed to, and your data").click()
    page.wait_for_url(f"{page.base}/privacy/")
    assert page.get_by_role("heading", name="What you and your family agreed to").is_visible()
    assert "in force" in page.locator("main").inner_text()

    # Discovery: try the first activity of each area, then choose all three.
    for slug in AREAS:
        page.goto(f"{page.base}/")
        first = first_activity(slug)
        page.get_by_role("link", name=f"Try: {first.title_en}").click()
        assert page.get_by_role("heading", name=first.title_en).is_visible()
    page.goto(f"{page.base}/learn/discovery/")
    # Every area is tried, but the discovery period (3 sessions) has not run yet.
    assert page.get_by_role("button", name="Choose").is_disabled()
    assert "0 so far" in page.locator("main").inner_text()
    # Three weeks pass: the sessions of her slot since the registration are held.
    enrolment = Enrolment.objects.get(student__first_name="Léa")
    weeks = [timezone.now() - dt.timedelta(days=7 * k + 1) for k in (1, 2, 3)]
    Enrolment.objects.filter(pk=enrolment.pk).update(decided_at=weeks[-1] - dt.timedelta(days=1))
    for start in weeks:
        Session.objects.create(
            centre=enrolment.centre,
            slot=enrolment.slot,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
        )
    page.reload()
    for slug in AREAS:
        page.get_by_label(FocusArea.objects.get(slug=slug).name_en).check()
    page.get_by_role("button", name="Choose").click()
    assert "Your focus areas are chosen" in page.get_by_role("status").inner_text()

    # Pass the first quiz of programming.
    quiz = first_activity("programming", kind="quiz")
    page.goto(f"{page.base}/learn/activities/{quiz.uuid}/")
    answer_quiz(page, quiz, open_sitting(enrolment.student, quiz), right=True)
    page.get_by_role("button", name="Check my answers").click()
    assert "100 % right" in page.get_by_role("status").inner_text()

    # Progress and the next activity, with its reason.
    page.goto(f"{page.base}/learn/areas/programming/")
    assert page.get_by_role("heading", name="Next step").is_visible()
    assert page.get_by_text("Why:").is_visible()
    assert page.locator("progress").count() > 3

    # Send the level-1 project.
    project = first_activity("programming", kind="project")
    image = tmp_path / "my-game.png"
    image.write_bytes(PNG)
    page.goto(f"{page.base}/learn/activities/{project.uuid}/")
    page.get_by_label("Your work").set_input_files(str(image))
    page.get_by_role("button", name="Send", exact=True).click()
    assert "Your work is sent" in page.get_by_role("status").inner_text()
    context.close()

    # The coach asks for changes.
    coach = browser.new_context(locale="en-GB")
    cpage = coach.new_page()
    cpage.base = live_server.url
    sign_in(cpage, "paris-coach")
    cpage.goto(f"{cpage.base}/learn/reviews/")
    cpage.get_by_role("link", name=project.title_en).click()
    cpage.get_by_label("Ask for changes").check()
    cpage.get_by_label("Comment to the student").fill("Add your name to the title screen.")
    cpage.get_by_role("button", name="Send the review").click()
    assert "Your review is sent" in cpage.get_by_role("status").inner_text()

    # The student sees the comment and sends a new version.
    student = browser.new_context(locale="en-GB")
    spage = student.new_page()
    spage.base = live_server.url
    sign_in(spage, username, "Ciné-Club-2026!")
    assert spage.get_by_text("changes requested").first.is_visible()
    spage.goto(f"{spage.base}/learn/activities/{project.uuid}/")
    assert spage.get_by_text("Add your name to the title screen.").is_visible()
    spage.get_by_label("Your work").set_input_files(str(image))
    spage.get_by_role("button", name="Send", exact=True).click()
    assert "Your work is sent" in spage.get_by_role("status").inner_text()

    # The coach approves version 2.
    cpage.goto(f"{cpage.base}/learn/reviews/")
    cpage.get_by_role("link", name=project.title_en).click()
    cpage.get_by_label("Approve").check()
    cpage.get_by_role("button", name="Send the review").click()
    assert Submission.objects.get(version=2).status == "approved"

    spage.goto(f"{spage.base}/learn/activities/{project.uuid}/")
    assert spage.get_by_text("approved").first.is_visible()
    coach.close()
    student.close()
