"""Serving as operators run it: a cache shared by every app process (the database's, its table
made by migrate; Redis when PARCOURS_REDIS_URL is set), persistent database connections, and
`parcours serve` starting gunicorn."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from bench import serve
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

READ = (
    "from django.conf import settings as s; c = s.CACHES['default']; "
    "d = s.DATABASES['default']; print(c['BACKEND'], c['LOCATION'], d['CONN_MAX_AGE'], "
    "d['CONN_HEALTH_CHECKS'])"
)


def _settings(env: dict[str, str]) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PARCOURS_")}
    clean.update(env, PARCOURS_DEBUG="1", DJANGO_SETTINGS_MODULE="parcours.settings")
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {READ}"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return out.stdout.split()


def test_by_default_the_cache_is_the_databases_and_connections_persist():
    backend, location, max_age, checks = _settings({})
    assert backend == "django.core.cache.backends.db.DatabaseCache"
    assert location == "parcours_cache"
    assert (max_age, checks) == ("60", "True")


def test_redis_when_its_url_is_given():
    backend, location, *_ = _settings({"PARCOURS_REDIS_URL": "redis://127.0.0.1:6379/3"})
    assert backend == "django.core.cache.backends.redis.RedisCache"
    assert location == "redis://127.0.0.1:6379/3"


def test_one_connection_per_request_when_asked():
    assert _settings({"PARCOURS_CONN_MAX_AGE": "0"})[2] == "0"


@pytest.mark.django_db
def test_migrate_made_the_cache_table_and_the_cache_works():
    cache.set("parcours-test", {"a": 1}, 30)
    assert cache.get("parcours-test") == {"a": 1}
    assert cache.add("parcours-count", 1)
    assert not cache.add("parcours-count", 5)  # an existing key is kept (rate limits rely on it)
    assert cache.incr("parcours-count") == 2


def test_serve_runs_gunicorn_with_the_options(capsys):
    call_command("serve", "--dry-run", "--bind", "0.0.0.0:9000", "--workers", "3")
    argv = capsys.readouterr().out.split()
    assert argv[1:4] == ["-m", "gunicorn", "parcours.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:9000"
    assert argv[argv.index("--workers") + 1] == "3"


def test_serve_refuses_zero_workers():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("serve", "--dry-run", "--workers", "0")


@pytest.mark.django_db
def test_the_benchmark_counts_queries_after_a_demo_build_filled_the_query_log(world):
    """bench serve counts each page's queries in its own process, after building the demo
    there: a full query log (9,000 entries) once made every count read 0."""
    connection.queries_log.extend([{"sql": "SELECT 1", "time": "0"}] * 9000)
    place = serve.World({}, {"coach": world["paris"]["coach"]}, "", "paris", [], [])
    assert serve.count_queries("coach-home", serve.Request("GET", "/"), place) > 3
