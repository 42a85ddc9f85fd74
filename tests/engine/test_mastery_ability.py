"""Knowledge tracing with the student's ability and practice: against classic BKT when every
slope is 0, the E-step against a brute-force enumeration of hidden paths, the online update
against the batch trace, the monotonicity it claims, the retry rule, and parameter recovery
from generated data."""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.engine import mastery as bkt
from parcours.engine import mastery_ability as m
from parcours.engine.mastery_ability import (
    ABILITY,
    ABILITY_WEIGHTS,
    DEFAULT_PARAMS,
    MASTERED,
    RETRY_WINDOW,
    Attempts,
    SkillParams,
    Trace,
    ability_posterior,
    counted,
    final_mastery,
    final_traces,
    fit,
    fit_details,
    is_retry,
    observe,
    p_correct,
    p_known,
    predict,
    simulate,
    start,
    student_mastery,
)

probability = st.floats(0.0, 1.0, allow_nan=False)
half = st.floats(0.0, 0.5, allow_nan=False)
slope = st.floats(-3.0, 3.0, allow_nan=False)
any_params = st.builds(
    SkillParams, probability, probability, half, half, slope, slope, slope, slope
)
no_slopes = st.builds(SkillParams, probability, probability, half, half)

TRUE = {
    0: SkillParams(0.3, 0.2, 0.2, 0.1, init_ability=1.5, learn_ability=0.8),
    1: SkillParams(0.5, 0.1, 0.25, 0.08, init_ability=1.0, learn_ability=0.5, guess_practice=0.1),
    2: SkillParams(0.2, 0.3, 0.15, 0.15, init_ability=2.0, slip_practice=-0.1),
}
SLOPES = ("init_ability", "learn_ability", "guess_practice", "slip_practice")
PROBABILITIES = ("p_init", "p_learn", "p_guess", "p_slip")


def auc(truth: np.ndarray, score: np.ndarray) -> float:
    positive, negative = score[truth], score[~truth]
    above = (positive[:, None] > negative[None, :]).mean()
    ties = (positive[:, None] == negative[None, :]).mean()
    return float(above + ties / 2)


def table(rows: list[tuple[int, int, bool, float]]) -> Attempts:
    return Attempts(
        student=np.array([r[0] for r in rows], dtype=np.int64),
        skill=np.array([r[1] for r in rows], dtype=np.int64),
        correct=np.array([r[2] for r in rows], dtype=bool),
        order=np.array([r[3] for r in rows], dtype=np.float64),
    )


def online(
    rows: list[tuple[int, int, bool, float]],
    params: dict[int, SkillParams],
    keep: list[bool] | None = None,
) -> tuple[list[float], dict[int, dict[int, Trace]]]:
    """The reference: attempts one by one in (student, order) order, ties in the rows' order,
    through the online API."""
    predictions = [0.0] * len(rows)
    traces: dict[int, dict[int, Trace]] = {}
    for i in sorted(range(len(rows)), key=lambda i: (rows[i][0], rows[i][3])):
        student, skill, correct, _ = rows[i]
        mine = traces.setdefault(student, {})
        p = params.get(skill, DEFAULT_PARAMS)
        trace = mine.get(skill) or start(p)
        predictions[i] = p_correct(trace, ability_posterior(mine.values()), p)
        mine[skill] = observe(trace, correct, p, counted=True if keep is None else keep[i])
    return predictions, traces


# --- the model, one student ---------------------------------------------------------------------


def test_the_ability_grid_is_a_standard_normal() -> None:
    weights = np.array(ABILITY_WEIGHTS)
    grid = np.array(ABILITY)
    assert weights.sum() == pytest.approx(1.0)
    assert (weights * grid).sum() == pytest.approx(0.0, abs=1e-12)
    assert (weights * grid**2).sum() == pytest.approx(1.0)
    assert (weights * grid**4).sum() == pytest.approx(3.0)


def test_observe_by_hand() -> None:
    params = SkillParams(0.3, 0.1, 0.2, 0.1, guess_practice=math.log(2))
    trace = observe(start(params), True, params)
    # At every node p_init is 0.3 (no ability slope): posterior 0.27 / 0.41, then learning.
    after = 0.27 / 0.41
    assert trace.known == pytest.approx((after + (1 - after) * 0.1,) * len(ABILITY))
    assert trace.loglik == pytest.approx((math.log(0.41),) * len(ABILITY))
    assert trace.attempts == 1
    # At the second attempt the odds of 2 x guess have doubled: 0.4 -> 4/7, guess 2/7; guess
    # and slip approach 0.5 and never reach it.
    assert params.guess_at(1) == pytest.approx(2 / 7)
    assert 0.4999 < params.guess_at(100) < 0.5


