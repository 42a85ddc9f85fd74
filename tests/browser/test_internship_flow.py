"""A prevention internship in a real browser (issue 17): a partner refers a young person by
the internship's link on a phone (no account) and keeps the status page; the centre's coach
accepts her on a PC, and on the first day takes the attendance and writes the day's log; the
partner's page then says she is accepted, and nothing else. Every page under the CSP."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from parcours.internships import services
from parcours.internships.models import Referral
from tests.browser.conftest import sign_in
from tests.conftest import build_world

pytestmark = pytest.mark.browser


def test_a_partner_refers_staff_accept_and_take_day_one(
    new_page: Any, transactional_db: Any
) -> None:
    world = build_world()
    internship = services.internship_create(
        actor=world["paris"]["manager"],
        centre=world.paris,
        title="Podcast des vacances",
        theme="Raconter son quartier",
        project_kind="podcast",
        starts_on=timezone.localdate(),
    )
    partner = new_page(390)
    partner.goto(f"{partner.base}/internships/refer/{internship.referral_key}/")
    partner.get_by_label("First name").fill("Inaya")
    partner.get_by_label("Last name").fill("Traoré")
    born = timezone.localdate().replace(year=timezone.localdate().year - 15) - dt.timedelta(days=40)
    partner.get_by_label("Birth date").fill(born.isoformat())
    partner.get_by_label("Guardian’s name (for a minor)").fill("M. Traoré")
    partner.get_by_label("Guardian’s phone or e-mail").fill("06 11 22 33 44")
    partner.get_by_label("The guardian agrees", exact=False).check()
    partner.get_by_label("Your name").fill("Léa Martin")
    partner.get_by_label("Your organisation").fill("Service de prévention")
    partner.get_by_label("Your e-mail").fill("lea@example.org")
    partner.get_by_role("button", name="Send the referral").click()
    assert partner.get_by_role("status").inner_text().startswith("Waiting")
    status_url = partner.url

    coach = new_page(1280)
    sign_in(coach, "paris-coach")
    coach.goto(f"{coach.base}/internships/{internship.uuid}/")
    coach.get_by_role("button", name="Accept Inaya Traoré").click()
    assert coach.get_by_text("Saved; the referrer is told by e-mail.").is_visible()
    day = coach.locator("#day-1")
    day.get_by_label("Inaya Traoré").check()
    day.get_by_label("The day in a few lines").fill("Découverte du studio et choix du sujet")
    day.get_by_role("button", name="Save day 1").click()
    assert coach.get_by_text("Day 1 is saved.").is_visible()
    r = Referral.objects.get()
    assert r.status == "accepted" and list(r.days_present.values_list("number", flat=True)) == [1]

    partner.goto(status_url)
    assert partner.get_by_role("status").inner_text().startswith("Accepted")
    assert partner.get_by_text("Traoré").count() == 0
