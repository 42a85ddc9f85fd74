"""Mastery per competency by knowledge tracing individualised by the student's ability, with
practice-dependent guess and slip, and a retry rule.

The model
---------
Bayesian knowledge tracing (:mod:`parcours.engine.mastery`) with two extensions, each from the
literature on what BKT misses:

- **Student ability** (individualised BKT, Yudelson, Koedinger & Gordon 2013; Pardos &
  Heffernan 2010). Every student has an ability ``theta``, standard normal in the population.
  A competency's P(known before the first attempt) and P(learn per attempt) depend on it:
  ``logit p_init(theta) = logit p_init + init_ability * theta``, likewise ``p_learn`` with
  ``learn_ability``. ``theta`` is never estimated as a number: it is integrated out on a fixed
  grid of :data:`ABILITY_LEVELS` Gauss-Hermite nodes (marginal maximum likelihood, Bock &
  Aitkin 1981), so a student's posterior over the grid comes from *all* their competencies
  and a new student needs no refit.
- **Practice** in the answers (feature-aware knowledge tracing, FAST, Gonzalez-Brenes, Huang
  & Brusilovsky 2014): P(correct | not known) and P(wrong | known) change with the number
  ``n`` of earlier counted attempts on the competency, on a logistic curve bounded by 0.5:
  ``logit(2 p_guess(n)) = logit(2 p_guess) + guess_practice * n``, likewise ``p_slip`` with
  ``slip_practice``. This is the gradual improvement before and after mastery that a learning
  curve (Cen, Koedinger & Junker 2006, additive factors) or PFA (Pavlik, Cen & Koedinger 2009)
  sees and two-state BKT does not. Guess and slip stay below 0.5 at every ``n`` (so a known
  competency always answers better than an unknown one), smoothly.

Given the ability, competencies are independent two-state hidden Markov models without
forgetting, exactly BKT. With every slope at 0 the model *is* BKT (tested). The probability of
mastery of a competency is ``P(known) = sum_q w_q P(known | answers, theta_q)`` with ``w_q`` the
student's posterior over the grid; a competency is mastered from :data:`MASTERED` on, as before.

Guess and slip stay below 0.5 at every ability and practice level, so P(right | known) >= 0.5
>= P(right | not known) at every level, hence also averaged over the student's ability
posterior; by Bayes, a right answer never lowers the probability of mastery of its competency
and a wrong one never raises it before the learning transition (property-tested, whatever the
answers on the other competencies). An answer on one competency may move the mastery of another
one either way, through the ability.

Retries
-------
An attempt on the same item (quiz question) by the same student on the same competency less
than :data:`RETRY_WINDOW` after their previous attempt on that item is *not counted*: it adds
no evidence, no learning opportunity and no practice. Right after the item's feedback, a right
answer shows that the feedback was read, not that the competency is known. Attempts without an
item (project reviews) always count. :func:`counted` applies the rule to a table of attempts,
:func:`is_retry` to one new attempt; every function takes the resulting ``counted`` mask.

Fitting
-------
:func:`fit` runs expectation-maximisation over every competency and student at once
(vectorised with NumPy; the Python loop runs over positions in a sequence): E-step, a scaled
forward-backward pass per ability node, the students' posteriors over the grid, then expected
counts per competency and node (initial state, learning transitions) and per competency and
practice count (answers while known and not known); M-step, four small weighted logistic
regressions per competency with two coefficients each (Fisher scoring with step halving, so
that each step raises the expected complete-data log-likelihood: the log-likelihood never
decreases, tested). A slight ridge on the slopes keeps them finite when the data say nothing
about them. EM starts from :data:`START` for every competency and stops when an iteration
gains less than ``tol`` (1e-5) of log-likelihood per attempt: predictions no longer move by
then; the ability slopes, the slowest parameters, are closer to the maximum with a smaller
``tol``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from numpy.polynomial.hermite_e import hermegauss

from parcours.engine.mastery import (
    DEFAULT,
    EPSILON,
    MASTERED,
    Attempts,
    BKTParams,
    _pack,
    _Packed,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

__all__ = [
    "ABILITY",
    "ABILITY_LEVELS",
    "ABILITY_WEIGHTS",
    "DEFAULT_PARAMS",
    "MASTERED",
    "RETRY_WINDOW",
    "START",
    "Attempts",
    "FitResult",
    "SkillParams",
    "Trace",
    "ability_posterior",
    "counted",
    "final_mastery",
    "final_traces",
    "fit",
    "fit_details",
    "is_retry",
    "observe",
    "p_correct",
    "p_known",
    "predict",
    "simulate",
    "start",
    "student_mastery",
]

ABILITY_LEVELS = 7
"""Gauss-Hermite nodes on which the student's ability is integrated out."""

