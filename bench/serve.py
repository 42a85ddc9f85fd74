"""Serving benchmark: Parcours under load as an operator runs it, page by page.

``parcours bench serve [--seconds 20] [--users 20] [--workers 2] [--pages a,b] [--json]
[--rebuild] [--students N] [--centres N]``

What it does, in one run, and stops everything it started:

1. uses the database of ``DATABASE_URL`` (PostgreSQL is what the figures are for; SQLite
   works but one writer at a time is not a serving set-up); builds the demo network there if
   it has no demo users (or ``--rebuild``), then runs ``ANALYZE`` so the planner has
   statistics;
2. signs in the demo's ``student``, ``coach`` and ``manager`` (database sessions made
   directly, so no login request is measured) and gives the manager an API token for the
   kiosk; issues fresh badges to up to 200 students of the manager's centre for distinct
   scans (their earlier demo badges stop working, as a reissue does);
3. starts gunicorn (``--workers`` sync workers) on a free local port with the production
   settings (``PARCOURS_DEBUG=0``, a random secret key, HTTP allowed on 127.0.0.1);
4. loads each page in turn for ``--seconds`` with ``--users`` concurrent virtual users, each
   sending one request at a time on a new connection (a bounded asyncio client: never more
   than ``--users`` requests in flight), after a one-second warm-up;
5. counts the SQL queries of one request of each page in-process (Django's test client and
   ``CaptureQueriesContext``).

Pages: ``login`` (the baseline: a form, no query), ``student-home``, ``api-me-path``,
``coach-home``, ``manager-review`` (the enrolment review), ``board-changed`` (the live board
partial after a check-in changed it), ``board-unchanged`` (the same partial polled again),
``kiosk-scan`` (``POST`` a badge to the kiosk's check-in API). The board and the kiosk are
measured at a session in progress whatever the hour: the manager's centre's slot with the most
registered students gets a session that started 15 minutes ago (removed at the end), and the
200 badges are those of its students first, so the first scans check them in and later ones
are answered "already in", as at a real door.

One JSON object per page with ``--json``: ``page``, ``rps``, ``p50_ms``, ``p95_ms``,
``errors`` (non-2xx/3xx answers or failed connections), ``requests``, ``queries``,
``ratio_to_login``; then a ``capacity`` line: how many centres one such server carries at a
session's peak (docs/deployment.md gives the arithmetic). A table otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import http.client
import json
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

PAGES = (
    "login",
    "student-home",
    "api-me-path",
    "coach-home",
    "manager-review",
    "board-changed",
    "board-unchanged",
    "kiosk-scan",
)

# A session's peak in one centre (the issue's figures, from the seeds: TUMO Paris): 250
# badge scans in 15 minutes, two live boards polling every 5 s, and every student present
# loading a page a minute.
PEAK_SCANS_PER_S = 250 / (15 * 60)
BOARDS = 2
BOARD_POLL_S = 5
PEAK_STUDENTS = 250
PAGES_PER_STUDENT_PER_S = 1 / 60


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Result:
    page: str
    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    queries: int | None

    @property
    def rps(self) -> float:
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


# --- The load generator ---------------------------------------------------------------------


async def _one(host: str, port: int, req: Request) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        head = [f"{req.method} {req.path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close"]
        head += [f"{k}: {v}" for k, v in req.headers.items()]
        if req.body:
            head.append(f"Content-Length: {len(req.body)}")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + req.body)
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # the server closes the connection after the response
        return int(status_line.split()[1])
    finally:
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()


async def _load(
    host: str,
    port: int,
    make: Callable[[int], Request],
    users: int,
    seconds: float,
    before: Callable[[int], Request] | None = None,
) -> tuple[int, int, list[float], float]:
    counter = 0
    errors = 0
    latencies: list[float] = []
    stop_at = time.perf_counter() + seconds

    async def user() -> None:
        nonlocal counter, errors
        while time.perf_counter() < stop_at:
            counter += 1
            req = make(counter)
            if before is not None:  # untimed: e.g. the check-in that changes the board
                with contextlib.suppress(OSError, ValueError, IndexError):
                    await _one(host, port, before(counter))
            t0 = time.perf_counter()
            try:
                status = await _one(host, port, req)
            except (OSError, ValueError, IndexError):
                status = 0
            latencies.append(time.perf_counter() - t0)
            if not 200 <= status < 400:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(user() for _ in range(users)))
    return counter, errors, latencies, time.perf_counter() - started


def load(
    host: str,
    port: int,
    make: Callable[[int], Request],
    users: int,
    seconds: float,
    before: Callable[[int], Request] | None = None,
) -> tuple[int, int, list[float], float]:
    timed(host, port, make, users, min(1.0, seconds), before)  # warm-up
    return timed(host, port, make, users, seconds, before)


def timed(
    host: str,
    port: int,
    make: Callable[[int], Request],
    users: int,
    seconds: float,
    before: Callable[[int], Request] | None = None,
) -> tuple[int, int, list[float], float]:
    """One load run on an event loop of its own thread, so that it works from any caller,
    including one whose thread already runs a loop (a Playwright test earlier in the process)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _load(host, port, make, users, seconds, before)).result()


