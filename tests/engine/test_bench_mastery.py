"""`parcours bench mastery`: the command runs end to end on a tiny size (pyBKT left out), its
JSON lines carry every field, and the metrics it computes for every model are right."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from bench import mastery as bench
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.engine.mastery import BKTParams, simulate
from tests.conftest import parcours_cli

REPO = Path(__file__).resolve().parents[2]
TINY = ["--students", "60", "--skills", "3", "--attempts", "8"]
MODELS = ["--models", "parcours-bkt,running-accuracy,pfa-logistic"]
FIELDS = {"model", "auc", "logloss", "fit_seconds", "predict_seconds", "rows", "notes"}


def parcours(*args: str) -> subprocess.CompletedProcess[str]:
    return parcours_cli(*args, timeout=120)


def test_bench_mastery_json_lines() -> None:
    done = parcours("bench", "mastery", "--json", *TINY, *MODELS, "--seed", "3")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["model"] for line in lines] == ["parcours-bkt", "running-accuracy", "pfa-logistic"]
    for line in lines:
        assert set(line) >= FIELDS, line
        assert 0.0 <= line["auc"] <= 1.0 and line["logloss"] > 0.0
        assert line["fit_seconds"] >= 0.0 and line["predict_seconds"] >= 0.0
        assert line["rows"] == 60 * 3 * 8
        assert line["eval_rows"] == 12 * 3 * 8  # 20% of the students
        assert line["fit_rows"] + line["eval_rows"] == line["rows"]
        assert isinstance(line["notes"], str) and line["notes"]
    # BKT data: BKT should beat chance clearly even at this size.
    assert lines[0]["auc"] > 0.6
    assert "vs_pybkt" not in lines[0]  # pyBKT did not run


def test_bench_mastery_reads_a_csv_and_prints_a_table(tmp_path: Path) -> None:
    truth = {0: BKTParams(0.3, 0.2, 0.2, 0.1), 1: BKTParams(0.5, 0.1, 0.25, 0.05)}
    data = simulate(truth, students=40, attempts=6, seed=1)
    names = {0: "loops", 1: "variables"}
    path = tmp_path / "attempts.csv"
    lines = ["student,skill,correct,order"] + [
        f"s{student},{names[int(skill)]},{'true' if correct else 'false'},{order / 10}"
        for student, skill, correct, order in zip(*data.columns(), strict=True)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = parcours("bench", "mastery", "--input", str(path), *MODELS)
    assert done.returncode == 0, done.stderr
    assert f"input: {path}" in done.stdout
    for model in ("parcours-bkt", "running-accuracy", "pfa-logistic"):
        assert model in done.stdout
    assert "bkt-true-params" not in done.stdout  # no known parameters for a file


def test_bench_refuses_an_unknown_model() -> None:
    done = parcours("bench", "mastery", "--json", *TINY, "--models", "parcours-bkt,magic")
    assert done.returncode != 0
    assert "unknown model(s): magic" in done.stderr


def test_missing_pybkt_is_reported_not_faked(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str) -> str:
        raise bench.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(bench.metadata, "version", not_installed)
    options = {"models": "pybkt", "seed": 0, "students": 20, "skills": 2, "attempts": 4}
    [line] = bench.results(options)
    assert line["model"] == "pybkt"
    assert line["auc"] is None and line["logloss"] is None and line["fit_seconds"] is None
    assert "not installed" in line["notes"]


def test_generated_data_carries_the_truth() -> None:
    options = {"models": "bkt-true-params,parcours-bkt", "seed": 1}
    lines = bench.results({**options, "students": 200, "skills": 2, "attempts": 10})
    reference, ours = lines
    assert reference["fit_seconds"] == 0.0
    assert ours["max_param_error"] is not None
    assert ours["auc"] == pytest.approx(reference["auc"], abs=0.03)


def brute_force_auc(truth: np.ndarray, score: np.ndarray) -> float:
    positive, negative = score[truth], score[~truth]
    greater = (positive[:, None] > negative[None, :]).sum()
    equal = (positive[:, None] == negative[None, :]).sum()
    return (greater + equal / 2) / (positive.size * negative.size)


@settings(max_examples=200)
@given(
    st.lists(st.tuples(st.booleans(), st.sampled_from([0.0, 0.1, 0.5, 0.5, 0.9, 1.0])), min_size=2)
)
def test_auc_handles_ties_like_the_definition(pairs: list[tuple[bool, float]]) -> None:
    truth = np.array([p[0] for p in pairs])
    score = np.array([p[1] for p in pairs])
    if truth.all() or not truth.any():
        assert np.isnan(bench.auc(truth, score))
    else:
        assert bench.auc(truth, score) == pytest.approx(brute_force_auc(truth, score))


def test_logloss() -> None:
    truth = np.array([True, False, True])
    score = np.array([0.9, 0.2, 1.0])
    expected = -(np.log(0.9) + np.log(0.8) + np.log(1 - 1e-15)) / 3
    assert bench.logloss(truth, score) == pytest.approx(expected)


def test_history_counts_earlier_attempts_per_student_and_skill() -> None:
    data = bench.mastery.Attempts(
        student=np.array([1, 1, 2, 1, 1]),
        skill=np.array([5, 5, 5, 6, 5]),
        correct=np.array([True, False, True, True, True]),
        order=np.array([3, 1, 0, 2, 2]),
    )
    successes, failures = bench.history(data)
    # Student 1, skill 5 in order: row 1 (wrong), row 4 (right), row 0 (right).
    np.testing.assert_array_equal(successes, [1, 0, 0, 0, 0])
    np.testing.assert_array_equal(failures, [1, 0, 0, 0, 1])


# --- the model Parcours uses, additive-factors data, retries ----------------------------------

OURS = "parcours-ability-bkt"


def test_our_line_compares_with_the_best_baseline() -> None:
    models = f"{OURS},pfa-logistic,running-accuracy,bkt-true-params"
    done = parcours("bench", "mastery", "--json", *TINY, "--models", models, "--seed", "2")
    assert done.returncode == 0, done.stderr
    lines = {line["model"]: line for line in map(json.loads, done.stdout.splitlines())}
    ours = lines[OURS]
    assert set(ours) >= FIELDS | {"em_iterations", "online_update_us", "max_param_error"}
    # The online API replayed on evaluated students gives the batch predictions.
    assert ours["online_check_max_diff"] < 1e-9
    assert ours["online_update_us"] < 1000
    best = max((lines[m] for m in lines if m != OURS), key=lambda line: line["auc"])
    comparison = ours["vs_best_baseline"]
    assert comparison["model"] == best["model"]
    assert comparison["auc_diff"] == pytest.approx(ours["auc"] - best["auc"], abs=1e-5)
    assert comparison["goal_met"] == (comparison["auc_diff"] >= -0.002)
    assert "vs_pybkt" not in ours  # pyBKT did not run


def test_bench_generates_additive_factors_data() -> None:
    models = f"{OURS},pfa-logistic,afm-true-params,bkt-true-params"
    done = parcours("bench", "mastery", "--json", "--data", "afm", *TINY, "--models", models)
    assert done.returncode == 0, done.stderr
    lines = {line["model"]: line for line in map(json.loads, done.stdout.splitlines())}
    assert lines[OURS]["data"].startswith("generated afm: 60 students x 3 skills x 8 attempts")
    assert lines["bkt-true-params"]["auc"] is None  # no BKT truth behind these data
    assert "only for generated bkt data" in lines["bkt-true-params"]["notes"]
    reference = lines["afm-true-params"]
    assert reference["auc"] is not None and reference["fit_seconds"] == 0.0
    # The reference is the ceiling; it is not among the baselines the goal is measured on.
    assert lines[OURS]["vs_best_baseline"]["model"] == "pfa-logistic"


def test_default_models_follow_the_data(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str) -> str:
        raise bench.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(bench.metadata, "version", not_installed)  # leave pyBKT out: fast
    sizes = {"seed": 0, "students": 30, "skills": 2, "attempts": 4, "models": None}
    afm = [line["model"] for line in bench.results({**sizes, "data": "afm"})]
    assert afm == [OURS, "parcours-bkt", "pybkt", "running-accuracy", "pfa-logistic",
                   "afm-true-params"]  # fmt: skip
    bkt = [line["model"] for line in bench.results({**sizes, "data": "bkt"})]
    assert bkt[-1] == "bkt-true-params" and "afm-true-params" not in bkt
    with pytest.raises(ValueError, match="unknown data"):
        bench.results({**sizes, "data": "irt"})


def test_afm_generator_has_ability_and_practice() -> None:
    dataset = bench.generate_afm(students=2000, skills=2, attempts=10, seed=4)
    data, truth = dataset.attempts, dataset.afm
    assert truth is not None and len(data) == 2000 * 2 * 10
    successes, failures = bench.history(data)
    practice = successes + failures
    correct = data.correct.astype(float)
    # Later attempts are right more often; able students are right more often.
    assert correct[practice >= 8].mean() > correct[practice <= 1].mean() + 0.1
    rate = np.bincount(data.student, weights=correct) / 20
    assert np.corrcoef(truth.ability, rate)[0, 1] > 0.5
    # The curve itself: the share right at the first attempt is the model's, on average.
    first = practice == 0
    z = truth.ability[data.student[first]] + np.array(
        [truth.easiness[int(k)] for k in data.skill[first]]
    )
    assert correct[first].mean() == pytest.approx(np.mean(1 / (1 + np.exp(-z))), abs=0.02)


def test_retry_scenario() -> None:
    done = parcours("bench", "mastery", "--retries", "--json", *TINY, "--seed", "1")
    assert done.returncode == 0, done.stderr
    learner, gamer, ungoverned = map(json.loads, done.stdout.splitlines())
    assert [line["student"] for line in (learner, gamer, ungoverned)] == [
        "learner",
        "retry-until-right",
        "retry-until-right",
    ]
    assert (learner["retry_rule"], gamer["retry_rule"], ungoverned["retry_rule"]) == (
        True,
        True,
        False,
    )
    items = 8
    for line in (learner, gamer, ungoverned):
        assert line["items"] == items and len(line["mastery_by_item"]) == items
        assert all(0.0 <= v <= 1.0 for v in line["mastery_by_item"])
        reached = line["reached_mastery_by_item"]
        assert reached == sorted(reached)  # reached once, reached for good
    # The learner answers each item once; the retrier keeps answering until right, but only
    # the first answer to each item counts under the rule.
    assert learner["attempts_per_student"] == learner["counted_per_student"] == items
    assert gamer["attempts_per_student"] > items and gamer["counted_per_student"] == items
    assert ungoverned["counted_per_student"] == ungoverned["attempts_per_student"]
    assert gamer["not_faster_than_learner"] is True
    assert gamer["share_reached_mastery"] <= learner["share_reached_mastery"]
    table = parcours("bench", "mastery", "--retries", *TINY, "--seed", "1")
    assert table.returncode == 0 and "not faster than the learner: True" in table.stdout


def test_csv_items_and_times_apply_the_retry_rule(tmp_path: Path) -> None:
    path = tmp_path / "attempts.csv"
    rows = ["student,skill,correct,order,item,time"]
    for student in range(30):
        for n in range(6):
            day = n * 86400
            rows.append(f"s{student},loops,{int(n % 3 == 0)},{2 * n},q{n},{day}")
            # A retry of the same question ten seconds later, always right.
            rows.append(f"s{student},loops,1,{2 * n + 1},q{n},{day + 10}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    done = parcours("bench", "mastery", "--json", "--input", str(path), "--models", OURS)
    assert done.returncode == 0, done.stderr
    [line] = map(json.loads, done.stdout.splitlines())
    assert "180 retries within 12 h not counted" in line["data"]
    assert "retries not counted" in line["notes"]
    assert line["online_check_max_diff"] < 1e-9


def test_ablations_run_on_request_only() -> None:
    models = f"{OURS},ablation-ability-only,ablation-practice-only"
    done = parcours("bench", "mastery", "--json", *TINY, "--data", "afm", "--models", models)
    assert done.returncode == 0, done.stderr
    lines = {line["model"]: line for line in map(json.loads, done.stdout.splitlines())}
    assert "practice slopes held at 0" in lines["ablation-ability-only"]["notes"]
    assert "ability slopes held at 0" in lines["ablation-practice-only"]["notes"]
    assert all(line["auc"] is not None for line in lines.values())
    # They are not baselines, and not in the default list.
    assert "vs_best_baseline" not in lines[OURS]
    assert not any(model.startswith("ablation") for model in bench.ALL_MODELS)
