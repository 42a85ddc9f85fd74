"""A family's consents are on "My data" (the student's home links to it): each child's, with
the withdrawal buttons, and a withdrawal brings the reader back there, never to another site."""

from __future__ import annotations

from parcours.consents.models import ConsentKind
from parcours.consents.services import consent_give
from tests import factories as f
from tests.conftest import login

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_my_data_lists_each_childs_consents_and_withdrawing_comes_back(world):
    guardian = world["paris"]["guardian"]
    child = f.student(world.paris, age=13, guardian=guardian, username="child13")
    other = f.student(world.paris, age=18, username="notmine")
    text = f.consent_text(ConsentKind.IMAGE_USE)
    mine = consent_give(student=child, given_by=guardian, kind="image_use", text=text)
    theirs = consent_give(student=other, given_by=other, kind="image_use", text=text)

    client = login(guardian)
    html = client.get("/privacy/", **EN).content.decode()
    assert f"/consents/{mine.uuid}/withdraw/" in html
    assert f"/consents/{theirs.uuid}/withdraw/" not in html  # nobody else's

    back = client.post(f"/consents/{mine.uuid}/withdraw/", {"next": "/privacy/"})
    assert back.status_code == 302 and back["Location"] == "/privacy/"
    mine.refresh_from_db()
    assert not mine.active
    html = client.get("/privacy/", **EN).content.decode()
    assert f"/consents/{mine.uuid}/withdraw/" not in html and "withdrawn on" in html


def test_a_withdrawal_never_sends_the_reader_to_another_site(world):
    guardian = world["paris"]["guardian"]
    child = f.student(world.paris, age=13, guardian=guardian, username="child13b")
    text = f.consent_text(ConsentKind.PUBLIC_DISPLAY)
    record = consent_give(student=child, given_by=guardian, kind="public_display", text=text)
    back = login(guardian).post(
        f"/consents/{record.uuid}/withdraw/", {"next": "https://evil.example/phish"}
    )
    assert back.status_code == 302 and back["Location"] == "/"
