"""What a project upload may be: the kinds of work, their types and sizes, checked on the
content (magic numbers via the `filetype` library), not only the name."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from parcours.core.errors import ValidationFailed
from parcours.learning.errors import LearningError

MB = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    key: str
    extensions: frozenset[str]
    mimes: frozenset[str]
    max_bytes: int


KINDS = (
    Kind(
        "image",
        frozenset({"png", "jpg", "jpeg", "gif", "webp"}),
        frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"}),
        15 * MB,
    ),
    Kind(
        "audio",
        frozenset({"mp3", "wav", "ogg", "flac", "m4a"}),
        frozenset(
            {
                "audio/mpeg",
                "audio/x-wav",
                "audio/wav",
                "audio/ogg",
                "audio/x-flac",
                "audio/flac",
                "audio/mp4",
                "audio/m4a",
                "audio/x-m4a",
                "video/mp4",
            }
        ),
        50 * MB,
    ),
    Kind(
        "video",
        frozenset({"mp4", "webm", "mov", "mkv"}),
        frozenset({"video/mp4", "video/webm", "video/quicktime", "video/x-matroska"}),
        300 * MB,
    ),
    Kind("model3d", frozenset({"glb", "gltf", "obj", "stl"}), frozenset(), 80 * MB),
    Kind("archive", frozenset({"zip"}), frozenset({"application/zip"}), 150 * MB),
    Kind("document", frozenset({"pdf"}), frozenset({"application/pdf"}), 30 * MB),
    # source code as text: shown highlighted in the portfolio (portfolio.code)
    Kind(
        "code",
        frozenset(
            {"py", "js", "ts", "css", "c", "h", "cpp", "hpp", "cs", "java", "gd", "lua"}
            | {"rb", "php", "rs", "go", "kt", "swift", "sql", "json", "ino", "pde", "sh"}
        ),
        frozenset({"text/plain"}),
        2 * MB,
    ),
)
BY_EXTENSION = {ext: kind for kind in KINDS for ext in kind.extensions}


def accepted_extensions() -> str:
    return ",".join(f".{ext}" for ext in sorted(BY_EXTENSION))


def check_upload(upload: UploadedFile[Any]) -> tuple[Kind, str]:
    """Return the kind of work and the content type, or raise ``ValidationFailed`` with a
    message that says what is accepted."""
    name = PurePath(str(getattr(upload, "name", "") or "")).name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = BY_EXTENSION.get(ext)
    if kind is None:
        raise _refuse(
            _("This kind of file is not accepted. Accepted: %(list)s.")
            % {"list": ", ".join(sorted(BY_EXTENSION))}
        )
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise _refuse(_("The file is empty."))
    if size > kind.max_bytes:
        raise _refuse(
            _("The file is too large: %(size)s MB, at most %(max)s MB for this kind of work.")
            % {"size": round(size / MB, 1), "max": kind.max_bytes // MB}
        )
    head = _read_head(upload)
    if kind.key == "model3d":
        if not _looks_like_3d(ext, head):
            raise _refuse(
                _("This file does not look like a %(ext)s 3D model.") % {"ext": ext.upper()}
            )
        return kind, f"model/{'gltf-binary' if ext == 'glb' else ext}"
    if kind.key == "code":
        if not _looks_like_text(head):
            raise _refuse(_("This file is not text: a code file is sent as written."))
        return kind, "text/plain"
    guessed = filetype.guess(head)
    if guessed is None or guessed.mime not in kind.mimes:
        raise _refuse(
            _(
                "The file's content does not match its name (.%(ext)s). Export it "
                "again from your software."
            )
            % {"ext": ext}
        )
    return kind, guessed.mime


def _read_head(upload: UploadedFile[Any], length: int = 8192) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return bytes(head)


def _looks_like_text(head: bytes) -> bool:
    """UTF-8 text without NUL bytes (a multi-byte character cut at the end is fine)."""
    if b"\x00" in head:
        return False
    for cut in range(4):
        try:
            head[: len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def _looks_like_3d(ext: str, head: bytes) -> bool:
    if ext == "glb":
        return head[:4] == b"glTF"
    if ext == "stl":
        return head[:5].lower() == b"solid" or len(head) >= 84
    text = head.decode("utf-8", errors="replace")
    if ext == "gltf":
        try:
            return "asset" in json.loads(text) if len(head) < 8192 else '"asset"' in text
        except ValueError:
            return '"asset"' in text
    if ext == "obj":
        lines = [ln.split(" ", 1)[0] for ln in text.splitlines() if ln.strip()]
        known = {"#", "v", "vt", "vn", "f", "o", "g", "s", "mtllib", "usemtl", "l", "vp"}
        return bool(lines) and all(tok in known or tok.startswith("#") for tok in lines[:50])
    return False


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={"file": [message]}, code=LearningError.FILE_REFUSED)


# What a browser may show in place (``?view=1``), checked on the stored content type: images,
# sound and video a browser plays itself; never SVG, HTML, PDF or an archive (downloaded).
PREVIEWABLE = frozenset(
    {
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "audio/mpeg",
        "audio/ogg",
        "audio/wav",
        "audio/x-wav",
        "video/mp4",
        "video/webm",
    }
)


def preview_kind(content_type: str) -> str:
    """'image', 'audio' or 'video' when the work can be shown in the page, else ''."""
    if content_type not in PREVIEWABLE:
        return ""
    return content_type.split("/", 1)[0]
