"""Next-step training offers in the demo (issue 17): the shipped seed list of real
programmes, then several hundred fictional offers (``offer_catalogue``; providers marked as
such) imported as a file would be, a part of them with applications open now or soon (dates
relative to the day the demo is built), a few of the Liège centre's own; Inès keeps two offers
for her plan and her coach a third."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from parcours.centres.models import Centre
from parcours.demo.offer_catalogue import demo_offer_rows
from parcours.people.models import User
from parcours.training_offers import importing, selectors, services
from parcours.training_offers.seeding import load_seed_offers
from parcours.training_offers.tabular import write_csv

COUNT = 420
MANAGERS = {"paris": "manager", "liege": "manager-liege"}


def _dates(rng: random.Random, today: dt.date) -> tuple[str, str]:
    draw = rng.random()
    if draw < 0.35:  # open now
        opens = today - dt.timedelta(days=rng.randint(5, 60))
        closes = today + dt.timedelta(days=rng.randint(10, 90))
    elif draw < 0.7:  # later this school year
        opens = today + dt.timedelta(days=rng.randint(20, 120))
        closes = opens + dt.timedelta(days=rng.randint(30, 75))
    else:
        return "", ""
    return opens.isoformat(), closes.isoformat()


def seed(centres: list[Centre]) -> dict[str, Any]:
    today = timezone.localdate()
    seeded = load_seed_offers(today)
    rng = random.Random("offers")
    rows = demo_offer_rows(rng, COUNT)
    for row in rows:
        row["application_opens"], row["application_closes"] = _dates(rng, today)
    # each centre's own offers, imported by its manager as a file (the import's history)
    own: dict[str, list[dict[str, str]]] = {"paris": [], "liege": []}
    for row in rows:
        slug = {"IDF": "paris", "WAL": "liege"}.get(row["region"])
        if slug and len(own[slug]) < 12:
            own[slug].append(row)
    taken = {id(r) for rs in own.values() for r in rs}
    plan = importing.plan([r for r in rows if id(r) not in taken], None)
    importing.apply(plan, None)
    made = len(plan.created)
    for centre in centres:
        manager = User.objects.filter(username=MANAGERS.get(centre.slug, "")).first()
        if manager is None or not own.get(centre.slug):
            continue
        data = write_csv(own[centre.slug])
        sent, _plan = services.import_send(
            actor=manager, owner=centre, filename=f"offres-{centre.slug}.csv", data=data
        )
        made += services.import_apply(actor=manager, uuid=sent.uuid)["created"]
    kept = 0
    ines = User.objects.filter(username="student").select_related("student_profile").first()
    coach = User.objects.filter(username="coach").first()
    if ines is not None:
        fits = selectors.fits_for(ines, limit=10)
        for fit in fits[:2]:
            services.keep(actor=ines, student=ines, offer=fit.offer)
            kept += 1
        if coach is not None and len(fits) > 4:
            services.keep(actor=coach, student=ines, offer=fits[4].offer)
            kept += 1
    return {
        "seed_offers": seeded["created"] + seeded["unchanged"] + seeded["updated"],
        "demo_offers": made,
        "errors": len(seeded["errors"]) + len(plan.errors),
        "kept_by_ines": kept,
    }