def test_with_every_slope_zero_it_is_classic_bkt() -> None:
    rng = np.random.default_rng(3)
    classic = {k: bkt.BKTParams(0.1 + 0.2 * k, 0.15, 0.2, 0.1) for k in range(3)}
    data = bkt.simulate(classic, students=40, attempts=12, seed=4)
    ours = {k: SkillParams.from_bkt(p) for k, p in classic.items()}
    np.testing.assert_allclose(predict(data, ours), bkt.predict(data, classic), atol=1e-12)
    expected = bkt.final_mastery(data, classic)
    got = final_mastery(data, ours)
    assert set(got) == set(expected)
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, abs=1e-12)
    known = 0.4
    params = SkillParams(0.4, 0.2, 0.25, 0.1)
    trace = start(params)
    for correct in rng.random(15) < 0.6:
        trace = observe(trace, bool(correct), params)
        known = bkt.update(known, bool(correct), bkt.BKTParams(0.4, 0.2, 0.25, 0.1))
        assert p_known(trace, ability_posterior([trace])) == pytest.approx(known, abs=1e-12)


@pytest.mark.parametrize(
    ("field", "value"),
    [("p_init", 1.5), ("p_learn", -0.1), ("p_guess", 0.6), ("p_slip", math.nan)]
    + [(name, 9.0) for name in SLOPES],
)
def test_params_are_checked(field: str, value: float) -> None:
    values = {"p_init": 0.2, "p_learn": 0.1, "p_guess": 0.2, "p_slip": 0.1, field: value}
    with pytest.raises(ValueError, match=field):
        SkillParams(**values)


def test_traces_are_checked_and_round_trip() -> None:
    trace = observe(start(TRUE[0]), True, TRUE[0])
    assert Trace.from_dict(trace.as_dict()) == trace
    for bad in (None, {}, {"known": [0.5], "loglik": [0.0], "attempts": 1}, []):
        with pytest.raises(ValueError):
            Trace.from_dict(bad)
    with pytest.raises(ValueError):
        Trace(known=(1.5,) * len(ABILITY))
    with pytest.raises(ValueError):
        Trace(known=(0.5,) * len(ABILITY), loglik=(0.1,) * len(ABILITY))
    # A trace from before the ability model knows only its probability.
    flat = Trace.flat(0.7, attempts=3)
    assert p_known(flat, ability_posterior([flat, trace])) == pytest.approx(0.7)


def test_the_default_reaches_mastery_only_with_right_answers() -> None:
    right, wrong = start(DEFAULT_PARAMS), start(DEFAULT_PARAMS)
    for _ in range(6):
        right = observe(right, True, DEFAULT_PARAMS)
        wrong = observe(wrong, False, DEFAULT_PARAMS)
    assert student_mastery({1: right})[1] >= MASTERED
    assert student_mastery({1: wrong})[1] < 0.5


history = st.lists(st.tuples(st.integers(0, 2), st.booleans()), max_size=25)


def replay(params: list[SkillParams], answers: list[tuple[int, bool]]) -> dict[int, Trace]:
    traces = {k: start(p) for k, p in enumerate(params)}
    for skill, correct in answers:
        traces[skill] = observe(traces[skill], correct, params[skill])
    return traces


@settings(max_examples=300, deadline=None)
@given(st.lists(any_params, min_size=3, max_size=3), history)
def test_probabilities_stay_in_the_unit_interval(params, answers) -> None:
    traces = replay(params, answers)
    posterior = ability_posterior(traces.values())
    assert sum(posterior) == pytest.approx(1.0)
    for skill, trace in traces.items():
        assert 0.0 <= p_known(trace, posterior) <= 1.0
        assert 0.0 <= p_correct(trace, posterior, params[skill]) <= 1.0
        assert all(0.0 <= k <= 1.0 for k in trace.known)
        assert all(ll <= 0.0 for ll in trace.loglik)
        for n in (0, 5, 500):
            assert 0.0 < params[skill].guess_at(n) < 0.5
            assert 0.0 < params[skill].slip_at(n) < 0.5


