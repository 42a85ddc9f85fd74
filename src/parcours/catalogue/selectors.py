"""Every catalogue read that serves a user, already filtered by what the user may see."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from modeltranslation.utils import get_translation_fields

from parcours.catalogue import cache as catalogue_cache
from parcours.catalogue.choices import VersionStatus
from parcours.catalogue.errors import CatalogueError
from parcours.catalogue.models import (
    Activity,
    CentreFocusArea,
    Competency,
    FocusArea,
    Framework,
    FrameworkVersion,
    LabTemplate,
    MasterlabTemplate,
    QuizItem,
)
from parcours.catalogue.permissions import (
    activity_policy,
    framework_policy,
    lab_template_policy,
    masterlab_template_policy,
    offer_policy,
    panel_policy,
)
from parcours.centres import selectors as centres
from parcours.centres.models import Centre
from parcours.core.errors import NotFound, ValidationFailed
from parcours.core.lists import words
from parcours.people.selectors import home_centre_id
from parcours.people.types import Actor


def panel(*, user: Actor) -> QuerySet[FocusArea]:
    return panel_policy.visible(user).order_by("order")


def focus_area_get(*, user: Actor, slug: str) -> FocusArea:
    return panel_policy.get_visible(user, slug=slug)


def focus_areas_get(*, user: Actor, slugs: Sequence[str]) -> list[FocusArea]:
    """The focus areas named by ``slugs`` in the panel's order, or ``ValidationFailed`` naming
    the unknown ones."""
    found = list(panel_policy.visible(user).filter(slug__in=slugs))
    missing = sorted(set(slugs) - {a.slug for a in found})
    if missing:
        message = _("Unknown focus areas: %(slugs)s.") % {"slugs": ", ".join(missing)}
        raise ValidationFailed(
            message, fields={"areas": [message]}, code=CatalogueError.UNKNOWN_FOCUS_AREA
        )
    return found


def centre_for(*, user: Actor, slug: str | None) -> Centre | None:
    """The centre a catalogue page is seen for: the one named (``?centre=``), else the user's
    home centre (None for a network admin without one)."""
    if slug:
        return centres.centre_get(user=user, slug=slug)
    centre_id = home_centre_id(user)
    return Centre.objects.filter(pk=centre_id).first() if centre_id else None


def offers_of(*, user: Actor, centre: Centre) -> QuerySet[CentreFocusArea]:
    return (
        offer_policy.visible(user)
        .filter(centre=centre)
        .select_related("focus_area")
        .order_by("order", "focus_area__order")
    )


def offer_get(*, user: Actor, centre: Centre, focus_area: FocusArea) -> CentreFocusArea | None:
    """The centre's offer of an area, or None when the centre never offered it."""
    return offer_policy.visible(user).filter(centre=centre, focus_area=focus_area).first()


def offered_areas(centre: Centre) -> QuerySet[FocusArea]:
    """The areas a centre offers (no user filter: callers already hold the centre)."""
    return FocusArea.objects.filter(offers__centre=centre, offers__is_offered=True).order_by(
        "offers__order", "order"
    )


def offered_area_list(centre: Centre) -> list[FocusArea]:
    """``offered_areas`` as a list, kept under the catalogue's stamp (the same for every
    student of the centre until an offer or an area changes)."""
    key = f"parcours:offered-areas:{catalogue_cache.stamp()}:{centre.pk}"
    found: list[FocusArea] = catalogue_cache.get_or_make(key, lambda: list(offered_areas(centre)))
    return found


def localized(*paths: str) -> list[str]:
    """Each path to a translated field ("competency__name") with its columns in every
    language, for ``QuerySet.only()`` (modeltranslation reads the reader's, then the
    fallbacks)."""
    return [name for path in paths for name in (path, *get_translation_fields(path))]


def areas_by_id() -> dict[int, FocusArea]:
    """Every focus area of the network by id, kept under the catalogue's stamp."""
    key = f"parcours:areas:{catalogue_cache.stamp()}"
    found: dict[int, FocusArea] = catalogue_cache.get_or_make(
        key, lambda: {a.pk: a for a in FocusArea.objects.all()}
    )
    return found