# --- The server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def gunicorn(port: int, workers: int, secret: str) -> Iterator[None]:
    env = dict(os.environ)
    env.update(
        PARCOURS_DEBUG="0",
        PARCOURS_SECRET_KEY=secret,
        PARCOURS_ALLOWED_HOSTS="127.0.0.1",
        PARCOURS_INSECURE_HTTP="1",
        DJANGO_SETTINGS_MODULE="parcours.settings",
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "parcours.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start (exit {proc.returncode})")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start within 60 s")
        yield
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# --- Set-up in the database -----------------------------------------------------------------


@dataclass
class World:
    cookies: dict[str, str]  # role -> session cookie header value
    users: dict[str, Any]  # role -> User
    token: str  # the manager's API token
    centre_slug: str
    badges: list[str]
    student_uuids: list[str]


def prepare(
    students: int | None, rebuild: bool, secret: str, out: Any, centres: int | None = None
) -> World:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    from parcours.attendance import services as attendance
    from parcours.people.models import User
    from parcours.people.services import api_token_create

    call_command("migrate", interactive=False, verbosity=0)
    if rebuild or not User.objects.filter(username="student").exists():
        print("building the demo network ...", file=out, flush=True)
        args = ["demo-data"] + ([f"--students={students}"] if students else [])
        args += [f"--centres={centres}"] if centres else []
        call_command(*args, stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    users = {role: User.objects.get(username=role) for role in ("student", "coach", "manager")}
    cookies = {}
    with override_settings(SECRET_KEY=secret):
        for role, user in users.items():
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            # as signing in stores it: the first backend that reads users (not axes')
            store[BACKEND_SESSION_KEY] = next(
                path
                for path in settings.AUTHENTICATION_BACKENDS
                if hasattr(load_backend(path), "get_user")
            )
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            cookies[role] = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    manager = users["manager"]
    token = api_token_create(actor=manager, name=f"bench {secrets.token_hex(4)}", days=1).raw
    membership = manager.memberships.filter(role="manager").select_related("centre").first()
    if membership is None or membership.centre is None:
        raise ValueError("the demo's manager has no centre")
    centre = membership.centre
    expected = live_session(centre)
    # the students expected now first (their scans check them in), then others of the centre
    student_ids = expected[:BADGES] + list(
        User.objects.filter(student_profile__centre=centre)
        .exclude(id__in=expected)
        .order_by("id")
        .values_list("id", flat=True)[: max(0, BADGES - len(expected))]
    )
    badges, uuids = [], []
    for student in User.objects.filter(id__in=student_ids):
        badges.append(attendance.badge_issue(actor=manager, student=student).code)
        uuids.append(str(student.uuid))
    return World(cookies, users, token, centre.slug, badges, uuids)


BADGES = 200
BENCH_SESSION = "bench: session in progress"


def live_session(centre: Any) -> list[int]:
    """A weekly session of ``centre`` in progress, as at a session's peak whatever the hour
    the bench runs: the slot with the most registered students gets a session that started
    15 minutes ago (made here, removed by ``end_live_session``). Returns the ids of the
    students expected at it."""
    import datetime as dt

    from django.db.models import Count, Q
    from django.utils import timezone

    from parcours.attendance.selectors import expected_ids
    from parcours.enrolment.models import EnrolmentStatus
    from parcours.schedule.models import Session, Slot

    end_live_session()
    slot = (
        Slot.objects.filter(centre=centre)
        .annotate(n=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.REGISTERED)))
        .order_by("-n", "pk")
        .first()
    )
    if slot is None:
        return []
    now = timezone.now()
    session = Session.objects.create(
        centre=centre,
        slot=slot,
        starts_at=now - dt.timedelta(minutes=15),
        ends_at=now + dt.timedelta(hours=2, minutes=45),
        label=BENCH_SESSION,
    )
    return sorted(expected_ids(session))


