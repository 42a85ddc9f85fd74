"""The showcase's reads. What an exhibition shows is decided on every read: a work stays on
its page, its slideshow and its files only while it is public and its student's display
consent is in force (a withdrawal or a work made private takes it off at once)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q, QuerySet

from parcours.centres.models import Centre
from parcours.core.errors import NotFound
from parcours.people.types import Actor
from parcours.portfolio.choices import Visibility
from parcours.portfolio.models import PortfolioPage, Work
from parcours.portfolio.selectors import Item, consenting, display_name
from parcours.showcase.models import Exhibition, ExhibitionWork
from parcours.showcase.permissions import curated_centre_ids


def curated_centres(user: Actor) -> QuerySet[Centre]:
    ids = curated_centre_ids(user)
    rows = Centre.objects.order_by("name")
    return rows if ids is None else rows.filter(pk__in=ids)


def exhibitions_for(user: Actor) -> QuerySet[Exhibition]:
    ids = curated_centre_ids(user)
    rows = Exhibition.objects.select_related("centre")
    return rows if ids is None else rows.filter(centre_id__in=ids)


def exhibition_get(*, user: Actor, uuid: UUID | str) -> Exhibition:
    try:
        return exhibitions_for(user).get(uuid=uuid)
    except (Exhibition.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


@dataclass
class Shown:
    """A work as an exhibition shows it: the work and its student's name as chosen."""

    item: Item
    by: str
    position: int


def _showable(works: QuerySet[Work]) -> QuerySet[Work]:
    return works.filter(
        visibility=Visibility.PUBLIC, student__erased_at__isnull=True
    ).select_related(
        "submission__activity__focus_area",
        "submission__thumbnail",
        "submission__model_preview",
        "personal__focus_area",
        "student",
    )


def _shown(entries: list[tuple[Work, int]]) -> list[Shown]:
    consent = consenting([w.student_id for w, _p in entries])
    kept = [(w, p) for w, p in entries if w.student_id in consent]
    full = (
        set(
            PortfolioPage.objects.filter(
                student_id__in={w.student_id for w, _p in kept}, full_name=True
            ).values_list("student_id", flat=True)
        )
        if kept
        else set()
    )
    out = []
    for work, position in kept:
        page = PortfolioPage(full_name=True) if work.student_id in full else None
        source = work.submission or work.personal
        if source is None:
            continue
        out.append(Shown(Item(source, work), display_name(work.student, page), position))
    return out


def shown_in(exhibition: Exhibition) -> list[Shown]:
    """The exhibition's works that may be shown now, in its order. Three queries."""
    positions = dict(
        ExhibitionWork.objects.filter(exhibition=exhibition).values_list("work_id", "position")
    )
    works = _showable(Work.objects.filter(pk__in=list(positions)))
    ordered = sorted(((w, positions[w.pk]) for w in works), key=lambda e: (e[1], e[0].pk))
    return _shown(ordered)


def hidden_count(exhibition: Exhibition, shown: list[Shown]) -> int:
    """How many of its works the exhibition holds but cannot show now (made private, or
    the consent withdrawn): the curator sees the number, never the reason."""
    return ExhibitionWork.objects.filter(exhibition=exhibition).count() - len(shown)


def candidates(exhibition: Exhibition, query: str = "", limit: int = 24) -> list[Shown]:
    """Public works of the centre's students with the consent in force, not in the
    exhibition yet, newest first, found by title, activity or first name."""
    rows = _showable(
        Work.objects.filter(centre_id=exhibition.centre_id).exclude(
            pk__in=ExhibitionWork.objects.filter(exhibition=exhibition).values("work_id")
        )
    )
    for word in query.split()[:5]:
        rows = rows.filter(
            Q(title__icontains=word)
            | Q(submission__activity__title__icontains=word)
            | Q(personal__title__icontains=word)
            | Q(student__first_name__icontains=word)
        )
    found = list(rows.order_by("-public_since", "-pk")[: limit * 2])
    return _shown([(w, 0) for w in found])[:limit]


def public_exhibition(slug: str) -> Exhibition:
    exhibition = (
        Exhibition.objects.select_related("centre").filter(slug=slug, published=True).first()
    )
    if exhibition is None:
        raise NotFound()
    return exhibition


def displayed_exhibition(slug: str, key: str) -> Exhibition:
    """The exhibition a display link opens: its address and its current key (a rotated key
    closes every screen that had the old link)."""
    exhibition = Exhibition.objects.select_related("centre").filter(slug=slug).first()
    if exhibition is None or not hmac.compare_digest(exhibition.display_key, str(key or "")):
        raise NotFound()
    return exhibition


def opened_exhibition(slug: str, key: str) -> Exhibition:
    """Published, or opened with its display key."""
    if key:
        return displayed_exhibition(slug, key)
    return public_exhibition(slug)


def shown_item(exhibition: Exhibition, uuid: UUID | str) -> Item:
    for shown in shown_in(exhibition):
        if str(shown.item.uuid) == str(uuid):
            return shown.item
    raise NotFound()
