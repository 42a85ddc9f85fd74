"""Issue 11's bullet groups that had no browser test of their own, in a real browser:
the forms (an error summary linking to each field, on a phone; nothing stored), and wrong
information (the week's times in the centre's zone; a past session shows its outcome, no
Cancel button)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from parcours.consents.models import ConsentKind
from parcours.enrolment.models import Enrolment
from parcours.schedule.models import Session
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.conftest import build_world
from tests.enrolment.conftest import make_slot

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    cache.clear()
    world = build_world()
    world.slot = make_slot(world.paris, "Mardi soir", 12, weekday=1)
    for kind in ConsentKind.values:
        for lang in ("fr", "en"):
            f.consent_text(kind, version=1, language=lang)
    return world


def test_a_refused_pre_registration_names_each_error_at_its_field_on_a_phone(new_page, world):
    phone = new_page(390)
    phone.goto(f"{phone.base}/enrol/")
    phone.get_by_role("link", name="Pre-register at Paris").click()
    phone.get_by_label("I am a parent or guardian").check()
    phone.get_by_label(re.compile("^First name")).fill("L" * 140)  # one unbroken word
    phone.get_by_label(re.compile("^Last name")).fill("Martin")
    future = timezone.localdate() + dt.timedelta(days=30)
    phone.get_by_label("Birth date").fill(future.isoformat())
    phone.get_by_label("Postcode").fill("ABC")
    phone.get_by_role("button", name="Send the pre-registration").click()

    summary = phone.get_by_role("alert").filter(has_text="Please correct")
    summary.wait_for()
    # The summary comes first and links to each field it names.
    assert summary.bounding_box()["y"] < phone.locator("form").first.bounding_box()["y"] + 400
    birth = summary.get_by_role("link", name=re.compile("^Birth date"))
    assert "0" not in birth.inner_text().split(":", 1)[1]  # not "will be 0 years old"
    birth.click()
    assert phone.evaluate("document.activeElement.id") == "id_birth_date"
    assert summary.get_by_role("link", name=re.compile("^Postcode")).count() == 1
    # Each error sits with its own field and is announced with it.
    described = phone.locator("#id_birth_date").get_attribute("aria-describedby") or ""
    assert "id_birth_date_error" in described
    assert phone.locator("#id_birth_date_error").is_visible()
    # The long name does not push the page sideways; nothing was stored.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert not Enrolment.objects.exists()


def test_the_week_shows_the_centres_times_and_a_past_session_only_its_outcome(new_page, world):
    zone = world.paris.zone
    today = timezone.localdate(timezone=zone)
    monday = today - dt.timedelta(days=today.weekday())
    tuesday = monday + dt.timedelta(days=1)
    sessions = {}
    for week in (-1, 1):
        day = tuesday + dt.timedelta(weeks=week)
        start = dt.datetime.combine(day, dt.time(17), tzinfo=zone)
        sessions[week] = Session.objects.create(
            centre=world.paris,
            slot=world.slot,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=3),
        )
    page = new_page()
    sign_in(page, "paris-manager")
    for week, state in ((-1, "took place"), (1, "planned")):
        day = tuesday + dt.timedelta(weeks=week)
        page.goto(f"{page.base}/schedule/paris/week/?week={day.isoformat()}")
        row = page.get_by_role("row").filter(has_text="Mardi soir")
        assert "17:00–20:00" in row.inner_text()  # the centre's clock, not UTC (16:00)
        assert state in row.inner_text()
        cancel = row.get_by_role("button", name=re.compile("^Cancel the session"))
        assert cancel.count() == (0 if week < 0 else 1)
