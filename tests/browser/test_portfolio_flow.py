"""The portfolio and the showcase in a real browser (English UI): the coach approves a
project; the student, on a 390-px phone, finds it in My portfolio, is told that "Everyone"
needs the display consent, shows it to the centre, then — the family's consent given — to
everyone on a published page that a visitor opens; the manager puts it in an exhibition
whose page the visitor opens and whose slideshow a lobby screen plays; the guardian
withdraws the consent on "My data" and the work is gone from all three at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from parcours.consents import services as consents
from parcours.consents.choices import ConsentKind
from parcours.learning.models import SubmissionStatus
from parcours.portfolio.models import PortfolioPage, Work
from parcours.showcase.models import Exhibition
from tests.browser.conftest import sign_in
from tests.conftest import build_world
from tests.factories import consent_text, submission
from tests.learning.conftest import PNG

pytestmark = pytest.mark.browser


def test_approved_work_shown_then_public_then_gone_when_consent_is_withdrawn(
    new_page: Any, transactional_db: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    paris = world["paris"]
    ines, guardian = paris["student"], paris["guardian"]
    for person in (ines, guardian, paris["coach"]):
        person.preferred_language = "en"
        person.save(update_fields=["preferred_language"])
    sent = submission(ines, "poster", status=SubmissionStatus.SUBMITTED)
    sent.file.save("poster.png", ContentFile(PNG), save=True)
    title = sent.activity.title_en

    coach = new_page()
    sign_in(coach, "paris-coach")
    coach.goto(f"{coach.base}/learn/reviews/")
    coach.get_by_role("link", name=title).click()
    coach.get_by_label("Approve").check()
    coach.get_by_role("button", name="Send the review").click()
    assert "Your review is sent" in coach.get_by_role("status").inner_text()

    phone = new_page(390)
    sign_in(phone, "paris-student")
    phone.get_by_role("link", name="My portfolio", exact=False).click()
    phone.wait_for_url(f"{phone.base}/portfolio/")
    phone.get_by_role("link", name=f"Describe and share · {title}").click()
    phone.get_by_label("Title").fill("Night of science")
    phone.get_by_label("Everyone, on my public page").check()
    phone.get_by_role("button", name="Save").click()
    assert "consent" in phone.locator(".error-summary, [role=alert]").first.inner_text()
    assert not Work.objects.exists()  # refused: nothing saved
    phone.get_by_label("My centre (signed-in members)").check()
    phone.get_by_role("button", name="Save").click()
    phone.wait_for_url(f"{phone.base}/portfolio/")
    assert "Night of science" in phone.locator("main").inner_text()

    consents.consent_give(
        student=ines,
        given_by=guardian,
        kind=ConsentKind.PUBLIC_DISPLAY,
        text=consent_text(ConsentKind.PUBLIC_DISPLAY),
    )
    phone.get_by_role("link", name="Describe and share · Night of science").click()
    phone.get_by_label("Everyone, on my public page").check()
    phone.get_by_role("button", name="Save").click()
    phone.wait_for_url(f"{phone.base}/portfolio/")
    phone.get_by_label("A few words about you").fill("I draw posters.")
    phone.get_by_label("Publish my page").check()
    phone.get_by_role("button", name="Save my page").click()
    assert "Your public page is saved" in phone.get_by_role("status").first.inner_text()
    slug = PortfolioPage.objects.get(student=ines).slug

    visitor = new_page()
    visitor.goto(f"{visitor.base}/p/{slug}/")
    assert visitor.get_by_role("heading", name="Night of science").is_visible()
    assert "I draw posters." in visitor.locator("main").inner_text()
    image = visitor.locator("main img").first
    image.wait_for()
    assert visitor.evaluate("(img) => img.complete && img.naturalWidth > 0", image.element_handle())

    manager = new_page()
    sign_in(manager, "paris-manager")
    manager.goto(f"{manager.base}/showcase/")
    manager.get_by_label("Title").fill("Autumn labs exhibition")
    manager.get_by_label("With (a partner, an event)").fill("Forum des images")
    manager.locator("#id_starts_on").fill(str(timezone.localdate()))
    manager.locator("#id_ends_on").fill(str(timezone.localdate() + dt.timedelta(days=14)))
    manager.get_by_label("Publish its page", exact=False).check()
    manager.get_by_role("button", name="Make the exhibition").click()
    manager.get_by_label("Night of science", exact=False).check()
    manager.get_by_role("button", name="Add the works chosen").click()
    assert "Works added: 1." in manager.get_by_role("status").first.inner_text()
    exhibition = Exhibition.objects.get()
    display = manager.locator("#display-url").input_value()

    visitor.goto(f"{visitor.base}/x/{exhibition.slug}/")
    assert visitor.get_by_role("heading", name="Night of science").is_visible()
    screen = new_page()
    screen.goto(display)
    screen.keyboard.press("Enter")  # "Start the slideshow" has the focus
    assert (
        screen.locator("figure.slide:not([hidden]) figcaption")
        .inner_text()
        .startswith("Night of science")
    )

    family = new_page()
    sign_in(family, "paris-guardian")
    family.goto(f"{family.base}/privacy/")
    family.get_by_role("button", name="Withdraw: public display of the student's work").click()
    response = visitor.goto(f"{visitor.base}/p/{slug}/")
    assert response is not None and response.status == 404
    visitor.goto(f"{visitor.base}/x/{exhibition.slug}/")
    assert "Night of science" not in visitor.locator("main").inner_text()
    screen.goto(display)
    assert screen.locator("figure.slide").count() == 0
    manager.reload()
    assert "1 chosen work is not shown now" in manager.locator("main").inner_text()
