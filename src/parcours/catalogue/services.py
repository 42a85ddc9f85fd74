"""Every write to the catalogue. Keyword-only, atomic, permission-checked, idempotent where a
user can repeat it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.catalogue.choices import VersionStatus
from parcours.catalogue.errors import CatalogueError
from parcours.catalogue.models import (
    Activity,
    CentreFocusArea,
    Competency,
    CompetencyLevel,
    FocusArea,
    Framework,
    FrameworkVersion,
    LabTemplate,
    MasterlabTemplate,
)
from parcours.catalogue.permissions import (
    activity_policy,
    framework_policy,
    lab_template_policy,
    masterlab_template_policy,
)
from parcours.centres.models import Centre
from parcours.centres.permissions import can_manage_centre
from parcours.core.errors import Conflict, Forbidden, ValidationFailed
from parcours.core.models import BaseModel
from parcours.core.permissions import Policy
from parcours.core.services import apply_fields, ensure_unchanged_since, validated_save
from parcours.engine.graph import creates_cycle
from parcours.people.types import Actor

RowT = TypeVar("RowT", bound=BaseModel)

OFFER_EDITABLE = ("is_offered", "order", "pitch_fr", "pitch_en")
ACTIVITY_EDITABLE = (
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "instructions_fr",
    "instructions_en",
    "level",
    "order",
    "kind",
    "minutes",
    "required",
    "involves_ai",
    "quiz_draw",
    "quiz_reveal_after",
    "is_published",
)
LAB_TEMPLATE_EDITABLE = (
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "level",
    "weeks",
    "seats",
    "software",
    "is_published",
)
MASTERLAB_TEMPLATE_EDITABLE = (
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "guest_profile_fr",
    "guest_profile_en",
    "days",
    "seats",
    "is_published",
)


# --- A centre's offer ------------------------------------------------------------------------


@transaction.atomic
def offer_set(
    *,
    actor: Actor,
    centre: Centre,
    focus_area: FocusArea,
    data: dict[str, Any],
    seen: datetime | None = None,
) -> CentreFocusArea:
    """Offer (or stop offering) a focus area in a centre and edit its local pitch.

    Idempotent: the offer row is unique per centre and area; repeating the call changes nothing
    more. Switching an area off keeps its row (students' progress elsewhere is untouched)."""
    if not can_manage_centre(actor, centre):
        raise Forbidden()
    try:
        with transaction.atomic():
            offer, _created = CentreFocusArea.objects.select_for_update().get_or_create(
                centre=centre, focus_area=focus_area, defaults={"is_offered": False}
            )
    except IntegrityError:
        offer = CentreFocusArea.objects.select_for_update().get(
            centre=centre, focus_area=focus_area
        )
    ensure_unchanged_since(offer, seen)
    apply_fields(offer, data, OFFER_EDITABLE)
    validated_save(offer)
    return offer


@transaction.atomic
def offers_choose(
    *, actor: Actor, centre: Centre, focus_areas: Iterable[FocusArea]
) -> list[CentreFocusArea]:
    """Set exactly which focus areas a centre offers; the others are switched off (their rows
    and history stay). Idempotent."""
    if not can_manage_centre(actor, centre):
        raise Forbidden()
    chosen = {a.pk: a for a in focus_areas}
    current = {
        o.focus_area_id: o.focus_area
        for o in CentreFocusArea.objects.filter(centre=centre).select_related("focus_area")
    }
    result = []
    for area_id, area in {**current, **chosen}.items():
        result.append(
            offer_set(
                actor=actor, centre=centre, focus_area=area, data={"is_offered": area_id in chosen}
            )
        )
    return result


# --- Activities ------------------------------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    actor: Actor,
    focus_area: FocusArea,
    centre: Centre | None,
    key: str,
    data: dict[str, Any],
    competency_ids: Iterable[int] = (),
    prerequisite_ids: Iterable[int] = (),
) -> Activity:
    if not activity_policy.can_create(actor, centre.pk if centre else None):
        raise Forbidden()
    if Activity.objects.filter(key=key).exists():
        raise _key_taken()
    activity = Activity(focus_area=focus_area, centre=centre, key=key)
    apply_fields(activity, data, ACTIVITY_EDITABLE)
    try:
        with transaction.atomic():
            validated_save(activity)
    except IntegrityError as exc:  # a simultaneous create with the same key
        raise _key_taken() from exc
    _set_activity_links(activity, competency_ids, prerequisite_ids)
    return activity


