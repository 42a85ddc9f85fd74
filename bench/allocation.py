"""Allocation benchmark: every mechanism of :mod:`parcours.engine.allocation` on the same
generated instance.

``parcours bench allocation [--scale centre|network] [--seed S] [--json] [--mechanisms a,b]
[--write-instance FILE]`` (or ``python -m bench.allocation ...`` from the repository root)

Instances (seeded, contested and realistic):

- ``centre``: 1,200 students and 90 labs (TUMO Paris); ``network``: 35,000 students and 2,000
  labs in 17 centres, each student applying in their own centre;
- seats: capacities of 8 to 20, about 85% as many seats as applicants in every centre;
- popularity: lab weights from a Pareto law (a few labs are wanted by many), with girls' and
  boys' weights correlated but different; each student ranks 1 to 5 labs (weights 15, 20, 25,
  20, 20%) drawn by these weights;
- 42% girls (group ``girl``, the others ``boy``); 35% never had a lab (``no-lab``), 30% of
  the others are alumni (``alumni``); 60% of the students with two wishes or more flag one as
  their priority (their first wish three times out of four); application times spread over a
  week; one uniform lottery number each;
- priority class at each wished lab, TUMO's default order: 4 x never had a lab + 2 x flagged
  this lab + 1 x not alumni (0 to 7, higher first);
- reserved seats: one lab in ten holds a quarter of its seats for girls.

One JSON object per line and mechanism with ``--json`` (``mechanism``, ``seconds`` (the
mechanism alone), ``total_seconds`` (with waitlists, reasons and metrics), ``first_choice_pct``,
``top3_pct``, ``unassigned_pct``, ``seats_filled``, ``max_flow_seats``, ``justified_envy``,
``first_choice_gap_pp``, plus ``students``, ``labs``, ``seats``, ``scale``, ``seed``); the
``stable`` line also has ``worse_than_da`` (students placed worse than by plain deferred
acceptance with the same lottery: 0 by construction) and ``improved_over_da``. A table
otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from parcours.engine import allocation as alloc

SCALES = {"centre": (1200, 90, 1), "network": (35000, 2000, 17)}
FIELDS = (
    "mechanism",
    "seconds",
    "total_seconds",
    "first_choice_pct",
    "top3_pct",
    "unassigned_pct",
    "seats_filled",
    "max_flow_seats",
    "justified_envy",
    "first_choice_gap_pp",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scale", choices=sorted(SCALES), default="centre")
    parser.add_argument("--seed", type=int, default=0, help="instance generator (default 0)")
    parser.add_argument("--json", action="store_true", help="one JSON object per mechanism")
    parser.add_argument(
        "--mechanisms",
        default=None,
        help=f"comma-separated, among {', '.join(alloc.MECHANISMS)} (default: all)",
    )
    parser.add_argument("--write-instance", metavar="FILE", help="also save the instance (JSON)")


def generate(scale: str, seed: int) -> alloc.Instance:
    students_n, labs_n, centres = SCALES[scale]
    rng = np.random.default_rng(seed)
    labs: list[alloc.Lab] = []
    students: list[alloc.Student] = []
    start = datetime(2025, 9, 1, 8, tzinfo=UTC)
    lab_centre = np.arange(labs_n) * centres // labs_n
    student_centre = np.arange(students_n) * centres // students_n
    for c in range(centres):
        lab_ids = np.nonzero(lab_centre == c)[0]
        members = np.nonzero(student_centre == c)[0]
        caps = rng.choice([8, 10, 12, 15, 20], size=len(lab_ids))
        target = int(0.85 * len(members))
        caps = np.maximum(4, np.round(caps * target / caps.sum())).astype(int)
        for li, cap in zip(lab_ids, caps, strict=True):
            reserved = {alloc.GIRL: int(cap) // 4} if rng.random() < 0.1 else {}
            labs.append(alloc.Lab(f"lab{li}", int(cap), reserved))
        base = rng.pareto(2.0, size=len(lab_ids)) + 0.2
        girl_w = base * rng.lognormal(0.0, 0.6, size=len(lab_ids))
        boy_w = base * rng.lognormal(0.0, 0.6, size=len(lab_ids))
        for s in members:
            girl = rng.random() < 0.42
            weights = girl_w if girl else boy_w
            k = min(len(lab_ids), int(rng.choice([1, 2, 3, 4, 5], p=[0.15, 0.2, 0.25, 0.2, 0.2])))
            picks = rng.choice(lab_ids, size=k, replace=False, p=weights / weights.sum())
            wishes = tuple(f"lab{li}" for li in picks)
            no_lab = rng.random() < 0.35
            alumni = not no_lab and rng.random() < 0.3
            flagged = None
            if k >= 2 and rng.random() < 0.6:
                flagged = wishes[0] if rng.random() < 0.75 else wishes[int(rng.integers(1, k))]
            priority = {w: 4 * no_lab + 2 * (w == flagged) + (not alumni) for w in wishes}
            groups = {alloc.GIRL if girl else alloc.BOY}
            if no_lab:
                groups.add(alloc.NO_LAB)
            if alumni:
                groups.add(alloc.ALUMNI)
            students.append(
                alloc.Student(
                    id=f"s{s}",
                    wishes=wishes,
                    priority={w: int(v) for w, v in priority.items()},
                    lottery=float(rng.random()),
                    groups=frozenset(groups),
                    applied_at=start + timedelta(seconds=float(rng.uniform(0, 7 * 86400))),
                    flagged=flagged,
                )
            )
    return alloc.Instance(tuple(labs), tuple(students))


def run(options: dict[str, Any], write: Callable[[str], Any]) -> None:
    scale, seed = options.get("scale") or "centre", int(options.get("seed") or 0)
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}: {', '.join(SCALES)}")
    names = alloc.MECHANISMS
    if options.get("mechanisms"):
        names = tuple(x.strip() for x in options["mechanisms"].split(",") if x.strip())
        unknown = [x for x in names if x not in alloc.MECHANISMS]
        if unknown:
            raise ValueError(f"unknown mechanisms: {', '.join(unknown)}")
    instance = generate(scale, seed)
    if options.get("write_instance"):
        with open(options["write_instance"], "w", encoding="utf-8") as handle:
            json.dump(alloc.instance_to_json(instance), handle)
    rows: list[dict[str, Any]] = []
    for name in names:
        began = time.perf_counter()
        result = alloc.allocate(instance, name)
        total = time.perf_counter() - began
        row: dict[str, Any] = {"mechanism": name, **result.metrics}
        row["total_seconds"] = round(total, 4)
        if name == "stable":
            da = alloc.deferred_acceptance(instance)
            worse = better = 0
            for st in instance.students:
                now, before = result.assignment[st.id], da[st.id]
                r_now = st.wishes.index(now) if now else len(st.wishes)
                r_before = st.wishes.index(before) if before else len(st.wishes)
                worse += r_now > r_before
                better += r_now < r_before
            row["worse_than_da"] = worse
            row["improved_over_da"] = better
        row.update(
            students=len(instance.students),
            labs=len(instance.labs),
            seats=sum(lab.capacity for lab in instance.labs),
            scale=scale,
            seed=seed,
        )
        rows.append({k: row[k] for k in FIELDS} | row)
    if options.get("json"):
        for row in rows:
            write(json.dumps(row))
        return
    write(
        f"{scale}: {rows[0]['students'] if rows else 0} students, "
        f"{rows[0]['labs'] if rows else 0} labs, seed {seed}"
    )
    write(" ".join(f"{k:>18}" for k in FIELDS))
    for row in rows:
        write(" ".join(f"{row[k]!s:>18}" for k in FIELDS))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.allocation", description=__doc__)
    add_arguments(parser)
    run(vars(parser.parse_args(argv)), lambda line: sys.stdout.write(line + "\n"))


if __name__ == "__main__":
    main()
