"""``parcours demo-data``: (re)build the demo network. Erases the database's content first."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parcours.demo.builder import DEMO_PASSWORD, DemoBuilder


class Command(BaseCommand):
    help = "Erase the database's content and load the demo network (deterministic per seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--students",
            type=int,
            default=None,
            help="total students across both centres (default: 2,700 as in "
            "the seeds: 1,200 in Paris, 1,500 in Liège)",
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **opts: Any) -> None:
        n = opts["students"]
        if n is not None and not 2 <= n <= 200_000:
            raise CommandError("--students must be between 2 and 200000")
        summary = DemoBuilder(seed=opts["seed"], students=n, out=self.stdout).build()
        self.stdout.write(
            self.style.SUCCESS(f"Demo network ready. Logins (password: {DEMO_PASSWORD}):")
        )
        for username, role, where in summary["logins"]:
            self.stdout.write(f"  {username:<14} {role:<14} {where}")
