"""``parcours allocate --input instance.json [--mechanism NAME] [--json]``: run the allocation
engine on a plain instance (format in docs/allocation.md).

With ``--json``, prints ``{"mechanism", "assignment", "waitlists", "metrics", "reasons"}``;
otherwise the metrics and one line per student. Bad input: one clear message, exit code 2.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parcours.engine import allocation


class Command(BaseCommand):
    help = "Allocate lab seats on a JSON instance (docs/allocation.md)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--input", required=True, metavar="FILE", help="the instance, JSON ('-': stdin)"
        )
        parser.add_argument(
            "--mechanism",
            default="stable",
            help=f"one of {', '.join(allocation.MECHANISMS)} (default: stable)",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        mechanism = options["mechanism"]
        if mechanism not in allocation.MECHANISMS:
            raise CommandError(
                f"unknown mechanism {mechanism!r}: choose among "
                + ", ".join(allocation.MECHANISMS),
                returncode=2,
            )
        path = options["input"]
        try:
            if path == "-":
                data = json.load(sys.stdin)
            else:
                with open(path, encoding="utf-8") as handle:
                    data = json.load(handle)
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}", returncode=2) from error
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(f"{path} is not valid JSON: {error}", returncode=2) from error
        try:
            instance = allocation.instance_from_json(data)
            result = allocation.allocate(instance, mechanism)
        except ValueError as error:
            raise CommandError(f"invalid instance: {error}", returncode=2) from error
        if options["json"]:
            self.stdout.write(json.dumps(allocation.result_to_json(result), ensure_ascii=False))
            return
        for name, value in result.metrics.items():
            self.stdout.write(f"{name:>20}: {value}")
        for student, reason in result.reasons.items():
            self.stdout.write(f"{student}: {allocation.explain(reason)}")
