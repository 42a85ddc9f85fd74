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
