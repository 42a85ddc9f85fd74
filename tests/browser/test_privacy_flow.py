"""Privacy rights in a real browser (English UI, the guardian on a 390-px phone): a guardian
downloads the family's data and asks for its erasure; the manager approves on a PC; the
student's pages are gone (the account no longer opens) and the centre's anonymous figures did
not change; the audit log shows the decision."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from parcours.people.models import User
from parcours.people.selectors import centre_student_figures
from tests.browser.conftest import sign_in
from tests.conftest import build_world

pytestmark = pytest.mark.browser


def test_download_ask_approve_and_the_student_is_gone(
    new_page: Any, transactional_db: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    paris = world["paris"]
    for person in (paris["guardian"], paris["manager"], paris["student"]):
        User.objects.filter(pk=person.pk).update(preferred_language="en")
    figures = centre_student_figures(world.paris.pk, timezone.localdate())

    family = new_page(390)
    sign_in(family, "paris-guardian")
    assert family.locator("a[href='/privacy/']").count() >= 1  # in the family's menu
    family.goto(f"{family.base}/privacy/")
    with family.expect_download() as got:
        family.get_by_role("button", name="Download the data (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(got.value.path()).read_bytes()))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["username"] == "paris-student"
    family.get_by_role("link", name="Ask to erase the data").click()
    family.get_by_label("Why (optional)").fill("We are moving abroad.")
    family.get_by_role("button", name="Send the request").click()
    assert family.locator(".field .errorlist").count() == 1  # the confirmation is required
    family.get_by_label("I understand", exact=False).check()
    family.get_by_role("button", name="Send the request").click()
    family.wait_for_url(f"{family.base}/privacy/")
    assert family.get_by_role("button", name="Cancel the request").is_visible()

    manager = new_page()
    sign_in(manager, "paris-manager")
    manager.goto(f"{manager.base}/privacy/requests/")
    manager.get_by_role("link", name=paris["student"].get_full_name()).click()
    manager.get_by_label("I checked that the request comes from the family", exact=False).check()
    manager.get_by_role("button", name="Erase the data").click()
    manager.get_by_text("The student's data is erased").wait_for()
    assert "Erased account" in manager.locator("main").inner_text()

    gone = new_page()
    gone.goto(f"{gone.base}/accounts/login/")
    gone.locator("#id_username").fill("paris-student")
    gone.locator("#id_password").fill("pw-for-tests-123")
    gone.locator("main form button[type=submit]").click()
    assert gone.url.endswith("/accounts/login/")  # the account no longer opens
    manager.goto(f"{manager.base}/attendance/students/{paris['student'].uuid}/")
    assert "paris-student" not in manager.content()
    assert centre_student_figures(world.paris.pk, timezone.localdate()) == figures

    manager.goto(f"{manager.base}/audit/?kind=privacy.ErasureRequest")
    rows = manager.locator("main table tbody tr")
    assert rows.count() == 2  # asked, then decided
    assert "Erased account" in rows.first.inner_text()