def forget_token(raw: str) -> None:
    """Delete the manager's API token made for the run (a user holds at most ten)."""
    from parcours.people import selectors

    found = selectors.api_token_for(raw)
    if found is not None:
        found.delete()


def end_live_session() -> None:
    """Remove the session ``live_session`` made (its check-ins go with it)."""
    from parcours.schedule.models import Session

    Session.objects.filter(label=BENCH_SESSION).delete()


def requests_for(world: World) -> dict[str, Callable[[int], Request]]:
    def page(path: str, role: str | None, **headers: str) -> Callable[[int], Request]:
        hdrs = {"Cookie": world.cookies[role]} if role else {}
        hdrs.update(headers)
        hdrs.setdefault("Accept-Language", "fr")
        return lambda _n: Request("GET", path, hdrs)

    def scan(n: int) -> Request:
        body = json.dumps({"code": world.badges[n % len(world.badges)], "device": "bench"})
        return Request(
            "POST",
            f"/api/attendance/centres/{world.centre_slug}/check-in",
            {"Authorization": f"Bearer {world.token}", "Content-Type": "application/json"},
            body.encode(),
        )

    from django.urls import reverse

    board = reverse("attendance:board", args=[world.centre_slug])
    return {
        "login": page(reverse("login"), None),
        "student-home": page("/", "student"),
        "api-me-path": page("/api/me/path", "student"),
        "coach-home": page("/", "coach"),
        "manager-review": page(reverse("enrolment:review", args=[world.centre_slug]), "manager"),
        "board-changed": page(board, "manager", **{"HX-Request": "true"}),
        "board-unchanged": page(board, "manager", **{"HX-Request": "true"}),
        "kiosk-scan": scan,
    }


def revalidating(make: Callable[[int], Request], host: str, port: int) -> Callable[[int], Request]:
    """The requests of a screen that already holds the page: ``If-None-Match`` with the ETag
    the server gave (as a browser revalidates a ``no-cache`` answer)."""
    first = make(0)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request(first.method, first.path, body=first.body or None, headers=first.headers)
        answer = conn.getresponse()
        answer.read()
        etag = answer.getheader("ETag") or ""
    finally:
        conn.close()

    def make_again(n: int) -> Request:
        req = make(n)
        return Request(req.method, req.path, {**req.headers, "If-None-Match": etag}, req.body)

    return make_again


