"""Bayesian knowledge tracing: the scalar update, the vectorised tracing against it, EM against
a plain per-sequence Baum-Welch, and recovery of known parameters from generated data."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.engine import mastery as m
from parcours.engine.mastery import (
    DEFAULT,
    MASTERED,
    Attempts,
    BKTParams,
    final_mastery,
    fit,
    p_correct,
    posterior,
    predict,
    simulate,
    update,
)

probability = st.floats(0.0, 1.0, allow_nan=False)
below_half = st.floats(0.0, 0.5, allow_nan=False)
any_params = st.builds(BKTParams, probability, probability, probability, probability, probability)
# Guess and slip at most 0.5: a correct answer is evidence of knowing (what fit() returns).
identifiable = st.builds(BKTParams, probability, probability, below_half, below_half)
answers = st.lists(st.booleans(), max_size=30)

TRUE = {
    0: BKTParams(p_init=0.2, p_learn=0.15, p_guess=0.2, p_slip=0.1),
    1: BKTParams(p_init=0.5, p_learn=0.08, p_guess=0.3, p_slip=0.05),
    2: BKTParams(p_init=0.3, p_learn=0.25, p_guess=0.1, p_slip=0.15),
}
FIELDS = ("p_init", "p_learn", "p_guess", "p_slip")


def auc(truth: np.ndarray, score: np.ndarray) -> float:
    """Probability that a random correct attempt scores above a random incorrect one."""
    positive, negative = score[truth], score[~truth]
    above = (positive[:, None] > negative[None, :]).mean()
    ties = (positive[:, None] == negative[None, :]).mean()
    return float(above + ties / 2)


def trace(answers: list[bool], params: BKTParams) -> tuple[list[float], float]:
    """The scalar reference: P(correct) before each answer, P(known) after the last."""
    known, predictions = params.p_init, []
    for correct in answers:
        predictions.append(p_correct(known, params))
        known = update(known, correct, params)
    return predictions, known


@pytest.fixture(scope="module")
def generated() -> Attempts:
    return simulate(TRUE, students=2000, attempts=30, seed=11)


@pytest.fixture(scope="module")
def fitted(generated: Attempts) -> dict[int, BKTParams]:
    return fit(generated, seed=0)


# --- the scalar model --------------------------------------------------------------------------


def test_update_by_hand() -> None:
    params = BKTParams(p_init=0.3, p_learn=0.1, p_guess=0.2, p_slip=0.1)
    # Correct: 0.3 * 0.9 / (0.3 * 0.9 + 0.7 * 0.2) = 0.27 / 0.41; then learning.
    after_correct = 0.27 / 0.41
    assert posterior(0.3, True, params) == pytest.approx(after_correct)
    assert update(0.3, True, params) == pytest.approx(after_correct + (1 - after_correct) * 0.1)
    # Incorrect: 0.3 * 0.1 / (0.3 * 0.1 + 0.7 * 0.8).
    after_wrong = 0.03 / 0.59
    assert update(0.3, False, params) == pytest.approx(after_wrong + (1 - after_wrong) * 0.1)
    assert p_correct(0.3, params) == pytest.approx(0.3 * 0.9 + 0.7 * 0.2)


def test_forgetting_pulls_mastery_down() -> None:
    params = BKTParams(p_init=0.9, p_learn=0.0, p_guess=0.2, p_slip=0.1, p_forget=0.2)
    assert m.transition(1.0, params) == pytest.approx(0.8)
    assert update(0.99, True, params) < 0.99


def test_impossible_answer_leaves_mastery_unchanged() -> None:
    params = BKTParams(p_init=0.0, p_learn=0.0, p_guess=0.0, p_slip=0.0)
    assert posterior(0.0, True, params) == 0.0  # a correct answer cannot happen: no evidence
    assert posterior(1.0, False, params) == 1.0


@pytest.mark.parametrize("field", ["p_init", "p_learn", "p_guess", "p_slip", "p_forget"])
@pytest.mark.parametrize("value", [-0.1, 1.5, math.nan])
def test_params_must_be_probabilities(field: str, value: float) -> None:
    values = {"p_init": 0.2, "p_learn": 0.1, "p_guess": 0.2, "p_slip": 0.1, field: value}
    with pytest.raises(ValueError, match=field):
        BKTParams(**values)


def test_default_is_sensible() -> None:
    assert DEFAULT.p_guess < 0.5 and DEFAULT.p_slip < 0.5 and DEFAULT.p_forget == 0.0
    assert DEFAULT.p_init < MASTERED
    # A run of correct answers reaches mastery; a run of wrong ones does not.
    assert trace([True] * 6, DEFAULT)[1] >= MASTERED
    assert trace([False] * 6, DEFAULT)[1] < 0.5


@settings(max_examples=300)
@given(any_params, probability, answers)
def test_probabilities_stay_in_unit_interval(params: BKTParams, start: float, seq: list[bool]):
    known = start
    for correct in seq:
        assert 0.0 <= p_correct(known, params) <= 1.0
        assert 0.0 <= posterior(known, correct, params) <= 1.0
        known = update(known, correct, params)
        assert 0.0 <= known <= 1.0


@settings(max_examples=300)
@given(identifiable, probability)
def test_correct_answer_never_lowers_mastery_without_forgetting(params: BKTParams, known: float):
    assert params.p_forget == 0.0
    assert posterior(known, True, params) >= known - 1e-12
    assert update(known, True, params) >= known - 1e-12


@settings(max_examples=300)
@given(st.builds(BKTParams, probability, probability, below_half, below_half, probability))
def test_incorrect_answer_never_raises_the_posterior(params: BKTParams) -> None:
    for known in (0.0, 0.01, 0.3, 0.5, 0.9, 1.0):
        assert posterior(known, False, params) <= known + 1e-12


def test_the_monotonicity_needs_guess_plus_slip_at_most_one() -> None:
    # With guess + slip > 1 a correct answer is evidence of *not* knowing: why fit() clamps
    # guess and slip below 0.5.
    params = BKTParams(p_init=0.5, p_learn=0.0, p_guess=0.9, p_slip=0.6)
    assert update(0.5, True, params) < 0.5


# --- vectorised tracing ------------------------------------------------------------------------

rows = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 2), st.booleans(), st.integers(0, 4)),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(rows, st.lists(any_params, min_size=3, max_size=3), st.booleans())
def test_predict_and_final_mastery_match_the_scalar_trace(rows, params_list, float_order):
    params = dict(enumerate(params_list))
    data = Attempts(
        student=np.array([r[0] for r in rows], dtype=np.int64),
        skill=np.array([r[1] for r in rows], dtype=np.int64),
        correct=np.array([r[2] for r in rows], dtype=bool),
        order=np.array([r[3] for r in rows], dtype=float if float_order else np.int64),
    )
    predictions = predict(data, params)
    mastery = final_mastery(data, params)
    assert predictions.shape == (len(rows),)
    assert np.all((predictions >= 0) & (predictions <= 1))
    expected = np.empty(len(rows))
    for key in {(r[0], r[1]) for r in rows}:
        # Ties in order keep the rows' order (a stable sort).
        indices = sorted((i for i, r in enumerate(rows) if (r[0], r[1]) == key),
                         key=lambda i: rows[i][3])  # fmt: skip
        reference, last = trace([rows[i][2] for i in indices], params[key[1]])
        expected[indices] = reference
        assert mastery[key] == pytest.approx(last, abs=1e-9)
        assert 0.0 <= mastery[key] <= 1.0
    assert set(mastery) == {(r[0], r[1]) for r in rows}
    np.testing.assert_allclose(predictions, expected, atol=1e-9)


def test_unknown_skills_use_the_default() -> None:
    data = Attempts(np.array([1, 1]), np.array([7, 7]), np.array([True, False]), np.array([0, 1]))
    first = p_correct(DEFAULT.p_init, DEFAULT)
    second = p_correct(update(DEFAULT.p_init, True, DEFAULT), DEFAULT)
    np.testing.assert_allclose(predict(data, {}), [first, second])


def test_empty_data() -> None:
    empty = Attempts(np.zeros(0, int), np.zeros(0, int), np.zeros(0, bool), np.zeros(0))
    assert fit(empty) == {}
    assert predict(empty, {}).shape == (0,)
    assert final_mastery(empty, {}) == {}


def test_columns_must_match() -> None:
    with pytest.raises(ValueError, match="same length"):
        Attempts(np.zeros(2, int), np.zeros(3, int), np.zeros(2, bool), np.zeros(2))


# --- EM ----------------------------------------------------------------------------------------


def naive_em_step(sequences: dict[int, list[list[bool]]], start: BKTParams, forgetting: bool):
    """One Baum-Welch step per skill, sequence by sequence, unscaled (short sequences only)."""
    result = {}
    for skill, seqs in sequences.items():
        prior = np.array([1 - start.p_init, start.p_init])  # states: 0 not known, 1 known
        a = np.array([[1 - start.p_learn, start.p_learn], [start.p_forget, 1 - start.p_forget]])

        def emit(correct: bool) -> np.ndarray:
            g, s = start.p_guess, start.p_slip
            return np.array([g, 1 - s]) if correct else np.array([1 - g, s])

        init = np.zeros(2)
        trans = np.zeros((2, 2))
        emitted = np.zeros((2, 2))  # state x (wrong, correct)
        for seq in seqs:
            t_len = len(seq)
            alpha = np.zeros((t_len, 2))
            beta = np.ones((t_len, 2))
            alpha[0] = prior * emit(seq[0])
            for t in range(1, t_len):
                alpha[t] = (alpha[t - 1] @ a) * emit(seq[t])
            for t in range(t_len - 2, -1, -1):
                beta[t] = a @ (emit(seq[t + 1]) * beta[t + 1])
            likelihood = alpha[-1].sum()
            gamma = alpha * beta / likelihood
            init += gamma[0]
            for t in range(t_len):
                emitted[:, int(seq[t])] += gamma[t]
            for t in range(t_len - 1):
                trans += np.outer(alpha[t], emit(seq[t + 1]) * beta[t + 1]) * a / likelihood

        def clip(x: float, high: float = 1 - m.EPSILON) -> float:
            return float(min(max(x, m.EPSILON), high))

        result[skill] = BKTParams(
            p_init=clip(init[1] / init.sum()),
            p_learn=clip(trans[0, 1] / trans[0].sum()),
            p_guess=clip(emitted[0, 1] / emitted[0].sum(), m.MAX_GUESS_SLIP),
            p_slip=clip(emitted[1, 0] / emitted[1].sum(), m.MAX_GUESS_SLIP),
            p_forget=clip(trans[1, 0] / trans[1].sum()) if forgetting else 0.0,
        )
    return result


@pytest.mark.parametrize("forgetting", [False, True])
def test_one_em_step_matches_a_plain_baum_welch(forgetting: bool) -> None:
    rng = np.random.default_rng(5)
    rows = []
    for student in range(25):
        for skill in (3, 8):
            for position in range(int(rng.integers(1, 9))):  # uneven lengths, some of 1
                rows.append((student, skill, bool(rng.random() < 0.6), position))
    rng.shuffle(rows)
    data = Attempts(*(np.array(column) for column in zip(*rows, strict=True)))
    sequences: dict[int, list[list[bool]]] = {3: [], 8: []}
    for student in range(25):
        for skill in (3, 8):
            mine = sorted(
                (r for r in rows if r[0] == student and r[1] == skill), key=lambda r: r[3]
            )
            sequences[skill].append([r[2] for r in mine])
    start = m._starts(1, 1, forgetting, 0)
    start_params = BKTParams(
        p_init=float(start.init[0, 0]),
        p_learn=float(start.learn[0, 0]),
        p_guess=float(start.guess[0, 0]),
        p_slip=float(start.slip[0, 0]),
        p_forget=float(start.forget[0, 0]),
    )
    expected = naive_em_step(sequences, start_params, forgetting)
    got = fit(data, forgetting=forgetting, max_iter=1, tol=0.0, restarts=1)
    for skill in (3, 8):
        for field in (*FIELDS, "p_forget"):
            assert getattr(got[skill], field) == pytest.approx(
                getattr(expected[skill], field), abs=1e-10
            ), (skill, field)


def log_likelihood(data: Attempts, params: dict[int, BKTParams]) -> float:
    p = predict(data, params)
    return float(np.sum(np.log(np.where(data.correct, p, 1 - p))))


def test_em_never_lowers_the_likelihood(generated: Attempts) -> None:
    small = Attempts(*(column[generated.student < 200] for column in generated.columns()))
    values = [
        log_likelihood(small, fit(small, max_iter=k, tol=0.0, restarts=1)) for k in range(1, 12)
    ]
    assert all(b >= a - 1e-6 for a, b in itertools.pairwise(values))


def test_fit_recovers_known_parameters(fitted: dict[int, BKTParams]) -> None:
    # 2,000 students x 30 attempts per skill: each parameter within 0.04 of the truth. The
    # maximum-likelihood estimate itself is that far at this size (sampling error: up to 0.032
    # over seeds 1-4 and 11, the same with tol=1e-7), so EM is not what limits the accuracy.
    assert set(fitted) == set(TRUE)
    for skill, true in TRUE.items():
        for field in FIELDS:
            expected = pytest.approx(getattr(true, field), abs=0.04)
            assert getattr(fitted[skill], field) == expected, (skill, field)
        assert fitted[skill].p_forget == 0.0


def test_fit_respects_the_bounds(fitted: dict[int, BKTParams]) -> None:
    for params in fitted.values():
        assert params.p_guess < 0.5 and params.p_slip < 0.5
        for field in FIELDS:
            assert m.EPSILON <= getattr(params, field) <= 1 - m.EPSILON


def test_fit_with_forgetting_recovers_it() -> None:
    true = {0: BKTParams(p_init=0.3, p_learn=0.2, p_guess=0.15, p_slip=0.1, p_forget=0.05)}
    data = simulate(true, students=3000, attempts=30, seed=2)
    got = fit(data, forgetting=True, seed=1)[0]
    for field in (*FIELDS, "p_forget"):
        assert getattr(got, field) == pytest.approx(getattr(true[0], field), abs=0.03), field


def test_fit_is_deterministic_for_a_seed(generated: Attempts) -> None:
    small = Attempts(*(column[generated.student < 300] for column in generated.columns()))
    first = fit(small, seed=4)
    assert fit(small, seed=4) == first
    # The rows' order does not matter either.
    shuffled = np.random.default_rng(0).permutation(len(small))
    again = fit(Attempts(*(column[shuffled] for column in small.columns())), seed=4)
    for skill in TRUE:
        for field in FIELDS:
            assert getattr(again[skill], field) == pytest.approx(getattr(first[skill], field))


def test_degenerate_skills_fit_within_bounds() -> None:
    # A skill always answered right, one always wrong, sequences of one attempt.
    data = Attempts(
        student=np.array([0, 0, 1, 1, 2, 0, 1]),
        skill=np.array([0, 0, 0, 0, 0, 1, 1]),
        correct=np.array([True, True, True, True, True, False, False]),
        order=np.array([0, 1, 0, 1, 0, 2, 2]),
    )
    params = fit(data)
    assert set(params) == {0, 1}
    for p in params.values():
        for field in (*FIELDS, "p_forget"):
            assert 0.0 <= getattr(p, field) <= 1.0
    assert p_correct(params[0].p_init, params[0]) > 0.9
    assert p_correct(params[1].p_init, params[1]) < 0.1


def test_predictions_from_fitted_params_discriminate(generated, fitted) -> None:
    evaluated = Attempts(*(column[generated.student >= 1800] for column in generated.columns()))
    predictions = predict(evaluated, fitted)
    truth = evaluated.correct.astype(bool)
    sample = np.random.default_rng(0).choice(len(evaluated), 4000, replace=False)
    score = auc(truth[sample], predictions[sample])
    assert score > 0.75  # the generating parameters give about the same
    ceiling = auc(truth[sample], predict(evaluated, TRUE)[sample])
    assert score > ceiling - 0.01


def test_mastery_rises_with_practice(generated, fitted) -> None:
    mastery = final_mastery(generated, fitted)
    assert len(mastery) == 2000 * len(TRUE)
    # After 30 attempts most students have learnt: the model says so too.
    assert np.mean([value >= MASTERED for value in mastery.values()]) > 0.8
