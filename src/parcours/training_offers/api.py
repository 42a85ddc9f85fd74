"""The offers' API: anyone searches and reads offers; a student (and her family, coaches and
centre staff) reads the offers that fit her, with the reason; she and her coaches keep offers
for her plan; managers and network admins send an import (its plan comes back), apply it once,
and export their offers as CSV or XLSX."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, get_args
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, UploadedFile
from ninja.responses import Status
from pydantic import Field

from parcours.core.api import ERRORS
from parcours.core.errors import NotFound, ValidationFailed
from parcours.learning.selectors import followed_student_get
from parcours.people.types import signed_in
from parcours.training_offers import selectors, services
from parcours.training_offers.choices import LEVELS, REGION_CHOICES, Mode
from parcours.training_offers.permissions import NETWORK, owner_of
from parcours.training_offers.tabular import MAX_BYTES, write_csv, write_xlsx

router = Router(tags=["training offers"])

LevelCode = Literal[
    "bac-3", "bac-2", "bac-1", "bac", "bac+1", "bac+2", "bac+3", "bac+4", "bac+5", "bac+6", "bac+8"
]
RegionCode = Literal[
    "ARA",
    "BFC",
    "BRE",
    "CVL",
    "COR",
    "GES",
    "HDF",
    "IDF",
    "NOR",
    "NAQ",
    "OCC",
    "PDL",
    "PAC",
    "GUA",
    "MTQ",
    "GUF",
    "LRE",
    "MAY",
    "BRU",
    "WAL",
    "VLG",
]


class TrainingOfferOut(Schema):
    id: UUID
    title: str
    provider: str
    place: str
    region: str = Field(description="region code (IDF, WAL...); empty: anywhere")
    mode: str
    duration: str
    level: str = Field(description="bac-3 ... bac+8")
    rncp_level: int | None
    eqf_level: int | None
    prerequisites: str
    certification: str
    cost: str
    cost_eur: int | None
    funding: str
    target_jobs: str
    focus_areas: list[str]
    competencies: list[str]
    ai_tools: str
    ai_profile: dict[str, int] = Field(description="axis key -> 1..3; absent axes: 0")
    age_min: int | None
    age_max: int | None
    application_opens: dt.date | None
    application_closes: dt.date | None
    url: str
    description: str


def offer_out(o: Any) -> TrainingOfferOut:
    return TrainingOfferOut(
        id=o.uuid,
        title=o.title,
        provider=o.provider,
        place=o.place,
        region=o.region,
        mode=o.mode,
        duration=o.duration,
        level=o.level_code,
        rncp_level=o.rncp_level,
        eqf_level=o.eqf_level,
        prerequisites=o.prerequisites,
        certification=o.certification,
        cost=o.cost,
        cost_eur=o.cost_eur,
        funding=o.funding,
        target_jobs=o.target_jobs,
        focus_areas=sorted(a.slug for a in o.focus_areas.all()),
        competencies=list(o.competencies),
        ai_tools=o.ai_tools,
        ai_profile=dict(o.ai_profile),
        age_min=o.age_min,
        age_max=o.age_max,
        application_opens=o.application_opens,
        application_closes=o.application_closes,
        url=o.url,
        description=o.description,
    )


class SearchIn(Schema):
    q: str = Field("", max_length=100, description="words, each matched at a word's start")
    area: str = Field("", max_length=50, description="a focus area's slug")
    level: LevelCode | None = Field(None, description="at most this level")
    region: RegionCode | None = None
    mode: Literal["in_person", "distance", "hybrid", "work_study"] | None = None
    cost: Literal["free", "funded", "paid", "no_cost"] | None = None
    age: int | None = Field(None, ge=10, le=99)
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


class OffersPage(Schema):
    count: int
    items: list[TrainingOfferOut]


@router.get("/offers", response={200: OffersPage, **ERRORS}, auth=None)
def search_offers(request: HttpRequest, filters: Query[SearchIn]) -> OffersPage:
    """Search the training offers (no sign-in): words and filters, by level then title;
    ``limit`` (at most 100) offers from ``offset``."""
    level = next((n for n, (code, *_r) in LEVELS.items() if code == filters.level), None)
    rows = selectors.search(
        selectors.Filters(
            q=filters.q,
            area=filters.area,
            level=level,
            region=filters.region or "",
            mode=filters.mode or "",
            cost=filters.cost or "",
            age=filters.age,
        )
    )
    page = rows[filters.offset : filters.offset + filters.limit]
    return OffersPage(count=rows.count(), items=[offer_out(o) for o in page])


class RowErrorOut(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    id: UUID
    owner: str = Field(description="'network' or a centre's slug")
    filename: str
    applied: bool
    created: int
    updated: int
    unchanged: int
    errors: list[RowErrorOut]


def _import_out(sent: Any, summary: dict[str, Any]) -> ImportOut:
    return ImportOut(
        id=sent.uuid,
        owner=sent.centre.slug if sent.centre else NETWORK,
        filename=sent.filename,
        applied=sent.applied_at is not None,
        created=summary["created"],
        updated=summary["updated"],
        unchanged=summary["unchanged"],
        errors=[RowErrorOut(**e) for e in summary["errors"][:1000]],
    )


def _owner(request: HttpRequest, key: str) -> Any:
    allowed, owner = owner_of(request.user, key)
    if not allowed:
        raise NotFound()
    return owner


@router.post("/offers/imports", response={201: ImportOut, **ERRORS})
def send_import(request: HttpRequest, file: File[UploadedFile], owner: str = "") -> Status:
    """Send a CSV or XLSX file: its plan comes back (what each row would do, each row's
    problems); nothing changes until the import is applied."""
    found = _owner(request, owner)
    if (file.size or 0) > MAX_BYTES:
        raise ValidationFailed(_("The file is larger than 5 MB: split it."))
    sent, plan = services.import_send(
        actor=request.user, owner=found, filename=file.name or "offers.csv", data=file.read()
    )
    return Status(201, _import_out(sent, plan.summary()))


@router.post("/offers/imports/{uuid}/apply", response={200: ImportOut, **ERRORS})
def apply_import(request: HttpRequest, uuid: UUID) -> ImportOut:
    """Write the import's valid rows (all at once); a second apply is a 409."""
    result = services.import_apply(actor=request.user, uuid=uuid)
    return _import_out(services.import_get(actor=request.user, uuid=uuid), result)


