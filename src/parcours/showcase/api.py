"""The showcase's API: curators list, make and edit exhibitions, set their works in order and
rotate the display link; anyone reads a published exhibition (no sign-in)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from parcours.core.api import ERRORS
from parcours.core.errors import NotFound
from parcours.portfolio.api import WorkOut, work_out
from parcours.showcase import selectors, services

if TYPE_CHECKING:
    from parcours.showcase.models import Exhibition

router = Router(tags=["showcase"])


class ExhibitionIn(Schema):
    title: str = Field(..., min_length=1, max_length=services.LIMITS["title"])
    partner: str = Field("", max_length=services.LIMITS["partner"])
    place: str = Field("", max_length=services.LIMITS["place"])
    programme: str = Field("", max_length=services.LIMITS["programme"])
    starts_on: dt.date
    ends_on: dt.date
    seconds: int = Field(8, ge=3, le=120)
    published: bool = False


class ExhibitionCreate(ExhibitionIn):
    centre: str = Field(..., description="the centre's slug")


class ShownOut(WorkOut):
    by: str


class ExhibitionOut(Schema):
    id: UUID
    centre: str
    title: str
    partner: str
    place: str
    programme: str
    starts_on: dt.date
    ends_on: dt.date
    seconds: int
    published: bool
    address: str
    public_url: str | None
    works: list[ShownOut]


class CuratedOut(ExhibitionOut):
    display_url: str
    not_shown: int = Field(description="works chosen but not shown now (private, no consent)")


def _works(e: Exhibition, shown: list[selectors.Shown], key: str = "") -> list[ShownOut]:
    out = []
    for s in shown:
        url = reverse("public_showcase:file", args=[e.slug, s.item.uuid])
        base = work_out(s.item, url + (f"?key={key}" if key else ""))
        out.append(ShownOut(**base.dict(), by=s.by))
    return out


def _out(e: Exhibition, shown: list[selectors.Shown], key: str = "") -> dict[str, Any]:
    return {
        "id": e.uuid,
        "centre": e.centre.slug,
        "title": e.title,
        "partner": e.partner,
        "place": e.place,
        "programme": e.programme,
        "starts_on": e.starts_on,
        "ends_on": e.ends_on,
        "seconds": e.seconds,
        "published": e.published,
        "address": e.slug,
        "public_url": reverse("public_showcase:public", args=[e.slug]) if e.published else None,
        "works": _works(e, shown, key),
    }


def curated_out(e: Exhibition) -> CuratedOut:
    shown = selectors.shown_in(e)
    return CuratedOut(
        **_out(e, shown, e.display_key),
        display_url=reverse("public_showcase:slideshow", args=[e.slug]) + f"?key={e.display_key}",
        not_shown=selectors.hidden_count(e, shown),
    )


@router.get("/showcase/exhibitions", response={200: list[CuratedOut], **ERRORS})
def list_exhibitions(request: HttpRequest) -> list[CuratedOut]:
    """The exhibitions of the centres the caller curates (manager, coach), newest first."""
    return [curated_out(e) for e in selectors.exhibitions_for(request.user)[:100]]


@router.post("/showcase/exhibitions", response={201: CuratedOut, **ERRORS})
def create_exhibition(request: HttpRequest, payload: ExhibitionCreate) -> Status:
    centre = selectors.curated_centres(request.user).filter(slug=payload.centre).first()
    if centre is None:
        raise NotFound()
    data = payload.dict()
    data.pop("centre")
    made = services.exhibition_create(actor=request.user, centre=centre, **data)
    return Status(201, curated_out(selectors.exhibition_get(user=request.user, uuid=made.uuid)))


@router.put("/showcase/exhibitions/{uuid}", response={200: CuratedOut, **ERRORS})
def edit_exhibition(request: HttpRequest, uuid: UUID, payload: ExhibitionIn) -> CuratedOut:
    e = selectors.exhibition_get(user=request.user, uuid=uuid)
    services.exhibition_update(actor=request.user, exhibition=e, **payload.dict())
    return curated_out(selectors.exhibition_get(user=request.user, uuid=uuid))


class WorksIn(Schema):
    works: list[UUID] = Field(..., max_length=services.MAX_WORKS, description="in order")


@router.put("/showcase/exhibitions/{uuid}/works", response={200: CuratedOut, **ERRORS})
def set_works(request: HttpRequest, uuid: UUID, payload: WorksIn) -> CuratedOut:
    """Show exactly these public works, in this order (works' ids as in the portfolio)."""
    e = selectors.exhibition_get(user=request.user, uuid=uuid)
    services.works_set(actor=request.user, exhibition=e, uuids=list(payload.works))
    return curated_out(e)


@router.post("/showcase/exhibitions/{uuid}/display-link", response={200: CuratedOut, **ERRORS})
def rotate_display_link(request: HttpRequest, uuid: UUID) -> CuratedOut:
    """A new display link; the old one stops working at once."""
    e = selectors.exhibition_get(user=request.user, uuid=uuid)
    return curated_out(services.display_key_rotate(actor=request.user, exhibition=e))


@router.get("/exhibitions/{address}", response={200: ExhibitionOut, **ERRORS}, auth=None)
def public_exhibition(request: HttpRequest, address: str) -> ExhibitionOut:
    """A published exhibition as anyone sees it, with the works it may show now."""
    e = selectors.public_exhibition(address)
    return ExhibitionOut(**_out(e, selectors.shown_in(e)))
