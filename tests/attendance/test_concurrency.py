"""100 check-ins fired at once (10 students, each scanned 10 times on several devices)
create exactly one record per student. Against PostgreSQL the calls run in 25 threads
released together (4 calls each, interleaved so that the same badge is scanned in several
threads at once), each thread with its own connection (25 stay well under the server's
connection limit); on SQLite (one writer at a time) the same calls run one by one."""

from __future__ import annotations

import threading

from django.db import connection

from parcours.attendance import services
from parcours.attendance.models import CheckIn
from tests import factories as f
from tests.attendance.conftest import NOW, build, enrol
from tests.conftest import build_world


def test_simultaneous_scans_make_one_check_in_per_student(transactional_db):
    world = build_world()
    att = build(world, NOW)
    codes = list(att.codes.values())
    for i in range(8):
        student = f.student(att.paris, username=f"crowd-{i}")
        enrol(student, att.slot, att.current.starts_at.year)
        codes.append(services.badge_issue(actor=att["paris"]["manager"], student=student).code)
    assert len(codes) == 10
    coach = att["paris"]["coach"]
    outcomes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    threaded = connection.vendor == "postgresql"
    workers = 25
    barrier = threading.Barrier(workers)

    def scan(batch: list[tuple[str, str]]) -> None:
        try:
            if threaded:
                barrier.wait(timeout=30)
            for code, device in batch:
                result = services.checkin_record(
                    actor=coach, centre=att.paris, code=code, device=device, now=NOW
                )
                with lock:
                    outcomes.append(result.outcome)
        except BaseException as exc:  # reported below
            with lock:
                errors.append(exc)
        finally:
            if threaded:
                connection.close()

    calls = [(code, f"device-{n}") for n in range(10) for code in codes]
    batches = [calls[i::workers] for i in range(workers)]
    if threaded:
        threads = [threading.Thread(target=scan, args=(b,)) for b in batches]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    else:
        for b in batches:
            scan(b)
    assert errors == []
    assert len(outcomes) == 100
    assert outcomes.count("welcome") == 10
    assert outcomes.count("already_checked_in") == 90
    assert CheckIn.objects.count() == 10
    assert CheckIn.objects.values("student").distinct().count() == 10
