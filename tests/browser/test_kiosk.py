"""The check-in kiosk in a real browser: staff open it, type a badge code → welcome; type it
again → already checked in; a student whose session is another day → the clear message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from parcours.attendance import services
from parcours.attendance.models import CheckIn
from parcours.schedule.models import Session, Slot
from tests import factories as f
from tests.attendance.conftest import build, enrol, session_at
from tests.browser.conftest import sign_in
from tests.conftest import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def kiosk_world(transactional_db):
    world = build_world()
    att = build(world, timezone.now())
    saturday = Slot.objects.create(centre=world.paris, label="Samedi matin", seats=10)
    session_at(saturday, att.current.starts_at + dt.timedelta(days=3))
    wrong_day = f.student(world.paris, username="paris-wrongday", first_name="Noé")
    enrol(wrong_day, saturday, att.current.starts_at.year)
    att.codes["wrong_day"] = services.badge_issue(
        actor=world["paris"]["manager"], student=wrong_day
    ).code
    return att


def type_code(page, code):
    page.locator("#id_code").fill(code)
    page.locator("#kiosk-form button[type=submit]").click()


def test_kiosk_welcome_already_and_wrong_day(page, kiosk_world):
    att = kiosk_world
    student = att["paris"]["student"]
    sign_in(page, "paris-coach")
    page.goto(f"{page.base}/attendance/kiosk/paris/")
    result = page.locator("#kiosk-result")
    assert result.get_attribute("role") == "status"
    assert result.get_attribute("aria-live") == "polite"

    type_code(page, att.codes["student"])
    welcome = page.locator("#kiosk-result [data-outcome=welcome]")
    welcome.wait_for()
    assert student.first_name in welcome.inner_text()
    # The field is emptied and ready for the next badge.
    assert page.locator("#id_code").input_value() == ""

    type_code(page, att.codes["student"].lower())
    page.locator("#kiosk-result [data-outcome=already_checked_in]").wait_for()
    assert CheckIn.objects.filter(student=student).count() == 1

    type_code(page, att.codes["wrong_day"])
    wrong = page.locator("#kiosk-result [data-outcome=not_your_session]")
    wrong.wait_for()
    assert "Noé" in wrong.inner_text()
    next_start = (att.current.starts_at + dt.timedelta(days=3)).astimezone(att.paris.zone)
    assert f"{next_start:%H:%M}" in wrong.inner_text()  # with their next session
    assert not CheckIn.objects.filter(student__username="paris-wrongday").exists()


def test_an_extra_session_planned_for_a_student_checks_them_in(new_page, kiosk_world):
    """Issue 11: the kiosk answered "you have no session today" to a student an extra
    session was planned for. The manager plans one on a phone for Noé (not in today's slot),
    says who it is for; on the day, the kiosk welcomes Noé to it."""
    att = kiosk_world
    phone = new_page(390)
    sign_in(phone, "paris-manager")
    phone.goto(f"{phone.base}/schedule/paris/sessions/extra/")
    day = timezone.localdate(timezone=att.paris.zone) + dt.timedelta(days=5)
    phone.locator("#id_label").fill("Catch-up afternoon")
    phone.locator("#id_day").fill(day.isoformat())
    phone.locator("#id_starts_at").fill("14:00")
    phone.locator("#id_ends_at").fill("17:00")
    phone.get_by_label("Students invited by name").fill("paris-wrongday")
    save = phone.locator("main form button[type=submit]")
    assert save.bounding_box()["x"] + save.bounding_box()["width"] <= 390  # not off-screen
    save.click()
    phone.wait_for_url(f"{phone.base}/schedule/paris/")
    listed = phone.locator(".extra-list li", has_text="Catch-up afternoon")
    assert "1 student by name" in listed.inner_text() and "1 expected" in listed.inner_text()
    extra = Session.objects.get(label="Catch-up afternoon")
    assert [s.username for s in extra.invited_students.all()] == ["paris-wrongday"]

    # The day comes: the session opens now (it was planned ahead; the clock is moved here).
    start = timezone.now() - dt.timedelta(minutes=5)
    Session.objects.filter(pk=extra.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    kiosk = new_page()
    sign_in(kiosk, "paris-coach")
    kiosk.goto(f"{kiosk.base}/attendance/kiosk/paris/")
    type_code(kiosk, att.codes["wrong_day"])
    welcome = kiosk.locator("#kiosk-result [data-outcome=welcome]")
    welcome.wait_for()
    assert "Noé" in welcome.inner_text()
    assert CheckIn.objects.get(student__username="paris-wrongday").session == extra