def offered_area_counts(centre_ids: list[int]) -> dict[int, int]:
    """How many areas each centre offers, in one grouped query."""
    rows = (
        CentreFocusArea.objects.filter(centre_id__in=centre_ids, is_offered=True)
        .order_by()
        .values_list("centre_id")
        .annotate(n=Count("id"))
    )
    return {centre: int(n) for centre, n in rows}


def offered_area_ids(centre: Centre | None) -> set[int]:
    return set(offered_areas(centre).values_list("pk", flat=True)) if centre else set()


def activities(
    *,
    user: Actor,
    focus_area: FocusArea | None = None,
    level: int | None = None,
    kind: str | None = None,
    centre: Centre | None = None,
    q: str = "",
) -> QuerySet[Activity]:
    """The activities the user may see, narrowed by area, level, kind, centre (the network's
    and that centre's own) and ``q`` (each word in the title, either language, or the key)."""
    qs = activity_policy.visible(user).select_related("focus_area", "centre")
    for word in words(q):
        qs = qs.filter(
            Q(title_fr__icontains=word) | Q(title_en__icontains=word) | Q(key__icontains=word)
        )
    if focus_area is not None:
        qs = qs.filter(focus_area=focus_area)
    if level is not None:
        qs = qs.filter(level=level)
    if kind:
        qs = qs.filter(kind=kind)
    if centre is not None:
        qs = qs.filter(Q(centre__isnull=True) | Q(centre=centre))
    return qs.order_by("focus_area__order", "level", "order", "key")


def activity_get(*, user: Actor, uuid: UUID | str) -> Activity:
    obj = activity_policy.get_visible(user, uuid=uuid)
    return (
        Activity.objects.select_related("focus_area", "centre")
        .prefetch_related("competencies", "prerequisites", "quiz_items")
        .get(pk=obj.pk)
    )


def quiz_items(activity: Activity) -> list[QuizItem]:
    """The activity's questions in their order (read from ``activity_get``'s prefetch)."""
    return list(activity.quiz_items.all())


def activity_link_ids(
    *, user: Actor, competencies: Sequence[str] | None, prerequisites: Sequence[UUID] | None
) -> tuple[list[int] | None, list[int] | None]:
    """The ids of the published competencies named by key and of the activities named by uuid
    (among those the user sees), for ``activity_create``/``activity_update``; None where the
    caller named none. An unknown name is a ``ValidationFailed`` on its field."""
    competency_ids = None
    if competencies is not None:
        found = dict(
            Competency.objects.filter(
                key__in=competencies, version__status=VersionStatus.PUBLISHED
            ).values_list("key", "pk")
        )
        missing = sorted(set(competencies) - set(found))
        if missing:
            message = _("Unknown competencies: %(keys)s.") % {"keys": ", ".join(missing)}
            raise ValidationFailed(
                message,
                fields={"competencies": [message]},
                code=CatalogueError.UNKNOWN_COMPETENCY,
            )
        competency_ids = list(found.values())
    prerequisite_ids = None
    if prerequisites is not None:
        by_uuid = dict(
            activity_policy.visible(user).filter(uuid__in=prerequisites).values_list("uuid", "pk")
        )
        if len(by_uuid) != len(set(prerequisites)):
            message = _("Some prerequisites are not known activities.")
            raise ValidationFailed(
                message,
                fields={"prerequisites": [message]},
                code=CatalogueError.UNKNOWN_ACTIVITY,
            )
        prerequisite_ids = list(by_uuid.values())
    return competency_ids, prerequisite_ids


def lab_templates(*, user: Actor, focus_area: FocusArea | None = None) -> QuerySet[LabTemplate]:
    qs = lab_template_policy.visible(user).select_related("focus_area")
    return qs.filter(focus_area=focus_area) if focus_area else qs


