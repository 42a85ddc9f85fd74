"""Games and code in the portfolio (issue 16): a web build (a ZIP with an index.html) plays
in a sandboxed frame, its files read from the ZIP under a policy of their own, never outside
the build, and only while the reader may see the work; a code work shows highlighted and
escaped."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from parcours.consents import services as consents
from parcours.consents.choices import ConsentKind
from parcours.core.errors import NotFound, ValidationFailed
from parcours.learning.models import Submission, SubmissionStatus
from parcours.learning.uploads import check_upload
from parcours.people.models import Role, User
from parcours.portfolio import code, selectors, services, webbuild
from parcours.portfolio.files import play_response, play_token
from tests.factories import CentreFactory, UserFactory, student, submission
from tests.portfolio.test_portfolio import consent, signed_in

pytestmark = pytest.mark.django_db

GAME = {
    "jeu/index.html": b'<!doctype html><title>Jeu</title><script src="game.js"></script>',
    "jeu/game.js": b"document.title = 'playing';",
    "jeu/assets/level.json": b'{"level": 1}',
}
CODE = b'def hello():\n    return "<script>alert(1)</script>"\n'


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in files.items():
            archive.writestr(name, body)
    return out.getvalue()


def approved_file(owner: User, key: str, name: str, body: bytes, content_type: str) -> Submission:
    sent = submission(owner, key, status=SubmissionStatus.APPROVED)
    sent.file.save(name, ContentFile(body), save=False)
    sent.original_name, sent.content_type = name, content_type
    sent.save()
    return sent


def make_public(owner: User, sent: Submission) -> str:
    services.work_save(
        actor=owner,
        item=selectors.own_item(user=owner, uuid=sent.uuid),
        data=services.WorkFields(visibility="public", title="Attrape"),
    )
    page = services.page_save(actor=owner, student=owner, bio="", full_name=False, published=True)
    return page.slug


def test_a_web_build_is_found_at_the_root_or_in_its_one_folder_and_nothing_else_is():
    assert webbuild.find_build(io.BytesIO(zipped(GAME))) == webbuild.Build("jeu/")
    assert webbuild.find_build(io.BytesIO(zipped({"index.html": b"x"}))).root == ""
    assert webbuild.find_build(io.BytesIO(zipped({"a/index.html": b"", "b/x.js": b""}))) is None
    assert webbuild.find_build(io.BytesIO(zipped({"notes.txt": b"x"}))) is None
    assert webbuild.find_build(io.BytesIO(b"not a zip at all")) is None
    many = {f"f{i}.js": b"" for i in range(webbuild.MAX_MEMBERS + 1)} | {"index.html": b""}
    assert webbuild.find_build(io.BytesIO(zipped(many))) is None  # too many files: not read


@pytest.mark.parametrize(
    "path", ["../secret", "a/../../b", "/etc/passwd", "a\\..\\b", "a//b", "", "x\x00.js"]
)
def test_a_path_that_would_leave_the_build_is_refused(path):
    assert webbuild.safe_member(path) is None


def test_a_public_game_plays_from_its_zip_under_the_sandbox_and_goes_with_the_consent():
    centre = CentreFactory()
    parent = UserFactory()
    ines = student(centre, guardian=parent)
    parent.memberships.create(centre=centre, role=Role.GUARDIAN)
    consent(ines, parent)
    sent = approved_file(ines, "game", "jeu.zip", zipped(GAME), "application/zip")
    slug = make_public(ines, sent)
    anyone = Client(HTTP_ACCEPT_LANGUAGE="en")

    page = anyone.get(f"/p/{slug}/")
    frame = (
        f'src="/p/{slug}/{sent.uuid}/play/index.html" sandbox="allow-scripts allow-pointer-lock"'
    )
    assert frame.encode() in page.content

    played = anyone.get(f"/p/{slug}/{sent.uuid}/play/index.html")
    assert played.status_code == 200 and played.content == GAME["jeu/index.html"]
    assert played["Content-Type"].startswith("text/html")
    policy = played["Content-Security-Policy"]
    assert policy.startswith("sandbox allow-scripts allow-pointer-lock;")
    assert "frame-ancestors 'self'" in policy and "form-action 'none'" in policy
    assert "allow-same-origin" not in policy  # an opaque origin: no cookie, no storage
    assert played["X-Frame-Options"] == "SAMEORIGIN"
    script = anyone.get(f"/p/{slug}/{sent.uuid}/play/game.js")
    assert script.status_code == 200 and script["Content-Type"].startswith("text/javascript")
    assert anyone.get(f"/p/{slug}/{sent.uuid}/play/assets/level.json").json() == {"level": 1}
    for outside in ("../jeu/game.js", "missing.js", "assets", "assets/../../x"):
        assert anyone.get(f"/p/{slug}/{sent.uuid}/play/{outside}").status_code == 404

    record = ines.consents.get(kind=ConsentKind.PUBLIC_DISPLAY)
    consents.consent_withdraw(actor=parent, record=record)
    assert anyone.get(f"/p/{slug}/{sent.uuid}/play/index.html").status_code == 404


def test_a_signed_in_readers_frame_gets_a_signed_address_that_only_opens_that_game():
    centre = CentreFactory()
    ines = student(centre)
    sent = approved_file(ines, "game", "jeu.zip", zipped(GAME), "application/zip")
    other = approved_file(
        ines, "poster", "p.zip", zipped({"index.html": b"other"}), "application/zip"
    )
    page = signed_in(ines).get("/portfolio/")
    addresses = re.findall(r'<iframe class="game-frame" src="(/portfolio/play/[^"]+)"', page.text)
    assert len(addresses) == 2
    address = next(a for a in addresses if a.split("/")[3].startswith(str(sent.uuid)))
    assert address.endswith("/index.html")

    # the frame sends no cookie: the address alone opens it, for this work only
    anyone = Client()
    assert anyone.get(address).content == GAME["jeu/index.html"]
    script = anyone.get(address.replace("index.html", "game.js"))
    assert script.status_code == 200 and script.content == GAME["jeu/game.js"]
    token = address.split("/")[3]
    tampered = address.replace(token, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert anyone.get(tampered).status_code == 404
    assert anyone.get(f"/portfolio/play/{other.uuid}/index.html").status_code == 404
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=7)):
        assert anyone.get(address).status_code == 404  # expired after 6 hours
    # no longer a work (its approval withdrawn): the address opens nothing
    Submission.objects.filter(pk__in=[sent.pk, other.pk]).update(status=SubmissionStatus.CHANGES)
    assert anyone.get(address).status_code == 404


def test_a_code_work_shows_highlighted_and_escaped():
    centre = CentreFactory()
    ines = student(centre)
    approved_file(ines, "code", "hello.py", CODE, "text/plain")
    page = signed_in(ines).get("/portfolio/")
    assert page.status_code == 200
    assert b'<div class="code-view">' in page.content
    assert b'<span class="k">def</span>' in page.content  # Python, highlighted
    assert b"<script>alert(1)</script>" not in page.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page.content
    assert b"portfolio/code" in page.content and b".css" in page.content  # its colours


def test_a_code_file_is_accepted_as_text_and_refused_when_binary():
    kind, content_type = check_upload(SimpleUploadedFile("jeu.py", CODE))
    assert (kind.key, content_type) == ("code", "text/plain")
    with pytest.raises(ValidationFailed):
        check_upload(SimpleUploadedFile("jeu.py", b"\x00\x01binary"))
    accented = "é".encode() * 5000  # a multi-byte character cut by the read: still text
    assert check_upload(SimpleUploadedFile("notes.js", accented))[0].key == "code"


def test_the_play_address_of_a_work_that_is_no_game_is_not_found():
    centre = CentreFactory()
    ines = student(centre)
    sent = approved_file(ines, "code", "hello.py", CODE, "text/plain")
    with pytest.raises(NotFound):
        selectors.played_item("not-a-uuid")
    item = selectors.played_item(sent.uuid)
    assert play_token(item)
    with pytest.raises(NotFound):
        play_response(item, "index.html")


def test_the_code_colours_stylesheet_is_the_one_pygments_makes():
    css = Path(__file__).parents[2] / "src/parcours/portfolio/static/portfolio/code.css"
    body = css.read_text(encoding="utf-8").split("\n", 1)[1]
    assert body == code.stylesheet() + "\n"  # regenerate with portfolio.code.stylesheet()
    assert "style=" not in code.highlighted(io.BytesIO(CODE), "a.py")[0]  # classes only


def test_a_works_stable_address_leads_to_its_public_page_while_it_is_public():
    centre = CentreFactory()
    parent = UserFactory()
    ines = student(centre, guardian=parent)
    parent.memberships.create(centre=centre, role=Role.GUARDIAN)
    sent = approved_file(ines, "code", "hello.py", CODE, "text/plain")
    address = f"/portfolio/w/{sent.uuid}/"
    assert Client().get(address).status_code == 404  # private
    consent(ines, parent)
    slug = make_public(ines, sent)
    assert Client().get(address)["Location"] == f"/p/{slug}/#work-{sent.uuid}"
    consents.consent_withdraw(actor=parent, record=ines.consents.get(kind="public_display"))
    assert Client().get(address).status_code == 404  # not public any more
    assert signed_in(parent).get(address)["Location"] == f"/portfolio/#work-{sent.uuid}"