def count_queries(name: str, req: Request, world: World) -> int:
    """The SQL queries of one request of the page, in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT_LANGUAGE="fr", HTTP_HOST="localhost")
    role = {"student-home": "student", "api-me-path": "student", "coach-home": "coach"}.get(
        name, "manager" if name in ("manager-review", "board-changed", "board-unchanged") else None
    )
    if role:
        client.force_login(world.users[role])
    wanted = ("HX-Request", "Authorization", "If-None-Match")
    headers = {k: v for k, v in req.headers.items() if k in wanted}

    def ask() -> Any:
        if req.method == "POST":
            return client.post(req.path, req.body, content_type="application/json", headers=headers)
        return client.get(req.path, headers=headers)

    if req.method == "GET":
        ask()  # warm, as a server is after its first request (the catalogue's caches)
    # Building the demo in this process may have filled the bounded query log (9,000
    # entries): then its length no longer grows and every count would read 0.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = ask()
    if not (200 <= response.status_code < 300 or response.status_code == 304):
        raise ValueError(f"{name}: {req.path} answered {response.status_code} in-process")
    return len(ctx.captured_queries)


# A board's poll finds something changed when a scan happened since the last poll: with scans
# arriving at random at the peak rate, that is 1 - e^(-rate × interval) of the polls (75%).
CHANGED_POLLS = 1 - math.exp(-PEAK_SCANS_PER_S * BOARD_POLL_S)


def capacity(results: dict[str, Result]) -> dict[str, Any]:
    """Centres one server carries at a session's peak: the server's busy time per second of
    one centre's peak load, from each page's measured throughput (requests/s at full use).
    The boards' polls are counted at the changed board's cost for the share of polls that
    follow a scan, at the 304's for the others."""
    polls = BOARDS / BOARD_POLL_S
    need = {
        "kiosk-scan": PEAK_SCANS_PER_S,
        "board-changed": polls * CHANGED_POLLS,
        "board-unchanged": polls * (1 - CHANGED_POLLS),
        "student-home": PEAK_STUDENTS * PAGES_PER_STUDENT_PER_S,
    }
    busy = sum(rate / results[p].rps for p, rate in need.items() if p in results and results[p].rps)
    return {
        "page": "capacity",
        "centres_per_server": round(1 / busy, 1) if busy else None,
        "server_seconds_per_centre_second": round(busy, 4),
        "peak_load_per_centre": {k: round(v, 3) for k, v in need.items()},
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seconds", type=float, default=20.0, help="per page (default 20)")
    parser.add_argument("--users", type=int, default=20, help="concurrent (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated subset")
    parser.add_argument("--students", type=int, default=None, help="demo size if it is built")
    parser.add_argument(
        "--centres", type=int, default=None, help="demo centres if it is built (2 to 17)"
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild the demo first")
    parser.add_argument("--json", action="store_true", help="one JSON object per page")


def run(options: dict[str, Any], write: Callable[[str], Any]) -> None:
    pages = [p.strip() for p in (options.get("pages") or ",".join(PAGES)).split(",") if p.strip()]
    unknown = sorted(set(pages) - set(PAGES))
    if unknown:
        raise ValueError(f"unknown pages: {', '.join(unknown)}; known: {', '.join(PAGES)}")
    users, seconds = int(options.get("users") or 20), float(options.get("seconds") or 20)
    workers = int(options.get("workers") or 2)
    if not 1 <= users <= 500 or not 0 < seconds <= 600 or not 1 <= workers <= 64:
        raise ValueError("--users is 1 to 500, --seconds 0 to 600, --workers 1 to 64")

    secret = secrets.token_urlsafe(64)
    world = prepare(
        options.get("students"),
        bool(options.get("rebuild")),
        secret,
        sys.stderr,
        centres=options.get("centres"),
    )
    makers = requests_for(world)
    port = free_port()
    results: dict[str, Result] = {}
    with gunicorn(port, workers, secret), contextlib.ExitStack() as cleanup:
        cleanup.callback(end_live_session)
        cleanup.callback(forget_token, world.token)
        for name in pages:
            if name == "board-unchanged":
                makers[name] = revalidating(makers[name], "127.0.0.1", port)
            queries = count_queries(name, makers[name](0), world)
            before = makers["kiosk-scan"] if name == "board-changed" else None
            n, errors, lat, secs = load("127.0.0.1", port, makers[name], users, seconds, before)
            results[name] = Result(name, n, errors, secs, lat, queries)
            print(f"  {name}: {n} requests", file=sys.stderr, flush=True)
    base = results.get("login")
    rows = [
        {
            "page": r.page,
            "rps": round(r.rps, 1),
            "p50_ms": round(r.pct(0.50), 1),
            "p95_ms": round(r.pct(0.95), 1),
            "errors": r.errors,
            "requests": r.requests,
            "queries": r.queries,
            "ratio_to_login": round(r.rps / base.rps, 3) if base and base.rps else None,
            "users": users,
            "workers": workers,
        }
        for r in results.values()
    ]
    rows.append(capacity(results))
    if options.get("json"):
        for row in rows:
            write(json.dumps(row))
        return
    write(
        f"{'page':<16} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} "
        f"{'queries':>8} {'x login':>8}"
    )
    for row in rows[:-1]:
        write(
            f"{row['page']:<16} {row['rps']:>8} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['errors']:>7} {row['queries']!s:>8} {row['ratio_to_login']!s:>8}"
        )
    write(f"capacity: {rows[-1]['centres_per_server']} centres per server at a session's peak")
