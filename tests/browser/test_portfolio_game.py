"""A game in the portfolio, in a real browser: a student's web build (the demo's "Attrape les
notes") plays in its card's sandboxed frame: it draws and answers the keyboard, and reads
nothing of the site (no cookie, not the page around it); a code work shows highlighted. The
site's pages stay under their CSP (the browser fixture fails on any violation)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile

from parcours.demo.portfolio_demo import MEDIA, game_zip
from parcours.learning.models import Submission, SubmissionStatus
from tests.browser.conftest import sign_in
from tests.conftest import build_world
from tests.factories import submission

pytestmark = pytest.mark.browser


def _approved(owner: Any, key: str, name: str, body: bytes, content_type: str) -> None:
    sent = submission(owner, key, status=SubmissionStatus.APPROVED)
    sent.file.save(name, ContentFile(body), save=False)
    Submission.objects.filter(pk=sent.pk).update(
        file=sent.file.name, original_name=name, content_type=content_type
    )


def test_a_game_plays_in_its_sandboxed_frame_and_code_shows_highlighted(
    new_page: Any, transactional_db: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    ines = world["paris"]["student"]
    _approved(ines, "game", "attrape-les-notes.zip", game_zip(), "application/zip")
    _approved(ines, "code", "attrape.py", (MEDIA / "attrape.py").read_bytes(), "text/plain")
    page = new_page(390)
    sign_in(page, "paris-student")
    page.goto(f"{page.base}/portfolio/")

    holder = page.locator("iframe.game-frame")
    holder.scroll_into_view_if_needed()
    assert holder.get_attribute("sandbox") == "allow-scripts allow-pointer-lock"
    frame = holder.element_handle().content_frame()
    frame.wait_for_selector("canvas")

    def basket_x() -> float:
        # the basket is the one red bar near the bottom of the canvas
        return float(
            frame.evaluate(
                """() => { const c = document.querySelector('canvas');
                const d = c.getContext('2d').getImageData(0, c.height - 25, c.width, 1).data;
                for (let x = 0; x < c.width; x++) {
                  if (d[4 * x] > 200 && d[4 * x + 1] < 100) return x; }
                return -1; }"""
            )
        )

    frame.locator("canvas").click()  # starts the game
    start = basket_x()
    assert start >= 0  # drawn
    frame.locator("canvas").press("ArrowLeft", delay=400)
    assert basket_x() < start  # it answers the keyboard

    # an opaque origin: no cookie of the site, not the page around it
    blocked = "() => { try { return document.cookie; } catch (e) { return 'blocked'; } }"
    assert frame.evaluate(blocked) == "blocked"
    parent = "() => { try { return parent.document.title; } catch (e) { return 'blocked'; } }"
    assert frame.evaluate(parent) == "blocked"

    code = page.locator(".code-view")
    code.scroll_into_view_if_needed()
    assert "def new_note" in code.inner_text()
    assert page.locator(".code-view span.k").count() > 0  # highlighted by Pygments
