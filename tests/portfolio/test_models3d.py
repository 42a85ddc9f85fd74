"""STL and OBJ models turn in the page too (issue 16): the worker converts each approved one
to GLB once (trimesh), the card's viewer loads it, the original downloads; a file that is no
model is remembered, not retried, and offered as a download only."""

from __future__ import annotations

import io

import pytest
import trimesh
from django.core.files.base import ContentFile

from parcours.learning.models import Submission, SubmissionStatus
from parcours.portfolio import models3d
from parcours.portfolio.jobs import make_previews
from parcours.portfolio.models import ModelPreview
from parcours.privacy.erasure import erase
from tests.factories import CentreFactory, student, submission
from tests.portfolio.test_portfolio import signed_in

pytestmark = pytest.mark.django_db

BOX = trimesh.creation.box()
STL = bytes(BOX.export(file_obj=None, file_type="stl"))
OBJ = str(BOX.export(file_obj=None, file_type="obj")).encode()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def approved(owner, key: str, name: str, body: bytes, content_type: str) -> Submission:  # type: ignore[no-untyped-def]
    sent = submission(owner, key, status=SubmissionStatus.APPROVED)
    sent.file.save(name, ContentFile(body), save=False)
    sent.original_name, sent.content_type, sent.media_kind = name, content_type, "model3d"
    sent.save()
    return sent


@pytest.mark.parametrize(("body", "kind"), [(STL, "stl"), (OBJ, "obj")])
def test_a_model_becomes_glb_and_what_is_no_model_does_not(body, kind):
    glb = models3d.to_glb(io.BytesIO(body), kind)
    assert glb is not None and glb[:4] == b"glTF"
    assert models3d.to_glb(io.BytesIO(b"solid nothing here\nendsolid"), "stl") is None
    assert models3d.to_glb(io.BytesIO(b"\x00" * 10), kind) is None


def test_the_job_converts_an_approved_stl_once_and_the_card_turns_it():
    ines = student(CentreFactory())
    model = approved(ines, "robot", "robot.stl", STL, "model/stl")
    broken = approved(ines, "broken", "broken.obj", b"v nothing\nf x", "model/obj")
    client = signed_in(ines)
    assert b"<model-viewer" not in client.get("/portfolio/").content  # not converted yet

    assert make_previews() == 2
    assert make_previews() == 0  # once
    made = ModelPreview.objects.get(submission=model)
    assert made.file and not ModelPreview.objects.get(submission=broken).file
    page = client.get("/portfolio/")
    viewer = f'<model-viewer src="/portfolio/works/{model.uuid}/file?size=glb"'
    assert viewer.encode() in page.content
    assert page.content.count(b"<model-viewer") == 1  # the broken one downloads only
    glb = client.get(f"/portfolio/works/{model.uuid}/file?size=glb")
    assert glb.status_code == 200 and glb["Content-Type"] == "model/gltf-binary"
    assert b"".join(glb.streaming_content)[:4] == b"glTF"
    original = client.get(f"/portfolio/works/{model.uuid}/file")
    assert (
        original["Content-Type"] == "model/stl" and "attachment" in original["Content-Disposition"]
    )

    erase(ines)
    assert not ModelPreview.objects.exists()
