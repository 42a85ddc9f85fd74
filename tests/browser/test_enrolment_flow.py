"""Enrolment in a real browser: a family pre-registers on the public form, the guardian
opens the emailed consent link and consents, the manager registers the student from the
review page, and the student shows as registered."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache

from parcours.consents.models import ConsentKind, ConsentRecord
from parcours.enrolment.models import Enrolment
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.conftest import build_world
from tests.enrolment.conftest import birth_for, make_slot

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    cache.clear()
    world = build_world()
    make_slot(world.paris, "Mardi soir", 12, weekday=1)
    make_slot(world.paris, "Samedi matin", 12, weekday=5)
    for kind in ConsentKind.values:
        for lang in ("fr", "en"):
            f.consent_text(kind, version=1, language=lang)
    return world


@pytest.fixture
def en_page(browser, live_server):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    yield page
    context.close()


def test_pre_register_consent_and_register(en_page, world):
    page = en_page
    mail.outbox.clear()

    # 1. The family finds the centre and fills in the public form (no account).
    page.goto(f"{page.base}/enrol/")
    page.get_by_role("button", name="Pre-register at Paris").click()  # a link styled as one
    page.get_by_label("I am a parent or guardian").check()
    page.get_by_label(re.compile("^First name")).fill("Léa")
    page.get_by_label(re.compile("^Last name")).fill("Martin")
    page.get_by_label("Birth date").fill(birth_for(14).isoformat())
    page.get_by_label(re.compile("^School")).fill("Collège Jean Jaurès")
    page.get_by_label("Grade").fill("4e")
    page.get_by_label("Postcode").fill("75019")
    assert page.get_by_label("prefer not to say").is_checked()  # the default
    page.get_by_label(re.compile("Mardi soir")).check()
    page.get_by_label("Guardian's first name").fill("Sonia")
    page.get_by_label("Guardian's last name").fill("Martin")
    page.get_by_label("Guardian's email").fill("sonia.martin@example.org")
    page.get_by_label("Guardian's phone").fill("06 12 34 56 78")
    page.get_by_label("Preferred language for our messages").select_option("en")
    page.get_by_role("button", name="Send the pre-registration").click()
    assert "Thank you!" in page.get_by_role("status").inner_text()
    enrolment = Enrolment.objects.get()
    assert enrolment.status == "pre_registered"

    # 2. The guardian opens the emailed link and consents (image use too, not display).
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/enrol/consent/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_label(re.compile("I agree: enrolment")).check()
    page.get_by_label(re.compile("I agree: image_use")).check()
    page.get_by_role("button", name="Record my answer").click()
    assert "your answer is recorded" in page.get_by_role("status").inner_text()
    kinds = set(
        ConsentRecord.objects.filter(student=enrolment.student).values_list("kind", flat=True)
    )
    assert kinds == {"enrolment", "image_use"}
    assert page.get_by_role("heading", name="Already recorded").is_visible()

    # 3. The manager registers the student from the review page.
    sign_in(page, "paris-manager")
    page.get_by_role("link", name="Enrolment review at Paris").click()
    row = page.get_by_role("row").filter(has_text="Léa Martin")
    assert "consent given" in row.inner_text() and "pre-registered" in row.inner_text()
    row.get_by_role("button", name="Register Léa Martin").click()
    assert "Léa Martin is registered" in page.get_by_role("status").inner_text()

    # 4. The student shows as registered, in the chosen slot, and the family is emailed.
    page.get_by_role("link", name=re.compile(r"^registered \(1\)", re.I)).click()
    row = page.get_by_role("row").filter(has_text="Léa Martin")
    assert "\tregistered\t" in row.inner_text() and "Mardi soir" in row.inner_text()
    enrolment.refresh_from_db()
    assert enrolment.status == "registered" and enrolment.slot.label == "Mardi soir"
    assert enrolment.student.is_active
    assert enrolment.student.username in mail.outbox[-1].body
