"""`parcours bench mastery`: the command runs end to end on a tiny size (pyBKT left out), its
JSON lines carry every field, and the metrics it computes for every model are right."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from bench import mastery as bench
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.engine.mastery import BKTParams, simulate

REPO = Path(__file__).resolve().parents[2]
TINY = ["--students", "60", "--skills", "3", "--attempts", "8"]
MODELS = ["--models", "parcours-bkt,running-accuracy,pfa-logistic"]
FIELDS = {"model", "auc", "logloss", "fit_seconds", "predict_seconds", "rows", "notes"}


def parcours(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-m", "parcours.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )


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
