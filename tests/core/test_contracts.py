"""The import contracts name every app: a new app cannot slip past the engine's and the core's
independence, nor past the layers."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from django.apps import apps

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _contracts() -> dict[str, dict]:
    data = tomllib.loads(PYPROJECT.read_text())
    return {c["name"]: c for c in data["tool"]["importlinter"]["contracts"]}


def _parcours_apps() -> set[str]:
    return {a.name for a in apps.get_app_configs() if a.name.startswith("parcours.")}


def test_the_engine_and_the_core_contracts_forbid_every_app():
    contracts = _contracts()
    every = _parcours_apps()
    engine = set(contracts["The engine is pure: no Django, no domain app"]["forbidden_modules"])
    assert every <= engine, every - engine
    core = set(contracts["Core knows no domain app"]["forbidden_modules"])
    assert every - {"parcours.core"} <= core, every - {"parcours.core"} - core


def test_every_app_has_a_layer():
    layers = _contracts()["Domain apps are layered"]["layers"]
    placed = {name.strip() for layer in layers for name in layer.split("|")}
    assert _parcours_apps() <= placed, _parcours_apps() - placed


def test_views_and_api_may_not_import_models():
    views = _contracts()[
        "Views and API handlers never touch the ORM: reads through selectors, writes through "
        "services"
    ]
    assert set(views["source_modules"]) == {"parcours.*.views", "parcours.*.api", "parcours.api"}
    assert views["forbidden_modules"] == ["parcours.*.models"]


def test_every_api_schema_has_its_own_name() -> None:
    """Two schemas of one name make one OpenAPI component: the second silently replaced the
    first (a credentials' response once described the calendar tokens')."""
    names = [
        node.name
        for path in sorted(PYPROJECT.parent.glob("src/parcours/**/api.py"))
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.ClassDef)
    ]
    assert sorted({n for n in names if names.count(n) > 1}) == []
