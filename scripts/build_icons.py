"""Build the icon sprite from the Lucide icon set (ISC licence), taken from the npm registry.

    .venv/bin/python scripts/build_icons.py                 # npm pack lucide-static@VERSION
    .venv/bin/python scripts/build_icons.py /path/to/package  # an unpacked lucide-static

Writes src/parcours/web/static/vendor/lucide-VERSION-sprite.svg with one <symbol id="NAME">
per icon of ICONS (only those Parcours uses) and copies the licence beside it. Templates use
them through the icon component: <c-icon name="house" />. To add an icon, add its Lucide name
to ICONS and run this script again.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "1.62.0"
ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "parcours" / "web" / "static" / "vendor"
TARGET = VENDOR / f"lucide-{VERSION}-sprite.svg"

ICONS = sorted(
    {
        # shell and navigation
        "house", "route", "flask-conical", "calendar", "calendar-days", "user-round",
        "users", "search", "sun", "moon", "sun-moon", "menu", "x", "chevron-right",
        "chevron-left", "chevron-down", "log-out", "languages", "layout-dashboard",
        "building-2", "school", "settings", "library", "layers", "clipboard-check",
        "list-checks", "door-open", "qr-code", "id-card", "key-round", "map-pin",
        "graduation-cap", "palette", "inbox", "bell", "external-link", "plus",
        # states and feedback
        "check", "circle-check", "circle-alert", "info", "triangle-alert", "lock",
        "lock-open", "star", "trophy", "sparkles", "trending-up", "trending-down",
        "minus", "filter", "chart-column", "clock", "chevron-up", "user-x", "hourglass",
        "file-pen", "user-check", "coffee", "flag", "download", "shield-check", "trash-2",
        "history",
        # coaching
        "notebook-pen", "list-todo", "mail", "pin", "upload", "message-square", "hand",
        "armchair", "compass", "signature",
        # focus areas
        "code-xml", "clapperboard", "gamepad-2", "pen-tool", "film", "bot", "music",
        "box", "pencil", "camera", "shapes", "brain",
    }
)  # fmt: skip


def _package_dir(arg: str | None, tmp: Path) -> Path:
    if arg:
        return Path(arg)
    subprocess.run(  # noqa: S603
        ["npm", "pack", f"lucide-static@{VERSION}", "--silent"],  # noqa: S607
        cwd=tmp,
        check=True,
    )
    tarball = next(tmp.glob("lucide-static-*.tgz"))
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp, filter="data")
    return tmp / "package"


def symbol(name: str, svg: str) -> str:
    body = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S)
    if body is None:
        raise ValueError(f"no <svg> in {name}")
    inner = " ".join(line.strip() for line in body.group(1).strip().splitlines())
    return f'<symbol id="{name}" viewBox="0 0 24 24">{inner}</symbol>'


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        package = _package_dir(sys.argv[1] if len(sys.argv) > 1 else None, Path(tmp))
        symbols = []
        for name in ICONS:
            path = package / "icons" / f"{name}.svg"
            if not path.exists():
                print(f"lucide-static {VERSION} has no icon {name!r}", file=sys.stderr)
                return 1
            symbols.append(symbol(name, path.read_text(encoding="utf-8")))
        shutil.copy(package / "LICENSE", VENDOR / "lucide-LICENSE")
    TARGET.write_text(
        f"<!-- Lucide {VERSION} (ISC licence, see lucide-LICENSE), the icons Parcours uses; "
        "built by scripts/build_icons.py -->\n"
        '<svg xmlns="http://www.w3.org/2000/svg" fill="none" stroke="currentColor" '
        'stroke-width="2" stroke-linecap="round" stroke-linejoin="round">\n'
        + "\n".join(symbols)
        + "\n</svg>\n",
        encoding="utf-8",
    )
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(symbols)} icons)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
