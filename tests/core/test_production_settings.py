"""Safe by default: without PARCOURS_DEBUG=1 Parcours runs in production mode, and refuses to
start without a real secret key, its host names and HTTPS."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SAFE = {
    "PARCOURS_SECRET_KEY": "k" * 64,
    "PARCOURS_ALLOWED_HOSTS": "parcours.example.org",
    "PARCOURS_HTTPS": "1",
}
READ = (
    "from django.conf import settings as s; "
    "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
)


def _load(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PARCOURS_")}
    clean.update(env, DJANGO_SETTINGS_MODULE="parcours.settings")
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {READ}"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_with_nothing_set_it_is_production_and_refuses_to_start():
    result = _load({})
    assert result.returncode != 0
    assert "production mode" in result.stderr
    for name in ("PARCOURS_SECRET_KEY", "PARCOURS_ALLOWED_HOSTS", "PARCOURS_HTTPS"):
        assert name in result.stderr


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"PARCOURS_SECRET_KEY": "short"}, "PARCOURS_SECRET_KEY"),
        ({"PARCOURS_SECRET_KEY": "dev-only-insecure-key-never-in-production"}, "SECRET_KEY"),
        ({"PARCOURS_ALLOWED_HOSTS": "*"}, "PARCOURS_ALLOWED_HOSTS"),
        ({"PARCOURS_HTTPS": "0"}, "PARCOURS_HTTPS"),
    ],
)
def test_each_missing_safeguard_is_named(change, named):
    result = _load({**SAFE, **change})
    assert result.returncode != 0 and named in result.stderr


def test_the_documented_production_environment_starts_with_https_everywhere():
    result = _load(SAFE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "31536000"]


def test_development_is_asked_for_explicitly():
    result = _load({"PARCOURS_DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"


def test_offline_tools_run_from_a_fresh_checkout_and_serving_commands_do_not():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PARCOURS_")}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    cli = [sys.executable, "-c", "import sys; from parcours.cli import main; main(sys.argv[1:])"]
    bench = subprocess.run(
        [*cli, "bench", "mastery", "--help"], env=clean, capture_output=True, text=True
    )
    assert bench.returncode == 0, bench.stderr
    served = subprocess.run([*cli, "check"], env=clean, capture_output=True, text=True)
    assert served.returncode != 0 and "production mode" in served.stderr