def _key_taken() -> ValidationFailed:
    message = _("An activity with this key already exists.")
    return ValidationFailed(message, fields={"key": [message]}, code=CatalogueError.KEY_TAKEN)


@transaction.atomic
def activity_update(
    *,
    actor: Actor,
    activity: Activity,
    data: dict[str, Any],
    competency_ids: Iterable[int] | None = None,
    prerequisite_ids: Iterable[int] | None = None,
    seen: datetime | None = None,
) -> Activity:
    locked = _edit(activity_policy, actor, activity, data, seen, ACTIVITY_EDITABLE)
    _set_activity_links(locked, competency_ids, prerequisite_ids)
    return locked


def _set_activity_links(
    activity: Activity,
    competency_ids: Iterable[int] | None,
    prerequisite_ids: Iterable[int] | None,
) -> None:
    if competency_ids is not None:
        ids = set(competency_ids)
        allowed = set(
            Competency.objects.filter(pk__in=ids)
            .filter(
                Q(version__framework__focus_area_id=activity.focus_area_id)
                | Q(version__framework__focus_area__isnull=True)
            )
            .values_list("pk", flat=True)
        )
        if ids - allowed:
            raise ValidationFailed(
                _("Some competencies do not belong to this focus area's frameworks."),
                fields={"competencies": [_("Choose competencies of this focus area.")]},
                code=CatalogueError.COMPETENCY_OUTSIDE_AREA,
            )
        activity.competencies.set(ids)
    if prerequisite_ids is not None:
        ids = set(prerequisite_ids)
        if activity.pk in ids:
            raise ValidationFailed(
                _("An activity cannot be its own prerequisite."),
                fields={"prerequisites": [_("An activity cannot be its own prerequisite.")]},
                code=CatalogueError.OWN_PREREQUISITE,
            )
        prereqs = list(Activity.objects.filter(pk__in=ids))
        if len(prereqs) != len(ids) or any(
            p.focus_area_id != activity.focus_area_id for p in prereqs
        ):
            raise ValidationFailed(
                _("Prerequisites must be activities of the same focus area."),
                fields={"prerequisites": [_("Choose activities of the same focus area.")]},
                code=CatalogueError.PREREQUISITE_OUTSIDE_AREA,
            )
        if _would_cycle(activity.pk, ids):
            raise ValidationFailed(
                _("These prerequisites would make a loop: an activity would require itself."),
                fields={"prerequisites": [_("This would make a loop of prerequisites.")]},
                code=CatalogueError.PREREQUISITE_LOOP,
            )
        activity.prerequisites.set(ids)


def _would_cycle(activity_id: int, new_prereqs: set[int]) -> bool:
    edges: dict[int, set[int]] = {}
    through: Any = Activity.prerequisites.through
    for src, dst in through.objects.values_list("from_activity_id", "to_activity_id"):
        edges.setdefault(src, set()).add(dst)
    return creates_cycle(edges, activity_id, new_prereqs)


# --- Lab and masterlab templates -------------------------------------------------------------


TemplateT = TypeVar("TemplateT", LabTemplate, MasterlabTemplate)


@transaction.atomic
def template_update(
    *, actor: Actor, template: TemplateT, data: dict[str, Any], seen: datetime | None = None
) -> TemplateT:
    """Edit a lab or a masterlab template: the same rules, each kind its own fields."""
    if isinstance(template, LabTemplate):
        return _edit(lab_template_policy, actor, template, data, seen, LAB_TEMPLATE_EDITABLE)
    return _edit(
        masterlab_template_policy, actor, template, data, seen, MASTERLAB_TEMPLATE_EDITABLE
    )


