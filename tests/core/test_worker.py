from __future__ import annotations

import threading

from parcours.core.management.commands.worker import run_periodic


def test_periodic_jobs_run_on_their_timer_and_survive_failures(db):
    calls: list[str] = []
    stop = threading.Event()

    def ok() -> None:
        calls.append("ok")
        if calls.count("ok") >= 3:
            stop.set()

    def broken() -> None:
        calls.append("broken")
        raise RuntimeError("boom")

    run_periodic([(ok, 0.0), (broken, 0.0)], stop, tick=0.01)
    assert calls.count("ok") == 3 and calls.count("broken") >= 2


def test_the_attendance_job_is_importable_and_idempotent(db):
    from django.conf import settings
    from django.utils.module_loading import import_string

    for path, _every in settings.PARCOURS_PERIODIC_JOBS:
        job = import_string(path)
        assert job() == 0 and job() == 0  # nothing has ended in an empty database
