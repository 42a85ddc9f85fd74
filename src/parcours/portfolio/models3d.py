"""3D works sent as STL or OBJ turn in the page too (issue 16): the worker converts them to
binary glTF (GLB) with trimesh (MIT; numpy only for these formats), the format the vendored
viewer reads (ADR 33). The original stays what downloads. A model trimesh cannot read, or of
more than ``MAX_FACES`` triangles, is remembered and offered as a download only."""

from __future__ import annotations

import io
import logging
from typing import IO, cast

import trimesh
from django.core.files.base import ContentFile

from parcours.learning.models import Submission, SubmissionStatus
from parcours.portfolio.models import ModelPreview

logger = logging.getLogger(__name__)

CONVERTED = {"model/stl": "stl", "model/obj": "obj"}
MAX_FACES = 2_000_000  # more than a student's model needs; the viewer would crawl
BATCH = 50


def to_glb(data: IO[bytes], kind: str) -> bytes | None:
    """The model as GLB, or None when it is not a model trimesh reads (or too large)."""
    try:
        mesh = trimesh.load(io.BytesIO(data.read()), file_type=kind, force="mesh")
    except Exception:
        logger.info("a %s model could not be read", kind, exc_info=True)
        return None
    faces = getattr(mesh, "faces", None)
    if faces is None or len(faces) == 0 or len(faces) > MAX_FACES:
        return None
    return bytes(mesh.export(file_obj=None, file_type="glb"))


def missing(limit: int = BATCH) -> list[Submission]:
    return list(
        Submission.objects.filter(
            status=SubmissionStatus.APPROVED,
            content_type__in=list(CONVERTED),
            model_preview__isnull=True,
            student__erased_at__isnull=True,
        )
        .exclude(file="")
        .order_by("-reviewed_at", "pk")[:limit]
    )


def make(submission: Submission) -> ModelPreview:
    """The submission's GLB preview, made once (a file shared by projects, converted once)."""
    found = ModelPreview.objects.filter(submission=submission).first()
    if found is not None:
        return found
    twin = (
        ModelPreview.objects.filter(submission__file=submission.file.name).exclude(file="").first()
    )
    if twin is not None:
        made, _created = ModelPreview.objects.get_or_create(
            submission=submission, defaults={"file": twin.file.name}
        )
        return made
    try:
        with submission.file.storage.open(submission.file.name or "", "rb") as opened:
            glb = to_glb(cast(IO[bytes], opened), CONVERTED[submission.content_type])
    except (FileNotFoundError, OSError, ValueError):
        glb = None
    preview = ModelPreview(submission=submission)
    if glb is not None:
        preview.file.save(f"{submission.uuid}.glb", ContentFile(glb), save=False)
    made, _created = ModelPreview.objects.get_or_create(
        submission=submission, defaults={"file": preview.file.name or ""}
    )
    return made
