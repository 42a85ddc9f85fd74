"""Two-factor sign-in and signed-in sessions in a real browser (English UI): a manager turns
two-factor on from a PC with the key an authenticator app would read, which signs out the phone
that was opened with the password alone; the phone comes back with the password and a recovery
code; from the PC, "My sessions" lists both devices and signs the phone out."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django_otp.oath import totp

from parcours.people.models import User
from tests.browser.conftest import sign_in
from tests.conftest import build_world

pytestmark = pytest.mark.browser
PHONE_UA = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"


def test_two_factor_on_then_sessions_signed_out(new_page: Any, transactional_db: Any) -> None:
    world = build_world()
    manager = world["paris"]["manager"]
    User.objects.filter(pk=manager.pk).update(preferred_language="en")

    pc = new_page()
    phone = new_page(390, user_agent=PHONE_UA)
    sign_in(pc, "paris-manager")
    sign_in(phone, "paris-manager")

    # Set up from the account menu's page: the key under the QR code, as an app would read it.
    pc.goto(f"{pc.base}/accounts/two-factor/")
    pc.get_by_role("button", name="Set it up").click()
    secret = pc.locator("main code").first.inner_text().strip()
    assert pc.locator("main img[alt='QR code to add Parcours to your app']").count() == 1
    compact = secret.replace(" ", "").upper()
    key = base64.b32decode(compact + "=" * (-len(compact) % 8))
    pc.get_by_label("6-digit code").fill(f"{totp(key, t0=0, step=30, digits=6):06d}")
    pc.get_by_role("button", name="Turn it on").click()
    codes = [c.strip() for c in pc.locator(".callout code").all_inner_texts()]
    assert len(codes) == 10, codes
    assert pc.get_by_text("10 recovery codes left.").is_visible()

    # The phone's session was opened with the password alone: it is over.
    phone.goto(f"{phone.base}/")
    assert "/accounts/login/" in phone.url
    phone.locator("#id_username").fill("paris-manager")
    phone.locator("#id_password").fill("pw-for-tests-123")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/accounts/two-factor/verify/**")
    phone.get_by_label("6-digit code").fill("000000")
    phone.get_by_role("button", name="Continue").click()
    assert phone.locator("main .errorlist, main [role=alert]").count() >= 1  # a wrong code says so
    phone.get_by_label("6-digit code").fill(codes[0])  # a recovery code in place of the app's
    phone.get_by_role("button", name="Continue").click()
    phone.wait_for_url(f"{phone.base}/")

    # From the PC: both devices listed, the phone by name; "sign out everywhere else".
    pc.goto(f"{pc.base}/accounts/sessions/")
    rows = pc.locator("main tbody tr")
    assert rows.count() == 2
    assert pc.locator("main tbody").get_by_text("Android").count() == 1
    assert pc.locator("main tbody").get_by_text("this one").count() == 1
    pc.get_by_role("button", name="Sign out everywhere else").click()
    assert pc.locator("main tbody tr").count() == 1

    phone.goto(f"{phone.base}/")
    assert "/accounts/login/" in phone.url
    # The recovery code used on the phone is spent.
    pc.goto(f"{pc.base}/accounts/two-factor/")
    assert pc.get_by_text("9 recovery codes left.").is_visible()
