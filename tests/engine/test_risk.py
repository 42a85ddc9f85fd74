"""The early-warning engine (issue 15): features read nothing after the prediction week (the
leakage test), holidays are nobody's absence, the measures agree with scikit-learn's, the
model beats the N-absences rule on the simulated year, and `parcours bench risk` runs on a
simulated year and on a CSV, refusing a malformed one with a clear message."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from bench import risk as bench
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import average_precision_score, roc_auc_score

from parcours.engine import risk
from tests.conftest import parcours_cli

REPO = Path(__file__).resolve().parents[2]
FIELDS = {"model", "week", "auc", "pr_auc", "recall_top10", "students", "positives"}


def parcours(*args: str) -> subprocess.CompletedProcess[str]:
    return parcours_cli(*args, timeout=180)


@given(seed=st.integers(0, 10_000), at=st.integers(1, 12))
@settings(max_examples=25, deadline=None)
def test_the_features_of_a_week_do_not_depend_on_later_weeks(seed, at):
    """The leakage test: the same features whether the panel stops at week W or goes on."""
    panel = bench.simulate(60, 20, seed)
    full = risk.features(panel, at)
    known = risk.features(panel.until(at), at)
    np.testing.assert_array_equal(full, known)
    # and changing every later week changes nothing either
    later = panel.until(20)
    for column in later.values.values():
        column[:, at:] = np.random.default_rng(seed).random(column[:, at:].shape) * 9
    np.testing.assert_array_equal(risk.features(later, at), full)


def rows(student: str, present: list[int], **others: list[float]) -> list[risk.WeekRow]:
    return [
        risk.WeekRow(
            student=student,
            week=w + 1,
            present=p,
            **{k: v[w] for k, v in others.items()},
        )
        for w, p in enumerate(present)
    ]


def test_a_holiday_is_nobodys_absence_and_runs_count_open_weeks():
    # weeks 3 and 4: the centre closed (nobody came)
    regular = rows("a", [1, 1, 0, 0, 1, 1])
    fading = rows("b", [1, 1, 0, 0, 0, 0])
    panel = risk.panel_from_rows(regular + fading)
    x = risk.features(panel, 6)
    col = risk.FEATURES.index
    assert list(x[:, col("absent_in_row")]) == [0, 2]
    assert list(x[:, col("weeks_since_visit")]) == [0, 2]
    assert list(x[:, col("attendance_all")]) == [1.0, 0.5]
    assert list(x[:, col("rule_alert")]) == [0, 0]
    assert list(risk.rule_scores(x).round()) == [0, 2]


def test_the_weeks_before_a_student_joined_are_not_their_absences():
    """Issue 15's known limit, lifted: a student registered in week 7 who came every week
    since is not absent, one registered in week 9 who never came is two weeks away, not
    eight; the same panel without joining weeks reads as before."""
    regular = rows("a", [1] * 10)
    came = rows("b", [0] * 6 + [1] * 4)
    never = rows("c", [0] * 10)
    panel = risk.panel_from_rows(regular + came + never)
    before = risk.features(panel, 10)
    joined = risk.Panel(panel.students, panel.values, panel.left_week, np.array([0, 6, 8]))
    x = risk.features(joined, 10)
    col = risk.FEATURES.index
    assert list(x[:, col("absent_in_row")]) == [0, 0, 2]
    assert list(x[:, col("weeks_since_visit")]) == [0, 0, 2]
    assert list(x[:, col("attendance_all")]) == [1.0, 1.0, 0.0]
    assert list(x[:, col("attendance")]) == [1.0, 1.0, 0.0]
    assert list(x[:, col("rule_alert")]) == [0, 0, 0]
    # the old reading: b six weeks absent at first, c ten in a row
    assert list(before[:, col("absent_in_row")]) == [0, 0, 10]
    assert before[1, col("attendance_all")] == 0.4
    # joining in week 0 for everyone is the panel without joining weeks
    zero = risk.Panel(panel.students, panel.values, panel.left_week, np.zeros(3, dtype=np.int64))
    np.testing.assert_array_equal(risk.features(zero, 10), before)
    # a student who joined this very week has missed nothing yet
    now = risk.Panel(panel.students, panel.values, panel.left_week, np.array([0, 0, 10]))
    assert risk.features(now, 10)[2, col("absent_in_row")] == 0


def test_a_centre_not_open_yet_gives_features_not_errors():
    panel = risk.panel_from_rows(rows("a", [0, 0, 0]) + rows("b", [0, 0, 0]))
    x = risk.features(panel, 3)
    assert x.shape == (2, len(risk.FEATURES)) and np.isfinite(x).all()
    assert list(x[:, risk.FEATURES.index("absent_in_row")]) == [0, 0]


def test_returned_projects_stay_open_until_resubmitted():
    panel = risk.panel_from_rows(
        rows(
            "a",
            [1, 1, 1, 1],
            projects_returned=[1, 1, 0, 0],
            projects_submitted=[1, 0, 1, 0],
        )
    )
    x = risk.features(panel, 2)
    assert x[0, risk.FEATURES.index("returned_open")] == 2
    assert risk.features(panel, 4)[0, risk.FEATURES.index("returned_open")] == 1


def test_bad_rows_are_refused_with_their_reason():
    with pytest.raises(ValueError, match="weeks start at 1"):
        risk.panel_from_rows([risk.WeekRow("a", 0)])
    with pytest.raises(ValueError, match="two rows"):
        risk.panel_from_rows([risk.WeekRow("a", 1), risk.WeekRow("a", 1)])
    with pytest.raises(ValueError, match="minutes"):
        risk.panel_from_rows([risk.WeekRow("a", 1, minutes=-3)])
    with pytest.raises(ValueError, match="starts at 1"):
        risk.features(risk.panel_from_rows([risk.WeekRow("a", 1)]), 0)


@given(
    y=st.lists(st.integers(0, 1), min_size=4, max_size=60),
    seed=st.integers(0, 1000),
)
@settings(max_examples=60, deadline=None)
def test_the_measures_agree_with_scikit_learn(y, seed):
    y = np.array(y)
    # a few distinct scores, so that ties happen
    score = np.random.default_rng(seed).integers(0, 6, len(y)).astype(float)
    if 0 < y.sum() < len(y):
        assert risk.auc(y, score) == pytest.approx(roc_auc_score(y, score))
        assert risk.pr_auc(y, score) == pytest.approx(average_precision_score(y, score), abs=1e-9)
    else:
        assert np.isnan(risk.auc(y, score))


def test_recall_at_ten_percent_counts_the_top_tenth():
    y = np.array([1, 0, 0, 0, 0, 0, 0, 0, 0, 1] * 2)
    score = np.arange(20, dtype=float)[::-1]  # the first rows highest
    assert risk.recall_at(y, score, 0.1) == 0.25  # 2 rows flagged, 1 of the 4 leavers


def test_the_model_beats_the_rule_and_says_why():
    panel = bench.simulate(3000, 20, 11)
    lines = list(bench.evaluate(panel, 11))
    by = {(r["model"], r["week"]): r for r in lines}
    for week in bench.PREDICTION_WEEKS:
        mine, rule = by[("parcours", week)], by[("rule-3-absences", week)]
        assert mine["positives"] > 20
        for measure in ("auc", "pr_auc"):
            assert mine[measure] > rule[measure], (week, measure, mine, rule)
    # the reasons of the most worrying student name what pushed them up, in order
    at = 6
    x = risk.features(panel.until(at), at)
    there = risk.still_there(panel, at)
    model = risk.RiskModel.fit(x[there], risk.leaves_within(panel, at)[there], seed=1)
    assert model.usable
    p = model.probability(x[there])
    assert p.min() >= 0 and p.max() <= 1
    worst = x[there][int(np.argmax(p))]
    reasons = model.reasons(worst)
    assert reasons and all(r.feature in risk.FEATURES and r.push > 0 for r in reasons)
    assert [r.push for r in reasons] == sorted((r.push for r in reasons), reverse=True)


def test_too_little_history_gives_no_model():
    x = np.random.default_rng(1).random((30, len(risk.FEATURES)))
    y = np.array([1] * 3 + [0] * 27)
    model = risk.RiskModel.fit(x, y)
    assert not model.usable
    assert set(model.probability(x)) == {0.1}


def test_bench_risk_json_lines_on_a_simulated_year():
    done = parcours(
        "bench", "risk", "--json", "--students", "400", "--weeks", "16", "--network", "2000"
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    models = {r["model"] for r in lines}
    assert {"parcours", "logistic-plain", "rule-3-absences", "scoring"} <= models
    assert any("parcours" in m for m in models) and any("rule" in m for m in models)
    for r in lines:
        if r["model"] != "scoring":
            assert set(r) >= FIELDS and r["week"] in (2, 4, 6)
    scoring = next(r for r in lines if r["model"] == "scoring")
    assert scoring["students"] == 2000 and scoring["seconds"] < 10


def test_bench_risk_reads_a_csv_and_refuses_a_malformed_one(tmp_path):
    panel = bench.simulate(300, 14, 5)
    path = tmp_path / "weekly.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(bench.HEADER) + "\n")
        for i, student in enumerate(panel.students):
            left = panel.left_week[i] or ""
            for w in range(panel.weeks):
                figures = [int(panel.values[c][i, w]) for c in risk.COLUMNS]
                out.write(",".join([student, str(w + 1), *map(str, figures), str(left)]) + "\n")
    done = parcours("bench", "risk", "--json", "--input", str(path), "--network", "1000")
    assert done.returncode == 0, done.stderr
    week2 = [json.loads(line) for line in done.stdout.splitlines() if '"week": 2' in line]
    assert {r["students"] for r in week2} == {len(week2) and week2[0]["students"]}
    bad = tmp_path / "bad.csv"
    bad.write_text("student,week,present\ns1,1,1\n", encoding="utf-8")
    refused = parcours("bench", "risk", "--input", str(bad))
    assert refused.returncode != 0 and "the header must be" in refused.stderr
    worse = tmp_path / "worse.csv"
    worse.write_text(",".join(bench.HEADER) + "\ns1,one,1,0,0,0,0,0,\n", encoding="utf-8")
    refused = parcours("bench", "risk", "--input", str(worse))
    assert refused.returncode != 0 and "worse.csv:2" in refused.stderr


def test_a_centres_evaluation_measures_model_and_rule_on_held_out_students():
    """The managers' model page: trained on 70% of the students, measured on the others; the
    calibration bins say what share left among those given each probability; recall per group
    (here a label drawn at random, so the groups are alike) and groups too small are hidden."""
    panel = bench.simulate(1200, 36, seed=7)
    rng = np.random.default_rng(3)
    labels = rng.choice(["girl", "boy"], size=len(panel.students)).tolist()
    rare = ["few" if k < 12 else "" for k in range(len(panel.students))]
    result = risk.evaluate(panel, {"gender": labels, "rare": rare}, seed=7)
    assert result.test_students == 360 and result.train_students == 840
    assert result.model is not None and result.model.auc > result.rule.auc > 0.5
    assert 0 < result.model.recall_top <= 1 and 0 < result.model.precision_top <= 1
    big = [b for b in result.calibration if b.rows >= 200]
    assert big and all(abs(b.predicted - b.observed) < 0.1 for b in big)
    assert sum(b.rows for b in result.calibration) == result.rows
    assert {g.group for g in result.groups} == {"girl", "boy"}
    girls, boys = sorted(result.groups, key=lambda g: g.group)[::-1]
    assert abs(girls.recall - boys.recall) < 0.15
    assert result.hidden_groups == 1  # "few": 12 students, fewer than 10 leavers


def test_an_evaluation_without_enough_leavers_has_no_model():
    panel = bench.simulate(40, 20, seed=1)
    panel.left_week[:] = 0
    result = risk.evaluate(panel, seed=1)
    assert result.model is None and result.leavers == 0 and result.calibration == []
