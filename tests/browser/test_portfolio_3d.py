"""A 3D model in the portfolio, in a real browser: a student's approved GLB project turns in
its card (the vendored model-viewer), under the site's CSP (the browser fixture fails on any
violation)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile

from parcours.demo.portfolio_demo import cube_glb
from parcours.learning.models import Submission, SubmissionStatus
from tests.browser.conftest import sign_in
from tests.conftest import build_world
from tests.factories import submission

pytestmark = pytest.mark.browser


def test_a_glb_work_turns_in_its_card(
    new_page: Any, transactional_db: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    ines = world["paris"]["student"]
    sent = submission(ines, "cube", status=SubmissionStatus.APPROVED)
    sent.file.save("cube.glb", ContentFile(cube_glb()), save=False)
    Submission.objects.filter(pk=sent.pk).update(
        file=sent.file.name,
        original_name="cube.glb",
        media_kind="model3d",
        content_type="model/gltf-binary",
    )
    page = new_page(390)
    sign_in(page, "paris-student")
    page.goto(f"{page.base}/portfolio/")
    viewer = page.locator("model-viewer")
    viewer.scroll_into_view_if_needed()  # it loads when it comes into view
    # loaded, then drawn: the first frame may come a moment after the file is read
    page.wait_for_function(
        "() => { const m = document.querySelector('model-viewer');"
        " return m && m.loaded && m.modelIsVisible; }"
    )
    assert "3D model" in (viewer.get_attribute("alt") or "")
