"""``parcours demo-data``: (re)build the demo network. Erases the database's content first."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from parcours.catalogue import cache as catalogue_cache
from parcours.centres.models import Centre
from parcours.core import stamps
from parcours.demo.builder import DEMO_PASSWORD, MAX_CENTRES, DemoBuilder


class Command(BaseCommand):
    help = "Erase the database's content and load the demo network (deterministic per seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--students",
            type=int,
            default=None,
            help="total students across the centres, shared in proportion to their sizes "
            "(default: each centre's own: 1,200 in Paris and 1,500 in Liège as in the seeds)",
        )
        parser.add_argument(
            "--centres",
            type=int,
            default=2,
            help=f"centres of the network: Paris and Liège, then towns (2 to {MAX_CENTRES}; "
            "default 2). --centres 17 --students 35000 is a network of the seeds' size",
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **opts: Any) -> None:
        n, centres = opts["students"], opts["centres"]
        if not 2 <= centres <= MAX_CENTRES:
            raise CommandError(f"--centres must be between 2 and {MAX_CENTRES}")
        if n is not None and not 2 * centres <= n <= 200_000:
            raise CommandError(f"--students must be between {2 * centres} and 200000")
        started = time.monotonic()
        summary = DemoBuilder(
            seed=opts["seed"], students=n, centres=centres, out=self.stdout
        ).build()
        # Fresh statistics for the planner after a bulk load (PostgreSQL plans the first pages
        # without any otherwise: the enrolment review took 842 ms instead of 231); SQLite's
        # ANALYZE fills sqlite_stat1 the same way.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        # The demo writes some rows in bulk (no signal): what running servers kept of the
        # catalogue and of each centre (ADR 31) is read again.
        catalogue_cache.changed()
        for centre_id in Centre.objects.values_list("pk", flat=True):
            stamps.bump(stamps.centre(centre_id))
        self.stdout.write(f"built in {time.monotonic() - started:.0f} s (statistics included)")
        self.stdout.write(
            self.style.SUCCESS(f"Demo network ready. Logins (password: {DEMO_PASSWORD}):")
        )
        for username, role, where in summary["logins"]:
            self.stdout.write(f"  {username:<14} {role:<14} {where}")