@settings(max_examples=400, deadline=None)
@given(st.lists(any_params, min_size=3, max_size=3), history, st.integers(0, 2))
def test_a_right_answer_never_lowers_the_mastery_of_its_competency(params, answers, skill):
    """Whatever the history on every competency (so whatever the ability posterior): guess and
    slip stay below 0.5 at every level, so P(right | known) >= 0.5 >= P(right | not known) in
    the mixture too (this test fails when guess may exceed 0.5)."""
    traces = replay(params, answers)
    before = student_mastery(traces)[skill]
    traces[skill] = observe(traces[skill], True, params[skill])
    assert student_mastery(traces)[skill] >= before - 1e-9


@settings(max_examples=400, deadline=None)
@given(st.lists(any_params, min_size=3, max_size=3), history, st.integers(0, 2))
def test_a_wrong_answer_never_raises_the_mastery_of_its_competency_but_by_learning(
    params, answers, skill
):
    traces = replay(params, answers)
    before = student_mastery(traces)[skill]
    # Without learning after it (p_learn 0 at every ability), a wrong answer cannot raise it.
    p = params[skill]
    still = SkillParams(p.p_init, 0.0, p.p_guess, p.p_slip, p.init_ability, 0.0,
                        p.guess_practice, p.slip_practice)  # fmt: skip
    traces[skill] = observe(traces[skill], False, still)
    assert student_mastery(traces)[skill] <= before + 2e-6  # p_learn is clamped to 1e-6


def test_ability_shows_across_competencies() -> None:
    params = {k: SkillParams(0.3, 0.15, 0.2, 0.1, init_ability=2.0) for k in range(3)}
    strong = {k: start(params[k]) for k in range(3)}
    weak = dict(strong)
    for skill in (0, 1):
        for _ in range(4):
            strong[skill] = observe(strong[skill], True, params[skill])
            weak[skill] = observe(weak[skill], False, params[skill])
    # Nothing seen on competency 2 yet: the student who got the others right is likelier to
    # know it already.
    assert student_mastery(strong)[2] > 0.3 > student_mastery(weak)[2]


# --- many students, against the online update --------------------------------------------------

rows_strategy = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 2), st.booleans(), st.integers(0, 5)),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(rows_strategy, st.lists(any_params, min_size=2, max_size=2), st.data())
def test_batch_trace_equals_the_online_update(rows, params_list, data) -> None:
    params = dict(enumerate(params_list))  # skill 2 has none: the default serves it
    rows = [(s, k, c, float(o)) for s, k, c, o in rows]
    keep = data.draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
    attempts = table(rows)
    expected, traces = online(rows, params, keep)
    mask = np.array(keep, dtype=bool)
    got = predict(attempts, params, counted_rows=mask)
    np.testing.assert_allclose(got, expected, atol=1e-9)
    batch = final_traces(attempts, params, counted_rows=mask)
    assert set(batch) == {(s, k) for s, k, _, _ in rows}
    mastery = final_mastery(attempts, params, counted_rows=mask)
    for student, mine in traces.items():
        for skill, value in student_mastery(mine).items():
            trace = batch[(student, skill)]
            assert trace.attempts == mine[skill].attempts
            np.testing.assert_allclose(trace.known, mine[skill].known, atol=1e-9)
            np.testing.assert_allclose(trace.loglik, mine[skill].loglik, atol=1e-9)
            assert mastery[(student, skill)] == pytest.approx(value, abs=1e-9)


def test_empty_data() -> None:
    empty = table([])
    assert fit(empty) == {}
    assert predict(empty, {}).shape == (0,)
    assert final_mastery(empty, {}) == {}
    assert counted(empty, np.zeros(0), np.zeros(0)).shape == (0,)


def test_one_update_is_well_under_a_millisecond() -> None:
    traces = {k: start(TRUE[k % 3]) for k in range(30)}  # a student with 30 competencies
    rng = np.random.default_rng(0)
    answers = [
        (int(k), bool(c))
        for k, c in zip(rng.integers(0, 30, 2000), rng.random(2000) < 0.7, strict=True)
    ]
    started = time.perf_counter()
    for skill, correct in answers:
        traces[skill] = observe(traces[skill], correct, TRUE[skill % 3])
        student_mastery(traces)
    per_update = (time.perf_counter() - started) / len(answers)
    assert per_update < 1e-3  # measured about 0.05 ms; room left for a busy machine


# --- retries ------------------------------------------------------------------------------------


