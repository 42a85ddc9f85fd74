"""Web builds of games and interactive works (issue 16): a ZIP with an ``index.html`` at its
root or in its one top folder (what Godot, Unity, GDevelop, Construct, p5.js or a hand-made
HTML5 game export) is played in the page, in a sandboxed frame, read from the ZIP as it is
(never unpacked on the server). ADR 34 says why and how it stays safe.

The frame's document and everything it loads come with their own Content-Security-Policy:
``sandbox allow-scripts`` gives it an opaque origin (it reads no cookie, no storage, nothing
of the site's pages, and the frame attribute says the same), and it may load only from this
site (no network elsewhere, no form, no plug-in, no frame). A game's own inline scripts and
eval are its business inside that box, never the site's pages' (those keep their CSP)."""

from __future__ import annotations

import mimetypes
import posixpath
import zipfile
from dataclasses import dataclass
from typing import IO

from django.http import HttpResponse

from parcours.core.errors import NotFound

MB = 1024 * 1024
MAX_MEMBERS = 5000  # more files than a web export has: not read
MAX_TOTAL = 500 * MB  # unpacked, all files (a ZIP bomb is refused)
MAX_MEMBER = 100 * MB  # one file served

# What the sandboxed document may do: run its scripts (its own, inline or eval'd; WebAssembly),
# lock the pointer for a game, load from this site only; nothing else. The frame on the
# site's page carries the same sandbox.
SANDBOX = "allow-scripts allow-pointer-lock"
PLAY_POLICY = "; ".join(
    [
        f"sandbox {SANDBOX}",
        "default-src 'self' data: blob:",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob:",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self' data: blob:",
        "worker-src 'self' blob:",
        "frame-src 'none'",
        "object-src 'none'",
        "form-action 'none'",
        "base-uri 'self'",
        "frame-ancestors 'self'",
    ]
)

# Types a browser needs right to run a web build (WebAssembly compiles only from its type).
_TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".pck": "application/octet-stream",
    ".data": "application/octet-stream",
    ".unityweb": "application/octet-stream",
    ".glb": "model/gltf-binary",
    ".svg": "image/svg+xml",
}


@dataclass(frozen=True)
class Build:
    """Where the build's ``index.html`` is in the ZIP: ``root`` is '' or 'folder/'."""

    root: str

    @property
    def entry(self) -> str:
        return "index.html"


def _names(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo] | None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_TOTAL:
        return None
    return infos


def find_build(opened: IO[bytes]) -> Build | None:
    """The build in a ZIP file, or None when it is not a web build (or not a ZIP, or too
    large unpacked)."""
    try:
        with zipfile.ZipFile(opened) as archive:
            infos = _names(archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if infos is None:
        return None
    names = {i.filename for i in infos if not i.is_dir()}
    if "index.html" in names:
        return Build("")
    tops = {n.split("/", 1)[0] for n in names if not n.startswith("__MACOSX/")}
    if len(tops) == 1:
        top = next(iter(tops))
        if f"{top}/index.html" in names:
            return Build(f"{top}/")
    return None


def safe_member(path: str) -> str | None:
    """A request path as a name inside the build, or None if it would leave it."""
    if "\\" in path or "\x00" in path:
        return None
    cleaned = posixpath.normpath("/" + path).lstrip("/")
    if not cleaned or cleaned.startswith("..") or cleaned != path:
        return None
    return cleaned


def content_type(name: str) -> str:
    ext = posixpath.splitext(name)[1].lower()
    if ext in _TYPES:
        return _TYPES[ext]
    guessed, _encoding = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def member_response(opened: IO[bytes], build: Build, path: str) -> HttpResponse:
    """One file of the build, under the play policy; 404 when it is not in the build."""
    name = safe_member(path)
    if name is None:
        raise NotFound()
    try:
        with zipfile.ZipFile(opened) as archive:
            info = archive.getinfo(build.root + name)
            if info.is_dir() or info.file_size > MAX_MEMBER:
                raise NotFound()
            body = archive.read(info)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise NotFound() from exc
    response = HttpResponse(body, content_type=content_type(name))
    response["Content-Security-Policy"] = PLAY_POLICY
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    # the sandboxed document has an opaque origin: its own fetches of its files are
    # cross-origin to the browser, and carry no cookie
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "private, no-cache"  # a withdrawn consent shows at once
    return response
