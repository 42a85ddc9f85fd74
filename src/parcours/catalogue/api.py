"""The catalogue over HTTP: the same selectors, services and policies as the pages.

Every answer is built by an explicit ``*_out`` function from what a selector or a service
returned; the schemas hold no resolvers."""

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from parcours.catalogue import selectors, services
from parcours.catalogue.choices import ActivityKind
from parcours.catalogue.permissions import (
    activity_policy,
    lab_template_policy,
    masterlab_template_policy,
)
from parcours.centres import selectors as centres
from parcours.core.api import ERRORS, Mapped, Pages, filled

if TYPE_CHECKING:
    from parcours.catalogue.models import (
        Activity,
        CentreFocusArea,
        Competency,
        FocusArea,
        Framework,
        FrameworkVersion,
        LabTemplate,
        MasterlabTemplate,
    )

router = Router(tags=["catalogue"])


class FocusAreaOut(Schema):
    slug: str
    name: str
    name_fr: str | None
    name_en: str | None
    description: str
    colour: str
    order: int


class OfferOut(Schema):
    focus_area: str
    is_offered: bool
    order: int
    pitch_fr: str | None
    pitch_en: str | None
    updated_at: datetime


class OfferIn(Schema):
    is_offered: bool | None = None
    order: int | None = Field(None, ge=0, le=1000)
    pitch_fr: str | None = Field(None, max_length=1000)
    pitch_en: str | None = Field(None, max_length=1000)
    seen: datetime | None = None


class LevelOut(Schema):
    number: int
    name: str
    descriptor: str


class CompetencyOut(Schema):
    key: str
    name: str
    description: str
    levels: list[LevelOut]


class FrameworkVersionOut(Schema):
    number: int
    status: str
    published_at: datetime | None
    notes: str


class FrameworkOut(Schema):
    key: str
    name: str
    description: str
    source: str
    focus_area: str | None = None


class FrameworkDetailOut(FrameworkOut):
    versions: list[FrameworkVersionOut]
    version: int | None
    competencies: list[CompetencyOut]


class ActivityOut(Schema):
    uuid: UUID
    key: str
    focus_area: str
    centre: str | None = None
    level: int
    order: int
    kind: str
    title: str
    title_fr: str | None
    title_en: str | None
    description: str
    minutes: int
    required: bool
    involves_ai: bool
    quiz_draw: int
    quiz_reveal_after: int
    is_published: bool
    updated_at: datetime


class ActivityDetailOut(ActivityOut):
    description_fr: str | None
    description_en: str | None
    instructions: str
    instructions_fr: str | None
    instructions_en: str | None
    competencies: list[str]
    prerequisites: list[UUID]


class ActivityFields(Schema):
    title_fr: str | None = Field(None, min_length=1, max_length=200)
    title_en: str | None = Field(None, min_length=1, max_length=200)
    description_fr: str | None = Field(None, max_length=2000)
    description_en: str | None = Field(None, max_length=2000)
    instructions_fr: str | None = Field(None, max_length=20000)
    instructions_en: str | None = Field(None, max_length=20000)
    level: int | None = Field(None, ge=1, le=3)
    order: int | None = Field(None, ge=0, le=1000)
    kind: ActivityKind | None = None
    minutes: int | None = Field(None, ge=5, le=600)
    required: bool | None = None
    involves_ai: bool | None = Field(None, description="its work must declare AI use")
    quiz_draw: int | None = Field(None, ge=0, le=50, description="questions per try; 0: all")
    quiz_reveal_after: int | None = Field(
        None, ge=0, le=20, description="explanations after this many wrong answers; 0: once right"
    )
    is_published: bool | None = None
    competencies: list[str] | None = Field(None, description="competency keys")
    prerequisites: list[UUID] | None = Field(None, description="activity uuids")


class ActivityPatch(ActivityFields):
    seen: datetime | None = None


