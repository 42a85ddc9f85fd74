"""A value shown once (a calendar feed link, an API token) has a copy button driven by one
static script, ``core/copy.js``, and ``data-copy`` attributes: no inline script on the page."""

from __future__ import annotations

import re

import pytest

from parcours.calendars import services as calendars
from tests.browser.conftest import sign_in
from tests.conftest import build_world, login

SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)


def shown_once_pages(world) -> dict[str, str]:
    coach = login(world["paris"]["coach"])
    feed = coach.post("/calendars/", {"purpose": "staff", "action": "new"})
    token = coach.post("/accounts/tokens/", {"name": "My script", "days": 30})
    assert feed.status_code == 200 and token.status_code == 200
    return {"feed": feed.content.decode(), "token": token.content.decode()}


def test_copy_buttons_use_the_one_static_script(world):
    for name, html in shown_once_pages(world).items():
        assert 'data-copy="' in html, name
        scripts = [m.groupdict() for m in SCRIPT.finditer(html)]
        assert not [s for s in scripts if s["body"].strip()], name  # nothing inline
        assert sum("core/copy.js" in s["attrs"] for s in scripts) == 1, name
        target = re.search(r'data-copy="([^"]+)"', html).group(1)
        assert f'id="{target}"' in html, name


@pytest.mark.browser
class TestInTheBrowser:
    @pytest.fixture
    def world(self, transactional_db):
        return build_world()

    def test_the_button_copies_the_link_shown_once(self, world, page):
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base)
        sign_in(page, world["paris"]["coach"].username)
        page.goto(f"{page.base}/calendars/")
        page.locator("button[name=action][value=new]").first.click()
        link = page.locator("#feed-https").input_value()
        assert "/calendars/" in link
        page.locator('[data-copy="feed-https"]').click()
        page.wait_for_function("document.getElementById('feed-https').selectionEnd > 0")
        assert page.evaluate("navigator.clipboard.readText()") == link
        assert calendars.token_revoke(actor=world["paris"]["coach"], purpose="staff") == 1
