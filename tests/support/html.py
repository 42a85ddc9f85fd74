"""Reading rendered pages in tests: the ids an accessible page must keep consistent."""

from __future__ import annotations

from html.parser import HTMLParser

REFERENCING = ("aria-describedby", "aria-labelledby", "aria-controls", "for")


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, id)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name in REFERENCING and value:
                self.refs.extend((tag, name, ref) for ref in value.split())


def dangling_references(html: str) -> list[tuple[str, str, str]]:
    """Every (tag, attribute, id) whose aria-describedby/-labelledby/-controls or label `for`
    names an id that is not in the page: a screen reader would read nothing."""
    parser = _Ids()
    parser.feed(html)
    return [ref for ref in parser.refs if ref[2] not in parser.ids]


class _Inline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if "style" in named:
            self.found.append(f"<{tag} style=…>")
        self.found.extend(f"<{tag} {n}=…>" for n in named if n.startswith("on"))
        if tag == "script" and not named.get("src") and named.get("type") != "application/json":
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        if tag == "a" and named.get("href"):
            self.links.append(str(named["href"]))
        if any(str(v or "").strip().lower().startswith("javascript:") for v in named.values()):
            self.found.append(f"<{tag} …=javascript:…>")


def inline_code(html: str) -> list[str]:
    """What a strict Content-Security-Policy would refuse in a page: style attributes, event
    handler attributes, inline scripts and <style> blocks."""
    parser = _Inline()
    parser.feed(html)
    return parser.found


def links_of(html: str) -> list[str]:
    parser = _Inline()
    parser.feed(html)
    return parser.links
