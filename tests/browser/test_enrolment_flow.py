"""Enrolment in a real browser: a family pre-registers on the public form, the guardian
opens the emailed consent link and consents, the manager registers the student from the
review page, and the student shows as registered."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache

from parcours.consents.models import ConsentKind, ConsentRecord
from tests import factories as f
from tests.browser.flows import consent_from_email, pre_register, register_as_manager
from tests.conftest import build_world
from tests.enrolment.conftest import make_slot

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

    # 1-3. The family pre-registers, the guardian consents, the manager registers.
    enrolment = pre_register(page, first="Léa", last="Martin", slot="Mardi soir")
    assert enrolment.status == "pre_registered"
    consent_from_email(page)
    kinds = set(
        ConsentRecord.objects.filter(student=enrolment.student).values_list("kind", flat=True)
    )
    assert kinds == {"enrolment", "image_use"}
    assert page.get_by_role("heading", name="Already recorded").is_visible()
    register_as_manager(page, name="Léa Martin")

    # 4. The student shows as registered, in the chosen slot, and the family is emailed.
    page.get_by_role("link", name=re.compile(r"^registered \(1\)", re.I)).click()
    row = page.get_by_role("row").filter(has_text="Léa Martin")
    assert "\tregistered\t" in row.inner_text() and "Mardi soir" in row.inner_text()
    enrolment.refresh_from_db()
    assert enrolment.status == "registered" and enrolment.slot.label == "Mardi soir"
    assert enrolment.student.is_active
    assert enrolment.student.username in mail.outbox[-1].body
