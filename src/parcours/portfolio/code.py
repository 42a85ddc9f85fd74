"""A code work shown highlighted in its card (issue 16), by Pygments on the server: the
colours are CSS classes (static portfolio/code.css), never inline styles, and the text is
escaped by the formatter. Long files show their first lines, the whole file downloads."""

from __future__ import annotations

from typing import IO

from django.utils.safestring import SafeString, mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_for_filename
from pygments.util import ClassNotFound

MAX_BYTES = 64 * 1024  # what a card shows at most
MAX_LINES = 400


def highlighted(opened: IO[bytes], name: str) -> tuple[SafeString, bool]:
    """The file's first lines as highlighted HTML, and whether it was cut."""
    raw = opened.read(MAX_BYTES + 1)
    cut = len(raw) > MAX_BYTES
    text = raw[:MAX_BYTES].decode("utf-8", errors="replace")
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        lines, cut = lines[:MAX_LINES], True
    try:
        lexer = get_lexer_for_filename(name, stripnl=False)
    except ClassNotFound:
        lexer = TextLexer(stripnl=False)
    formatter = HtmlFormatter(cssclass="code-view", wrapcode=True)
    # Pygments escapes the text it formats: the HTML holds only its own spans
    return mark_safe(highlight("\n".join(lines) + "\n", lexer, formatter)), cut  # noqa: S308


def stylesheet() -> str:
    """The colours of the highlighted code (written to portfolio/static/portfolio/code.css
    by scripts; a test checks that the file matches)."""
    rules = HtmlFormatter(style="default").get_style_defs(".code-view").splitlines()
    own = [r for r in rules if r.startswith(".code-view")]
    frame = (
        ".code-scroll { max-height: 24rem; overflow: auto; border-radius: .5rem; }\n"
        ".code-view { color: #1f2328; background: #f8f8f8; }\n"
        ".code-view pre { margin: 0; padding: .75rem; font-size: .85rem; line-height: 1.4; "
        "background: transparent; color: inherit; }"
    )
    return frame + "\n" + "\n".join(own)