def test_retry_rule_by_hand() -> None:
    hour = 3600.0
    data = table([(1, 5, False, 0), (1, 5, True, 1), (1, 5, True, 2), (1, 5, True, 3),
                  (1, 6, True, 1), (2, 5, True, 1), (1, 5, True, 4)])  # fmt: skip
    item = np.array([7, 7, 7, 8, 7, 7, -1])
    when = np.array([0.0, 60.0, 13 * hour, 70.0, 80.0, 90.0, 100.0])
    # 7 again after 60 s: a retry; 13 h after the previous attempt on it: counted; another
    # item, another competency, another student, no item: counted.
    np.testing.assert_array_equal(
        counted(data, item, when), [True, False, True, True, True, True, True]
    )
    # The window runs from the previous attempt, counted or not: retrying every 11 h never
    # counts.
    chain = table([(1, 5, False, t) for t in range(4)])
    np.testing.assert_array_equal(
        counted(chain, np.full(4, 3), np.arange(4) * 11 * hour), [True, False, False, False]
    )
    assert not is_retry(None, 10.0)
    assert is_retry(0.0, RETRY_WINDOW - 1)
    assert not is_retry(0.0, RETRY_WINDOW)
    with pytest.raises(ValueError, match="one value per attempt"):
        counted(data, item[:2], when)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 1), st.booleans()), min_size=1, max_size=15
    ),
    st.lists(st.tuples(st.integers(0, 14), st.booleans(), st.floats(0.0, 0.99)), max_size=12),
    st.lists(any_params, min_size=2, max_size=2),
)
def test_retries_change_nothing(first_tries, retries, params_list) -> None:
    """Whatever is answered on a retry within the window, right or wrong, the estimates and
    the predictions of the other attempts are those without it."""
    params = dict(enumerate(params_list))
    hour = 3600.0
    rows, items, times = [], [], []
    for n, (student, skill, correct) in enumerate(first_tries):
        rows.append((student, skill, correct, n * 24 * hour))
        items.append(n)
        times.append(n * 24 * hour)
    base = len(rows)
    for which, correct, delay in retries:
        if which >= base:
            continue
        student, skill, _, when = rows[which]
        rows.append((student, skill, correct, when + delay * RETRY_WINDOW))
        items.append(which)
        times.append(when + delay * RETRY_WINDOW)
    data = table(rows)
    mask = counted(data, np.array(items), np.array(times))
    assert mask[:base].all() and not mask[base:].any()
    plain = table(rows[:base])
    assert final_mastery(data, params, counted_rows=mask) == pytest.approx(
        final_mastery(plain, params)
    )
    np.testing.assert_allclose(
        predict(data, params, counted_rows=mask)[:base], predict(plain, params), atol=1e-12
    )


# --- the E-step and EM --------------------------------------------------------------------------


def brute_force_counts(
    sequences: dict[int, dict[int, list[bool]]], params: dict[int, SkillParams]
) -> dict[str, np.ndarray]:
    """Expected counts by enumerating every ability node and every hidden path of every
    sequence (short sequences only): the oracle of the vectorised E-step."""
    nodes, skills = len(ABILITY), len(params)
    width = max(len(seq) for mine in sequences.values() for seq in mine.values())
    out = {
        name: np.zeros((nodes, skills))
        for name in ("init_known", "sequences", "learned", "from_unknown")
    }
    for name in ("unknown_correct", "unknown", "known_wrong", "known"):
        out[name] = np.zeros((width, skills))
    loglik = 0.0
    for mine in sequences.values():
        # Per node and sequence: likelihood and the posterior expectations given the node.
        per_node = []
        for theta in ABILITY:
            likelihood, stats = 1.0, {}
            for skill, seq in mine.items():
                p = params[skill]
                init, learn = p.init_at(theta), p.learn_at(theta)
                total = 0.0
                acc = {"init": 0.0, "learned": 0.0, "from_unknown": 0.0,
                       "known": np.zeros(len(seq))}  # fmt: skip
                for path in itertools.product((False, True), repeat=len(seq)):
                    prob = init if path[0] else 1 - init
                    for t in range(1, len(seq)):
                        if path[t - 1]:
                            prob *= 1.0 if path[t] else 0.0
                        else:
                            prob *= learn if path[t] else 1 - learn
                    for t, (state, answer) in enumerate(zip(path, seq, strict=True)):
                        guess, slip = p.guess_at(t), p.slip_at(t)
                        right = 1 - slip if state else guess
                        prob *= right if answer else 1 - right
                    total += prob
                    acc["init"] += prob * path[0]
                    for t in range(1, len(seq)):
                        if not path[t - 1]:
                            acc["from_unknown"] += prob
                            acc["learned"] += prob * path[t]
                    acc["known"] += prob * np.array(path, dtype=float)
                likelihood *= total
                stats[skill] = {key: value / total for key, value in acc.items()}
            per_node.append((likelihood, stats))
        evidence = sum(w * lik for w, (lik, _) in zip(ABILITY_WEIGHTS, per_node, strict=True))
        loglik += math.log(evidence)
        for q, (w, (lik, stats)) in enumerate(zip(ABILITY_WEIGHTS, per_node, strict=True)):
            post = w * lik / evidence
            for skill, seq in mine.items():
                s = stats[skill]
                out["init_known"][q, skill] += post * s["init"]
                out["sequences"][q, skill] += post
                out["learned"][q, skill] += post * s["learned"]
                out["from_unknown"][q, skill] += post * s["from_unknown"]
                for t, answer in enumerate(seq):
                    known = post * s["known"][t]
                    unknown = post - known
                    out["known"][t, skill] += known
                    out["known_wrong"][t, skill] += known * (not answer)
                    out["unknown"][t, skill] += unknown
                    out["unknown_correct"][t, skill] += unknown * answer
    out["loglik"] = np.array(loglik)
    return out


