"""The shipped list of real programmes loads as the network's offers without a problem, a
second time changes nothing, and its application periods lie ahead of the day it is loaded;
the demo's fictional offers are marked as such and load without a problem too."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from parcours.demo.offer_catalogue import demo_offer_rows
from parcours.training_offers import importing
from parcours.training_offers.models import Offer
from parcours.training_offers.seed_offers import SEED_OFFERS
from parcours.training_offers.seeding import load_seed_offers, period

pytestmark = pytest.mark.django_db


def test_the_seed_list_loads_whole_and_again_changes_nothing(world: Any) -> None:
    today = dt.date(2026, 12, 5)
    first = load_seed_offers(today)
    assert first["errors"] == [] and first["created"] == len(SEED_OFFERS) >= 30
    assert load_seed_offers(today) == {
        "created": 0,
        "updated": 0,
        "unchanged": len(SEED_OFFERS),
        "errors": [],
    }
    assert set(Offer.objects.values_list("level", flat=True)) >= {-3, 0, 2, 3, 5, 8}
    assert [o.url for o in Offer.objects.all() if not o.url.startswith("https://")] == []
    closes = [o.application_closes for o in Offer.objects.exclude(application_closes=None)]
    assert closes and all(c >= today for c in closes)


def test_a_period_is_the_next_one_not_closed() -> None:
    assert period(("01-20", "03-13"), dt.date(2026, 12, 5)) == ("2027-01-20", "2027-03-13")
    assert period(("01-20", "03-13"), dt.date(2027, 2, 1)) == ("2027-01-20", "2027-03-13")
    assert period(("11-01", "02-15"), dt.date(2026, 12, 5)) == ("2026-11-01", "2027-02-15")
    assert period(None, dt.date(2026, 12, 5)) == ("", "")


def test_the_demo_offers_are_fictional_and_valid(world: Any) -> None:
    rows = demo_offer_rows(random.Random(7), 400)
    for row in rows:  # the competencies of the demo's content packages, not loaded here
        row["competencies"] = ""
    assert len(rows) == 400
    assert len({(r["provider"], r["title"], r["place"]) for r in rows}) == 400
    plan = importing.plan(rows, None)
    assert plan.errors == [] and len(plan.created) == 400
