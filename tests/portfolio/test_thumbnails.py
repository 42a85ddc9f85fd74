"""Thumbnails of picture works (issue 16): the worker's job makes a WebP of at most 640 px for
each approved picture, once; the cards load it, the original opens on a click; the same file
shared by two projects is shrunk once; a file that is no picture is remembered, not retried;
an erased student's thumbnails go with their works."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from parcours.learning.models import Submission, SubmissionStatus
from parcours.portfolio import thumbnails
from parcours.portfolio.jobs import make_previews
from parcours.portfolio.models import Thumbnail
from parcours.privacy.erasure import erase
from tests.factories import CentreFactory, student, submission
from tests.portfolio.test_portfolio import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def picture(width: int, height: int, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#e63946").save(out, fmt)
    return out.getvalue()


def approved(owner, key: str, body: bytes, content_type: str = "image/png") -> Submission:  # type: ignore[no-untyped-def]
    sent = submission(owner, key, status=SubmissionStatus.APPROVED)
    sent.file.save(f"{key}.png", ContentFile(body), save=False)
    sent.content_type = content_type
    sent.save()
    return sent


def test_the_job_makes_each_thumbnail_once_and_the_card_loads_it():
    ines = student(CentreFactory())
    big = approved(ines, "big", picture(2400, 1200))
    small = approved(ines, "small", picture(300, 200))
    submission(ines, "waiting")  # not approved: no thumbnail
    client = signed_in(ines)
    before = client.get("/portfolio/")
    assert f'src="/portfolio/works/{big.uuid}/file"'.encode() in before.content  # original

    assert make_previews() == 2
    assert make_previews() == 0  # nothing left to make
    thumb = Thumbnail.objects.get(submission=big)
    assert (thumb.width, thumb.height) == (640, 320)
    with default_storage.open(thumb.file.name) as opened, Image.open(opened) as image:
        assert image.format == "WEBP" and image.size == (640, 320)
    assert Thumbnail.objects.get(submission=small).width == 300  # never enlarged

    page = client.get("/portfolio/")
    card = f'<img src="/portfolio/works/{big.uuid}/file?size=thumb" width="640" height="320"'
    assert card.encode() in page.content
    assert (
        f'<a href="/portfolio/works/{big.uuid}/file" class="work-image">'.encode() in page.content
    )
    served = client.get(f"/portfolio/works/{big.uuid}/file?size=thumb")
    assert served.status_code == 200 and served["Content-Type"] == "image/webp"
    original = client.get(f"/portfolio/works/{big.uuid}/file")
    assert original["Content-Type"] == "image/png"
    api = client.get("/api/me/portfolio").json()[0]["works"]
    by_id = {w["id"]: w for w in api}
    assert by_id[str(big.uuid)]["thumbnail_url"].endswith("?size=thumb")


def test_a_shared_file_is_shrunk_once_and_a_broken_one_is_not_retried():
    centre = CentreFactory()
    ines, sam = student(centre), student(centre)
    first = approved(ines, "poster", picture(1000, 1000))
    twin = submission(sam, "poster2", status=SubmissionStatus.APPROVED)
    Submission.objects.filter(pk=twin.pk).update(file=first.file.name, content_type="image/png")
    broken = approved(sam, "broken", b"\x89PNG\r\n\x1a\n" + b"not really a picture" * 10)

    assert make_previews() == 3
    made = {t.submission_id: t for t in Thumbnail.objects.all()}
    assert made[first.pk].file.name == made[twin.pk].file.name  # one file for both
    assert made[broken.pk].width == 0 and not made[broken.pk].file  # remembered as unreadable
    assert thumbnails.missing() == []
    page = signed_in(sam).get("/portfolio/")
    assert f"{broken.uuid}/file?size=thumb".encode() not in page.content  # original shown

    # erased: Inès's thumbnail row goes; the file stays while Sam's project uses it
    name = made[first.pk].file.name
    erase(ines)
    assert not Thumbnail.objects.filter(submission__student=ines).exists()
    assert default_storage.exists(name)
    erase(sam)
    assert not Thumbnail.objects.exists()


def test_a_giant_picture_is_not_opened():
    header = picture(10, 10)
    assert thumbnails.shrink(io.BytesIO(header)) is not None
    bomb = io.BytesIO()
    Image.new("1", (9000, 9000)).save(bomb, "PNG")  # 81 megapixels, a few KB
    bomb.seek(0)
    assert thumbnails.shrink(bomb) is None