def test_e_step_matches_a_brute_force_enumeration() -> None:
    rng = np.random.default_rng(8)
    params = {0: TRUE[0], 1: TRUE[1]}
    rows, sequences = [], {}
    for student in range(6):
        for skill in (0, 1):
            length = int(rng.integers(1, 6))
            seq = [bool(v) for v in rng.random(length) < 0.55]
            sequences.setdefault(student, {})[skill] = seq
            rows += [(student, skill, answer, float(t)) for t, answer in enumerate(seq)]
    expected = brute_force_counts(sequences, params)
    packed = bkt._pack(table(rows))
    _, student_of_seq = np.unique(packed.seq_student, return_inverse=True)
    got = m._e_step(packed, m._coefs(packed.skills, params), student_of_seq.reshape(-1), 6)
    assert got.loglik == pytest.approx(float(expected["loglik"]), abs=1e-9)
    for name in ("init_known", "sequences", "learned", "from_unknown", "unknown_correct",
                 "unknown", "known_wrong", "known"):  # fmt: skip
        np.testing.assert_allclose(getattr(got, name), expected[name], atol=1e-9, err_msg=name)


@pytest.fixture(scope="module")
def generated() -> tuple[Attempts, np.ndarray]:
    return simulate(TRUE, students=3000, attempts=20, seed=5)


@pytest.fixture(scope="module")
def fitted(generated) -> m.FitResult:
    # Converged further than the default (which stops where predictions no longer move): the
    # ability slopes are the slowest parameters of EM.
    return fit_details(generated[0], tol=1e-7, max_iter=500)


def test_em_never_lowers_the_objective(generated) -> None:
    data = generated[0]
    small = Attempts(*(column[data.student < 300] for column in data.columns()))
    result = fit_details(small, tol=0.0, max_iter=25)
    assert result.iterations == 25
    assert all(b >= a - 1e-7 for a, b in itertools.pairwise(result.objective))
    assert result.objective[-1] > result.objective[0]


def test_fit_recovers_known_parameters(fitted) -> None:
    # 3,000 students x 20 attempts per competency. The largest errors over seeds 1-5 at this
    # size: probabilities 0.029, init_ability 0.47 (logit per standard deviation of ability: the
    # least determined parameter; 0.33 with twice the students), learn_ability 0.10, practice
    # slopes 0.044 (logit per attempt). Seed 5 is well inside these bounds.
    params = fitted.params
    assert set(params) == set(TRUE)
    for skill, true in TRUE.items():
        for name in PROBABILITIES:
            assert getattr(params[skill], name) == pytest.approx(getattr(true, name), abs=0.05), (
                skill,
                name,
            )
        for name, tolerance in zip(SLOPES, (0.5, 0.2, 0.05, 0.05), strict=True):
            assert getattr(params[skill], name) == pytest.approx(
                getattr(true, name), abs=tolerance
            ), (skill, name)


