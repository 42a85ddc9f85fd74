"""A credential in a real browser (English UI): the lab's expert validates a competency on
the lab page (PC); the student, on a 390-px phone, finds its credential in My credentials
and opens its public page, which says it is valid; the expert withdraws the validation and
the page says the credential is revoked, with why."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from parcours.catalogue.models import Competency
from parcours.labs.models import CycleStatus, LabCycle, Seat
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.conftest import build_world

pytestmark = pytest.mark.browser


def test_expert_validates_the_student_sees_the_credential_anyone_checks_it(
    new_page: Any, transactional_db: Any, settings: Any, live_server: Any
) -> None:
    settings.PARCOURS_SITE_URL = live_server.url  # what the credentials' addresses say
    world = build_world()
    paris = world["paris"]
    expert, ines = paris["expert"], paris["student"]
    for person in (expert, ines):
        person.preferred_language = "en"
        person.save(update_fields=["preferred_language"])
    lab = f.lead_lab(expert, world.paris)
    competency = Competency.objects.order_by("id").first()
    assert competency is not None
    lab.template.competencies.set([competency])
    LabCycle.objects.filter(pk=lab.cycle_id).update(status=CycleStatus.PUBLISHED)
    Seat.objects.create(centre=world.paris, cycle=lab.cycle, lab=lab, student=ines)

    pc = new_page()
    sign_in(pc, "paris-expert")
    pc.goto(f"{pc.base}{reverse('labs:lab', args=[lab.uuid])}")
    pc.get_by_label(f"{competency.name_en}: {ines}").check()
    pc.get_by_role("button", name="Save the validations").click()
    assert "saved" in pc.get_by_role("status").first.inner_text()

    phone = new_page(390)
    sign_in(phone, "paris-student")
    phone.get_by_role("link", name="My credentials", exact=False).click()
    row = phone.get_by_role("row", name=competency.name_en, exact=False)
    assert "Valid" in row.inner_text()
    row.get_by_role("link", name="Public page").click()
    assert phone.locator("#credential-status").inner_text().startswith("Valid")
    public_url = phone.url

    pc.goto(f"{pc.base}{reverse('labs:lab', args=[lab.uuid])}")
    pc.get_by_label(f"{competency.name_en}: {ines}").uncheck()
    pc.get_by_role("button", name="Save the validations").click()
    phone.goto(f"{phone.base}/credentials/mine/")  # opening it brings the record up to date
    visitor = new_page()
    visitor.goto(public_url)
    status = visitor.locator("#credential-status").inner_text()
    assert status.startswith("Revoked") and "The expert withdrew this validation." in status
