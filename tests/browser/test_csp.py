"""The pages are served under a strict Content-Security-Policy, and the browser tests would
notice a page breaking it: an inline style or script is refused and reported."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_an_inline_style_or_script_is_refused_and_noticed(browser: Any, live_server: Any):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(f"{live_server.url}/accounts/login/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    page.evaluate(
        """() => {
          document.body.insertAdjacentHTML('beforeend', '<p id="x" style="color: red">x</p>');
          const s = document.createElement('script');
          s.textContent = 'window.ran = true';
          document.body.appendChild(s);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.ran === undefined")  # the inline script did not run
    assert page.evaluate("() => getComputedStyle(document.getElementById('x')).color") != (
        "rgb(255, 0, 0)"
    )
    refused = list(browser.refused)
    browser.refused.clear()  # expected here: the autouse check must not fail this test
    context.close()
    assert any("script" in r for r in refused) and any("style" in r for r in refused), refused
