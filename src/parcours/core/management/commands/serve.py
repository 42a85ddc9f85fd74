"""``parcours serve``: Parcours as an operator runs it, under gunicorn.

Runs ``migrate`` (which also makes the database cache's table), then replaces itself with
gunicorn serving ``parcours.wsgi`` with sync workers and the production settings the
environment gives (docs/deployment.md). Options override the environment, which overrides the
defaults: ``--bind`` / ``PARCOURS_BIND`` (127.0.0.1:8000), ``--workers`` / ``PARCOURS_WORKERS``
(2 × CPU cores + 1), ``--timeout`` / ``PARCOURS_TIMEOUT`` (30 s). The static files are served
by WhiteNoise from ``collectstatic``'s folder, which this command fills first.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


def gunicorn_argv(*, bind: str, workers: int, timeout: int) -> list[str]:
    if workers < 1 or timeout < 1:
        raise CommandError("--workers and --timeout are at least 1")
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "parcours.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "--forwarded-allow-ips",
        os.environ.get("PARCOURS_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "--access-logfile",
        "-",
    ]


class Command(BaseCommand):
    help = "Migrate, collect the static files, then serve Parcours with gunicorn."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        cores = os.cpu_count() or 1
        parser.add_argument("--bind", default=os.environ.get("PARCOURS_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("PARCOURS_WORKERS", 2 * cores + 1))
        )
        parser.add_argument(
            "--timeout", type=int, default=int(os.environ.get("PARCOURS_TIMEOUT", "30"))
        )
        parser.add_argument("--no-migrate", action="store_true", help="skip migrate")
        parser.add_argument("--dry-run", action="store_true", help="print the command only")

    def handle(self, *args: Any, **opts: Any) -> None:
        argv = gunicorn_argv(bind=opts["bind"], workers=opts["workers"], timeout=opts["timeout"])
        if opts["dry_run"]:
            self.stdout.write(" ".join(argv))
            return
        if not opts["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=1)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Serving Parcours with gunicorn on http://{opts['bind']}")
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 - gunicorn takes this process's place
