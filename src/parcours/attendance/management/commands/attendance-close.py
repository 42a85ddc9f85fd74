"""``parcours attendance-close``: record the absences of every ended session not closed yet.

Run it every few minutes (cron) or enqueue ``attendance.tasks.close_ended_sessions``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from parcours.attendance import services


class Command(BaseCommand):
    help = "Record absences for every session that has ended and is not closed yet."

    def handle(self, *args: Any, **opts: Any) -> None:
        n = services.sessions_close_ended()
        self.stdout.write(f"{n} absences recorded\n")
