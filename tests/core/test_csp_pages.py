"""Every page every role reaches from their home (links followed two levels deep) is served
with the Content-Security-Policy and the Permissions-Policy, and holds nothing the policy
would refuse: no style attribute, no event handler attribute, no inline script or style."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.template.loader import render_to_string

from tests.conftest import login
from tests.support.html import inline_code, links_of

ROLES = ["student", "guardian", "coach", "expert", "manager"]
SKIP = ("/admin/", "/accounts/logout", "/i18n/", "/static/", "/media/", "/api/")


def _crawl(client: Any, start: str = "/", depth: int = 2, limit: int = 80) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    frontier = [start]
    for _ in range(depth + 1):
        following = []
        for url in frontier:
            if url in seen or len(seen) >= limit:
                continue
            response = client.get(url)
            seen[url] = response
            if response.status_code == 200 and "text/html" in response["Content-Type"]:
                for href in links_of(response.content.decode()):
                    path = href.split("#")[0]
                    if path.startswith("/") and not path.startswith(SKIP) and path not in seen:
                        following.append(path)
        frontier = following
    return seen


@pytest.mark.parametrize("role", ROLES)
def test_pages_hold_no_inline_code_and_carry_the_policies(world, role):
    client = login(world["paris"][role])
    pages = _crawl(client)
    html_pages = {
        url: r
        for url, r in pages.items()
        if r.status_code == 200 and "text/html" in r["Content-Type"]
    }
    assert len(html_pages) >= 5, sorted(pages)
    for url, response in html_pages.items():
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, url
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, url
        assert "camera=(self)" in response["Permissions-Policy"], url
        assert inline_code(response.content.decode()) == [], url


def test_the_public_pages_too(db, client):
    for url in ("/accounts/login/", "/enrol/", "/accounts/password/reset/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert inline_code(response.content.decode()) == [], url


def test_the_checker_finds_inline_code():
    html = '<p style="color:red" onclick="x()">a</p><script>1</script><style>p{}</style>'
    assert inline_code(html) == [
        "<p style=…>",
        "<p onclick=…>",
        "<script> without src",
        "<style>",
    ]
    assert inline_code('<script type="application/json">{}</script>') == []


def test_the_error_pages_too(world, rf):
    client = login(world["paris"]["student"])
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and inline_code(missing.content.decode()) == []
    request = rf.get("/")
    request.user = world["paris"]["student"]
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    MessageMiddleware(lambda r: HttpResponse()).process_request(request)
    html = render_to_string("error.html", {"message": "Déjà fait."}, request=request)
    assert "Déjà fait." in html and inline_code(html) == []
    assert "data-history-back" in html


def test_the_checker_finds_javascript_urls():
    assert inline_code('<a href="javascript:history.back()">x</a>') == ["<a …=javascript:…>"]
