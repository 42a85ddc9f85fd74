"""A ``{# … #}`` comment must close on its own line: Django prints a two-line one as text.
The pre-registration page showed "{# One accessible form field, …" above every field (found
in issue 11's walkthrough); the pages' own tests never looked for it."""

from __future__ import annotations

import re
from pathlib import Path

import parcours

SRC = Path(parcours.__file__).parent


def test_no_template_comment_spans_two_lines():
    open_ones = [
        f"{path.relative_to(SRC)}:{number}"
        for path in sorted(SRC.rglob("templates/**/*"))
        if path.suffix in {".html", ".txt", ".xml"}
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if line.count("{#") > line.count("#}")
    ]
    assert not open_ones, open_ones


def test_the_pre_registration_form_prints_no_template_source(client, world):
    page = client.get("/enrol/paris/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "{#" not in page and "#}" not in page and "{%" not in page


def test_every_icon_a_template_names_is_in_the_sprite():
    """An icon missing from the vendored Lucide subset draws nothing, silently."""
    sprite = next((SRC / "web" / "static" / "vendor").glob("lucide-*-sprite.svg")).read_text()
    have = set(re.findall(r'<symbol id="([a-z0-9-]+)"', sprite))
    named = {
        (str(path.relative_to(SRC)), name)
        for path in SRC.rglob("templates/**/*.html")
        for name in re.findall(r'(?:\bicon="|{% icon ")([a-z0-9-]+)"', path.read_text())
    }
    missing = sorted(f"{where}: {name}" for where, name in named if name not in have)
    assert len(named) > 30 and not missing, missing
