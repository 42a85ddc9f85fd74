"""``parcours risk_score [--centre SLUG] [--day YYYY-MM-DD]``: score a centre's students now
(the worker does it weekly), and say how."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parcours.centres.models import Centre
from parcours.risk.services import score_centre


class Command(BaseCommand):
    help = "Score the students of one centre, or of every centre, for the early warning."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--centre", help="a centre's short name (every centre if absent)")
        parser.add_argument("--day", help="the scoring day, YYYY-MM-DD (today if absent)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options.get("day"):
            try:
                day = dt.date.fromisoformat(options["day"])
            except ValueError as error:
                raise CommandError(f"--day: {error}") from error
        centres = Centre.objects.order_by("pk")
        if options.get("centre"):
            centres = centres.filter(slug=options["centre"])
            if not centres.exists():
                raise CommandError(f"no centre named {options['centre']}")
        for centre in centres:
            r = score_centre(centre=centre, day=day)
            self.stdout.write(
                f"{centre.slug}: {r.students} students scored on {r.scored_on} "
                f"({r.method}; {r.training_rows} training rows, {r.leavers_seen} leavers), "
                f"{r.alerts_opened} alerts opened"
            )