@router.get("/offers/export/{fmt}", response={200: None, **ERRORS})
def export_offers(
    request: HttpRequest, fmt: Literal["csv", "xlsx"], owner: str = ""
) -> HttpResponse:
    """The owner's offers as a file whose first column ``id`` is each offer's uuid."""
    found = _owner(request, owner)
    rows = selectors.export_rows(found)
    if fmt == "xlsx":
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(write_xlsx(rows), content_type=kind)
    else:
        response = HttpResponse(write_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="offers.{fmt}"'
    return response


@router.get("/offers/{uuid}", response={200: TrainingOfferOut, **ERRORS}, auth=None)
def get_offer(request: HttpRequest, uuid: UUID) -> TrainingOfferOut:
    return offer_out(selectors.offer_get(uuid))


class FitOut(Schema):
    offer: TrainingOfferOut
    score: int
    reason: str = Field(description="why it fits, in one line, in the reader's language")
    kept: bool


class KeptOut(Schema):
    offer: TrainingOfferOut
    kept_at: dt.datetime
    kept_by_student: bool


class StudentOffersOut(Schema):
    fits: list[FitOut]
    kept: list[KeptOut]


def _student_offers(request: HttpRequest, person: Any) -> StudentOffersOut:
    own = person.pk == request.user.pk
    fits = selectors.fits_for(person, second_person=own)
    return StudentOffersOut(
        fits=[
            FitOut(offer=offer_out(f.offer), score=f.score, reason=f.reason, kept=f.saved)
            for f in fits
        ],
        kept=[
            KeptOut(
                offer=offer_out(k.offer),
                kept_at=k.created_at,
                kept_by_student=k.saved_by_id == person.pk,
            )
            for k in selectors.kept_by(person)
        ],
    )


@router.get("/me/offers", response={200: StudentOffersOut, **ERRORS})
def my_offers(request: HttpRequest) -> StudentOffersOut:
    """The offers that fit the signed-in student, best first, and those she keeps."""
    person = followed_student_get(user=request.user, uuid=signed_in(request.user).uuid)
    return _student_offers(request, person)


@router.get("/students/{uuid}/offers", response={200: StudentOffersOut, **ERRORS})
def student_offers(request: HttpRequest, uuid: UUID) -> StudentOffersOut:
    """A student's fitting offers and kept offers (herself, family, coaches, centre staff)."""
    return _student_offers(request, followed_student_get(user=request.user, uuid=uuid))


@router.put("/students/{uuid}/offers/kept/{offer}", response={200: KeptOut, **ERRORS})
def keep_offer(request: HttpRequest, uuid: UUID, offer: UUID) -> KeptOut:
    """Keep an offer for the student's action plan (again: the same one row)."""
    person = followed_student_get(user=request.user, uuid=uuid)
    row = services.keep(actor=request.user, student=person, offer=selectors.offer_get(offer))
    return KeptOut(
        offer=offer_out(selectors.offer_get(offer)),
        kept_at=row.created_at,
        kept_by_student=row.saved_by_id == person.pk,
    )


@router.delete("/students/{uuid}/offers/kept/{offer}", response={204: None, **ERRORS})
def let_go_offer(request: HttpRequest, uuid: UUID, offer: UUID) -> Status:
    person = followed_student_get(user=request.user, uuid=uuid)
    services.let_go(actor=request.user, student=person, offer=selectors.offer_get(offer))
    return Status(204, None)


# the API's lists name the same codes as the model's choices (checked on import)
assert {c for c, _n in REGION_CHOICES} == set(get_args(RegionCode))
assert {c for c, *_r in LEVELS.values()} == set(get_args(LevelCode))
assert set(Mode.values) == {"in_person", "distance", "hybrid", "work_study"}
