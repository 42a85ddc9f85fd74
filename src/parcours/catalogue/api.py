"""The catalogue over HTTP: the same selectors, services and policies as the pages."""

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field

from parcours.catalogue import selectors, services
from parcours.catalogue.models import (
    Activity,
    CentreFocusArea,
    Competency,
    FocusArea,
    LabTemplate,
    MasterlabTemplate,
)
from parcours.catalogue.permissions import (
    activity_policy,
    lab_template_policy,
    masterlab_template_policy,
)
from parcours.centres import selectors as centres
from parcours.core.api import ERRORS
from parcours.core.errors import NotFound, ValidationFailed

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
    focus_area: str = Field(..., alias="focus_area.slug")
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

    @staticmethod
    def resolve_levels(obj: Competency) -> list[Any]:
        return list(obj.levels.all())


class VersionOut(Schema):
    number: int
    status: str
    published_at: datetime | None
    notes: str


class FrameworkOut(Schema):
    key: str
    name: str
    description: str
    source: str
    focus_area: str | None = Field(None, alias="focus_area.slug")


class FrameworkDetailOut(FrameworkOut):
    versions: list[VersionOut]
    version: int | None
    competencies: list[CompetencyOut]


class ActivityOut(Schema):
    uuid: UUID
    key: str
    focus_area: str = Field(..., alias="focus_area.slug")
    centre: str | None = Field(None, alias="centre.slug")
    level: int
    order: int
    kind: str
    title: str
    title_fr: str | None
    title_en: str | None
    description: str
    minutes: int
    required: bool
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

    @staticmethod
    def resolve_competencies(obj: Activity) -> list[str]:
        return [c.key for c in obj.competencies.all()]

    @staticmethod
    def resolve_prerequisites(obj: Activity) -> list[UUID]:
        return [a.uuid for a in obj.prerequisites.all()]


class ActivityFields(Schema):
    title_fr: str | None = Field(None, min_length=1, max_length=200)
    title_en: str | None = Field(None, min_length=1, max_length=200)
    description_fr: str | None = Field(None, max_length=2000)
    description_en: str | None = Field(None, max_length=2000)
    instructions_fr: str | None = Field(None, max_length=20000)
    instructions_en: str | None = Field(None, max_length=20000)
    level: int | None = Field(None, ge=1, le=3)
    order: int | None = Field(None, ge=0, le=1000)
    kind: Literal["tutorial", "quiz", "project"] | None = None
    minutes: int | None = Field(None, ge=5, le=600)
    required: bool | None = None
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
    kind: Literal["tutorial", "quiz", "project"]


class ActivityFilters(Schema):
    focus_area: str | None = None
    level: int | None = Field(None, ge=1, le=3)
    kind: Literal["tutorial", "quiz", "project"] | None = None
    centre: str | None = None


class LabTemplateOut(Schema):
    uuid: UUID
    key: str
    focus_area: str = Field(..., alias="focus_area.slug")
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
    focus_area: str = Field(..., alias="focus_area.slug")
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


# --- Panel and offers ------------------------------------------------------------------------


@router.get("/focus-areas", response={200: list[FocusAreaOut], **ERRORS})
def list_focus_areas(request: HttpRequest) -> QuerySet[FocusArea]:
    return selectors.panel(user=request.user)


@router.get("/focus-areas/{slug}", response={200: FocusAreaOut, **ERRORS})
def get_focus_area(request: HttpRequest, slug: str) -> FocusArea:
    return selectors.focus_area_get(user=request.user, slug=slug)


@router.get("/centres/{slug}/offers", response={200: list[OfferOut], **ERRORS})
def list_offers(request: HttpRequest, slug: str) -> list[CentreFocusArea]:
    centre = centres.centre_get(user=request.user, slug=slug)
    return list(selectors.offers_of(user=request.user, centre=centre))


