"""The seed list of real programmes (``seed_offers.SEED_OFFERS``, described in our own words
with their public links) loaded as the network's offers through the importer, so it obeys the
same rules as a file: loading it again changes nothing, and an offer edited since is updated
back only where the seed says otherwise. Application periods are given as month-day pairs
and placed on the next period that has not closed yet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from parcours.catalogue.models import Competency
from parcours.training_offers import importing
from parcours.training_offers.choices import AI_AXES
from parcours.training_offers.seed_offers import SEED_OFFERS
from parcours.training_offers.tabular import AI_COLUMNS, COLUMNS


def period(months_days: tuple[str, str] | None, today: dt.date) -> tuple[str, str]:
    """The next (opens, closes) dates of a yearly period, as ISO text; ("", "") for none."""
    if not months_days:
        return "", ""
    (om, od), (cm, cd) = (tuple(int(x) for x in md.split("-")) for md in months_days)
    for year in (today.year, today.year + 1):
        opens = dt.date(year, om, od)
        closes = dt.date(year if (cm, cd) >= (om, od) else year + 1, cm, cd)
        if closes >= today:
            return opens.isoformat(), closes.isoformat()
    return "", ""  # pragma: no cover - the next year's period always lies ahead


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


def seed_rows(entries: list[dict[str, Any]], today: dt.date) -> list[dict[str, str]]:
    rows = []
    for entry in entries:
        row = {c: _text(entry.get(c)) for c in COLUMNS if c in entry}
        row["id"] = ""
        profile = entry.get("ai_profile") or {}
        for axis in AI_AXES:
            row[AI_COLUMNS[axis]] = str(int(profile.get(axis, 0)))
        row["application_opens"], row["application_closes"] = period(
            entry.get("application_period"), today
        )
        rows.append(row)
    return rows


def load_seed_offers(today: dt.date) -> dict[str, Any]:
    """Load the seed list as the network's offers; returns the import's summary."""
    known = set(Competency.objects.values_list("key", flat=True))
    rows = seed_rows(SEED_OFFERS, today)
    for row in rows:  # a network without these content packages: the keys it knows
        keys = [k.strip() for k in row.get("competencies", "").split(";")]
        row["competencies"] = "; ".join(k for k in keys if k in known)
    the_plan = importing.plan(rows, None)
    importing.apply(the_plan, None)
    return the_plan.summary()
