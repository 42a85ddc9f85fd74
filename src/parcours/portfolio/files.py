"""A work's file as an HTTP answer, the same for every page that shows works (the portfolio,
the public page, the exhibitions): shown in place when the browser plays it, else
downloaded; sandboxed either way; never cached, so a withdrawn consent shows at once."""

from __future__ import annotations

from django.core import signing
from django.http import FileResponse, HttpResponse

from parcours.core.errors import NotFound
from parcours.portfolio import webbuild
from parcours.portfolio.selectors import Item

# A signed-in reader's frame loads the game from an address that carries its own right to
# it: the sandboxed frame sends no cookie. Issued with the page to whom may see the work.
PLAY_SALT = "parcours.portfolio.play"
PLAY_MAX_AGE = 6 * 3600


def file_response(item: Item, *, size: str = "") -> FileResponse:
    """The work's file; with ``size`` 'thumb', its thumbnail, with 'glb', the GLB made from
    its STL/OBJ model, when it has one (else the file)."""
    thumbnail = item.thumbnail if size == "thumb" else None
    model = item.model_preview if size == "glb" else None
    if thumbnail is not None:
        stored, name, content_type = thumbnail.file, f"{item.uuid}.webp", "image/webp"
    elif model is not None:
        stored, name, content_type = model.file, f"{item.uuid}.glb", "model/gltf-binary"
    else:
        stored = item.submission.file
        name, content_type = item.submission.original_name, item.submission.content_type
    try:
        opened = stored.open("rb")
    except (FileNotFoundError, ValueError) as exc:  # the file is gone (erased, lost): 404
        raise NotFound() from exc
    response = FileResponse(
        opened,
        as_attachment=not item.preview and model is None,
        filename=name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Shown in place or downloaded, an uploaded file runs nothing and reaches nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"  # a withdrawn consent shows at once
    return response


def play_token(item: Item) -> str:
    return signing.TimestampSigner(salt=PLAY_SALT).sign(str(item.uuid))


def play_uuid(token: str) -> str:
    """The work a play address was issued for, or ``NotFound`` (altered, expired)."""
    try:
        return signing.TimestampSigner(salt=PLAY_SALT).unsign(token, max_age=PLAY_MAX_AGE)
    except signing.BadSignature as exc:
        raise NotFound() from exc


def play_response(item: Item, path: str) -> HttpResponse:
    """A file of the work's web build (a game), under the sandbox's policy."""
    build = item.web_build
    if build is None:
        raise NotFound()
    submission = item.submission
    try:
        with submission.file.storage.open(submission.file.name or "", "rb") as opened:
            return webbuild.member_response(opened, build, path)
    except (FileNotFoundError, ValueError) as exc:
        raise NotFound() from exc
