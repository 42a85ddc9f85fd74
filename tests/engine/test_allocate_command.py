"""`parcours allocate`: the JSON it prints on a good instance, a clear message and exit code 2
(never a traceback) on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

REPO = Path(__file__).resolve().parents[2]

INSTANCE = {
    "labs": [
        {"id": "robots", "capacity": 1},
        {"id": "games", "capacity": 2, "reserved": {"girl": 1}},
    ],
    "students": [
        {
            "id": "ana",
            "wishes": ["robots", "games"],
            "priority": {"robots": 1},
            "lottery": 0.5,
            "groups": ["girl"],
            "applied_at": "2025-09-01T10:00:00+02:00",
        },
        {"id": "ben", "wishes": ["robots"], "priority": 0, "lottery": 0.1, "groups": ["boy"]},
        {"id": "cy", "wishes": ["robots", "games"], "lottery": 0.2, "groups": ["boy"]},
    ],
}


def write(tmp_path: Path, data: object, name: str = "instance.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("mechanism", ["stable", "tumo-weekly", "fcfs", "rsd", "welfare"])
def test_allocate_prints_the_result(tmp_path: Path, mechanism: str) -> None:
    out = StringIO()
    call_command(
        "allocate",
        "--input",
        write(tmp_path, INSTANCE),
        "--mechanism",
        mechanism,
        "--json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert {"assignment", "waitlists", "metrics", "reasons"} <= set(result)
    assert set(result["assignment"]) == {"ana", "ben", "cy"}
    assert set(result["waitlists"]) == {"robots", "games"}
    assert result["metrics"]["max_flow_seats"] == 3
    assert all(r["explanation"].endswith(".") for r in result["reasons"].values())
    if mechanism == "stable":
        assert result["assignment"] == {"ana": "robots", "ben": None, "cy": "games"}
        assert result["waitlists"]["robots"] == ["ben", "cy"]
        assert result["metrics"]["justified_envy"] == 0


def test_allocate_without_json_prints_metrics_and_reasons(tmp_path: Path) -> None:
    out = StringIO()
    call_command("allocate", "--input", write(tmp_path, INSTANCE), stdout=out)
    text = out.getvalue()
    assert "justified_envy" in text and "ana: You got your 1st choice, robots." in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ({"labs": []}, "'students' list"),
        ({"labs": [{"id": "A", "capacity": "ten"}], "students": []}, "labs[0].capacity"),
        ({"labs": [], "students": [{"id": "s", "wishes": ["nope"]}]}, "unknown lab 'nope'"),
    ],
)
def test_allocate_rejects_bad_input(tmp_path: Path, content: object, message: str) -> None:
    with pytest.raises(CommandError, match=message.replace("[", r"\[").replace("]", r"\]")) as e:
        call_command("allocate", "--input", write(tmp_path, content), "--json")
    assert e.value.returncode == 2


def test_allocate_exit_code_2_and_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    bad = write(tmp_path, {"labs": [{"id": "A", "capacity": -1}], "students": []})
    for args in (
        ["--input", bad],
        ["--input", str(tmp_path / "missing.json")],
        ["--input", write(tmp_path, INSTANCE, "ok.json"), "--mechanism", "magic"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "parcours.cli", "allocate", *args, "--json"],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=env,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith("CommandError:")
