"""``parcours bench NAME [options]``: run one of the repository's benchmarks.

The benchmarks live in ``bench/`` at the repository root, beside ``src/``, not in the installed
package: they compare Parcours with third-party packages (the ``bench`` extra, ``make
bench-deps``) and need a source checkout. Each ``bench/<name>.py`` provides
``add_arguments(parser)`` and ``run(options, write)``; ``BENCHMARKS`` maps the names to them.

    parcours bench mastery --json
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

BENCHMARKS = {
    "mastery": "bench.mastery",
    "allocation": "bench.allocation",
    "serve": "bench.serve",
    "risk": "bench.risk",
    "offers": "bench.offers",
}

# src/parcours/core/management/commands/bench.py -> the repository root
REPO_ROOT = Path(__file__).resolve().parents[5]


def load(name: str) -> ModuleType:
    if not (REPO_ROOT / "bench" / "__init__.py").is_file():
        raise CommandError(
            f"no bench/ folder at {REPO_ROOT}: the benchmarks run from a source checkout"
        )
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    return importlib.import_module(BENCHMARKS[name])


class Command(BaseCommand):
    help = "Run a benchmark: " + ", ".join(BENCHMARKS) + " (see bench/ and docs/)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        benchmarks = parser.add_subparsers(dest="benchmark", metavar="NAME", required=True)
        for name in BENCHMARKS:
            sub = benchmarks.add_parser(name, help=f"bench/{name}.py")
            try:
                module = load(name)
            except (CommandError, ImportError):
                continue  # reported by handle() when asked for
            module.add_arguments(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        module = load(options["benchmark"])
        try:
            module.run(options, self.stdout.write)
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from error
