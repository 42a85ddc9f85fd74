"""`parcours bench serve`: its bounded load generator counts what a real HTTP server answers
(statuses, errors, never more requests in flight than users), and the capacity line is the
arithmetic docs/deployment.md gives. The whole run (demo, gunicorn, PostgreSQL) is measured by
hand, not in the suite: speed goals live in benchmarks, not in timed tests."""

from __future__ import annotations

import asyncio
import math
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bench import serve

from parcours.attendance.selectors import current_sessions
from parcours.schedule.models import Session, Slot
from tests.attendance.conftest import enrol


class _Handler(BaseHTTPRequestHandler):
    in_flight = 0
    most = 0
    lock = threading.Lock()

    def do_GET(self) -> None:
        cls = type(self)
        with cls.lock:
            cls.in_flight += 1
            cls.most = max(cls.most, cls.in_flight)
        try:
            status = 500 if self.path == "/broken" else 200
            body = b"ok"
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
        finally:
            with cls.lock:
                cls.in_flight -= 1

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.most = 0
    yield httpd.server_address[1]
    httpd.shutdown()


def test_the_load_generator_counts_answers_and_stays_bounded(server):
    n, errors, latencies, seconds = serve.timed(
        "127.0.0.1", server, lambda _i: serve.Request("GET", "/"), 3, 0.5
    )
    assert n > 10
    assert errors == 0
    assert len(latencies) == n
    assert 0.5 <= seconds < 2
    assert 1 <= _Handler.most <= 3


def test_server_errors_and_refused_connections_are_errors(server):
    n, errors, _lat, _s = serve.timed(
        "127.0.0.1", server, lambda _i: serve.Request("GET", "/broken"), 2, 0.3
    )
    assert n > 0 and errors == n
    closed = serve.free_port()
    n, errors, _lat, _s = serve.timed(
        "127.0.0.1", closed, lambda _i: serve.Request("GET", "/"), 2, 0.2
    )
    assert n > 0 and errors == n


def test_capacity_is_the_inverse_of_the_server_time_one_centre_needs():
    def result(page: str, rps: float) -> serve.Result:
        return serve.Result(page, int(rps * 10), 0, 10.0, [0.01], 5)

    results = {
        "kiosk-scan": result("kiosk-scan", 50),
        "board-changed": result("board-changed", 20),
        "board-unchanged": result("board-unchanged", 100),
        "student-home": result("student-home", 25),
    }
    line = serve.capacity(results)
    changed = 1 - math.exp(-(250 / 900) * 5)  # polls that follow a scan: about 75%
    assert 0.74 < changed < 0.76
    busy = (
        (250 / 900) / 50 + (2 / 5) * changed / 20 + (2 / 5) * (1 - changed) / 100 + (250 / 60) / 25
    )
    assert line["server_seconds_per_centre_second"] == round(busy, 4)
    assert line["centres_per_server"] == round(1 / busy, 1)


def test_percentiles_and_throughput():
    r = serve.Result("x", 10, 2, 2.0, [i / 1000 for i in range(1, 11)], None)
    assert r.rps == 4.0  # errors do not count as served
    assert r.pct(0.5) == 6.0
    assert r.pct(0.95) == 10.0


def test_the_load_runs_from_a_thread_whose_loop_is_running(server):
    # CI ran this file after a Playwright test had left an event loop running in the worker.
    async def inside_a_loop() -> tuple[int, int, list[float], float]:
        return serve.timed("127.0.0.1", server, lambda _i: serve.Request("GET", "/"), 2, 0.2)

    # in a thread of its own, so that this test does not depend on the worker's own state
    results: list[tuple[int, int, list[float], float]] = []
    thread = threading.Thread(target=lambda: results.append(asyncio.run(inside_a_loop())))
    thread.start()
    thread.join(30)
    ((n, errors, _lat, _s),) = results
    assert n > 0 and errors == 0


@pytest.mark.django_db
def test_the_board_and_kiosk_are_measured_at_a_session_in_progress(world):
    """Whatever the hour the bench runs, the manager's centre has a session in progress with
    its registered students expected (the board shows them, scans check them in); it goes
    when the bench ends."""
    slot = Slot.objects.create(centre=world.paris, label="Mercredi", seats=20)
    students = [world["paris"]["student"], world["paris"]["other_student"]]
    for student in students:
        enrol(student, slot)
    expected = serve.live_session(world.paris)
    assert expected == sorted(s.pk for s in students)
    assert [s.slot_id for s in current_sessions(world.paris)] == [slot.pk]
    assert serve.live_session(world.paris) == expected  # again: still one, not two
    assert Session.objects.filter(label=serve.BENCH_SESSION).count() == 1
    serve.end_live_session()
    assert not Session.objects.filter(label=serve.BENCH_SESSION).exists()
