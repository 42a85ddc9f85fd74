"""Thumbnails of picture works (issue 16), made in the background by the worker
(``portfolio.jobs.make_previews``, every 5 minutes, a bounded batch): a work's card loads a
WebP of at most ``SIZE`` px instead of the student's full-size file; the original opens on a
click. A picture Pillow cannot read gets no thumbnail (the card shows the original, as
before) and is not tried again."""

from __future__ import annotations

import io
from typing import IO, cast

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from parcours.learning.models import Submission, SubmissionStatus
from parcours.portfolio.models import Thumbnail

SIZE = 640  # px, the longest side: a card is at most ~400 css px wide, twice for sharp screens
BATCH = 200
# GIFs keep their animation: they are shown as sent
MADE_FOR = ("image/png", "image/jpeg", "image/webp")
MAX_PIXELS = 60_000_000  # larger than any camera's photo: not opened (a decompression bomb)


def missing(limit: int = BATCH) -> list[Submission]:
    """Approved picture works without a thumbnail yet (and not already found unreadable)."""
    return list(
        Submission.objects.filter(
            status=SubmissionStatus.APPROVED,
            content_type__in=MADE_FOR,
            thumbnail__isnull=True,
            student__erased_at__isnull=True,
        )
        .exclude(file="")
        .order_by("-reviewed_at", "pk")[:limit]
    )


def shrink(data: IO[bytes]) -> tuple[bytes, int, int] | None:
    """The WebP thumbnail of a picture, its width and height; None when it is not one."""
    try:
        with Image.open(data) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                return None
            image: Image.Image = ImageOps.exif_transpose(opened)  # a phone's photo, upright
            image.thumbnail((SIZE, SIZE))
            if image.mode not in ("RGB", "RGBA"):
                image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
            out = io.BytesIO()
            image.save(out, "WEBP", quality=82, method=4)
            return out.getvalue(), image.width, image.height
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def make(submission: Submission) -> Thumbnail | None:
    """The submission's thumbnail, made once (a second call finds it)."""
    found = Thumbnail.objects.filter(submission=submission).first()
    if found is not None:
        return found
    # the same file already shrunk for another project (a file shared by the demo's works)
    twin = Thumbnail.objects.filter(submission__file=submission.file.name).exclude(file="").first()
    if twin is not None:
        thumb, _created = Thumbnail.objects.get_or_create(
            submission=submission,
            defaults={"file": twin.file.name, "width": twin.width, "height": twin.height},
        )
        return thumb
    try:
        with submission.file.storage.open(submission.file.name or "", "rb") as opened:
            made = shrink(cast(IO[bytes], opened))
    except (FileNotFoundError, OSError, ValueError):
        made = None
    if made is None:
        # remembered as unreadable: an empty row, never tried again, never shown
        thumb, _created = Thumbnail.objects.get_or_create(
            submission=submission, defaults={"width": 0, "height": 0}
        )
        return thumb
    body, width, height = made
    thumb = Thumbnail(submission=submission, width=width, height=height)
    thumb.file.save(f"{submission.uuid}.webp", ContentFile(body), save=False)
    thumb, _created = Thumbnail.objects.get_or_create(
        submission=submission, defaults={"file": thumb.file.name, "width": width, "height": height}
    )
    return thumb
