"""Mastery per competency by Bayesian knowledge tracing (BKT).

The model
---------
For one student and one competency ("skill"), BKT is a two-state hidden Markov model. The hidden
state is *known* or *not known*; every attempt is an observation, correct or not:

- ``p_init``: P(known) before the first attempt;
- ``p_learn``: P(not known -> known) between two attempts;
- ``p_forget``: P(known -> not known) between two attempts (0 in classic BKT);
- ``p_guess``: P(correct | not known);
- ``p_slip``: P(incorrect | known).

After an attempt, tracing takes the Bayes posterior of *known* given the answer
(:func:`posterior`), then applies the learn/forget transition (:func:`update`). The probability
that the next answer is correct is ``p(1 - slip) + (1 - p) guess`` (:func:`p_correct`). A
competency counts as mastered from :data:`MASTERED` on.

Assumptions, stated once: one latent binary state per (student, competency); attempts of a
student on one competency are ordered (``order``, ties kept in their input order) and
everything else about them (time between attempts, item difficulty, attempts on other
competencies) is ignored; the parameters are shared by every student of a competency (they
are per competency, not per student); learning may happen after any attempt, wrong ones
included; without ``forgetting`` a known competency stays known.

Fitting
-------
:func:`fit` runs expectation-maximisation (Baum-Welch) per competency, vectorised with NumPy
over every sequence (student x competency) and every competency at once: the Python loop runs
over the positions in a sequence (20 at centre scale), never over students. The sequences are
the rows of a (sequences x max length) matrix with a mask of real attempts; the matrix is kept
packed, time-major: sequences sorted by length (longest first), so that the sequences still
running at position ``t`` are a prefix of the rows, and only real attempts are stored. The
forward pass is scaled (filtered probabilities and per-attempt likelihoods, no underflow on
long sequences), the backward pass uses the scaled backward variables. Each competency keeps
its own parameters and its own convergence test (no parameter moves by ``tol`` or more in an
iteration). A few starting points per competency (one fixed sensible start, the others drawn
from a seeded generator, so results are deterministic for a seed) run a few iterations
together, then only the most likely one goes on to convergence. Guess and slip are clamped below
0.5, which rules out the mirrored solution where *known* and *not known* swap roles; every
probability is clamped into [1e-6, 1 - 1e-6], ``p_forget`` is exactly 0 without
``forgetting``.

:func:`predict` and :func:`final_mastery` trace every (student, competency) online with fitted
parameters (a competency without fitted parameters uses :data:`DEFAULT`): the probability that
each attempt is correct before it is seen, and the mastery after the last attempt.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MASTERED = 0.95
"""Mastery at or above which a competency counts as mastered."""

EPSILON = 1e-6
"""Fitted probabilities stay in [EPSILON, 1 - EPSILON]."""

MAX_GUESS_SLIP = 0.5 - EPSILON
"""Fitted guess and slip stay below 0.5 (identifiability)."""

_FIELDS = ("p_init", "p_learn", "p_guess", "p_slip", "p_forget")


@dataclass(frozen=True)
class BKTParams:
    """The five probabilities of BKT for one competency."""

    p_init: float
    p_learn: float
    p_guess: float
    p_slip: float
    p_forget: float = 0.0

    def __post_init__(self) -> None:
        for name in _FIELDS:
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:  # NaN fails too
                raise ValueError(f"{name} must be a probability in [0, 1], got {value!r}")


DEFAULT = BKTParams(p_init=0.2, p_learn=0.15, p_guess=0.2, p_slip=0.1, p_forget=0.0)
"""Priors for a competency with no fitted parameters yet: most students start not knowing it,
a few attempts teach it, a fifth of the answers of a student who does not know it are lucky,
one in ten of a student who does is a slip."""


def _unit(value: float) -> float:
    return min(1.0, max(0.0, value))


def p_correct(p_known: float, params: BKTParams) -> float:
    """Probability that the next answer is correct when P(known) is ``p_known``."""
    p = _unit(p_known)
    return _unit(p * (1.0 - params.p_slip) + (1.0 - p) * params.p_guess)


def posterior(p_known: float, correct: bool, params: BKTParams) -> float:
    """P(known) after seeing one answer, before the learn/forget transition.

    An answer impossible under the parameters (e.g. a correct answer with ``p_guess = 0`` when
    ``p_known = 0``) carries no usable evidence: ``p_known`` is returned unchanged.
    """
    p = _unit(p_known)
    if correct:
        known, unknown = p * (1.0 - params.p_slip), (1.0 - p) * params.p_guess
    else:
        known, unknown = p * params.p_slip, (1.0 - p) * (1.0 - params.p_guess)
    total = known + unknown
    if total <= 0.0:
        return p
    return _unit(known / total)


def transition(p_known: float, params: BKTParams) -> float:
    """P(known) at the next attempt: learning from not known, forgetting from known."""
    p = _unit(p_known)
    return _unit(p * (1.0 - params.p_forget) + (1.0 - p) * params.p_learn)


def update(p_known: float, correct: bool, params: BKTParams) -> float:
    """P(known) before the next attempt: Bayes posterior after the answer, then transition."""
    return transition(posterior(p_known, correct, params), params)


@dataclass(frozen=True)
class Attempts:
    """Attempts in columns, one row per attempt.

    ``order`` orders the attempts of one student (int or float; ties keep the rows' order).
    """

    student: npt.NDArray[Any]
    skill: npt.NDArray[Any]
    correct: npt.NDArray[Any]
    order: npt.NDArray[Any]

    def __post_init__(self) -> None:
        sizes = {np.shape(column) for column in self.columns()}
        if len(sizes) != 1 or len(next(iter(sizes))) != 1:
            raise ValueError("student, skill, correct and order must be 1-D of the same length")

    def columns(self) -> tuple[npt.NDArray[Any], ...]:
        return (self.student, self.skill, self.correct, self.order)

    def __len__(self) -> int:
        return int(np.shape(self.student)[0])


@dataclass(frozen=True)
class _Packed:
    """The (sequence x position) matrix, packed time-major.

    Sequences (one per student and skill) are sorted by length, longest first, so the
    sequences that have an attempt at position ``t`` are the first ``active[t]``; their
    attempts at ``t`` are the rows ``start[t] : start[t] + active[t]`` of every packed array.
    """

    observed: npt.NDArray[np.bool_]  # (rows,) correct or not, packed
    row: IntArray  # (rows,) index of the packed attempt in the caller's rows
    start: IntArray  # (max_len,)
    active: IntArray  # (max_len,)
    sequence: IntArray  # (rows,) the packed attempt's sequence
    lengths: IntArray  # (sequences,)
    seq_skill: IntArray  # (sequences,) index into ``skills``
    seq_student: IntArray  # (sequences,) the student's id
    skills: IntArray  # (skills,) skill ids, sorted

    @property
    def n_sequences(self) -> int:
        return int(self.lengths.shape[0])

    @property
    def max_len(self) -> int:
        return int(self.active.shape[0])


def _pack(data: Attempts) -> _Packed:
    student = np.asarray(data.student).astype(np.int64, copy=False)
    skill = np.asarray(data.skill).astype(np.int64, copy=False)
    correct = np.asarray(data.correct).astype(bool, copy=False)
    order = np.asarray(data.order)
    n = student.shape[0]
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return _Packed(
            np.zeros(0, dtype=bool), empty, empty, empty, empty, empty, empty, empty, empty
        )
    by_attempt = np.lexsort((order, skill, student))  # stable: ties keep the input order
    s, k = student[by_attempt], skill[by_attempt]
    first = np.ones(n, dtype=bool)
    first[1:] = (s[1:] != s[:-1]) | (k[1:] != k[:-1])
    seq_of_row = np.cumsum(first) - 1
    seq_start = np.flatnonzero(first)
    lengths = np.diff(np.append(seq_start, n))
    position = np.arange(n) - seq_start[seq_of_row]
    by_length = np.argsort(-lengths, kind="stable")
    rank = np.empty_like(by_length)
    rank[by_length] = np.arange(by_length.shape[0])
    lengths_sorted = lengths[by_length]
    max_len = int(lengths_sorted[0])
    ends = np.bincount(lengths_sorted, minlength=max_len + 1)  # how many sequences end at t
    active = (lengths_sorted.shape[0] - np.cumsum(ends)[:max_len]).astype(np.int64)
    start = np.concatenate(([0], np.cumsum(active)[:-1])).astype(np.int64)
    packed_index = start[position] + rank[seq_of_row]
    packed_row = np.empty(n, dtype=np.int64)
    packed_row[packed_index] = by_attempt
    packed_sequence = np.empty(n, dtype=np.int64)
    packed_sequence[packed_index] = rank[seq_of_row]
    skills, seq_skill = np.unique(k[seq_start][by_length], return_inverse=True)
    return _Packed(
        observed=correct[packed_row],
        row=packed_row,
        start=start,
        active=active,
        sequence=packed_sequence,
        lengths=lengths_sorted.astype(np.int64),
        seq_skill=seq_skill.astype(np.int64).reshape(-1),
        seq_student=s[seq_start][by_length].astype(np.int64),
        skills=skills.astype(np.int64),
    )


@dataclass
class _Matrix:
    """Parameters, one row per restart, one column per skill (or per sequence)."""

    init: FloatArray
    learn: FloatArray
    forget: FloatArray
    guess: FloatArray
    slip: FloatArray

    def take(self, columns: IntArray) -> _Matrix:
        return _Matrix(*(values[:, columns] for values in self.values()))

    def values(self) -> tuple[FloatArray, ...]:
        return (self.init, self.learn, self.forget, self.guess, self.slip)

    def take_best(self, restart_of_skill: IntArray) -> _Matrix:
        """One row: for each skill (column), the values of the restart ``restart_of_skill``."""
        columns = np.arange(restart_of_skill.shape[0])
        return _Matrix(*(values[restart_of_skill, columns][None, :] for values in self.values()))


def _emissions(packed: _Packed, p: _Matrix) -> tuple[FloatArray, FloatArray]:
    """P(answer | known) and P(answer | not known) of every packed attempt, per restart."""
    seq = packed.sequence
    observed = packed.observed
    if_known = np.where(observed, (1.0 - p.slip)[:, seq], p.slip[:, seq])
    if_unknown = np.where(observed, p.guess[:, seq], (1.0 - p.guess)[:, seq])
    return if_known, if_unknown


def _forward(
    packed: _Packed,
    p: _Matrix,
    emissions: tuple[FloatArray, FloatArray],
    *,
    safe: bool = False,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Scaled forward pass with per-sequence parameters ``p`` (restarts x sequences).

    Returns, packed: P(known) before each attempt, P(known) after it (filtered, before the
    transition) and the likelihood of the attempt given the earlier ones; and per sequence
    P(known) after the last attempt and its transition. ``safe`` handles parameters at 0 or 1,
    under which an answer can be impossible (then it leaves P(known) unchanged, as
    :func:`posterior` does); fitted parameters never need it.
    """
    if_known, if_unknown = emissions
    restarts = p.init.shape[0]
    rows = packed.observed.shape[0]
    prior = np.empty((restarts, rows))
    filtered = np.empty((restarts, rows))
    likelihood = np.empty((restarts, rows))
    current = p.init.copy()
    stay = 1.0 - p.forget
    for t in range(packed.max_len):
        m = int(packed.active[t])
        rows_t = slice(int(packed.start[t]), int(packed.start[t]) + m)
        before = current[:, :m]
        prior[:, rows_t] = before
        joint = before * if_known[:, rows_t]
        total = likelihood[:, rows_t]
        np.add(joint, (1.0 - before) * if_unknown[:, rows_t], out=total)
        after = filtered[:, rows_t]
        if safe:
            after[...] = before
            np.divide(joint, total, out=after, where=total > 0.0)
        else:
            np.divide(joint, total, out=after)
        current[:, :m] = after * stay[:, :m] + (1.0 - after) * p.learn[:, :m]
    return prior, filtered, likelihood, current


@dataclass
class _Counts:
    """Expected counts per restart and skill, from one E-step."""

    loglik: FloatArray
    init_known: FloatArray
    from_unknown: FloatArray
    learned: FloatArray
    from_known: FloatArray
    forgot: FloatArray
    known: FloatArray
    known_correct: FloatArray

    def take_best(self, restart_of_skill: IntArray) -> _Counts:
        columns = np.arange(restart_of_skill.shape[0])
        return _Counts(
            *(
                getattr(self, field.name)[restart_of_skill, columns][None, :]
                for field in fields(self)
            )
        )


def _e_step(packed: _Packed, per_skill: _Matrix, forgetting: bool) -> _Counts:
    p = per_skill.take(packed.seq_skill)
    if_known, if_unknown = _emissions(packed, p)
    _, filtered, likelihood, _ = _forward(packed, p, (if_known, if_unknown))
    # Scaled backward variables: the likelihood of the rest of the sequence given the state,
    # divided by the likelihoods of those attempts given their past (the forward's scaling).
    restarts, sequences = p.init.shape
    back_known = np.ones((restarts, sequences))
    back_unknown = np.ones((restarts, sequences))
    from_unknown = np.zeros((restarts, sequences))
    learned = np.zeros((restarts, sequences))
    forgot = np.zeros((restarts, sequences))
    known = np.zeros((restarts, sequences))
    known_correct = np.zeros((restarts, sequences))
    init_known = np.zeros((restarts, sequences))
    stay = 1.0 - p.forget
    keep_unknown = 1.0 - p.learn
    for t in range(packed.max_len - 1, -1, -1):
        m = int(packed.active[t])
        rows_t = slice(int(packed.start[t]), int(packed.start[t]) + m)
        if t + 1 < packed.max_len:
            # The transitions t -> t + 1 of the sequences still running at t + 1.
            n = int(packed.active[t + 1])
            next_rows = slice(int(packed.start[t + 1]), int(packed.start[t + 1]) + n)
            scale = likelihood[:, next_rows]
            to_known = if_known[:, next_rows] * back_known[:, :n] / scale
            to_unknown = if_unknown[:, next_rows] * back_unknown[:, :n] / scale
            was_known = filtered[:, rows_t][:, :n]
            was_unknown = 1.0 - was_known
            learn, forget = p.learn[:, :n], p.forget[:, :n]
            learned[:, :n] += was_unknown * learn * to_known
            new_unknown = learn * to_known + keep_unknown[:, :n] * to_unknown
            from_unknown[:, :n] += was_unknown * new_unknown
            if forgetting:
                forgot[:, :n] += was_known * forget * to_unknown
                back_known[:, :n] = stay[:, :n] * to_known + forget * to_unknown
            else:
                back_known[:, :n] = to_known
            back_unknown[:, :n] = new_unknown
        gamma = filtered[:, rows_t] * back_known[:, :m]  # P(known at t | the whole sequence)
        known[:, :m] += gamma
        known_correct[:, :m] += gamma * packed.observed[rows_t]
        if t == 0:
            init_known = gamma
    skills = packed.skills.shape[0]

    def by_skill(values: FloatArray, skill_of: IntArray) -> FloatArray:
        index = (np.arange(restarts)[:, None] * skills + skill_of[None, :]).ravel()
        sums = np.bincount(index, weights=values.ravel(), minlength=restarts * skills)
        return sums.reshape(restarts, skills).astype(np.float64, copy=False)

    seq = packed.seq_skill
    transitions = (packed.lengths - 1).astype(np.float64)
    return _Counts(
        loglik=by_skill(np.log(likelihood), seq[packed.sequence]),
        init_known=by_skill(init_known, seq),
        from_unknown=by_skill(from_unknown, seq),
        learned=by_skill(learned, seq),
        from_known=by_skill(transitions[None, :] - from_unknown, seq),
        forgot=by_skill(forgot, seq),
        known=by_skill(known, seq),
        known_correct=by_skill(known_correct, seq),
    )


_CONSTANT_COUNTS = ("sequences", "attempts", "correct")


def _m_step(
    counts: _Counts, old: _Matrix, totals: dict[str, FloatArray], forgetting: bool
) -> _Matrix:
    def ratio(numerator: FloatArray, denominator: FloatArray, fallback: FloatArray) -> FloatArray:
        result = np.divide(numerator, denominator, out=fallback.copy(), where=denominator > 1e-12)
        return np.clip(result, EPSILON, 1.0 - EPSILON)

    unknown = totals["attempts"] - counts.known
    unknown_correct = totals["correct"] - counts.known_correct
    known_wrong = counts.known - counts.known_correct
    if forgetting:
        forget = ratio(counts.forgot, counts.from_known, old.forget)
    else:
        forget = np.zeros_like(old.forget)
    return _Matrix(
        init=ratio(counts.init_known, totals["sequences"], old.init),
        learn=ratio(counts.learned, counts.from_unknown, old.learn),
        forget=forget,
        guess=np.minimum(ratio(unknown_correct, unknown, old.guess), MAX_GUESS_SLIP),
        slip=np.minimum(ratio(known_wrong, counts.known, old.slip), MAX_GUESS_SLIP),
    )


def _starts(restarts: int, skills: int, forgetting: bool, seed: int) -> _Matrix:
    """Starting points: one fixed sensible start, then seeded random ones."""
    rng = np.random.default_rng(seed)
    shape = (restarts, skills)
    start = _Matrix(
        init=rng.uniform(0.05, 0.95, shape),
        learn=rng.uniform(0.02, 0.4, shape),
        forget=rng.uniform(0.001, 0.1, shape) if forgetting else np.zeros(shape),
        guess=rng.uniform(0.05, 0.45, shape),
        slip=rng.uniform(0.02, 0.3, shape),
    )
    start.init[0], start.learn[0], start.guess[0], start.slip[0] = 0.4, 0.15, 0.2, 0.1
    if forgetting:
        start.forget[0] = 0.02
    return start


def fit(
    data: Attempts,
    *,
    forgetting: bool = False,
    max_iter: int = 100,
    tol: float = 1e-4,
    seed: int = 0,
    restarts: int = 4,
    warmup: int = 5,
) -> dict[int, BKTParams]:
    """Fit BKT parameters per skill by expectation-maximisation (Baum-Welch).

    Every skill, restart and sequence goes through the same NumPy operations. ``restarts``
    starting points per skill (the first fixed, the others drawn from ``seed``) run
    ``warmup`` EM iterations together; then only the most likely one per skill goes on. A
    skill's EM stops when no parameter moves by ``tol`` or more in an iteration, or after
    ``max_iter`` iterations. Without ``forgetting``, ``p_forget`` is 0. Deterministic for a
    given ``seed``.
    """
    if restarts < 1 or max_iter < 1:
        raise ValueError("restarts and max_iter must be at least 1")
    packed = _pack(data)
    skills = int(packed.skills.shape[0])
    if skills == 0:
        return {}
    seq = packed.seq_skill

    def count(skill_of: IntArray, weights: FloatArray | IntArray | None = None) -> FloatArray:
        counted = np.bincount(skill_of, weights=weights, minlength=skills)
        return counted.astype(np.float64, copy=False)[None, :]

    totals = {
        "sequences": count(seq),
        "attempts": count(seq, packed.lengths),
        "correct": count(seq[packed.sequence], packed.observed.astype(np.float64)),
    }
    params = _starts(restarts, skills, forgetting, seed)
    done = np.zeros((restarts, skills), dtype=bool)
    every_skill = np.arange(skills)
    for iteration in range(max_iter):
        counts = _e_step(packed, params, forgetting)
        loglik = counts.loglik
        if iteration == warmup and params.init.shape[0] > 1:
            best = np.argmax(loglik, axis=0)  # the most likely start of each skill goes on
            params, counts = params.take_best(best), counts.take_best(best)
            done, loglik = done[best, every_skill][None, :], counts.loglik
        updated = _m_step(counts, params, totals, forgetting)
        moved = np.max(
            [np.abs(new - old) for new, old in zip(updated.values(), params.values(), strict=True)],
            axis=0,
        )
        done |= moved < tol
        if done.all():
            break
        params = _Matrix(
            *(
                np.where(done, old, new)
                for old, new in zip(params.values(), updated.values(), strict=True)
            )
        )
    else:
        loglik = _e_step(packed, params, forgetting).loglik
    best = np.argmax(loglik, axis=0)
    chosen = params.take_best(best)
    return {
        int(skill): BKTParams(
            p_init=float(chosen.init[0, k]),
            p_learn=float(chosen.learn[0, k]),
            p_guess=float(chosen.guess[0, k]),
            p_slip=float(chosen.slip[0, k]),
            p_forget=float(chosen.forget[0, k]),
        )
        for k, skill in enumerate(packed.skills)
    }


def _table(skills: IntArray, params: dict[int, BKTParams]) -> _Matrix:
    rows = [params.get(int(skill), DEFAULT) for skill in skills]
    return _Matrix(
        *(np.array([[getattr(row, name) for row in rows]], dtype=np.float64) for name in _ORDER)
    )


_ORDER = ("p_init", "p_learn", "p_forget", "p_guess", "p_slip")


def predict(data: Attempts, params: dict[int, BKTParams]) -> FloatArray:
    """P(correct) of every attempt before it is seen, traced online per student and skill, in
    the rows' order. Skills missing from ``params`` use :data:`DEFAULT`."""
    packed = _pack(data)
    result = np.empty(len(data), dtype=np.float64)
    if packed.n_sequences == 0:
        return result
    p = _table(packed.skills, params).take(packed.seq_skill)
    before, _, _, _ = _forward(packed, p, _emissions(packed, p), safe=True)
    slip = p.slip[0, packed.sequence]
    guess = p.guess[0, packed.sequence]
    known = before[0]
    result[packed.row] = np.clip(known * (1.0 - slip) + (1.0 - known) * guess, 0.0, 1.0)
    return result


def final_mastery(data: Attempts, params: dict[int, BKTParams]) -> dict[tuple[int, int], float]:
    """P(known) of every (student, skill) after all their attempts (and the transition after
    the last one, as :func:`update` does). Skills missing from ``params`` use :data:`DEFAULT`."""
    packed = _pack(data)
    if packed.n_sequences == 0:
        return {}
    p = _table(packed.skills, params).take(packed.seq_skill)
    _, _, _, after = _forward(packed, p, _emissions(packed, p), safe=True)
    skill_ids = packed.skills[packed.seq_skill]
    return {
        (int(student), int(skill)): float(value)
        for student, skill, value in zip(
            packed.seq_student, skill_ids, np.clip(after[0], 0.0, 1.0), strict=True
        )
    }


def simulate(
    params: dict[int, BKTParams], *, students: int, attempts: int, seed: int = 0
) -> Attempts:
    """Attempts drawn from BKT with ``params``: every student makes ``attempts`` attempts on
    every skill, interleaved at random across skills (``order`` is an int rank). Rows come out
    by attempt number, then student, then skill. For tests and benchmarks."""
    rng = np.random.default_rng(seed)
    skills = np.array(sorted(params), dtype=np.int64)
    sequences = students * skills.shape[0]
    seq_student = np.repeat(np.arange(students, dtype=np.int64), skills.shape[0])
    seq_skill = np.tile(np.arange(skills.shape[0]), students)
    p = _table(skills, params).take(seq_skill)
    known = rng.random(sequences) < p.init[0]
    correct = np.empty((attempts, sequences), dtype=bool)
    for t in range(attempts):
        draw = rng.random(sequences)
        correct[t] = np.where(known, draw >= p.slip[0], draw < p.guess[0])
        draw = rng.random(sequences)
        known = np.where(known, draw >= p.forget[0], draw < p.learn[0])
    when = np.sort(rng.random((attempts, sequences)), axis=0).ravel()
    student = np.broadcast_to(seq_student, (attempts, sequences)).ravel()
    order = np.empty(when.shape[0], dtype=np.int64)
    order[np.lexsort((when, student))] = np.arange(when.shape[0])
    return Attempts(
        student=student.copy(),
        skill=np.broadcast_to(skills[seq_skill], (attempts, sequences)).ravel().copy(),
        correct=correct.ravel(),
        order=order,
    )
