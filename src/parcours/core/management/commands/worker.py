"""``parcours worker``: run background tasks (django-tasks' database worker), plus the
periodic jobs named in ``settings.PARCOURS_PERIODIC_JOBS`` (e.g. closing ended sessions to
record absences), so that one process is all a deployment needs. See ADR 11."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

log = logging.getLogger("parcours.worker")


def run_periodic(
    jobs: list[tuple[Callable[[], Any], float]], stop: threading.Event, tick: float = 1.0
) -> None:
    """Call each job every ``interval`` seconds until ``stop`` is set; a failing job is logged
    and tried again at its next turn, never stops the others."""
    next_run = [0.0 for _job in jobs]
    while not stop.is_set():
        now = time.monotonic()
        for index, (job, interval) in enumerate(jobs):
            if now >= next_run[index]:
                next_run[index] = now + interval
                try:
                    close_old_connections()
                    job()
                except Exception:
                    log.exception("periodic job %s failed", getattr(job, "__name__", job))
                finally:
                    close_old_connections()
        stop.wait(tick)


class Command(DbWorkerCommand):
    help = "Run Parcours's background tasks and periodic jobs."

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = [
            (import_string(path), float(every))
            for path, every in getattr(settings, "PARCOURS_PERIODIC_JOBS", [])
        ]
        stop = threading.Event()
        thread = threading.Thread(
            target=run_periodic, args=(jobs, stop), daemon=True, name="parcours-periodic"
        )
        if jobs:
            thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