@router.put("/centres/{slug}/offers/{area}", response={200: OfferOut, **ERRORS})
def put_offer(request: HttpRequest, slug: str, area: str, payload: OfferIn) -> CentreFocusArea:
    centre = centres.centre_get(user=request.user, slug=slug)
    focus_area = selectors.focus_area_get(user=request.user, slug=area)
    data = payload.dict(exclude_unset=True)
    seen = data.pop("seen", None)
    return services.offer_set(
        actor=request.user, centre=centre, focus_area=focus_area, data=data, seen=seen
    )


# --- Frameworks ------------------------------------------------------------------------------


@router.get("/frameworks", response={200: list[FrameworkOut], **ERRORS})
def list_frameworks(request: HttpRequest) -> list[Any]:
    return list(selectors.frameworks(user=request.user))


@router.get("/frameworks/{key}", response={200: FrameworkDetailOut, **ERRORS})
def get_framework(request: HttpRequest, key: str, version: int | None = None) -> dict[str, Any]:
    framework = selectors.framework_get(user=request.user, key=key)
    versions = list(framework.versions.order_by("-number"))
    if version is not None:
        shown = next((v for v in versions if v.number == version), None)
        if shown is None:
            raise NotFound()
    else:
        shown = selectors.published_version(framework)
    comps = list(shown.competencies.prefetch_related("levels")) if shown else []
    return {
        "key": framework.key,
        "name": framework.name,
        "description": framework.description,
        "source": framework.source,
        "focus_area.slug": framework.focus_area.slug if framework.focus_area else None,
        "versions": versions,
        "version": shown.number if shown else None,
        "competencies": comps,
    }


@router.post("/frameworks/{key}/draft", response={200: VersionOut, **ERRORS})
def draft_framework(request: HttpRequest, key: str) -> Any:
    framework = selectors.framework_get(user=request.user, key=key)
    return services.framework_draft_version(actor=request.user, framework=framework)


class PublishIn(Schema):
    notes: str = Field("", max_length=2000)


@router.post("/frameworks/{key}/versions/{number}/publish", response={200: VersionOut, **ERRORS})
def publish_framework(request: HttpRequest, key: str, number: int, payload: PublishIn) -> Any:
    framework = selectors.framework_get(user=request.user, key=key)
    version = framework.versions.filter(number=number).first()
    if version is None:
        raise NotFound()
    return services.framework_publish_version(
        actor=request.user, version=version, notes=payload.notes
    )


# --- Activities ------------------------------------------------------------------------------


def _links(
    activity_area_id: int, data: dict[str, Any]
) -> tuple[list[int] | None, list[int] | None]:
    comp_keys = data.pop("competencies", None)
    prereq_uuids = data.pop("prerequisites", None)
    comp_ids = None
    if comp_keys is not None:
        found = dict(
            Competency.objects.filter(key__in=comp_keys, version__status="published").values_list(
                "key", "pk"
            )
        )
        missing = sorted(set(comp_keys) - set(found))
        if missing:
            raise ValidationFailed(fields={"competencies": [f"unknown: {', '.join(missing)}"]})
        comp_ids = list(found.values())
    prereq_ids = None
    if prereq_uuids is not None:
        found_p = dict(Activity.objects.filter(uuid__in=prereq_uuids).values_list("uuid", "pk"))
        if len(found_p) != len(set(prereq_uuids)):
            raise ValidationFailed(fields={"prerequisites": ["unknown activity"]})
        prereq_ids = list(found_p.values())
    return comp_ids, prereq_ids


@router.get("/activities", response={200: list[ActivityOut], **ERRORS})
@paginate(LimitOffsetPagination)
def list_activities(request: HttpRequest, filters: Query[ActivityFilters]) -> QuerySet[Activity]:
    focus_area = (
        selectors.focus_area_get(user=request.user, slug=filters.focus_area)
        if filters.focus_area
        else None
    )
    centre = centres.centre_get(user=request.user, slug=filters.centre) if filters.centre else None
    return selectors.activities(
        user=request.user,
        focus_area=focus_area,
        level=filters.level,
        kind=filters.kind,
        centre=centre,
    )