def masterlab_templates(
    *, user: Actor, focus_area: FocusArea | None = None
) -> QuerySet[MasterlabTemplate]:
    qs = masterlab_template_policy.visible(user).select_related("focus_area")
    return qs.filter(focus_area=focus_area) if focus_area else qs


@dataclass(frozen=True)
class EditableTemplates:
    """Ids of an area's templates the user may edit (for the edit links of the area page)."""

    labs: set[int]
    masterlabs: set[int]


def editable_templates(*, user: Actor, focus_area: FocusArea) -> EditableTemplates:
    return EditableTemplates(
        labs=set(
            lab_template_policy.editable(user)
            .filter(focus_area=focus_area)
            .values_list("pk", flat=True)
        ),
        masterlabs=set(
            masterlab_template_policy.editable(user)
            .filter(focus_area=focus_area)
            .values_list("pk", flat=True)
        ),
    )


def published_version(framework: Framework) -> FrameworkVersion | None:
    return (
        framework.versions.filter(status=VersionStatus.PUBLISHED)
        .prefetch_related(
            Prefetch("competencies", queryset=Competency.objects.prefetch_related("levels"))
        )
        .first()
    )


def framework_get(*, user: Actor, key: str) -> Framework:
    return framework_policy.get_visible(user, key=key)


def framework_of(focus_area: FocusArea) -> Framework | None:
    """The area's own competency framework (the transversal ones belong to no area)."""
    return focus_area.frameworks.first()


def frameworks(*, user: Actor) -> QuerySet[Framework]:
    return framework_policy.visible(user).select_related("focus_area").order_by("key")


def framework_version_get(*, user: Actor, key: str, number: int) -> FrameworkVersion:
    framework = framework_get(user=user, key=key)
    version = framework.versions.filter(number=number).first()
    if version is None:
        raise NotFound()
    return version


@dataclass
class FrameworkDetail:
    framework: Framework
    versions: list[FrameworkVersion]  # newest first
    shown: FrameworkVersion | None
    competencies: list[Competency]  # the shown version's, with their levels


def framework_detail(*, user: Actor, key: str, number: int | None = None) -> FrameworkDetail:
    """A framework with its versions and one version's competencies: version ``number``
    (``NotFound`` if it has none such), else the published one, else the newest draft."""
    framework = framework_get(user=user, key=key)
    versions = list(framework.versions.order_by("-number"))
    if number is not None:
        shown = next((v for v in versions if v.number == number), None)
        if shown is None:
            raise NotFound()
    else:
        shown = next(
            (v for v in versions if v.status == VersionStatus.PUBLISHED),
            versions[0] if versions else None,
        )
    competencies = (
        list(shown.competencies.prefetch_related("levels").order_by("order")) if shown else []
    )
    return FrameworkDetail(
        framework=framework, versions=versions, shown=shown, competencies=competencies
    )


@dataclass
class LevelBlock:
    number: int
    name: str
    activities: list[Activity] = field(default_factory=list)
    lab_templates: list[LabTemplate] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(a.minutes for a in self.activities)


def area_outline(
    *,
    user: Actor,
    focus_area: FocusArea,
    centre: Centre | None,
    q: str = "",
    kind: str = "",
    level: int | None = None,
) -> list[LevelBlock]:
    """The area's levels with their activities and lab templates, for one centre's view;
    ``q``, ``kind`` narrow the activities (see ``activities``), ``level`` keeps one level."""
    names = {lvl.number: lvl.name for lvl in focus_area.levels.all()}
    numbers = [level] if level in (1, 2, 3) else [1, 2, 3]
    blocks = {n: LevelBlock(number=n, name=names.get(n, str(n))) for n in numbers}
    for activity in activities(
        user=user, focus_area=focus_area, centre=centre, q=q, kind=kind or None, level=level
    ):
        blocks[activity.level].activities.append(activity)
    for tpl in lab_templates(user=user, focus_area=focus_area).order_by("level", "key"):
        if tpl.level in blocks and (centre is None or tpl.centre_id in (None, centre.pk)):
            blocks[tpl.level].lab_templates.append(tpl)
    return [blocks[n] for n in numbers]
