"""Mastery benchmark: Parcours's knowledge tracing against pyBKT and baselines, on the same
attempts.

``parcours bench mastery [--json] [--input FILE | --data bkt|afm] [--seed S] [--students N]
[--skills K] [--attempts A] [--models a,b,...] [--retries]``

Data: generated and seeded (``--students`` x ``--skills`` x ``--attempts`` rows, attempts
interleaved at random across skills), or a CSV with the columns ``student,skill,correct,order``
and optionally ``item,time`` (``--input``). Two generated data sets (``--data``):

- ``bkt`` (default): drawn from BKT with known per-skill parameters;
- ``afm``: drawn from an additive-factors learning curve (Cen, Koedinger & Junker 2006):
  ``logit P(correct) = theta_student + beta_skill + gamma_skill * earlier attempts on the
  skill``, ``theta ~ N(0, 1)``, ``beta ~ U(-1.5, 1)``, ``gamma ~ U(0.05, 0.3)``: student
  ability, skill difficulty and practice, no hidden state.

The students are split at random, 80% to fit and 20% to evaluate. Every model predicts each
evaluated attempt before seeing it, knowing the student's earlier attempts; AUC and log loss
are computed here, identically for every model.

Models:

- ``parcours-ability-bkt``: :mod:`parcours.engine.mastery_ability`, the model Parcours uses
  (BKT with the student's ability on the prior and the learning rate, practice on guess and
  slip; with ``item,time`` columns, retries are not counted);
- ``parcours-bkt``: :func:`parcours.engine.mastery.fit` and ``predict`` (defaults);
- ``pybkt``: pyBKT 1.4.3 (the ``bench`` extra: ``make bench-deps``), ``Model(num_fits=5)``
  with its defaults (parallel E-step), fitted and used for prediction through its own API;
- ``running-accuracy``: per student and skill, the running share of correct answers with a
  prior (the skill's accuracy in the fitted data, its weight chosen on the fitted data);
- ``pfa-logistic``: Performance Factors Analysis, a logistic regression per skill on the
  student's earlier successes and failures on that skill (Newton's method, numpy);
- ``bkt-true-params`` (``bkt`` data only): BKT traced with the generating parameters, the
  ceiling a fitted BKT can reach on this data; nothing is fitted;
- ``afm-true-params`` (``afm`` data only): the generating learning curve, each student's
  ability integrated over its known N(0, 1) prior given their earlier answers (the
  Bayes-optimal prediction for a new student); nothing is fitted.

One JSON object per line and model with ``--json`` (``model``, ``auc``, ``logloss``,
``fit_seconds``, ``predict_seconds``, ``rows``, ``fit_rows``, ``eval_rows``, ``data``,
``notes``; the ``parcours-bkt`` line also compares with pyBKT when pyBKT ran; the
``parcours-ability-bkt`` line compares with pyBKT and with the best baseline), a table
otherwise.

``--retries``: instead of the comparison, the retry scenario. The model is fitted on the data,
then simulated students meet ``--attempts`` new items of one competency, one a day: a
*learner* (median ability, learns as the fitted model says, answers each item once) and a
*retry-until-right* student (does not know and does not learn; after a wrong answer retries
the item 30 s later until right, each retry eliminating one wrong option of four). One line
per student and retry rule, with the probability of mastery after each item.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from typing import Any

import numpy as np
import numpy.typing as npt

from parcours.engine import mastery
from parcours.engine import mastery_ability as ability

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

OURS = "parcours-ability-bkt"
ALL_MODELS = (
    OURS,
    "parcours-bkt",
    "pybkt",
    "running-accuracy",
    "pfa-logistic",
    "bkt-true-params",
    "afm-true-params",
)
BASELINES = ("pybkt", "pfa-logistic", "running-accuracy", "bkt-true-params", "parcours-bkt")
"""The lines the model is compared with (the goal: at most AUC_TOLERANCE below the best)."""
TRUTH_MODELS = {"bkt-true-params": "bkt", "afm-true-params": "afm"}
PYBKT_VERSION = "1.4.3"
LOGLOSS_CLIP = 1e-15
AUC_TOLERANCE = 0.002
SPEEDUP_GOAL = 50.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON object per line and model")
    parser.add_argument(
        "--input",
        metavar="FILE",
        help="CSV of attempts: student,skill,correct,order and optionally item,time (seconds)",
    )
    parser.add_argument(
        "--data",
        choices=("bkt", "afm"),
        default="bkt",
        help="generated data: bkt (default) or afm (additive-factors learning curve)",
    )
    parser.add_argument("--seed", type=int, default=0, help="data, split and fits (default 0)")
    parser.add_argument("--students", type=int, default=1200, help="generated data (default 1200)")
    parser.add_argument("--skills", type=int, default=10, help="generated data (default 10)")
    parser.add_argument(
        "--attempts", type=int, default=20, help="per student and skill, generated (default 20)"
    )
    parser.add_argument(
        "--models",
        default=None,
        help=f"comma-separated, among {', '.join(ALL_MODELS)} (default: all; "
        "bkt-true-params and afm-true-params only on their generated data; on request only: "
        "ablation-ability-only, ablation-practice-only)",
    )
    parser.add_argument(
        "--retries",
        action="store_true",
        help="the retry scenario: a retry-until-right student against a learner",
    )


# --- data -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AFMTruth:
    """The generating additive-factors model: logit P(correct) = ability[student] +
    easiness[skill] + learning[skill] * earlier attempts on the skill."""

    ability_sd: float
    ability: FloatArray
    easiness: dict[int, float]
    learning: dict[int, float]


@dataclass(frozen=True)
class Dataset:
    attempts: mastery.Attempts
    description: str
    truth: dict[int, mastery.BKTParams] | None
    afm: AFMTruth | None = None
    counted: BoolArray | None = None  # the retry rule, when the data have items and times
    kind: str = "input"


def generated_params(skills: int, seed: int) -> dict[int, mastery.BKTParams]:
    rng = np.random.default_rng([seed, 1])
    return {
        skill: mastery.BKTParams(
            p_init=float(rng.uniform(0.1, 0.6)),
            p_learn=float(rng.uniform(0.05, 0.3)),
            p_guess=float(rng.uniform(0.1, 0.3)),
            p_slip=float(rng.uniform(0.05, 0.2)),
        )
        for skill in range(skills)
    }


def generate(students: int, skills: int, attempts: int, seed: int) -> Dataset:
    truth = generated_params(skills, seed)
    data = mastery.simulate(truth, students=students, attempts=attempts, seed=seed)
    description = (
        f"generated: {students} students x {skills} skills x {attempts} attempts, seed {seed}, "
        "BKT without forgetting, p_init~U(0.1,0.6) p_learn~U(0.05,0.3) p_guess~U(0.1,0.3) "
        "p_slip~U(0.05,0.2)"
    )
    return Dataset(data, description, truth, kind="bkt")


AFM_ABILITY_SD = 1.0
AFM_EASINESS = (-1.5, 1.0)
AFM_LEARNING = (0.05, 0.3)


def generate_afm(students: int, skills: int, attempts: int, seed: int) -> Dataset:
    """Attempts from an additive-factors learning curve (Cen, Koedinger & Junker 2006): each
    student has an ability ~ N(0, AFM_ABILITY_SD), each skill an easiness ~ U(AFM_EASINESS)
    and a learning rate ~ U(AFM_LEARNING) per attempt; ``logit P(correct)`` is their sum, the
    rate times the attempts the student already made on the skill. No hidden state: the
    students improve gradually and differ in ability, as classes do. Every student makes
    ``attempts`` attempts on every skill, interleaved at random across skills."""
    rng = np.random.default_rng([seed, 3])
    theta = rng.normal(0.0, AFM_ABILITY_SD, students)
    easiness = rng.uniform(*AFM_EASINESS, skills)
    learning = rng.uniform(*AFM_LEARNING, skills)
    sequences = students * skills
    seq_student = np.repeat(np.arange(students, dtype=np.int64), skills)
    seq_skill = np.tile(np.arange(skills, dtype=np.int64), students)
    correct = np.empty((attempts, sequences), dtype=bool)
    for t in range(attempts):
        z = theta[seq_student] + easiness[seq_skill] + learning[seq_skill] * t
        correct[t] = rng.random(sequences) < 1.0 / (1.0 + np.exp(-z))
    when = np.sort(rng.random((attempts, sequences)), axis=0).ravel()
    student = np.broadcast_to(seq_student, (attempts, sequences)).ravel()
    order = np.empty(when.shape[0], dtype=np.int64)
    order[np.lexsort((when, student))] = np.arange(when.shape[0])
    data = mastery.Attempts(
        student=student.copy(),
        skill=np.broadcast_to(seq_skill, (attempts, sequences)).ravel().copy(),
        correct=correct.ravel(),
        order=order,
    )
    truth = AFMTruth(
        ability_sd=AFM_ABILITY_SD,
        ability=theta,
        easiness={k: float(easiness[k]) for k in range(skills)},
        learning={k: float(learning[k]) for k in range(skills)},
    )
    description = (
        f"generated afm: {students} students x {skills} skills x {attempts} attempts, seed "
        f"{seed}, logit P(correct) = ability + easiness + rate x earlier attempts, ability~N(0,"
        f"{AFM_ABILITY_SD:g}) easiness~U({AFM_EASINESS[0]:g},{AFM_EASINESS[1]:g}) "
        f"rate~U({AFM_LEARNING[0]:g},{AFM_LEARNING[1]:g})"
    )
    return Dataset(data, description, None, afm=truth, kind="afm")


def _ids(values: list[str]) -> npt.NDArray[np.int64]:
    """Integer ids: the values themselves when they are all integers, else their rank."""
    try:
        return np.array([int(v) for v in values], dtype=np.int64)
    except ValueError:
        _, inverse = np.unique(np.array(values), return_inverse=True)
        return inverse.astype(np.int64)


def read_csv(path: str) -> Dataset:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"student", "skill", "correct", "order"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        rows = list(reader)
    if not rows:
        raise ValueError(f"{path}: no attempts")
    truthy = {"1", "true", "t", "yes", "y", "1.0"}
    falsy = {"0", "false", "f", "no", "n", "0.0"}
    correct = []
    for number, row in enumerate(rows, start=2):
        value = row["correct"].strip().lower()
        if value not in truthy | falsy:
            raise ValueError(f"{path}, line {number}: correct must be 0/1 or true/false")
        correct.append(value in truthy)
    data = mastery.Attempts(
        student=_ids([r["student"].strip() for r in rows]),
        skill=_ids([r["skill"].strip() for r in rows]),
        correct=np.array(correct, dtype=bool),
        order=np.array([float(r["order"]) for r in rows], dtype=np.float64),
    )
    description = f"input: {path}"
    counted = None
    if {"item", "time"} <= set(reader.fieldnames or ()):
        # An empty item (a project review, say) is never a retry.
        items = [r["item"].strip() for r in rows]
        ranks = _ids([value or "" for value in items])
        item = np.where(np.array([bool(value) for value in items]), ranks, -1)
        time_ = np.array([float(r["time"]) for r in rows], dtype=np.float64)
        counted = ability.counted(data, item, time_)
        description += (
            f" (item and time given: {int((~counted).sum())} retries within "
            f"{ability.RETRY_WINDOW / 3600:g} h not counted by {OURS})"
        )
    return Dataset(data, description, None, counted=counted)


def subset(data: mastery.Attempts, mask: npt.NDArray[np.bool_]) -> mastery.Attempts:
    return mastery.Attempts(*(np.asarray(column)[mask] for column in data.columns()))


def evaluated_rows(data: mastery.Attempts, seed: int) -> BoolArray:
    """The rows of 20% of the students, drawn with ``seed`` (at least one when possible)."""
    students = np.unique(data.student)
    rng = np.random.default_rng([seed, 2])
    shuffled = rng.permutation(students)
    n_eval = max(1, round(0.2 * students.shape[0])) if students.shape[0] > 1 else 0
    return np.isin(data.student, shuffled[:n_eval])


def split(data: mastery.Attempts, seed: int) -> tuple[mastery.Attempts, mastery.Attempts]:
    """80% of the students to fit, 20% to evaluate (at least one each when possible)."""
    evaluated = evaluated_rows(data, seed)
    return subset(data, ~evaluated), subset(data, evaluated)


def history(data: mastery.Attempts) -> tuple[FloatArray, FloatArray]:
    """Earlier successes and failures of the same student on the same skill, per row."""
    by_attempt = np.lexsort((data.order, data.skill, data.student))
    student, skill = data.student[by_attempt], data.skill[by_attempt]
    correct = np.asarray(data.correct, dtype=np.float64)[by_attempt]
    n = correct.shape[0]
    first = np.ones(n, dtype=bool)
    first[1:] = (student[1:] != student[:-1]) | (skill[1:] != skill[:-1])
    group_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    done_before = np.concatenate(([0.0], np.cumsum(correct)[:-1]))
    successes_sorted = done_before - done_before[group_start]
    position = np.arange(n) - group_start
    successes, failures = np.empty(n), np.empty(n)
    successes[by_attempt] = successes_sorted
    failures[by_attempt] = position - successes_sorted
    return successes, failures


# --- metrics ----------------------------------------------------------------------------------


def auc(truth: npt.NDArray[np.bool_], score: FloatArray) -> float:
    """Area under the ROC curve (Mann-Whitney U, tied scores get their average rank)."""
    positives = int(truth.sum())
    negatives = truth.shape[0] - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    by_score = np.argsort(score, kind="mergesort")
    sorted_score = score[by_score]
    distinct = np.concatenate(([True], sorted_score[1:] != sorted_score[:-1]))
    group = np.cumsum(distinct) - 1
    starts = np.flatnonzero(distinct)
    ends = np.append(starts[1:], score.shape[0])
    average_rank = (starts + ends + 1) / 2.0  # ranks from 1
    ranks = np.empty(score.shape[0])
    ranks[by_score] = average_rank[group]
    u = ranks[truth].sum() - positives * (positives + 1) / 2.0
    return float(u / (positives * negatives))


def logloss(truth: npt.NDArray[np.bool_], score: FloatArray) -> float:
    p = np.clip(score, LOGLOSS_CLIP, 1.0 - LOGLOSS_CLIP)
    return float(-np.mean(np.where(truth, np.log(p), np.log1p(-p))))


# --- models -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    predictions: FloatArray | None
    fit_seconds: float | None
    predict_seconds: float | None
    notes: str
    extra: dict[str, Any]


def run_parcours(
    train: mastery.Attempts, test: mastery.Attempts, dataset: Dataset, seed: int
) -> Outcome:
    started = time.perf_counter()
    params = mastery.fit(train, seed=seed)
    fitted = time.perf_counter()
    predictions = mastery.predict(test, params)
    predicted = time.perf_counter()
    notes = "parcours.engine.mastery.fit defaults: EM, 4 starts, no forgetting, tol 1e-4"
    extra: dict[str, Any] = {}
    if dataset.truth is not None:
        errors = [
            abs(getattr(params[k], name) - getattr(true, name))
            for k, true in dataset.truth.items()
            if k in params
            for name in ("p_init", "p_learn", "p_guess", "p_slip")
        ]
        extra["max_param_error"] = round(max(errors), 4) if errors else None
    return Outcome(predictions, fitted - started, predicted - fitted, notes, extra)


def _posterior_before(
    data: mastery.Attempts, log_rows: FloatArray, log_prior: FloatArray
) -> FloatArray:
    """(nodes, rows) posterior over an ability grid before each attempt, from the log-likelihood
    of every earlier attempt of the same student (every skill), in ``order``."""
    n = len(data)
    by_time = np.lexsort((np.asarray(data.order), np.asarray(data.student)))
    student = np.asarray(data.student)[by_time]
    first = np.ones(n, dtype=bool)
    first[1:] = student[1:] != student[:-1]
    group_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    cumulative = np.cumsum(log_rows[:, by_time], axis=1)
    earlier = cumulative - log_rows[:, by_time]
    earlier = earlier - earlier[:, group_start] + log_prior[:, None]
    earlier -= earlier.max(axis=0)
    weights = np.exp(earlier)
    weights /= weights.sum(axis=0)
    posterior = np.empty_like(weights)
    posterior[:, by_time] = weights
    return posterior


def _online_check(
    test: mastery.Attempts,
    params: dict[int, ability.SkillParams],
    predictions: FloatArray,
    counted: BoolArray | None,
    students: int = 100,
) -> dict[str, Any]:
    """Replays the attempts of up to ``students`` evaluated students through the online API
    (what learning does after each attempt): the largest difference from the batch
    predictions, and the time of one update (observe, then every competency's mastery)."""
    chosen = np.unique(test.student)[:students]
    rows = np.flatnonzero(np.isin(test.student, chosen))
    rows = rows[np.lexsort((test.order[rows], test.student[rows]))]
    traces: dict[int, dict[int, ability.Trace]] = {}
    worst, timings = 0.0, []
    for row in rows:
        student, skill = int(test.student[row]), int(test.skill[row])
        mine = traces.setdefault(student, {})
        p = params.get(skill, ability.DEFAULT_PARAMS)
        trace = mine.get(skill) or ability.start(p)
        expected = ability.p_correct(trace, ability.ability_posterior(mine.values()), p)
        worst = max(worst, abs(expected - float(predictions[row])))
        started = time.perf_counter()
        mine[skill] = ability.observe(
            trace, bool(test.correct[row]), p, counted=True if counted is None else counted[row]
        )
        ability.student_mastery(mine)
        timings.append(time.perf_counter() - started)
    micro = np.array(timings) * 1e6
    return {
        "online_update_us": round(float(micro.mean()), 1) if micro.size else None,
        "online_update_p99_us": round(float(np.percentile(micro, 99)), 1) if micro.size else None,
        "online_check_max_diff": worst,
    }


def run_ability(
    train: mastery.Attempts,
    test: mastery.Attempts,
    dataset: Dataset,
    seed: int,
    *,
    ability_slopes: bool = True,
    practice_slopes: bool = True,
) -> Outcome:
    train_counted = test_counted = None
    if dataset.counted is not None:
        evaluated = evaluated_rows(dataset.attempts, seed)
        train_counted, test_counted = dataset.counted[~evaluated], dataset.counted[evaluated]
    started = time.perf_counter()
    result = ability.fit_details(
        train, counted_rows=train_counted, ability=ability_slopes, practice=practice_slopes
    )
    fitted = time.perf_counter()
    predictions = ability.predict(test, result.params, counted_rows=test_counted)
    predicted = time.perf_counter()
    notes = (
        f"parcours.engine.mastery_ability.fit defaults: EM, {ability.ABILITY_LEVELS} ability "
        f"nodes, stops below 1e-5 log-likelihood per attempt ({result.iterations} iterations)"
    )
    if train_counted is not None and test_counted is not None:
        notes += (
            f"; retries not counted: {int((~train_counted).sum())} fitted, "
            f"{int((~test_counted).sum())} evaluated"
        )
    extra: dict[str, Any] = {"em_iterations": result.iterations}
    extra.update(_online_check(test, result.params, predictions, test_counted))
    if dataset.truth is not None:
        errors = [
            abs(getattr(result.params[k], name) - getattr(true, name))
            for k, true in dataset.truth.items()
            if k in result.params
            for name in ("p_init", "p_learn", "p_guess", "p_slip")
        ]
        extra["max_param_error"] = round(max(errors), 4) if errors else None
    return Outcome(predictions, fitted - started, predicted - fitted, notes, extra)


def run_ability_only(
    train: mastery.Attempts, test: mastery.Attempts, dataset: Dataset, seed: int
) -> Outcome:
    outcome = run_ability(train, test, dataset, seed, practice_slopes=False)
    outcome.notes = "ablation: " + outcome.notes + "; practice slopes held at 0"
    return outcome


def run_practice_only(
    train: mastery.Attempts, test: mastery.Attempts, dataset: Dataset, seed: int
) -> Outcome:
    outcome = run_ability(train, test, dataset, seed, ability_slopes=False)
    outcome.notes = "ablation: " + outcome.notes + "; ability slopes held at 0"
    return outcome


def run_afm_truth(
    train: mastery.Attempts, test: mastery.Attempts, dataset: Dataset, seed: int
) -> Outcome:
    truth = dataset.afm
    if truth is None:
        return Outcome(None, None, None, "only for generated afm data: no known curve", {})
    started = time.perf_counter()
    nodes, weights = np.polynomial.hermite_e.hermegauss(41)
    successes, failures = history(test)
    skill = np.asarray(test.skill)
    easiness = np.array([truth.easiness[int(k)] for k in skill])
    rate = np.array([truth.learning[int(k)] for k in skill])
    z = (easiness + rate * (successes + failures))[None, :] + truth.ability_sd * nodes[:, None]
    p = 1.0 / (1.0 + np.exp(-z))
    log_rows = np.log(np.where(np.asarray(test.correct, dtype=bool)[None, :], p, 1.0 - p))
    posterior = _posterior_before(test, log_rows, np.log(weights / weights.sum()))
    predictions = np.einsum("ij,ij->j", posterior, p)
    seconds = time.perf_counter() - started
    notes = (
        "reference: the generating curve, each student's ability integrated over its known "
        "prior given their earlier answers (41 nodes); nothing fitted"
    )
    return Outcome(predictions, 0.0, seconds, notes, {})


def run_true_params(
    train: mastery.Attempts, test: mastery.Attempts, dataset: Dataset, seed: int
) -> Outcome:
    if dataset.truth is None:
        return Outcome(None, None, None, "only for generated bkt data: no known parameters", {})
    started = time.perf_counter()
    predictions = mastery.predict(test, dataset.truth)
    seconds = time.perf_counter() - started
    return Outcome(
        predictions, 0.0, seconds, "reference: the generating parameters, nothing fitted", {}
    )


def run_running_accuracy(
    train: mastery.Attempts, test: mastery.Attempts, dataset: Dataset, seed: int
) -> Outcome:
    started = time.perf_counter()
    skills = np.union1d(train.skill, test.skill)
    correct = np.asarray(train.correct, dtype=np.float64)
    where = np.searchsorted(skills, train.skill)
    totals = np.bincount(where, minlength=skills.shape[0])
    overall = float(correct.mean()) if correct.size else 0.5
    rate = np.full(skills.shape[0], overall)
    seen = totals > 0
    rate[seen] = np.bincount(where, weights=correct, minlength=skills.shape[0])[seen] / totals[seen]
    successes, failures = history(train)

    def running(succ: FloatArray, fail: FloatArray, prior: FloatArray, weight: float) -> FloatArray:
        return (succ + weight * prior) / (succ + fail + weight)

    weights = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
    losses = [
        logloss(train.correct.astype(bool), running(successes, failures, rate[where], w))
        for w in weights
    ]
    weight = weights[int(np.argmin(losses))]
    fitted = time.perf_counter()
    succ, fail = history(test)
    predictions = running(succ, fail, rate[np.searchsorted(skills, test.skill)], weight)
    predicted = time.perf_counter()
    notes = f"(successes + w * skill accuracy) / (attempts + w), w = {weight} chosen on fit data"
    return Outcome(predictions, fitted - started, predicted - fitted, notes, {})


def run_pfa(
    train: mastery.Attempts, test: mastery.Attempts, dataset: Dataset, seed: int
) -> Outcome:
    started = time.perf_counter()
    skills = np.union1d(train.skill, test.skill)
    n_skills = skills.shape[0]
    successes, failures = history(train)
    x = np.stack([np.ones_like(successes), successes, failures], axis=1)  # (rows, 3)
    y = np.asarray(train.correct, dtype=np.float64)
    where = np.searchsorted(skills, train.skill)
    coef = np.zeros((n_skills, 3))
    ridge = 1e-4  # keeps skills with separable data (e.g. all correct) finite
    pairs = [(i, j) for i in range(3) for j in range(3)]
    iterations = 0
    while iterations < 100:
        iterations += 1
        z = np.einsum("ij,ij->i", x, coef[where])
        p = 1.0 / (1.0 + np.exp(-z))
        w = p * (1.0 - p)
        gradient = (
            np.stack(
                [
                    np.bincount(where, weights=(y - p) * x[:, i], minlength=n_skills)
                    for i in range(3)
                ],
                axis=1,
            )
            - ridge * coef
        )
        hessian = np.zeros((n_skills, 3, 3))
        for i, j in pairs:
            hessian[:, i, j] = np.bincount(where, weights=w * x[:, i] * x[:, j], minlength=n_skills)
        hessian += ridge * np.eye(3)
        step = np.linalg.solve(hessian, gradient[:, :, None])[:, :, 0]
        coef += step
        if np.max(np.abs(step)) < 1e-8:
            break
    fitted = time.perf_counter()
    succ, fail = history(test)
    xt = np.stack([np.ones_like(succ), succ, fail], axis=1)
    zt = np.einsum("ij,ij->i", xt, coef[np.searchsorted(skills, test.skill)])
    predictions = 1.0 / (1.0 + np.exp(-zt))
    predicted = time.perf_counter()
    notes = (
        "logit P(correct) = beta_skill + gamma_skill * earlier successes + rho_skill * earlier "
        f"failures; Newton, {iterations} iterations, ridge {ridge}"
    )
    return Outcome(predictions, fitted - started, predicted - fitted, notes, {})


def _import_pybkt() -> tuple[Any, list[str]]:
    """pyBKT's Model class, with the run-time patches it needs here (listed)."""
    patches: list[str] = []
    import sklearn.metrics as sk_metrics  # a pyBKT dependency

    # pyBKT.util.metrics probes every sklearn *_loss/*_score/*_error function at import and
    # expects only TypeError from unsuitable ones; recent scikit-learn private helpers raise
    # other errors, which breaks `import pyBKT`. During the import only, turn those into
    # TypeError (the probe then skips them, as intended).
    saved = []
    for module in (sk_metrics._regression, sk_metrics._classification):
        for name in dir(module):
            function = getattr(module, name)
            if re.search("_loss$|_score$|_error$", name) and callable(function):

                def probe(*args: Any, _function: Any = function, **kwargs: Any) -> Any:
                    try:
                        return _function(*args, **kwargs)
                    except TypeError:
                        raise
                    except Exception as error:
                        raise TypeError(str(error)) from error

                saved.append((module, name, function))
                setattr(module, name, probe)
    try:
        from pyBKT.fit import EM_fit
        from pyBKT.models import Model
    finally:
        for module, name, function in saved:
            setattr(module, name, function)
    patches.append(
        "import: sklearn metric probe errors other than TypeError skipped (scikit-learn "
        f"{metadata.version('scikit-learn')})"
    )

    # EM_fit stores the E-step's (1, 1) log-likelihood array into a scalar slot, which NumPy 2
    # refuses ("setting an array element with a sequence"): hand it over as a float.
    original_run = EM_fit.run
    if not getattr(original_run, "_parcours_patched", False):

        def run(*args: Any, **kwargs: Any) -> Any:
            result = original_run(*args, **kwargs)
            result["total_loglike"] = float(np.asarray(result["total_loglike"]).item())
            return result

        run._parcours_patched = True  # type: ignore[attr-defined]
        EM_fit.run = run
    patches.append(f"EM_fit: log-likelihood passed as a float (numpy {np.__version__})")
    return Model, patches


def _pybkt_frame(data: mastery.Attempts) -> Any:
    import pandas as pd

    # pyBKT casts order_id to int: give it each attempt's rank (student, then order, stable).
    rank = np.empty(len(data), dtype=np.int64)
    rank[np.lexsort((data.order, data.student))] = np.arange(len(data))
    return pd.DataFrame(
        {
            "user_id": np.asarray(data.student),
            "skill_name": np.asarray(data.skill).astype(str),
            "correct": np.asarray(data.correct).astype(int),
            "order_id": rank,
        }
    )


def run_pybkt(
    train: mastery.Attempts, test: mastery.Attempts, dataset: Dataset, seed: int
) -> Outcome:
    try:
        installed = metadata.version("pyBKT")
    except metadata.PackageNotFoundError:
        return Outcome(
            None, None, None, "pyBKT is not installed: `make bench-deps` installs it", {}
        )
    try:
        model_class, patches = _import_pybkt()
    except Exception as error:  # report, never fake numbers
        return Outcome(None, None, None, f"pyBKT {installed} failed to import: {error!r}", {})
    train_frame, test_frame = _pybkt_frame(train), _pybkt_frame(test)
    try:
        started = time.perf_counter()
        model = model_class(seed=seed, num_fits=5)
        model.fit(data=train_frame)
        fitted = time.perf_counter()
        result = model.predict(data=test_frame)
        predicted = time.perf_counter()
    except Exception as error:
        return Outcome(None, None, None, f"pyBKT {installed} failed: {error!r}", {})
    predictions = result.sort_index()["correct_predictions"].to_numpy(dtype=np.float64)
    # Cross-check: Parcours's tracing with pyBKT's fitted parameters gives pyBKT's predictions.
    coef = model.coef_
    params = {
        int(skill): mastery.BKTParams(
            p_init=float(np.clip(values["prior"], 0, 1)),
            p_learn=float(np.clip(np.ravel(values["learns"])[0], 0, 1)),
            p_guess=float(np.clip(np.ravel(values["guesses"])[0], 0, 1)),
            p_slip=float(np.clip(np.ravel(values["slips"])[0], 0, 1)),
            p_forget=float(np.clip(np.ravel(values["forgets"])[0], 0, 1)),
        )
        for skill, values in coef.items()
    }
    retraced = mastery.predict(test, params)
    notes = (
        f"pyBKT {installed} from PyPI, Model(seed, num_fits=5) defaults (parallel E-step); "
        "patched at run time: " + "; ".join(patches)
    )
    extra = {"trace_check_max_diff": float(np.max(np.abs(retraced - predictions)))}
    if installed != PYBKT_VERSION:
        notes += f"; expected pyBKT {PYBKT_VERSION}"
    return Outcome(predictions, fitted - started, predicted - fitted, notes, extra)


RUNNERS: dict[str, Callable[[mastery.Attempts, mastery.Attempts, Dataset, int], Outcome]] = {
    OURS: run_ability,
    "parcours-bkt": run_parcours,
    "pybkt": run_pybkt,
    "running-accuracy": run_running_accuracy,
    "pfa-logistic": run_pfa,
    "bkt-true-params": run_true_params,
    "afm-true-params": run_afm_truth,
    # Ablations of the model, only when asked for by --models.
    "ablation-ability-only": run_ability_only,
    "ablation-practice-only": run_practice_only,
}


# --- the run ----------------------------------------------------------------------------------


def _rounded(value: float | None, digits: int) -> float | None:
    if value is None or math.isnan(value):
        return None
    return round(value, digits)


def dataset_of(options: dict[str, Any]) -> Dataset:
    if options.get("input"):
        return read_csv(str(options["input"]))
    sizes = (int(options["students"]), int(options["skills"]), int(options["attempts"]))
    if min(sizes) < 1:
        raise ValueError("--students, --skills and --attempts must be at least 1")
    kind = options.get("data") or "bkt"
    if kind == "afm":
        return generate_afm(*sizes, int(options["seed"]))
    if kind != "bkt":
        raise ValueError(f"unknown data {kind!r}: bkt or afm")
    return generate(*sizes, int(options["seed"]))


def results(options: dict[str, Any]) -> list[dict[str, Any]]:
    dataset = dataset_of(options)
    chosen = options.get("models")
    if chosen is None:
        chosen = ",".join(
            m for m in ALL_MODELS if m not in TRUTH_MODELS or TRUTH_MODELS[m] == dataset.kind
        )
    models = [name.strip() for name in str(chosen).split(",") if name.strip()]
    unknown = [name for name in models if name not in RUNNERS]
    if unknown or not models:
        raise ValueError(
            f"unknown model(s): {', '.join(unknown) or '(none)'}; known: {', '.join(RUNNERS)}"
        )
    seed = int(options["seed"])
    train, test = split(dataset.attempts, seed)
    truth = np.asarray(test.correct, dtype=bool)
    lines: list[dict[str, Any]] = []
    for name in models:
        outcome = RUNNERS[name](train, test, dataset, seed)
        has = outcome.predictions is not None
        line: dict[str, Any] = {
            "model": name,
            "auc": _rounded(auc(truth, outcome.predictions), 5) if has else None,
            "logloss": _rounded(logloss(truth, outcome.predictions), 5) if has else None,
            "fit_seconds": _rounded(outcome.fit_seconds, 3),
            "predict_seconds": _rounded(outcome.predict_seconds, 3),
            "rows": len(dataset.attempts),
            "fit_rows": len(train),
            "eval_rows": len(test),
            "data": dataset.description,
            "notes": outcome.notes,
            **outcome.extra,
        }
        lines.append(line)
    by_model = {line["model"]: line for line in lines}
    theirs = by_model.get("pybkt")
    for name in ("parcours-bkt", OURS):
        ours = by_model.get(name)
        if ours and theirs and ours["auc"] is not None and theirs["auc"] is not None:
            auc_gap = round(ours["auc"] - theirs["auc"], 5)
            speedup = theirs["fit_seconds"] / max(ours["fit_seconds"], 1e-3)
            ours["vs_pybkt"] = {
                "auc_diff": auc_gap,
                "fit_speedup": round(speedup, 1),
                "auc_goal_met": auc_gap >= -0.005,
                "speed_goal_met": speedup >= SPEEDUP_GOAL,
            }
    ours = by_model.get(OURS)
    baselines = [by_model[m] for m in BASELINES if m in by_model and by_model[m]["auc"] is not None]
    if ours and ours["auc"] is not None and baselines:
        best = max(baselines, key=lambda line: line["auc"])
        gap = round(ours["auc"] - best["auc"], 5)
        ours["vs_best_baseline"] = {
            "model": best["model"],
            "auc": best["auc"],
            "auc_diff": gap,
            "goal_met": gap >= -AUC_TOLERANCE,
        }
    return lines


# --- the retry scenario -----------------------------------------------------------------------

RETRY_STUDENTS = 500
RETRY_GAP = 30.0  # seconds between a wrong answer and the retry
ITEM_GAP = 86400.0  # one new item a day
CHOICES = 4  # options per item: a retry eliminates one wrong option


def _simulate_retries(
    params: dict[int, ability.SkillParams],
    *,
    kind: str,
    rule: bool,
    items: int,
    seed: int,
) -> dict[str, Any]:
    """RETRY_STUDENTS students of one kind, each on one competency (in turn), ``items`` items
    each, traced online as learning does."""
    rng = np.random.default_rng([seed, 4, 0 if kind == "learner" else 1])
    skills = sorted(params)
    mastery_by_item = np.zeros((RETRY_STUDENTS, items))
    attempts = np.zeros(RETRY_STUDENTS)
    counted_attempts = np.zeros(RETRY_STUDENTS)
    for i in range(RETRY_STUDENTS):
        skill = skills[i % len(skills)]
        p = params[skill]
        trace = ability.start(p)
        known = kind == "learner" and bool(rng.random() < p.init_at(0.0))
        for item in range(items):
            now, previous, tries = item * ITEM_GAP, None, 0
            while True:
                if tries:  # a retry: one wrong option fewer each time
                    correct = bool(rng.random() < 1.0 / max(1, CHOICES - tries))
                elif known:
                    correct = bool(rng.random() >= p.slip_at(item))
                else:
                    correct = bool(rng.random() < p.guess_at(item))
                counts = not (rule and ability.is_retry(previous, now))
                trace = ability.observe(trace, correct, p, counted=counts)
                attempts[i] += 1
                counted_attempts[i] += counts
                tries += 1
                if kind == "learner":
                    known = known or bool(rng.random() < p.learn_at(0.0))
                    break
                if correct:
                    break
                previous, now = now, now + RETRY_GAP
            mastery_by_item[i, item] = ability.student_mastery({skill: trace})[skill]
    mastered = mastery_by_item >= ability.MASTERED
    reached = np.maximum.accumulate(mastered, axis=1)
    first = np.where(reached.any(axis=1), reached.argmax(axis=1) + 1, items + 1)
    median = float(np.median(first))
    return {
        "scenario": "retries",
        "model": OURS,
        "student": kind,
        "retry_rule": rule,
        "students": RETRY_STUDENTS,
        "items": items,
        "attempts_per_student": round(float(attempts.mean()), 2),
        "counted_per_student": round(float(counted_attempts.mean()), 2),
        "mastery_by_item": [round(float(v), 3) for v in mastery_by_item.mean(axis=0)],
        "reached_mastery_by_item": [round(float(v), 3) for v in reached.mean(axis=0)],
        "final_mastery": round(float(mastery_by_item[:, -1].mean()), 4),
        "share_reached_mastery": round(float(reached[:, -1].mean()), 4),
        "share_mastered_at_end": round(float(mastered[:, -1].mean()), 4),
        "median_items_to_mastery": int(median) if median <= items else None,
    }


def retry_results(options: dict[str, Any]) -> list[dict[str, Any]]:
    dataset = dataset_of(options)
    items = int(options["attempts"])
    seed = int(options["seed"])
    started = time.perf_counter()
    params = ability.fit(dataset.attempts, counted_rows=dataset.counted)
    fit_seconds = time.perf_counter() - started
    if not params:
        raise ValueError("no attempts to fit the model on")
    notes = {
        "learner": "median ability; knows and learns as the fitted model says; each item once",
        "retry-until-right": (
            f"does not know, does not learn: first answers right at the model's guess rate; "
            f"retries a wrong item {RETRY_GAP:g} s later until right, each retry eliminating "
            f"one of {CHOICES} options"
        ),
    }
    lines = []
    for kind, rule in (
        ("learner", True),
        ("retry-until-right", True),
        ("retry-until-right", False),
    ):
        line = _simulate_retries(params, kind=kind, rule=rule, items=items, seed=seed)
        rule_note = (
            f"retries within {ability.RETRY_WINDOW / 3600:g} h not counted"
            if rule
            else "every attempt counted (no retry rule)"
        )
        line.update(
            fit_seconds=round(fit_seconds, 3),
            data=dataset.description,
            notes=f"{notes[kind]}; {rule_note}; one new item a day",
        )
        lines.append(line)
    learner, gamer = lines[0], lines[1]
    gamer["not_faster_than_learner"] = all(
        g <= lr
        for g, lr in zip(
            gamer["reached_mastery_by_item"], learner["reached_mastery_by_item"], strict=True
        )
    ) and all(
        g <= lr for g, lr in zip(gamer["mastery_by_item"], learner["mastery_by_item"], strict=True)
    )
    return lines


def run(options: dict[str, Any], write: Callable[[str], None]) -> None:
    if options.get("retries"):
        lines = retry_results(options)
        if options.get("json"):
            for line in lines:
                write(json.dumps(line))
            return
        write(lines[0]["data"])
        header = ("student", "retry rule", "attempts", "counted", "mastery", "reached", "median")
        write("{:<18} {:>10} {:>8} {:>8} {:>8} {:>8} {:>6}".format(*header))
        for line in lines:
            median = line["median_items_to_mastery"]
            write(
                "{:<18} {:>10} {:>8.2f} {:>8.2f} {:>8.3f} {:>8.3f} {:>6}".format(
                    line["student"],
                    "on" if line["retry_rule"] else "off",
                    line["attempts_per_student"],
                    line["counted_per_student"],
                    line["final_mastery"],
                    line["share_reached_mastery"],
                    "-" if median is None else median,
                )
            )
        write(f"not faster than the learner: {lines[1]['not_faster_than_learner']}")
        return
    lines = results(options)
    if options.get("json"):
        for line in lines:
            write(json.dumps(line))
        return
    write(lines[0]["data"] if lines else "")
    header = ("model", "auc", "logloss", "fit s", "predict s", "rows")
    write("{:<22} {:>8} {:>8} {:>9} {:>9} {:>8}".format(*header))
    for line in lines:
        cells = [
            "-" if line[key] is None else f"{line[key]:.{digits}f}"
            for key, digits in (
                ("auc", 4),
                ("logloss", 4),
                ("fit_seconds", 3),
                ("predict_seconds", 3),
            )
        ]
        write("{:<22} {:>8} {:>8} {:>9} {:>9} {:>8}".format(line["model"], *cells, line["rows"]))
    for line in lines:
        write(f"{line['model']}: {line['notes']}")
        for key in ("vs_pybkt", "vs_best_baseline"):
            if key in line:
                write(f"{line['model']} {key}: {json.dumps(line[key])}")
