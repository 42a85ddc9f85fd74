"""Early-warning benchmark: Parcours's drop-out model against the N-absences rule and a plain
logistic regression, on the same students and weeks.

``parcours bench risk [--json] [--input weekly.csv] [--seed S] [--students N] [--weeks W]``

Data: a simulated centre year (below), or ``--input``, a CSV with one row per student and week
and the header ``student,week,present,activities,minutes,projects_submitted,
projects_returned,labs_withdrawn,left_week`` (week from 1; ``left_week`` the first week from
which the student never comes back, repeated on each of their rows, empty if they stay; rows
go on after leaving with zeros).

For each prediction week W in 2, 4 and 6, among the students still there at W (no
``left_week``, or one after W), the target is leaving within 8 weeks (W < ``left_week`` ≤
W + 8). Only weeks 1 to W are read (``parcours.engine.risk.features``). The students are split
at random (``--seed``), 70% to fit and 30% to evaluate. One JSON line per model and week:
``model``, ``week``, ``auc``, ``pr_auc``, ``recall_top10`` (the share of the week's leavers
among the 10% highest scores), ``students``, ``positives``, ``fit_seconds``; then one line
``scoring`` with the time to compute the features of, and score, a network of
``--network`` students (35,000 by default) at one week.

Models:

- ``parcours``: :class:`parcours.engine.risk.RiskModel`, the model the risk app trains per
  centre (logistic regression on the engineered features, Platt-calibrated);
- ``parcours-gbm``: the same features in scikit-learn's ``HistGradientBoostingClassifier``,
  calibrated the same way (the alternative weighed in ADR 29);
- ``logistic-plain``: a logistic regression on week W's raw figures and each column's total
  so far (what one fits without thinking about the features);
- ``rule-3-absences``: the run of weeks without a session attended (the rule: alert at 3).

The simulated year (``--students`` students, 5,000 by default: about four centres of TUMO
Paris's size, so that the 30% evaluated hold some eighty leavers a week rather than twenty;
``--weeks`` weeks; seeded): each student has a steadiness (how regularly they come) and a
pace; a share of them leave, their engagement fading over the three to six weeks before they
stop (fewer visits, fewer activities, shorter work, returned projects left alone, a lab given
up); the school holidays (two weeks every seven) empty the centre for everyone, so runs of
absences also happen to students who stay; some students who stay have a bad month and come
back. Nothing in the data names a gender or a neighbourhood.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from parcours.engine import risk

HEADER = [
    "student",
    "week",
    "present",
    "activities",
    "minutes",
    "projects_submitted",
    "projects_returned",
    "labs_withdrawn",
    "left_week",
]
PREDICTION_WEEKS = (2, 4, 6)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--input", help="a weekly CSV (see bench/risk.py)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--students", type=int, default=5000, help="simulated students")
    parser.add_argument("--weeks", type=int, default=36, help="simulated weeks")
    parser.add_argument("--network", type=int, default=35000, help="students scored for time")


# --- Data --------------------------------------------------------------------------------------


def read_csv(path: str) -> risk.Panel:
    """The weekly CSV as a panel; ``ValueError`` naming the line for anything malformed."""
    with Path(path).open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != HEADER:
            raise ValueError(f"{path}: the header must be {','.join(HEADER)}")
        rows = []
        for line, cells in enumerate(reader, start=2):
            if not cells:
                continue
            if len(cells) != len(HEADER):
                raise ValueError(f"{path}:{line}: {len(cells)} cells, {len(HEADER)} expected")
            try:
                left = cells[8].strip()
                rows.append(
                    risk.WeekRow(
                        student=cells[0].strip(),
                        week=int(cells[1]),
                        present=float(cells[2]),
                        activities=float(cells[3]),
                        minutes=float(cells[4]),
                        projects_submitted=float(cells[5]),
                        projects_returned=float(cells[6]),
                        labs_withdrawn=float(cells[7]),
                        left_week=int(left) if left else None,
                    )
                )
            except ValueError as error:
                raise ValueError(f"{path}:{line}: {error}") from error
    if not rows:
        raise ValueError(f"{path}: no rows")
    try:
        return risk.panel_from_rows(rows)
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from error


def simulate(students: int, weeks: int, seed: int) -> risk.Panel:
    """A centre year (see the module's docstring), as a panel."""
    rng = np.random.default_rng(seed)
    n = students
    steadiness = rng.beta(6, 1.6, n)  # chance of coming in a normal week
    pace = rng.gamma(4, 0.6, n)  # activities in a week attended
    leaves = rng.random(n) < 0.22
    left_week = np.where(leaves, rng.integers(3, weeks + 1, n), 0)
    fade = rng.integers(3, 7, n)  # weeks of fading before leaving
    holiday = np.array([(w % 7) in (5, 6) for w in range(weeks)])  # two weeks in seven
    bad_month = rng.random(n) < 0.15  # students who stay but lose a month
    bad_start = rng.integers(0, weeks, n)
    values = {c: np.zeros((n, weeks)) for c in risk.COLUMNS}
    for i in range(n):
        for w in range(weeks):
            week = w + 1
            if left_week[i] and week >= left_week[i]:
                continue  # gone: zeros
            engagement = 1.0
            if left_week[i] and week >= left_week[i] - fade[i]:
                engagement = max(0.1, (left_week[i] - week) / (fade[i] + 1))
            if bad_month[i] and bad_start[i] <= w < bad_start[i] + 4:
                engagement = min(engagement, 0.35)
            if holiday[w]:
                continue
            came = rng.random() < steadiness[i] * engagement
            if not came:
                continue
            values["present"][i, w] = 1
            done = rng.poisson(pace[i] * (0.4 + 0.6 * engagement))
            values["activities"][i, w] = done
            values["minutes"][i, w] = max(0.0, rng.normal(90 * engagement + 20 * done, 20))
            if rng.random() < 0.25:
                values["projects_submitted"][i, w] = 1
                if rng.random() < 0.3:
                    values["projects_returned"][i, w] = 1
            if (left_week[i] and engagement < 0.6 and rng.random() < 0.08) or rng.random() < 0.004:
                values["labs_withdrawn"][i, w] = 1
    return risk.Panel([f"s{i:05d}" for i in range(n)], values, left_week.astype(np.int64))


# --- Models ------------------------------------------------------------------------------------


def plain_features(panel: risk.Panel, at: int) -> np.ndarray:
    """Week ``at``'s raw figures and each column's total so far."""
    last = [panel.values[c][:, at - 1] for c in risk.COLUMNS]
    total = [panel.values[c][:, :at].sum(axis=1) for c in risk.COLUMNS]
    return np.column_stack(last + total)


def _fit_logistic(x: np.ndarray, y: np.ndarray, seed: int) -> Callable[[np.ndarray], np.ndarray]:
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale = np.where(scale > 1e-9, scale, 1.0)
    model = LogisticRegression(max_iter=1000, random_state=seed).fit((x - mean) / scale, y)
    return lambda z: model.predict_proba((z - mean) / scale)[:, 1]


def _fit_gbm(x: np.ndarray, y: np.ndarray, seed: int) -> Callable[[np.ndarray], np.ndarray]:
    model = CalibratedClassifierCV(
        HistGradientBoostingClassifier(max_iter=150, learning_rate=0.08, random_state=seed),
        method="sigmoid",
        cv=3,
    ).fit(x, y)
    return lambda z: model.predict_proba(z)[:, 1]


def _fit_parcours(x: np.ndarray, y: np.ndarray, seed: int) -> Callable[[np.ndarray], np.ndarray]:
    model = risk.RiskModel.fit(x, y, seed=seed)
    return model.probability


def evaluate(panel: risk.Panel, seed: int) -> Iterator[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(panel.students))
    cut = round(0.7 * len(order))
    fit_rows, eval_rows = np.sort(order[:cut]), np.sort(order[cut:])
    for week in PREDICTION_WEEKS:
        if week > panel.weeks:
            continue
        known = panel.until(week)  # nothing after week W is read by any model
        there = risk.still_there(panel, week)
        y_all = risk.leaves_within(panel, week)
        train = fit_rows[there[fit_rows]]
        test = eval_rows[there[eval_rows]]
        engineered = risk.features(known, week)
        plain = plain_features(known, week)
        y_train, y_test = y_all[train], y_all[test]
        models: list[tuple[str, np.ndarray, Callable[..., Any] | None]] = [
            ("parcours", engineered, _fit_parcours),
            ("parcours-gbm", engineered, _fit_gbm),
            ("logistic-plain", plain, _fit_logistic),
            (f"rule-{risk.RULE_ABSENCES}-absences", engineered, None),
        ]
        for name, x, fit in models:
            started = time.perf_counter()
            if fit is None:
                score = risk.rule_scores(x[test])
            else:
                predict = fit(x[train], y_train, seed)
                score = predict(x[test])
            seconds = time.perf_counter() - started
            yield {
                "model": name,
                "week": week,
                "auc": _round(risk.auc(y_test, score)),
                "pr_auc": _round(risk.pr_auc(y_test, score)),
                "recall_top10": _round(risk.recall_at(y_test, score, 0.1)),
                "students": len(test),
                "positives": int(y_test.sum()),
                "fit_seconds": round(seconds, 3),
            }


def scoring_time(students: int, seed: int) -> dict[str, Any]:
    """Features and scores of a whole network at one week, with a model fitted beforehand."""
    small = simulate(2000, 12, seed)
    x = risk.features(small.until(6), 6)
    there = risk.still_there(small, 6)
    model = risk.RiskModel.fit(x[there], risk.leaves_within(small, 6)[there], seed=seed)
    rng = np.random.default_rng(seed)
    weeks = 12
    network = risk.Panel(
        [f"n{i}" for i in range(students)],
        {
            "present": (rng.random((students, weeks)) < 0.8).astype(float),
            "activities": rng.poisson(2.0, (students, weeks)).astype(float),
            "minutes": rng.normal(100, 30, (students, weeks)).clip(0),
            "projects_submitted": (rng.random((students, weeks)) < 0.25).astype(float),
            "projects_returned": (rng.random((students, weeks)) < 0.07).astype(float),
            "labs_withdrawn": (rng.random((students, weeks)) < 0.004).astype(float),
        },
        np.zeros(students, dtype=np.int64),
    )
    started = time.perf_counter()
    features = risk.features(network, weeks)
    scores = model.probability(features)
    reasons = [model.reasons(features[i]) for i in np.argsort(-scores)[: students // 10]]
    seconds = time.perf_counter() - started
    return {
        "model": "scoring",
        "students": students,
        "seconds": round(seconds, 3),
        "flagged_with_reasons": len(reasons),
    }


def _round(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 4)


def run(options: dict[str, Any], write: Callable[[str], Any]) -> None:
    seed = int(options.get("seed") or 7)
    if options.get("input"):
        panel = read_csv(str(options["input"]))
        source = str(options["input"])
    else:
        students, weeks = int(options.get("students") or 5000), int(options.get("weeks") or 36)
        if not 50 <= students <= 200_000 or not 8 <= weeks <= 60:
            raise ValueError("--students is 50 to 200000, --weeks 8 to 60")
        panel = simulate(students, weeks, seed)
        source = f"simulated:{students}x{weeks}:seed{seed}"
    rows = list(evaluate(panel, seed))
    rows.append(scoring_time(int(options.get("network") or 35000), seed))
    for row in rows:
        row["data"] = source
        if options.get("json"):
            write(json.dumps(row))
    if not options.get("json"):
        write(
            f"{'model':<20} {'week':>4} {'auc':>7} {'pr_auc':>7} {'rec@10%':>8} {'n':>6} {'pos':>5}"
        )
        for r in rows:
            if r["model"] == "scoring":
                write(f"scoring {r['students']} students: {r['seconds']} s")
                continue
            write(
                f"{r['model']:<20} {r['week']:>4} {_fmt(r['auc']):>7} {_fmt(r['pr_auc']):>7} "
                f"{_fmt(r['recall_top10']):>8} {r['students']:>6} {r['positives']:>5}"
            )


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"