def _edit(
    policy: Policy[RowT],
    actor: Actor,
    row: RowT,
    data: dict[str, Any],
    seen: datetime | None,
    editable: Sequence[str],
) -> RowT:
    """Every edit of an activity or a template, inside the caller's transaction: refused unless
    ``policy`` lets the actor change the row; then the row is locked, a stale form (``seen``)
    is refused, only the ``editable`` fields are set, and the model validates them."""
    policy.get_editable(actor, pk=row.pk)
    locked = policy.model._default_manager.select_for_update().get(pk=row.pk)
    ensure_unchanged_since(locked, seen)
    apply_fields(locked, data, editable)
    validated_save(locked)
    return locked


# --- Framework versions ----------------------------------------------------------------------


@transaction.atomic
def framework_draft_version(*, actor: Actor, framework: Framework) -> FrameworkVersion:
    """Open a draft as a copy of the published version. Idempotent: an open draft is returned.

    Earned competencies and activities keep pointing at the published rows; the draft gets
    its own copies to edit."""
    framework_policy.get_editable(actor, pk=framework.pk)
    Framework.objects.select_for_update().get(pk=framework.pk)
    draft = framework.versions.filter(status=VersionStatus.DRAFT).first()
    if draft:
        return draft
    latest = framework.versions.order_by("-number").first()
    number = (latest.number + 1) if latest else 1
    draft = FrameworkVersion.objects.create(
        framework=framework, number=number, status=VersionStatus.DRAFT
    )
    source = framework.versions.filter(status=VersionStatus.PUBLISHED).first()
    if source:
        for comp in source.competencies.prefetch_related("levels"):
            new = Competency.objects.create(
                version=draft,
                key=comp.key,
                order=comp.order,
                name_fr=comp.name_fr,
                name_en=comp.name_en,
                description_fr=comp.description_fr,
                description_en=comp.description_en,
            )
            CompetencyLevel.objects.bulk_create(
                CompetencyLevel(
                    competency=new,
                    number=lvl.number,
                    name_fr=lvl.name_fr,
                    name_en=lvl.name_en,
                    descriptor_fr=lvl.descriptor_fr,
                    descriptor_en=lvl.descriptor_en,
                )
                for lvl in comp.levels.all()
            )
    return draft


@transaction.atomic
def framework_publish_version(
    *, actor: Actor, version: FrameworkVersion, notes: str = ""
) -> FrameworkVersion:
    """Publish a draft; the previous published version is retired, never rewritten."""
    framework_policy.get_editable(actor, pk=version.framework_id)
    locked = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status == VersionStatus.PUBLISHED:
        return locked  # repeating the click changes nothing
    if locked.status != VersionStatus.DRAFT:
        raise Conflict(_("Only a draft can be published."), code=CatalogueError.NOT_A_DRAFT)
    if not locked.competencies.exists():
        raise ValidationFailed(
            _("A version needs at least one competency to be published."),
            code=CatalogueError.EMPTY_VERSION,
        )
    FrameworkVersion.objects.filter(
        framework_id=locked.framework_id, status=VersionStatus.PUBLISHED
    ).update(status=VersionStatus.RETIRED)
    locked.status = VersionStatus.PUBLISHED
    locked.published_at = timezone.now()
    if notes:
        locked.notes = notes
    locked.save()
    return locked


@transaction.atomic
def competency_level_update(
    *, actor: Actor, level: CompetencyLevel, descriptor_fr: str, descriptor_en: str
) -> CompetencyLevel:
    """Edit a descriptor; only drafts can change, published versions are frozen."""
    framework_policy.get_editable(actor, pk=level.competency.version.framework_id)
    locked = (
        CompetencyLevel.objects.select_for_update()
        .select_related("competency__version")
        .get(pk=level.pk)
    )
    if locked.competency.version.status != VersionStatus.DRAFT:
        raise Conflict(
            _("A published version cannot change; open a new draft version."),
            code=CatalogueError.VERSION_FROZEN,
        )
    locked.descriptor_fr, locked.descriptor_en = descriptor_fr, descriptor_en
    validated_save(locked)
    return locked
