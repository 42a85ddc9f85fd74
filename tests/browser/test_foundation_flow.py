"""The foundation's main flows in a real browser: a manager switches language and edits a
focus area of the centre; a student signs in and sees their home; pages work on a phone."""

from __future__ import annotations

import pytest

from parcours.catalogue.models import CentreFocusArea
from tests.browser.conftest import sign_in
from tests.conftest import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_manager_switches_language_and_edits_a_focus_area(page, world):
    sign_in(page, "paris-manager")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Votre centre").is_visible()

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Your centre").is_visible()

    page.get_by_role("link", name="Set up the centre").click()
    page.get_by_role("link", name="Edit Programming").click()
    page.get_by_label("Local pitch (French)").fill("Programme ton premier jeu en Python.")
    page.get_by_label("Local pitch (English)").fill("Code your first game in Python.")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("status").inner_text().strip() == "Programming is saved."
    offer = CentreFocusArea.objects.get(centre=world.paris, focus_area__slug="programming")
    assert offer.pitch_en == "Code your first game in Python."
    assert offer.pitch_fr == "Programme ton premier jeu en Python."

    # Back to French: the same page, in French, with the French pitch.
    page.get_by_role("button", name="Français").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_text("Programme ton premier jeu").is_visible()


def test_bad_input_gets_a_clear_message_and_changes_nothing(page, world):
    sign_in(page, "paris-manager")
    page.goto(f"{page.base}/centres/paris/edit/")
    page.get_by_label("Fuseau horaire").fill("Lune/Tranquillité")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_role("alert").first.is_visible()
    assert "Lune/Tranquillité" in page.get_by_role("alert").first.inner_text()
    world.paris.refresh_from_db()
    assert world.paris.timezone == "Europe/Paris"


def test_student_sees_their_home_on_a_phone(browser, live_server, world):
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.base = live_server.url
    sign_in(page, "paris-student")
    student = world["paris"]["student"]
    assert page.get_by_role("heading", name=f"Salut {student.first_name}").is_visible()
    assert page.get_by_text("Programmation").first.is_visible()
    assert page.get_by_text("Robotique").count() == 0  # not offered in this centre
    # Nothing overflows the phone's width.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    context.close()


def test_keyboard_reaches_the_content_first(page, world):
    sign_in(page, "paris-coach")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() in ("Aller au contenu", "Skip to content")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
