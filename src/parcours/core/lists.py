"""List pages: how they read their search words and cut their rows into pages.

One convention for every list (issue 10: search, filters, sort, pagination): the search box is
``q`` (at most 100 characters, its first five words used), the page is ``page``, 25 rows a
page unless a list says otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from django.http import HttpRequest

PAGE_SIZE = 25
MAX_WORDS = 5
MAX_SEARCH = 100

M = TypeVar("M", bound=Any)


def search_term(request: HttpRequest, name: str = "q") -> str:
    """The list's search words as typed, trimmed to ``MAX_SEARCH`` characters."""
    return (request.GET.get(name) or "").strip()[:MAX_SEARCH]


def words(q: str) -> list[str]:
    """The words a search keeps: the first ``MAX_WORDS``."""
    return q.split()[:MAX_WORDS]


def name_matches(rows: QuerySet[M], q: str, *, person: str = "student") -> QuerySet[M]:
    """The rows whose ``person``'s first or last name holds each word of ``q``."""
    for word in words(q):
        rows = rows.filter(
            Q(**{f"{person}__first_name__icontains": word})
            | Q(**{f"{person}__last_name__icontains": word})
        )
    return rows


def page_of(request: HttpRequest, rows: Any, size: int = PAGE_SIZE) -> Page:  # type: ignore[type-arg]
    """The page of ``rows`` the request asks for (``page``); a bad number gives the first or
    the last page, never an error."""
    return Paginator(rows, size).get_page(request.GET.get("page"))