_NODES, _WEIGHTS = hermegauss(ABILITY_LEVELS)
ABILITY: tuple[float, ...] = tuple(float(x) for x in _NODES)
"""The ability grid, in standard deviations of the population (symmetric around 0)."""
ABILITY_WEIGHTS: tuple[float, ...] = tuple(float(w) for w in _WEIGHTS / _WEIGHTS.sum())
"""Prior weight of each node: a standard normal ability."""
_LOG_PRIOR: tuple[float, ...] = tuple(math.log(w) for w in ABILITY_WEIGHTS)

RETRY_WINDOW = 12 * 3600.0
"""Seconds after an attempt on an item during which another attempt on it is not counted."""

MAX_SLOPE = 8.0
"""Bound on every slope (logit per standard deviation of ability, or per attempt)."""

RIDGE = 1e-2
"""Ridge on the slopes in the fit (a very weak prior: 0.5 * RIDGE * slope**2)."""

_HIGH = math.log((1 - EPSILON) / EPSILON)
"""Logits are clipped into [-_HIGH, _HIGH]: probabilities stay in [EPSILON, 1 - EPSILON] (times
0.5 for guess and slip)."""


def _logit(p: float) -> float:
    p = min(max(p, EPSILON), 1.0 - EPSILON)
    return math.log(p / (1.0 - p))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-min(max(z, -_HIGH), _HIGH)))


def _sigmoid_array(z: FloatArray) -> FloatArray:
    result: FloatArray = 1.0 / (1.0 + np.exp(-np.clip(z, -_HIGH, _HIGH)))
    return result