class ActivityCreate(ActivityFields):
    key: str = Field(..., min_length=2, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
    focus_area: str
    centre: str | None = Field(None, description="owning centre slug; empty: network-shared")
    title_fr: str = Field(..., min_length=1, max_length=200)
    title_en: str = Field(..., min_length=1, max_length=200)
    level: int = Field(..., ge=1, le=3)
    kind: ActivityKind


class ActivityFilters(Schema):
    focus_area: str | None = None
    level: int | None = Field(None, ge=1, le=3)
    kind: ActivityKind | None = None
    centre: str | None = None
    q: str = Field("", max_length=100, description="words of the title or the key")


class LabTemplateOut(Schema):
    uuid: UUID
    key: str
    focus_area: str
    level: int
    title: str
    title_fr: str | None
    title_en: str | None
    description: str
    weeks: int
    seats: int
    software: str
    is_published: bool
    updated_at: datetime


class LabTemplatePatch(Schema):
    title_fr: str | None = Field(None, min_length=1, max_length=200)
    title_en: str | None = Field(None, min_length=1, max_length=200)
    description_fr: str | None = Field(None, max_length=4000)
    description_en: str | None = Field(None, max_length=4000)
    level: int | None = Field(None, ge=1, le=3)
    weeks: int | None = Field(None, ge=1, le=12)
    seats: int | None = Field(None, ge=1, le=40)
    software: str | None = Field(None, max_length=200)
    is_published: bool | None = None
    seen: datetime | None = None


class MasterlabTemplateOut(Schema):
    uuid: UUID
    key: str
    focus_area: str
    title: str
    title_fr: str | None
    title_en: str | None
    description: str
    guest_profile: str
    days: int
    seats: int
    is_published: bool
    updated_at: datetime


class MasterlabTemplatePatch(Schema):
    title_fr: str | None = Field(None, min_length=1, max_length=200)
    title_en: str | None = Field(None, min_length=1, max_length=200)
    description_fr: str | None = Field(None, max_length=4000)
    description_en: str | None = Field(None, max_length=4000)
    guest_profile_fr: str | None = Field(None, max_length=300)
    guest_profile_en: str | None = Field(None, max_length=300)
    days: int | None = Field(None, ge=1, le=10)
    seats: int | None = Field(None, ge=1, le=40)
    is_published: bool | None = None
    seen: datetime | None = None


class PublishIn(Schema):
    notes: str = Field("", max_length=2000)


# --- Output mapping --------------------------------------------------------------------------


def focus_area_out(area: "FocusArea") -> FocusAreaOut:
    return filled(FocusAreaOut, area)


def offer_out(offer: "CentreFocusArea") -> OfferOut:
    return filled(OfferOut, offer, focus_area=offer.focus_area.slug)


def competency_out(competency: "Competency") -> CompetencyOut:
    """From a competency with its levels prefetched."""
    levels = [filled(LevelOut, lvl) for lvl in competency.levels.all()]
    return filled(CompetencyOut, competency, levels=levels)


def version_out(version: "FrameworkVersion") -> FrameworkVersionOut:
    return filled(FrameworkVersionOut, version)


def framework_out(framework: "Framework") -> FrameworkOut:
    area = framework.focus_area
    return filled(FrameworkOut, framework, focus_area=area.slug if area else None)


def framework_detail_out(detail: selectors.FrameworkDetail) -> FrameworkDetailOut:
    framework = detail.framework
    return filled(
        FrameworkDetailOut,
        framework,
        focus_area=framework.focus_area.slug if framework.focus_area else None,
        versions=[version_out(v) for v in detail.versions],
        version=detail.shown.number if detail.shown else None,
        competencies=[competency_out(c) for c in detail.competencies],
    )


def activity_out(activity: "Activity") -> ActivityOut:
    return filled(ActivityOut, activity, **_owner(activity))


def activity_detail_out(activity: "Activity") -> ActivityDetailOut:
    """From ``selectors.activity_get``, which prefetches the links read here."""
    return filled(
        ActivityDetailOut,
        activity,
        **_owner(activity),
        competencies=[c.key for c in activity.competencies.all()],
        prerequisites=[a.uuid for a in activity.prerequisites.all()],
    )


def _owner(activity: "Activity") -> dict[str, str | None]:
    """Its focus area's and owning centre's slugs (no centre: shared by the network)."""
    centre = activity.centre.slug if activity.centre else None
    return {"focus_area": activity.focus_area.slug, "centre": centre}


def lab_template_out(template: "LabTemplate") -> LabTemplateOut:
    return filled(LabTemplateOut, template, focus_area=template.focus_area.slug)


def masterlab_template_out(template: "MasterlabTemplate") -> MasterlabTemplateOut:
    return filled(MasterlabTemplateOut, template, focus_area=template.focus_area.slug)


# --- Panel and offers ------------------------------------------------------------------------


@router.get("/focus-areas", response={200: list[FocusAreaOut], **ERRORS})
def list_focus_areas(request: HttpRequest) -> list[FocusAreaOut]:
    return [focus_area_out(a) for a in selectors.panel(user=request.user)]


@router.get("/focus-areas/{slug}", response={200: FocusAreaOut, **ERRORS})
def get_focus_area(request: HttpRequest, slug: str) -> FocusAreaOut:
    return focus_area_out(selectors.focus_area_get(user=request.user, slug=slug))


@router.get("/centres/{slug}/offers", response={200: list[OfferOut], **ERRORS})
def list_offers(request: HttpRequest, slug: str) -> list[OfferOut]:
    centre = centres.centre_get(user=request.user, slug=slug)
    return [offer_out(o) for o in selectors.offers_of(user=request.user, centre=centre)]


@router.put("/centres/{slug}/offers/{area}", response={200: OfferOut, **ERRORS})
def put_offer(request: HttpRequest, slug: str, area: str, payload: OfferIn) -> OfferOut:
    centre = centres.centre_get(user=request.user, slug=slug)
    focus_area = selectors.focus_area_get(user=request.user, slug=area)
    data = payload.dict(exclude_unset=True)
    seen = data.pop("seen", None)
    offer = services.offer_set(
        actor=request.user, centre=centre, focus_area=focus_area, data=data, seen=seen
    )
    return offer_out(offer)


# --- Frameworks ------------------------------------------------------------------------------


@router.get("/frameworks", response={200: list[FrameworkOut], **ERRORS})
def list_frameworks(request: HttpRequest) -> list[FrameworkOut]:
    return [framework_out(f) for f in selectors.frameworks(user=request.user)]


@router.get("/frameworks/{key}", response={200: FrameworkDetailOut, **ERRORS})
def get_framework(request: HttpRequest, key: str, version: int | None = None) -> FrameworkDetailOut:
    """The framework with one version's competencies: ``version``, else the published one."""
    detail = selectors.framework_detail(user=request.user, key=key, number=version)
    return framework_detail_out(detail)


@router.post("/frameworks/{key}/draft", response={200: FrameworkVersionOut, **ERRORS})
def draft_framework(request: HttpRequest, key: str) -> FrameworkVersionOut:
    framework = selectors.framework_get(user=request.user, key=key)
    return version_out(services.framework_draft_version(actor=request.user, framework=framework))


@router.post(
    "/frameworks/{key}/versions/{number}/publish", response={200: FrameworkVersionOut, **ERRORS}
)
def publish_framework(
    request: HttpRequest, key: str, number: int, payload: PublishIn
) -> FrameworkVersionOut:
    version = selectors.framework_version_get(user=request.user, key=key, number=number)
    published = services.framework_publish_version(
        actor=request.user, version=version, notes=payload.notes
    )
    return version_out(published)


# --- Activities ------------------------------------------------------------------------------


@router.get("/activities", response={200: list[ActivityOut], **ERRORS})
@paginate(Pages)
def list_activities(
    request: HttpRequest, filters: Query[ActivityFilters]
) -> "Mapped[Activity, ActivityOut]":
    focus_area = (
        selectors.focus_area_get(user=request.user, slug=filters.focus_area)
        if filters.focus_area
        else None
    )
    centre = centres.centre_get(user=request.user, slug=filters.centre) if filters.centre else None
    rows = selectors.activities(
        user=request.user,
        focus_area=focus_area,
        level=filters.level,
        kind=filters.kind,
        centre=centre,
        q=filters.q,
    )
    return Mapped(rows, activity_out)


@router.get("/activities/{uuid}", response={200: ActivityDetailOut, **ERRORS})
def get_activity(request: HttpRequest, uuid: UUID) -> ActivityDetailOut:
    return activity_detail_out(selectors.activity_get(user=request.user, uuid=uuid))


@router.post("/activities", response={201: ActivityDetailOut, **ERRORS})
def create_activity(request: HttpRequest, payload: ActivityCreate) -> Status:
    data = payload.dict(exclude_unset=True)
    focus_area = selectors.focus_area_get(user=request.user, slug=data.pop("focus_area"))
    centre_slug = data.pop("centre", None)
    centre = centres.centre_get(user=request.user, slug=centre_slug) if centre_slug else None
    key = data.pop("key")
    competency_ids, prerequisite_ids = selectors.activity_link_ids(
        user=request.user,
        competencies=data.pop("competencies", None),
        prerequisites=data.pop("prerequisites", None),
    )
    activity = services.activity_create(
        actor=request.user,
        focus_area=focus_area,
        centre=centre,
        key=key,
        data=data,
        competency_ids=competency_ids or (),
        prerequisite_ids=prerequisite_ids or (),
    )
    created = selectors.activity_get(user=request.user, uuid=activity.uuid)
    return Status(201, activity_detail_out(created))


@router.patch("/activities/{uuid}", response={200: ActivityDetailOut, **ERRORS})
def patch_activity(request: HttpRequest, uuid: UUID, payload: ActivityPatch) -> ActivityDetailOut:
    activity = activity_policy.get_visible(request.user, uuid=uuid)
    data = payload.dict(exclude_unset=True)
    seen = data.pop("seen", None)
    competency_ids, prerequisite_ids = selectors.activity_link_ids(
        user=request.user,
        competencies=data.pop("competencies", None),
        prerequisites=data.pop("prerequisites", None),
    )
    services.activity_update(
        actor=request.user,
        activity=activity,
        data=data,
        competency_ids=competency_ids,
        prerequisite_ids=prerequisite_ids,
        seen=seen,
    )
    return activity_detail_out(selectors.activity_get(user=request.user, uuid=uuid))


# --- Templates -------------------------------------------------------------------------------


@router.get("/lab-templates", response={200: list[LabTemplateOut], **ERRORS})
@paginate(Pages)
def list_lab_templates(
    request: HttpRequest, focus_area: str | None = None
) -> "Mapped[LabTemplate, LabTemplateOut]":
    area = selectors.focus_area_get(user=request.user, slug=focus_area) if focus_area else None
    rows = selectors.lab_templates(user=request.user, focus_area=area)
    return Mapped(rows.order_by("focus_area__order", "level", "key"), lab_template_out)


@router.patch("/lab-templates/{uuid}", response={200: LabTemplateOut, **ERRORS})
def patch_lab_template(
    request: HttpRequest, uuid: UUID, payload: LabTemplatePatch
) -> LabTemplateOut:
    template = lab_template_policy.get_visible(request.user, uuid=uuid)
    data = payload.dict(exclude_unset=True)
    seen = data.pop("seen", None)
    saved = services.template_update(actor=request.user, template=template, data=data, seen=seen)
    return lab_template_out(saved)


@router.get("/masterlab-templates", response={200: list[MasterlabTemplateOut], **ERRORS})
@paginate(Pages)
def list_masterlab_templates(
    request: HttpRequest, focus_area: str | None = None
) -> "Mapped[MasterlabTemplate, MasterlabTemplateOut]":
    area = selectors.focus_area_get(user=request.user, slug=focus_area) if focus_area else None
    rows = selectors.masterlab_templates(user=request.user, focus_area=area)
    return Mapped(rows.order_by("focus_area__order", "key"), masterlab_template_out)


@router.patch("/masterlab-templates/{uuid}", response={200: MasterlabTemplateOut, **ERRORS})
def patch_masterlab_template(
    request: HttpRequest, uuid: UUID, payload: MasterlabTemplatePatch
) -> MasterlabTemplateOut:
    template = masterlab_template_policy.get_visible(request.user, uuid=uuid)
    data = payload.dict(exclude_unset=True)
    seen = data.pop("seen", None)
    saved = services.template_update(actor=request.user, template=template, data=data, seen=seen)
    return masterlab_template_out(saved)
