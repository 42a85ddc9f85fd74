"""Compile and check the translations without needing GNU gettext on the machine.

    python scripts/i18n.py compile   # .po -> .mo (run by make install)
    python scripts/i18n.py check     # every message translated, none fuzzy, no stale format

``make messages`` (which does need gettext) refreshes the .po files from the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "src" / "parcours" / "locale"


def po_files() -> list[Path]:
    return sorted(ROOT.glob("*/LC_MESSAGES/*.po"))


def compile_all() -> int:
    for po_path in po_files():
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
    return 0


def check_all() -> int:
    problems = []
    files = po_files()
    if not files:
        problems.append(f"no .po file under {ROOT}")
    for po_path in files:
        po = polib.pofile(str(po_path))
        for entry in po:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{po_path.name}: fuzzy: {entry.msgid[:60]!r}")
            elif entry.msgid_plural:
                if not all(entry.msgstr_plural.values()):
                    problems.append(f"{po_path.name}: untranslated plural: {entry.msgid[:60]!r}")
            elif not entry.msgstr:
                problems.append(f"{po_path.name}: untranslated: {entry.msgid[:60]!r}")
    for p in problems:
        print(p)
    print(f"i18n: {len(files)} catalogue(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    sys.exit({"compile": compile_all, "check": check_all}[command]())