def test_without_slopes_the_fit_is_classic_bkt() -> None:
    truth = {0: bkt.BKTParams(0.3, 0.2, 0.2, 0.1), 1: bkt.BKTParams(0.5, 0.1, 0.25, 0.05)}
    data = bkt.simulate(truth, students=1500, attempts=15, seed=3)
    ours = fit_details(data, ability=False, practice=False, tol=1e-9, max_iter=500).params
    classic = bkt.fit(data, tol=1e-7, max_iter=500)
    for skill in truth:
        assert all(getattr(ours[skill], name) == 0.0 for name in SLOPES)
        for name in PROBABILITIES:
            assert getattr(ours[skill], name) == pytest.approx(
                getattr(classic[skill], name), abs=2e-3
            ), (skill, name)


def test_ablations_hold_their_slopes_at_zero(generated) -> None:
    data = generated[0]
    small = Attempts(*(column[data.student < 300] for column in data.columns()))
    no_practice = fit_details(small, practice=False).params
    no_ability = fit_details(small, ability=False).params
    for skill in TRUE:
        assert no_practice[skill].guess_practice == no_practice[skill].slip_practice == 0.0
        assert no_practice[skill].init_ability != 0.0
        assert no_ability[skill].init_ability == no_ability[skill].learn_ability == 0.0


def test_fit_on_classic_bkt_data_finds_little_ability() -> None:
    truth = {0: bkt.BKTParams(0.3, 0.2, 0.2, 0.1), 1: bkt.BKTParams(0.5, 0.1, 0.25, 0.05)}
    data = bkt.simulate(truth, students=3000, attempts=20, seed=6)
    params = fit(data)
    for skill, true in truth.items():
        for name in PROBABILITIES:
            assert getattr(params[skill], name) == pytest.approx(getattr(true, name), abs=0.05)
        assert abs(params[skill].guess_practice) < 0.05
        assert abs(params[skill].slip_practice) < 0.05


def test_the_ability_improves_predictions_of_new_students(generated, fitted) -> None:
    new, _ = simulate(TRUE, students=300, attempts=20, seed=8)
    truth = new.correct.astype(bool)
    ours = predict(new, fitted.params)
    classic = bkt.predict(new, bkt.fit(generated[0]))
    ceiling = predict(new, TRUE)

    def loss(p: np.ndarray) -> float:
        return float(-np.mean(np.log(np.where(truth, p, 1 - p))))

    assert auc(truth, ours) > auc(truth, classic) + 0.003
    assert auc(truth, ours) > auc(truth, ceiling) - 0.002
    assert loss(ours) < loss(classic) - 0.002


def test_fit_is_deterministic_and_ignores_the_rows_order(generated) -> None:
    data = generated[0]
    small = Attempts(*(column[data.student < 200] for column in data.columns()))
    first = fit(small)
    shuffled = np.random.default_rng(0).permutation(len(small))
    again = fit(Attempts(*(column[shuffled] for column in small.columns())))
    for skill in first:
        for name in PROBABILITIES + SLOPES:
            assert getattr(again[skill], name) == pytest.approx(
                getattr(first[skill], name), abs=1e-9
            )


def test_counted_rows_are_left_out_of_the_fit(generated) -> None:
    data = generated[0]
    small = Attempts(*(column[data.student < 200] for column in data.columns()))
    keep = np.random.default_rng(1).random(len(small)) < 0.7
    subset = Attempts(*(column[keep] for column in small.columns()))
    assert fit(small, counted_rows=keep) == fit(subset)


def test_degenerate_competencies_fit_within_bounds() -> None:
    data = table([(0, 0, True, 0), (0, 0, True, 1), (1, 0, True, 0), (2, 0, True, 0),
                  (0, 1, False, 2), (1, 1, False, 2), (1, 1, False, 3)])  # fmt: skip
    params = fit(data)
    assert set(params) == {0, 1}
    for p in params.values():
        for name in PROBABILITIES:
            assert 0.0 <= getattr(p, name) <= 1.0
        assert p.p_guess < 0.5 and p.p_slip < 0.5
    assert p_correct(start(params[0]), ABILITY_WEIGHTS, params[0]) > 0.9
    assert p_correct(start(params[1]), ABILITY_WEIGHTS, params[1]) < 0.1


def test_simulate_draws_abilities(generated) -> None:
    data, theta = generated
    assert len(data) == 3000 * 3 * 20 and theta.shape == (3000,)
    assert abs(theta.mean()) < 0.1 and abs(theta.std() - 1) < 0.1
    # Able students are right more often.
    rate = np.bincount(data.student, weights=data.correct.astype(float)) / 60
    assert np.corrcoef(theta, rate)[0, 1] > 0.3