@router.get("/activities/{uuid}", response={200: ActivityDetailOut, **ERRORS})
def get_activity(request: HttpRequest, uuid: UUID) -> Activity:
    return selectors.activity_get(user=request.user, uuid=uuid)


@router.post("/activities", response={201: ActivityDetailOut, **ERRORS})
def create_activity(request: HttpRequest, payload: ActivityCreate) -> Status:
    data = payload.dict(exclude_unset=True)
    focus_area = selectors.focus_area_get(user=request.user, slug=data.pop("focus_area"))
    centre_slug = data.pop("centre", None)
    centre = centres.centre_get(user=request.user, slug=centre_slug) if centre_slug else None
    key = data.pop("key")
    comp_ids, prereq_ids = _links(focus_area.pk, data)
    activity = services.activity_create(
        actor=request.user,
        focus_area=focus_area,
        centre=centre,
        key=key,
        data=data,
        competency_ids=comp_ids or (),
        prerequisite_ids=prereq_ids or (),
    )
    return Status(201, selectors.activity_get(user=request.user, uuid=activity.uuid))


@router.patch("/activities/{uuid}", response={200: ActivityDetailOut, **ERRORS})
def patch_activity(request: HttpRequest, uuid: UUID, payload: ActivityPatch) -> Activity:
    activity = activity_policy.get_visible(request.user, uuid=uuid)
    data = payload.dict(exclude_unset=True)
    seen = data.pop("seen", None)
    comp_ids, prereq_ids = _links(activity.focus_area_id, data)
    services.activity_update(
        actor=request.user,
        activity=activity,
        data=data,
        competency_ids=comp_ids,
        prerequisite_ids=prereq_ids,
        seen=seen,
    )
    return selectors.activity_get(user=request.user, uuid=uuid)


# --- Templates -------------------------------------------------------------------------------


@router.get("/lab-templates", response={200: list[LabTemplateOut], **ERRORS})
@paginate(LimitOffsetPagination)
def list_lab_templates(request: HttpRequest, focus_area: str | None = None) -> Any:
    area = selectors.focus_area_get(user=request.user, slug=focus_area) if focus_area else None
    return selectors.lab_templates(user=request.user, focus_area=area).order_by(
        "focus_area__order", "level", "key"
    )


@router.patch("/lab-templates/{uuid}", response={200: LabTemplateOut, **ERRORS})
def patch_lab_template(request: HttpRequest, uuid: UUID, payload: LabTemplatePatch) -> LabTemplate:
    template = lab_template_policy.get_visible(request.user, uuid=uuid)
    data = payload.dict(exclude_unset=True)
    seen = data.pop("seen", None)
    return services.lab_template_update(actor=request.user, template=template, data=data, seen=seen)


@router.get("/masterlab-templates", response={200: list[MasterlabTemplateOut], **ERRORS})
@paginate(LimitOffsetPagination)
def list_masterlab_templates(request: HttpRequest, focus_area: str | None = None) -> Any:
    area = selectors.focus_area_get(user=request.user, slug=focus_area) if focus_area else None
    return selectors.masterlab_templates(user=request.user, focus_area=area).order_by(
        "focus_area__order", "key"
    )


@router.patch("/masterlab-templates/{uuid}", response={200: MasterlabTemplateOut, **ERRORS})
def patch_masterlab_template(
    request: HttpRequest, uuid: UUID, payload: MasterlabTemplatePatch
) -> MasterlabTemplate:
    template = masterlab_template_policy.get_visible(request.user, uuid=uuid)
    data = payload.dict(exclude_unset=True)
    seen = data.pop("seen", None)
    return services.masterlab_template_update(
        actor=request.user, template=template, data=data, seen=seen
    )
