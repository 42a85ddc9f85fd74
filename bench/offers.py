"""Training-offers benchmark: importing and searching a catalogue of ``--offers`` offers.

``parcours bench offers [--json] [--offers N] [--repeat R] [--seed S]``

In one transaction rolled back at the end (the database is left as it was): a file of N
generated offers (the demo's generator, ``parcours.demo.offer_catalogue``, names made unique)
is read, planned and imported (``parcours.training_offers.importing``), then imported again
(every row unchanged); then each of a fixed set of searches runs R times through

- ``parcours``: ``training_offers.selectors.search`` (word starts on the normalised words:
  PostgreSQL's full-text GIN index, LIKE on SQLite), the first page of 20 and its count;
- ``icontains-baseline``: what a generic admin search does (Django admin's
  ``search_fields``): every word ``icontains`` in any of title, provider, place,
  certification, target jobs and description, OR'ed across fields, AND'ed across words.

One JSON object a line with ``--json`` (``step``, ``engine``, ``offers``, ``p50_ms``,
``p95_ms``, ``rows``), a table otherwise. The figures depend on the machine and the database
(``DATABASE_URL``); run it on PostgreSQL for the production figure.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.db.models import Q

from parcours.demo.offer_catalogue import demo_offer_rows
from parcours.training_offers import importing, selectors
from parcours.training_offers.models import Offer

SEARCHES = [
    ("one word", selectors.Filters(q="animation")),
    ("two words", selectors.Filters(q="jeu video")),
    ("prefix", selectors.Filters(q="photo")),
    ("word + filters", selectors.Filters(q="design", region="IDF", cost="no_cost")),
    ("filters only", selectors.Filters(area="programming", level=3, age=17)),
    ("no match", selectors.Filters(q="zzzyx")),
]
FIELDS = ("title", "provider", "place", "certification", "target_jobs", "description")


class Rollback(Exception):
    pass


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=17)


def _baseline(f: selectors.Filters) -> Any:
    rows = Offer.objects.all()
    for word in f.q.split():
        q = Q()
        for name in FIELDS:
            q |= Q(**{f"{name}__icontains": word})
        rows = rows.filter(q)
    if f.area:
        rows = rows.filter(focus_areas__slug=f.area)
    if f.level is not None:
        rows = rows.filter(level__lte=f.level)
    if f.region:
        rows = rows.filter(Q(region=f.region) | Q(region=""))
    if f.cost == "no_cost":
        rows = rows.exclude(cost="paid")
    if f.age is not None:
        rows = rows.filter(Q(age_min__isnull=True) | Q(age_min__lte=f.age)).filter(
            Q(age_max__isnull=True) | Q(age_max__gte=f.age)
        )
    return rows.order_by("level", "title", "provider", "pk")


def _time(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - start) * 1000)
    return times, out


def _line(step: str, engine: str, n: int, times: list[float], rows: int) -> dict[str, Any]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "step": step,
        "engine": engine,
        "offers": n,
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(p95, 2),
        "rows": rows,
    }


def _rows(n: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    batch = 0
    while len(rows) < n:
        for row in demo_offer_rows(rng, min(400, n - len(rows))):
            row["title"] = f"{row['title']} ({batch})" if batch else row["title"]
            row["competencies"] = ""
            rows.append(row)
        batch += 1
    return rows


def run(options: dict[str, Any], write: Callable[[str], Any]) -> None:
    n, repeat = options["offers"], options["repeat"]
    if n < 1 or repeat < 1:
        raise ValueError("--offers and --repeat must be at least 1")
    lines: list[dict[str, Any]] = []
    try:
        with transaction.atomic():
            Offer.objects.all().delete()
            rows = _rows(n, options["seed"])
            start = time.perf_counter()
            plan = importing.plan(rows, None)
            importing.apply(plan, None)
            first = (time.perf_counter() - start) * 1000
            lines.append(_line("import", "parcours", n, [first], len(plan.created)))
            start = time.perf_counter()
            again = importing.plan(rows, None)
            lines.append(
                _line(
                    "import again",
                    "parcours",
                    n,
                    [(time.perf_counter() - start) * 1000],
                    len(again.unchanged),
                )
            )
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE training_offers_offer")
            for name, f in SEARCHES:
                for engine, query in (
                    ("parcours", selectors.search),
                    ("icontains-baseline", _baseline),
                ):

                    def once(q: Callable[..., Any] = query, f: selectors.Filters = f) -> int:
                        rows_q = q(f)
                        list(rows_q[:20])
                        return int(rows_q.count())

                    times, count = _time(once, repeat)
                    lines.append(_line(f"search: {name}", engine, n, times, count))
            raise Rollback
    except Rollback:
        pass
    if options["json"]:
        for line in lines:
            write(json.dumps(line))
        return
    write(f"{'step':<28}{'engine':<22}{'p50 ms':>10}{'p95 ms':>10}{'rows':>8}")
    for line in lines:
        write(
            f"{line['step']:<28}{line['engine']:<22}{line['p50_ms']:>10}{line['p95_ms']:>10}"
            f"{line['rows']:>8}"
        )
