"""Every catalogue read that serves a user, already filtered by what the user may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from parcours.catalogue.models import (
    Activity,
    CentreFocusArea,
    Competency,
    FocusArea,
    Framework,
    FrameworkVersion,
    LabTemplate,
    MasterlabTemplate,
    VersionStatus,
)
from parcours.catalogue.permissions import (
    activity_policy,
    framework_policy,
    lab_template_policy,
    masterlab_template_policy,
    offer_policy,
    panel_policy,
)
from parcours.centres.models import Centre


def panel(*, user: Any) -> QuerySet[FocusArea]:
    return panel_policy.visible(user).order_by("order")


def focus_area_get(*, user: Any, slug: str) -> FocusArea:
    return panel_policy.get_visible(user, slug=slug)


def offers_of(*, user: Any, centre: Centre) -> QuerySet[CentreFocusArea]:
    return (
        offer_policy.visible(user)
        .filter(centre=centre)
        .select_related("focus_area")
        .order_by("order", "focus_area__order")
    )


def offered_areas(centre: Centre) -> QuerySet[FocusArea]:
    """The areas a centre offers (no user filter: callers already hold the centre)."""
    return FocusArea.objects.filter(offers__centre=centre, offers__is_offered=True).order_by(
        "offers__order", "order"
    )


def activities(
    *,
    user: Any,
    focus_area: FocusArea | None = None,
    level: int | None = None,
    kind: str | None = None,
    centre: Centre | None = None,
) -> QuerySet[Activity]:
    qs = activity_policy.visible(user).select_related("focus_area", "centre")
    if focus_area is not None:
        qs = qs.filter(focus_area=focus_area)
    if level is not None:
        qs = qs.filter(level=level)
    if kind:
        qs = qs.filter(kind=kind)
    if centre is not None:
        from django.db.models import Q

        qs = qs.filter(Q(centre__isnull=True) | Q(centre=centre))
    return qs.order_by("focus_area__order", "level", "order", "key")


def activity_get(*, user: Any, uuid: Any) -> Activity:
    obj = activity_policy.get_visible(user, uuid=uuid)
    return (
        Activity.objects.select_related("focus_area", "centre")
        .prefetch_related("competencies", "prerequisites", "quiz_items")
        .get(pk=obj.pk)
    )


def lab_templates(*, user: Any, focus_area: FocusArea | None = None) -> QuerySet[LabTemplate]:
    qs = lab_template_policy.visible(user).select_related("focus_area")
    return qs.filter(focus_area=focus_area) if focus_area else qs


def masterlab_templates(
    *, user: Any, focus_area: FocusArea | None = None
) -> QuerySet[MasterlabTemplate]:
    qs = masterlab_template_policy.visible(user).select_related("focus_area")
    return qs.filter(focus_area=focus_area) if focus_area else qs


def published_version(framework: Framework) -> FrameworkVersion | None:
    return (
        framework.versions.filter(status=VersionStatus.PUBLISHED)
        .prefetch_related(
            Prefetch("competencies", queryset=Competency.objects.prefetch_related("levels"))
        )
        .first()
    )


def framework_get(*, user: Any, key: str) -> Framework:
    return framework_policy.get_visible(user, key=key)


def frameworks(*, user: Any) -> QuerySet[Framework]:
    return framework_policy.visible(user).select_related("focus_area").order_by("key")


@dataclass
class LevelBlock:
    number: int
    name: str
    activities: list[Activity] = field(default_factory=list)
    lab_templates: list[LabTemplate] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(a.minutes for a in self.activities)


def area_outline(*, user: Any, focus_area: FocusArea, centre: Centre | None) -> list[LevelBlock]:
    """The area's levels with their activities and lab templates, for one centre's view."""
    names = {lvl.number: lvl.name for lvl in focus_area.levels.all()}
    blocks = {n: LevelBlock(number=n, name=names.get(n, str(n))) for n in (1, 2, 3)}
    for activity in activities(user=user, focus_area=focus_area, centre=centre):
        blocks[activity.level].activities.append(activity)
    for tpl in lab_templates(user=user, focus_area=focus_area).order_by("level", "key"):
        if centre is None or tpl.centre_id in (None, centre.pk):
            blocks[tpl.level].lab_templates.append(tpl)
    return [blocks[n] for n in (1, 2, 3)]