@dataclass(frozen=True)
class SkillParams:
    """One competency's parameters. The probabilities are those of a student of median ability
    (``theta = 0``) at their first attempt; the slopes are on the logit scale."""

    p_init: float
    p_learn: float
    p_guess: float
    p_slip: float
    init_ability: float = 0.0  # logit p_init per standard deviation of ability
    learn_ability: float = 0.0  # logit p_learn per standard deviation of ability
    guess_practice: float = 0.0  # logit p_guess per earlier counted attempt
    slip_practice: float = 0.0  # logit p_slip per earlier counted attempt

    def __post_init__(self) -> None:
        for name in ("p_init", "p_learn", "p_guess", "p_slip"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:  # NaN fails too
                raise ValueError(f"{name} must be a probability in [0, 1], got {value!r}")
        for name in ("p_guess", "p_slip"):
            if getattr(self, name) > 0.5:
                raise ValueError(f"{name} must be at most 0.5, got {getattr(self, name)!r}")
        for name in ("init_ability", "learn_ability", "guess_practice", "slip_practice"):
            value = getattr(self, name)
            if not -MAX_SLOPE <= value <= MAX_SLOPE:
                raise ValueError(f"{name} must be within ±{MAX_SLOPE}, got {value!r}")

    @classmethod
    def from_bkt(cls, params: BKTParams) -> SkillParams:
        """Classic BKT (no forgetting): every slope 0."""
        return cls(
            p_init=params.p_init,
            p_learn=params.p_learn,
            p_guess=min(params.p_guess, 0.5),
            p_slip=min(params.p_slip, 0.5),
        )

    def init_at(self, ability: float) -> float:
        return _sigmoid(_logit(self.p_init) + self.init_ability * ability)

    def learn_at(self, ability: float) -> float:
        return _sigmoid(_logit(self.p_learn) + self.learn_ability * ability)

    def guess_at(self, practice: int) -> float:
        return 0.5 * _sigmoid(_logit(2.0 * self.p_guess) + self.guess_practice * practice)

    def slip_at(self, practice: int) -> float:
        return 0.5 * _sigmoid(_logit(2.0 * self.p_slip) + self.slip_practice * practice)


DEFAULT_PARAMS = SkillParams.from_bkt(DEFAULT)
"""A competency with no fitted parameters: :data:`parcours.engine.mastery.DEFAULT`, no
individual differences."""


# --- one student, online ------------------------------------------------------------------------


@dataclass(frozen=True)
class Trace:
    """What the model knows of one student on one competency, at each node of the ability grid:
    P(known) before the next attempt, and the log-likelihood of the counted answers so far.
    ``attempts`` counts the counted attempts (the practice count)."""

    known: tuple[float, ...]
    loglik: tuple[float, ...] = field(default=(0.0,) * ABILITY_LEVELS)
    attempts: int = 0

    def __post_init__(self) -> None:
        if len(self.known) != ABILITY_LEVELS or len(self.loglik) != ABILITY_LEVELS:
            raise ValueError(f"a trace has {ABILITY_LEVELS} values per field")
        if not all(0.0 <= p <= 1.0 for p in self.known):
            raise ValueError("known must hold probabilities")
        if not all(math.isfinite(v) and v <= 0.0 for v in self.loglik):
            raise ValueError("loglik must hold finite log-probabilities")
        if self.attempts < 0:
            raise ValueError("attempts must be at least 0")

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (what learning stores)."""
        return {"known": list(self.known), "loglik": list(self.loglik), "attempts": self.attempts}

    @classmethod
    def from_dict(cls, data: Any) -> Trace:
        """The trace of :meth:`as_dict`; ValueError if ``data`` is not one (a different grid
        included)."""
        if not isinstance(data, Mapping):
            raise ValueError("a trace is a mapping")
        try:
            known = tuple(float(v) for v in data["known"])
            loglik = tuple(float(v) for v in data["loglik"])
            attempts = int(data["attempts"])
        except (KeyError, TypeError) as error:
            raise ValueError(f"not a trace: {error}") from error
        return cls(known=known, loglik=loglik, attempts=attempts)

    @classmethod
    def flat(cls, p_known: float, attempts: int = 0) -> Trace:
        """A trace that knows only a probability of mastery: the same at every ability, no
        evidence about the ability (for estimates kept before this model)."""
        p = min(max(float(p_known), 0.0), 1.0)
        return cls(known=(p,) * ABILITY_LEVELS, attempts=max(0, attempts))


def start(params: SkillParams) -> Trace:
    """Before the first attempt."""
    return Trace(known=tuple(params.init_at(theta) for theta in ABILITY))


def _answer(known: float, correct: bool, guess: float, slip: float) -> tuple[float, float]:
    """(P(answer), P(known) after seeing it) at one node; an impossible answer changes
    nothing."""
    if correct:
        joint, other = known * (1.0 - slip), (1.0 - known) * guess
    else:
        joint, other = known * slip, (1.0 - known) * (1.0 - guess)
    total = joint + other
    if total <= 0.0:
        return 1.0, known
    return total, min(1.0, max(0.0, joint / total))


def observe(trace: Trace, correct: bool, params: SkillParams, *, counted: bool = True) -> Trace:
    """The trace after one attempt: at each node, the Bayes posterior then the learning
    transition; the answer's likelihood added to the node's log-likelihood. An attempt that is
    not counted (a retry, :func:`is_retry`) changes nothing."""
    if not counted:
        return trace
    guess, slip = params.guess_at(trace.attempts), params.slip_at(trace.attempts)
    known, loglik = [], []
    for theta, p, ll in zip(ABILITY, trace.known, trace.loglik, strict=True):
        likelihood, after = _answer(p, correct, guess, slip)
        learn = params.learn_at(theta)
        known.append(min(1.0, after + (1.0 - after) * learn))
        loglik.append(min(0.0, ll + math.log(likelihood)))
    return Trace(known=tuple(known), loglik=tuple(loglik), attempts=trace.attempts + 1)


def ability_posterior(traces: Iterable[Trace]) -> tuple[float, ...]:
    """The student's posterior weights over :data:`ABILITY`, from all their competencies."""
    log_post = list(_LOG_PRIOR)
    for trace in traces:
        for q, ll in enumerate(trace.loglik):
            log_post[q] += ll
    top = max(log_post)
    weights = [math.exp(v - top) for v in log_post]
    total = sum(weights)
    return tuple(w / total for w in weights)


def p_known(trace: Trace, posterior: tuple[float, ...]) -> float:
    """The probability of mastery: P(known) averaged over the student's ability posterior."""
    return min(1.0, max(0.0, sum(w * p for w, p in zip(posterior, trace.known, strict=True))))


def p_correct(trace: Trace, posterior: tuple[float, ...], params: SkillParams) -> float:
    """Probability that the next attempt on the competency is right."""
    guess, slip = params.guess_at(trace.attempts), params.slip_at(trace.attempts)
    p = sum(
        w * (k * (1.0 - slip) + (1.0 - k) * guess)
        for w, k in zip(posterior, trace.known, strict=True)
    )
    return min(1.0, max(0.0, p))


def student_mastery(traces: Mapping[int, Trace]) -> dict[int, float]:
    """Every competency's probability of mastery for one student (the ability posterior comes
    from all of them)."""
    posterior = ability_posterior(traces.values())
    return {skill: p_known(trace, posterior) for skill, trace in traces.items()}


def is_retry(previous: float | None, now: float, *, window: float = RETRY_WINDOW) -> bool:
    """Whether an attempt at ``now`` (seconds) on an item the student last attempted at
    ``previous`` is a retry, not counted. ``previous`` None: the first attempt on the item."""
    return previous is not None and now - previous < window


def counted(
    data: Attempts,
    item: npt.NDArray[Any],
    time: npt.NDArray[Any],
    *,
    window: float = RETRY_WINDOW,
) -> BoolArray:
    """Which attempts count: not those on the same item (``item`` >= 0; negative = no item)
    by the same student on the same competency less than ``window`` seconds after the previous
    attempt on it (counted or not). Ties in ``time`` keep the rows' order."""
    items = np.asarray(item).astype(np.int64, copy=False)
    times = np.asarray(time).astype(np.float64, copy=False)
    student = np.asarray(data.student).astype(np.int64, copy=False)
    skill = np.asarray(data.skill).astype(np.int64, copy=False)
    if items.shape != student.shape or times.shape != student.shape:
        raise ValueError("item and time must have one value per attempt")
    result = np.ones(student.shape[0], dtype=bool)
    if student.shape[0] < 2:
        return result
    by = np.lexsort((times, items, skill, student))
    same = np.zeros(student.shape[0], dtype=bool)
    s, k, i, t = student[by], skill[by], items[by], times[by]
    same[1:] = (s[1:] == s[:-1]) & (k[1:] == k[:-1]) & (i[1:] == i[:-1]) & (i[1:] >= 0)
    gap = np.full(student.shape[0], np.inf)
    gap[1:] = t[1:] - t[:-1]
    result[by] = ~(same & (gap < window))
    return result


# --- many students at once ----------------------------------------------------------------------


@dataclass
class _Coefs:
    """Logit-scale coefficients per skill: base (row 0) and slope (row 1) of each block."""

    init: FloatArray  # (2, skills)
    learn: FloatArray
    guess: FloatArray
    slip: FloatArray

    def take(self, columns: IntArray) -> _Coefs:
        return _Coefs(*(block[:, columns] for block in self.blocks()))

    def blocks(self) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        return (self.init, self.learn, self.guess, self.slip)

    def penalty(self) -> float:
        return 0.5 * RIDGE * float(sum(np.sum(block[1] ** 2) for block in self.blocks()))


def _coefs(skills: IntArray, params: Mapping[int, SkillParams]) -> _Coefs:
    rows = [params.get(int(skill), DEFAULT_PARAMS) for skill in skills]

    def block(p: str, slope: str, scale: float = 1.0) -> FloatArray:
        return np.array(
            [[_logit(getattr(r, p) / scale) for r in rows], [getattr(r, slope) for r in rows]],
            dtype=np.float64,
        ).reshape(2, len(rows))

    return _Coefs(
        init=block("p_init", "init_ability"),
        learn=block("p_learn", "learn_ability"),
        guess=block("p_guess", "guess_practice", HALF),
        slip=block("p_slip", "slip_practice", HALF),
    )


def _params(coefs: _Coefs, k: int) -> SkillParams:
    def p(block: FloatArray, scale: float = 1.0) -> float:
        return scale * _sigmoid(float(block[0, k]))

    def slope(block: FloatArray) -> float:
        return float(np.clip(block[1, k], -MAX_SLOPE, MAX_SLOPE))

    return SkillParams(
        p_init=p(coefs.init),
        p_learn=p(coefs.learn),
        p_guess=p(coefs.guess, HALF),
        p_slip=p(coefs.slip, HALF),
        init_ability=slope(coefs.init),
        learn_ability=slope(coefs.learn),
        guess_practice=slope(coefs.guess),
        slip_practice=slope(coefs.slip),
    )


_GRID = np.array(ABILITY, dtype=np.float64)
HALF = 0.5


def _by_ability(block: FloatArray) -> FloatArray:
    """(nodes, columns) probabilities of a block whose slope is on the ability."""
    return _sigmoid_array(block[0][None, :] + block[1][None, :] * _GRID[:, None])


def _by_practice(block: FloatArray, practice: FloatArray) -> FloatArray:
    """Guess or slip at the given practice counts (one per column): below 0.5."""
    return HALF * _sigmoid_array(block[0] + block[1] * practice)


@dataclass
class _Pass:
    """A forward pass over packed attempts, at every ability node (rows of the arrays)."""

    before: FloatArray  # (nodes, rows) P(known) before the attempt
    filtered: FloatArray  # (nodes, rows) P(known) after seeing it, before the transition
    likelihood: FloatArray  # (nodes, rows) P(answer | earlier answers, node); 1 if not counted
    if_known: FloatArray  # (rows,) P(answer | known)
    if_unknown: FloatArray  # (rows,) P(answer | not known)
    guess: FloatArray  # (rows,)
    slip: FloatArray  # (rows,)
    known: FloatArray  # (nodes, sequences) P(known) after the last attempt and its transition
    practice: FloatArray  # (sequences,) counted attempts
    learn: FloatArray  # (nodes, sequences)
    loglik: FloatArray  # (nodes, sequences) log-likelihood of the counted answers


def _forward(packed: _Packed, per_skill: _Coefs, counted_rows: BoolArray | None) -> _Pass:
    coefs = per_skill.take(packed.seq_skill)  # one column per sequence
    init, learn = _by_ability(coefs.init), _by_ability(coefs.learn)
    nodes, rows = init.shape[0], packed.observed.shape[0]
    before = np.empty((nodes, rows))
    filtered = np.empty((nodes, rows))
    likelihood = np.empty((nodes, rows))
    if_known, if_unknown = np.empty(rows), np.empty(rows)
    guess_rows, slip_rows = np.empty(rows), np.empty(rows)
    current = init.copy()
    practice = np.zeros(packed.n_sequences)
    loglik = np.zeros((nodes, packed.n_sequences))
    for t in range(packed.max_len):
        m = int(packed.active[t])
        rows_t = slice(int(packed.start[t]), int(packed.start[t]) + m)
        done = practice[:m]
        guess = _by_practice(coefs.guess[:, :m], done)
        slip = _by_practice(coefs.slip[:, :m], done)
        observed = packed.observed[rows_t]
        known_emit = np.where(observed, 1.0 - slip, slip)
        unknown_emit = np.where(observed, guess, 1.0 - guess)
        prior = current[:, :m]
        joint = prior * known_emit
        total = joint + (1.0 - prior) * unknown_emit
        after = joint / total
        nxt = after + (1.0 - after) * learn[:, :m]
        if counted_rows is not None:
            keep = counted_rows[rows_t]
            total = np.where(keep, total, 1.0)
            after = np.where(keep, after, prior)
            nxt = np.where(keep, nxt, prior)
            practice[:m] += keep
        else:
            practice[:m] += 1.0
        before[:, rows_t] = prior
        filtered[:, rows_t] = after
        likelihood[:, rows_t] = total
        loglik[:, :m] += np.log(total)
        if_known[rows_t], if_unknown[rows_t] = known_emit, unknown_emit
        guess_rows[rows_t], slip_rows[rows_t] = guess, slip
        current[:, :m] = nxt
    return _Pass(
        before,
        filtered,
        likelihood,
        if_known,
        if_unknown,
        guess_rows,
        slip_rows,
        current,
        practice,
        learn,
        loglik,
    )


def _sum_by(index: IntArray, values: FloatArray, size: int) -> FloatArray:
    """Row-wise sums of ``values`` (nodes, n) into ``size`` bins given by ``index`` (n,)."""
    nodes = values.shape[0]
    flat = (np.arange(nodes)[:, None] * size + index[None, :]).ravel()
    sums = np.bincount(flat, weights=values.ravel(), minlength=nodes * size)
    return sums.reshape(nodes, size).astype(np.float64, copy=False)


def _log_posterior(log_lik: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Per column (student): normalised posterior weights over the nodes, and the log of the
    marginal likelihood, from per-node log-likelihoods (nodes, students)."""
    log_joint = log_lik + np.log(np.array(ABILITY_WEIGHTS))[:, None]
    top = log_joint.max(axis=0)
    weights = np.exp(log_joint - top)
    total = weights.sum(axis=0)
    return weights / total, top + np.log(total)


@dataclass
class _Counts:
    """Expected counts of one E-step, weighted by the students' posteriors over the grid."""

    loglik: float
    init_known: FloatArray  # (nodes, skills)
    sequences: FloatArray  # (nodes, skills)
    learned: FloatArray  # (nodes, skills)
    from_unknown: FloatArray  # (nodes, skills)
    unknown_correct: FloatArray  # (practice, skills)
    unknown: FloatArray  # (practice, skills)
    known_wrong: FloatArray  # (practice, skills)
    known: FloatArray  # (practice, skills)


def _e_step(packed: _Packed, coefs: _Coefs, student_of_seq: IntArray, students: int) -> _Counts:
    run = _forward(packed, coefs, None)
    nodes = run.filtered.shape[0]
    sequences = packed.n_sequences
    posterior, marginal = _log_posterior(_sum_by(student_of_seq, run.loglik, students))
    weight = posterior[:, student_of_seq]  # (nodes, sequences)
    back_known = np.ones((nodes, sequences))
    back_unknown = np.ones((nodes, sequences))
    learned = np.zeros((nodes, sequences))
    from_unknown = np.zeros((nodes, sequences))
    known_row = np.empty(packed.observed.shape[0])  # P(known at the attempt | everything)
    init_known = np.zeros((nodes, sequences))
    for t in range(packed.max_len - 1, -1, -1):
        m = int(packed.active[t])
        rows_t = slice(int(packed.start[t]), int(packed.start[t]) + m)
        if t + 1 < packed.max_len:
            n = int(packed.active[t + 1])
            next_rows = slice(int(packed.start[t + 1]), int(packed.start[t + 1]) + n)
            scale = run.likelihood[:, next_rows]
            to_known = run.if_known[next_rows] * back_known[:, :n] / scale
            to_unknown = run.if_unknown[next_rows] * back_unknown[:, :n] / scale
            was_unknown = 1.0 - run.filtered[:, rows_t][:, :n]
            learn = run.learn[:, :n]
            learning = learn * to_known
            learned[:, :n] += was_unknown * learning
            new_unknown = learning + (1.0 - learn) * to_unknown
            from_unknown[:, :n] += was_unknown * new_unknown
            back_known[:, :n] = to_known
            back_unknown[:, :n] = new_unknown
        gamma = run.filtered[:, rows_t] * back_known[:, :m]  # given the node
        known_row[rows_t] = np.einsum("ij,ij->j", weight[:, :m], gamma)
        if t == 0:
            init_known = gamma
    skills = int(packed.skills.shape[0])
    seq_skill = packed.seq_skill
    unknown_row = 1.0 - known_row
    width = packed.max_len
    position = np.repeat(np.arange(width), packed.active)
    cell = position * skills + seq_skill[packed.sequence]
    observed = packed.observed

    def cells(values: FloatArray) -> FloatArray:
        sums = np.bincount(cell, weights=values, minlength=width * skills)
        return sums.reshape(width, skills).astype(np.float64, copy=False)

    return _Counts(
        loglik=float(marginal.sum()),
        init_known=_sum_by(seq_skill, weight * init_known, skills),
        sequences=_sum_by(seq_skill, weight, skills),
        learned=_sum_by(seq_skill, weight * learned, skills),
        from_unknown=_sum_by(seq_skill, weight * from_unknown, skills),
        unknown_correct=cells(unknown_row * observed),
        unknown=cells(unknown_row),
        known_wrong=cells(known_row * ~observed),
        known=cells(known_row),
    )


def _logistic(
    coef: FloatArray,
    successes: FloatArray,
    trials: FloatArray,
    x: FloatArray,
    scale: float,
    *,
    slope: bool = True,
    steps: int = 5,
) -> FloatArray:
    """Per skill (column), raise ``sum s log p + (n - s) log(1 - p) - RIDGE/2 slope**2`` over
    cells (rows) with ``p = scale * sigmoid(base + slope * x)``: Fisher scoring steps (the
    expected information is positive even where, with ``scale`` 0.5, the log-likelihood is not
    concave), halved until the objective does not decrease, so never worse than ``coef``.
    Without ``slope``, the slope stays 0 and only the base moves."""
    failures = trials - successes
    xs = x[:, None]

    def objective(c: FloatArray) -> FloatArray:
        p = scale * _sigmoid_array(c[0][None, :] + c[1][None, :] * xs)
        value = successes * np.log(p) + failures * np.log1p(-p)
        total: FloatArray = value.sum(axis=0) - 0.5 * RIDGE * c[1] ** 2
        return total

    def bounded(c: FloatArray) -> FloatArray:
        return np.stack([np.clip(c[0], -_HIGH, _HIGH), np.clip(c[1], -MAX_SLOPE, MAX_SLOPE)])

    current = bounded(coef)
    if not slope:
        current[1] = 0.0
    value = objective(current)
    for _ in range(steps):
        sigma = _sigmoid_array(current[0][None, :] + current[1][None, :] * xs)
        p = scale * sigma
        # d loglik / dz and the expected information, for p = scale * sigmoid(z).
        residual = (successes - trials * p) * (1.0 - sigma) / (1.0 - p)
        w = trials * p * (1.0 - sigma) ** 2 / (1.0 - p)
        g0 = residual.sum(axis=0)
        g1 = (residual * xs).sum(axis=0) - RIDGE * current[1]
        h00 = w.sum(axis=0) + 1e-9
        h01 = (w * xs).sum(axis=0)
        h11 = (w * xs * xs).sum(axis=0) + RIDGE
        det = h00 * h11 - h01 * h01
        if slope:
            step = np.stack([(h11 * g0 - h01 * g1) / det, (h00 * g1 - h01 * g0) / det])
        else:
            step = np.stack([g0 / h00, np.zeros_like(g0)])
        size = np.ones(coef.shape[1])
        accepted = np.zeros(coef.shape[1], dtype=bool)
        for _halving in range(20):
            trial = bounded(current + size * step)
            trial_value = objective(trial)
            better = ~accepted & (trial_value >= value)
            current[:, better] = trial[:, better]
            value = np.where(better, trial_value, value)
            accepted |= better
            if accepted.all():
                break
            size = np.where(accepted, size, size / 2.0)
        if np.max(np.abs(size * step * accepted)) < 1e-9:
            break
    return current


def _m_step(counts: _Counts, old: _Coefs, *, ability: bool, practice: bool) -> _Coefs:
    n = np.arange(counts.unknown.shape[0], dtype=np.float64)
    return _Coefs(
        init=_logistic(old.init, counts.init_known, counts.sequences, _GRID, 1.0, slope=ability),
        learn=_logistic(old.learn, counts.learned, counts.from_unknown, _GRID, 1.0, slope=ability),
        guess=_logistic(old.guess, counts.unknown_correct, counts.unknown, n, HALF, slope=practice),
        slip=_logistic(old.slip, counts.known_wrong, counts.known, n, HALF, slope=practice),
    )


START = SkillParams(
    p_init=0.4, p_learn=0.15, p_guess=0.2, p_slip=0.1, init_ability=0.5, learn_ability=0.5
)
"""Where EM starts for every competency. The ability slopes start positive: at 0 the ability
could not be learnt (every node alike is a fixed point of EM), and positive slopes orient the
grid (high ability, more likely known)."""


@dataclass(frozen=True)
class FitResult:
    """What :func:`fit_details` returns: the parameters, the penalised log-likelihood after each
    E-step (non-decreasing) and the number of EM iterations."""

    params: dict[int, SkillParams]
    objective: tuple[float, ...]
    iterations: int


def fit_details(
    data: Attempts,
    *,
    counted_rows: BoolArray | None = None,
    max_iter: int = 200,
    tol: float = 1e-5,
    start_params: SkillParams = START,
    ability: bool = True,
    practice: bool = True,
) -> FitResult:
    """Fit every competency's parameters by EM (see the module's documentation). Attempts not
    ``counted_rows`` are left out. Stops when an iteration raises the penalised log-likelihood
    by less than ``tol`` per attempt, or after ``max_iter`` iterations. Deterministic; the
    rows' order does not matter. Without ``ability`` (``practice``), the ability (practice)
    slopes stay 0: ablations, for the benchmark; without both, this is classic BKT's EM."""
    if max_iter < 1:
        raise ValueError("max_iter must be at least 1")
    if counted_rows is not None:
        keep = np.asarray(counted_rows, dtype=bool)
        data = Attempts(*(np.asarray(column)[keep] for column in data.columns()))
    packed = _pack(data)
    skills = int(packed.skills.shape[0])
    if skills == 0:
        return FitResult({}, (), 0)
    _, student_of_seq = np.unique(packed.seq_student, return_inverse=True)
    student_of_seq = student_of_seq.astype(np.int64).reshape(-1)
    students = int(student_of_seq.max()) + 1
    coefs = _coefs(np.zeros(skills, dtype=np.int64), {0: start_params})
    for block, kept in ((coefs.init, ability), (coefs.learn, ability), (coefs.guess, practice),
                        (coefs.slip, practice)):  # fmt: skip
        if not kept:
            block[1] = 0.0
    objective: list[float] = []
    threshold = tol * len(data)
    iterations = 0
    for _ in range(max_iter):
        counts = _e_step(packed, coefs, student_of_seq, students)
        value = counts.loglik - coefs.penalty()
        if objective and value - objective[-1] < threshold:
            objective.append(value)
            break
        objective.append(value)
        coefs = _m_step(counts, coefs, ability=ability, practice=practice)
        iterations += 1
    params = {int(skill): _params(coefs, k) for k, skill in enumerate(packed.skills)}
    return FitResult(params, tuple(objective), iterations)


def fit(
    data: Attempts,
    *,
    counted_rows: BoolArray | None = None,
    max_iter: int = 200,
    tol: float = 1e-5,
) -> dict[int, SkillParams]:
    """Every competency's :class:`SkillParams`, fitted by EM on the counted attempts."""
    return fit_details(data, counted_rows=counted_rows, max_iter=max_iter, tol=tol).params


def _packed_counted(packed: _Packed, counted_rows: BoolArray | None, n: int) -> BoolArray | None:
    if counted_rows is None:
        return None
    keep = np.asarray(counted_rows, dtype=bool)
    if keep.shape != (n,):
        raise ValueError("counted_rows must have one value per attempt")
    return keep[packed.row]


def predict(
    data: Attempts,
    params: Mapping[int, SkillParams],
    *,
    counted_rows: BoolArray | None = None,
) -> FloatArray:
    """P(correct) of every attempt before it is seen, in the rows' order, knowing the student's
    earlier attempts on every competency (their ability) and on this one: what the online
    :func:`observe` and :func:`p_correct` give, attempt after attempt in ``order`` (ties keep
    the rows' order). Competencies missing from ``params`` use :data:`DEFAULT_PARAMS`."""
    n = len(data)
    result = np.empty(n, dtype=np.float64)
    packed = _pack(data)
    if packed.n_sequences == 0:
        return result
    run = _forward(packed, _coefs(packed.skills, params), _packed_counted(packed, counted_rows, n))
    nodes = run.before.shape[0]
    node_p = run.before * (1.0 - run.slip) + (1.0 - run.before) * run.guess
    p_rows = np.empty((nodes, n))
    log_rows = np.empty((nodes, n))
    p_rows[:, packed.row] = node_p
    log_rows[:, packed.row] = np.log(run.likelihood)
    # The ability posterior before each attempt: the student's earlier attempts, every skill.
    by_time = np.lexsort((np.asarray(data.order), np.asarray(data.student)))
    student = np.asarray(data.student)[by_time]
    first = np.ones(n, dtype=bool)
    first[1:] = student[1:] != student[:-1]
    group_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    cumulative = np.cumsum(log_rows[:, by_time], axis=1)
    earlier = cumulative - log_rows[:, by_time]
    earlier = earlier - earlier[:, group_start]
    posterior, _ = _log_posterior(earlier)
    result[by_time] = np.einsum("ij,ij->j", posterior, p_rows[:, by_time])
    return np.clip(result, 0.0, 1.0)


def final_traces(
    data: Attempts,
    params: Mapping[int, SkillParams],
    *,
    counted_rows: BoolArray | None = None,
) -> dict[tuple[int, int], Trace]:
    """The :class:`Trace` of every (student, competency) after all its attempts."""
    packed = _pack(data)
    if packed.n_sequences == 0:
        return {}
    run = _forward(
        packed, _coefs(packed.skills, params), _packed_counted(packed, counted_rows, len(data))
    )
    log_seq = np.minimum(run.loglik, 0.0)
    known = np.clip(run.known, 0.0, 1.0)
    skill_ids = packed.skills[packed.seq_skill]
    return {
        (int(packed.seq_student[j]), int(skill_ids[j])): Trace(
            known=tuple(float(v) for v in known[:, j]),
            loglik=tuple(float(v) for v in log_seq[:, j]),
            attempts=int(run.practice[j]),
        )
        for j in range(packed.n_sequences)
    }


def final_mastery(
    data: Attempts,
    params: Mapping[int, SkillParams],
    *,
    counted_rows: BoolArray | None = None,
) -> dict[tuple[int, int], float]:
    """The probability of mastery of every (student, competency) after all the attempts."""
    traces = final_traces(data, params, counted_rows=counted_rows)
    by_student: dict[int, dict[int, Trace]] = {}
    for (student, skill), trace in traces.items():
        by_student.setdefault(student, {})[skill] = trace
    result: dict[tuple[int, int], float] = {}
    for student, mine in by_student.items():
        for skill, value in student_mastery(mine).items():
            result[(student, skill)] = value
    return result


def simulate(
    params: Mapping[int, SkillParams], *, students: int, attempts: int, seed: int = 0
) -> tuple[Attempts, FloatArray]:
    """Attempts drawn from the model: each student has a standard normal ability and makes
    ``attempts`` attempts on every competency, interleaved at random (``order`` is an int
    rank). Returns the attempts and the students' abilities. For tests and benchmarks."""
    rng = np.random.default_rng(seed)
    skills = np.array(sorted(params), dtype=np.int64)
    theta = rng.standard_normal(students)
    sequences = students * skills.shape[0]
    seq_student = np.repeat(np.arange(students, dtype=np.int64), skills.shape[0])
    seq_skill = np.tile(np.arange(skills.shape[0]), students)
    coefs = _coefs(skills, params).take(seq_skill)

    def at_ability(block: FloatArray) -> FloatArray:
        return _sigmoid_array(block[0] + block[1] * theta[seq_student])

    learn = at_ability(coefs.learn)
    known = rng.random(sequences) < at_ability(coefs.init)
    correct = np.empty((attempts, sequences), dtype=bool)
    for t in range(attempts):
        practice = np.full(sequences, float(t))
        guess, slip = _by_practice(coefs.guess, practice), _by_practice(coefs.slip, practice)
        draw = rng.random(sequences)
        correct[t] = np.where(known, draw >= slip, draw < guess)
        known |= rng.random(sequences) < learn
    when = np.sort(rng.random((attempts, sequences)), axis=0).ravel()
    student = np.broadcast_to(seq_student, (attempts, sequences)).ravel()
    order = np.empty(when.shape[0], dtype=np.int64)
    order[np.lexsort((when, student))] = np.arange(when.shape[0])
    data = Attempts(
        student=student.copy(),
        skill=np.broadcast_to(skills[seq_skill], (attempts, sequences)).ravel().copy(),
        correct=correct.ravel(),
        order=order,
    )
    return data, theta
