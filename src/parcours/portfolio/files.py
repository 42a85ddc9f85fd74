"""A work's file as an HTTP answer, the same for every page that shows works (the portfolio,
the public page, the exhibitions): shown in place when the browser plays it, else
downloaded; sandboxed either way; never cached, so a withdrawn consent shows at once."""

from __future__ import annotations

from django.http import FileResponse

from parcours.core.errors import NotFound
from parcours.portfolio.selectors import Item


def file_response(item: Item) -> FileResponse:
    submission = item.submission
    try:
        opened = submission.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:  # the file is gone (erased, lost): 404
        raise NotFound() from exc
    response = FileResponse(
        opened,
        as_attachment=not item.preview,
        filename=submission.original_name,
        content_type=submission.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Shown in place or downloaded, an uploaded file runs nothing and reaches nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"  # a withdrawn consent shows at once
    return response
