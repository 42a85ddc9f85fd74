"""A forgotten password: the link arrives by email, works once, and reveals nothing about
which addresses have an account."""

from __future__ import annotations

import re

from django.core import mail

from tests.conftest import login, signs_in


def test_reset_by_email_then_sign_in(world, mailoutbox):
    guardian = world["paris"]["guardian"]
    guardian.email = "famille@example.org"
    guardian.save()
    client = login(None)
    response = client.post(
        "/accounts/password/reset/", {"email": "famille@example.org"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0]
    done = client.post(
        form_url, {"new_password1": "Un-Bon-Mot-2026", "new_password2": "Un-Bon-Mot-2026"}
    )
    assert done.status_code == 302
    assert signs_in(guardian.username, "Un-Bon-Mot-2026")
    # The link worked once.
    again = login(None).get(link, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "This link no longer works" in again.content.decode()


def test_unknown_address_looks_the_same_and_sends_nothing(world, mailoutbox):
    response = login(None).post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"].endswith("/reset/sent/")
    assert mail.outbox == []
