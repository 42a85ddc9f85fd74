"""Import a focus area's content package (JSON, see docs/catalogue.md): its level names, its
competency framework, its activities with quiz items, its lab and masterlab templates.

Idempotent: rows are matched on their keys, so importing the same package twice changes
nothing, and importing a corrected package updates texts in place. A framework's published
version is never rewritten: a package whose competencies differ opens a draft instead.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from parcours.catalogue.choices import ActivityKind, VersionStatus
from parcours.catalogue.errors import CatalogueError
from parcours.catalogue.models import (
    Activity,
    Competency,
    CompetencyLevel,
    FocusArea,
    FocusAreaLevel,
    Framework,
    FrameworkVersion,
    LabTemplate,
    MasterlabTemplate,
    QuizItem,
)
from parcours.centres.models import Centre
from parcours.core.errors import ValidationFailed

LANGS = ("fr", "en")


def _tr(name: str, texts: Any) -> dict[str, str]:
    if not isinstance(texts, dict) or not all(texts.get(lang) for lang in LANGS):
        raise ValidationFailed(
            f"{name}: a text needs both 'fr' and 'en'", code=CatalogueError.INVALID_PACKAGE
        )
    return {f"{name}_fr": texts["fr"], f"{name}_en": texts["en"]}


def validate_package(data: dict[str, Any]) -> list[str]:
    """Return the problems found; empty when the package can be imported."""
    problems: list[str] = []
    try:
        comp_keys = {c["key"] for c in data["framework"]["competencies"]}
        act_keys: list[str] = []
        for level in data["levels"]:
            if level["level"] not in (1, 2, 3):
                problems.append(f"level {level['level']} is not 1, 2 or 3")
            for act in level["activities"]:
                act_keys.append(act["key"])
                if act["kind"] not in ActivityKind.values:
                    problems.append(f"{act['key']}: unknown kind {act['kind']}")
                for c in act.get("competencies", []):
                    if c not in comp_keys:
                        problems.append(f"{act['key']}: unknown competency {c}")
                for p in act.get("prerequisites", []):
                    if p not in act_keys[:-1]:
                        problems.append(f"{act['key']}: prerequisite {p} is not an earlier one")
                draw = act.get("draw", 0)
                if not isinstance(draw, int) or not 0 <= draw <= 50:
                    problems.append(f"{act['key']}: draw is not a number from 0 to 50")
                if not isinstance(act.get("involves_ai", False), bool):
                    problems.append(f"{act['key']}: involves_ai is not true or false")
                reveal = act.get("reveal_after", 3)
                if not isinstance(reveal, int) or not 0 <= reveal <= 20:
                    problems.append(f"{act['key']}: reveal_after is not a number from 0 to 20")
                for item in act.get("quiz", []):
                    checked = item.get("competency")
                    if checked and checked not in act.get("competencies", []):
                        problems.append(
                            f"{act['key']}: an item checks {checked}, not one of the activity's"
                        )
                    if item["type"] in ("single", "multiple"):
                        n = len(item["choices"])
                        if not item["answer"] or any(not 0 <= i < n for i in item["answer"]):
                            problems.append(f"{act['key']}: answer index out of range")
        if len(set(act_keys)) != len(act_keys):
            problems.append("activity keys repeat")
    except (KeyError, TypeError) as exc:
        problems.append(f"missing or malformed field: {exc}")
    return problems


@transaction.atomic
def import_area_package(data: dict[str, Any], *, centre: Centre | None = None) -> dict[str, int]:
    problems = validate_package(data)
    if problems:
        raise ValidationFailed("; ".join(problems[:10]), code=CatalogueError.INVALID_PACKAGE)
    area, _created = FocusArea.objects.get_or_create(
        slug=data["slug"], defaults={**_tr("name", data["name"]), "order": 99}
    )
    for level in data["levels"]:
        FocusAreaLevel.objects.update_or_create(
            focus_area=area, number=level["level"], defaults=_tr("name", level["name"])
        )
    comps = _import_framework(area, data["framework"])
    counts = {"activities": 0, "quiz_items": 0, "lab_templates": 0, "masterlab_templates": 0}
    by_key: dict[str, Activity] = {}
    for level in data["levels"]:
        for order, act in enumerate(level["activities"], start=1):
            activity, _c = Activity.objects.update_or_create(
                key=act["key"],
                defaults={
                    "focus_area": area,
                    "centre": centre,
                    "level": level["level"],
                    "order": order,
                    "kind": act["kind"],
                    "minutes": act["minutes"],
                    "required": act.get("required", True),
                    "involves_ai": bool(act.get("involves_ai", data.get("involves_ai", False))),
                    "quiz_draw": act.get("draw", 0),
                    "quiz_reveal_after": act.get("reveal_after", 3),
                    **_tr("title", act["title"]),
                    **_tr("description", act["summary"]),
                    **_tr("instructions", act["instructions"]),
                },
            )
            by_key[act["key"]] = activity
            activity.competencies.set([comps[k] for k in act.get("competencies", [])])
            activity.prerequisites.set([by_key[k] for k in act.get("prerequisites", [])])
            QuizItem.objects.filter(activity=activity).delete()
            QuizItem.objects.bulk_create(
                QuizItem(
                    activity=activity,
                    order=i,
                    kind=item["type"],
                    competency=comps[item["competency"]] if item.get("competency") else None,
                    spec={k: v for k, v in item.items() if k != "competency"},
                )
                for i, item in enumerate(act.get("quiz", []))
            )
            counts["activities"] += 1
            counts["quiz_items"] += len(act.get("quiz", []))
    for tpl in data.get("lab_templates", []):
        _import_template(
            LabTemplate,
            tpl,
            comps,
            focus_area=area,
            centre=centre,
            level=tpl["level"],
            weeks=tpl.get("weeks", 5),
            seats=tpl.get("seats", 12),
            software=tpl.get("software", ""),
        )
        counts["lab_templates"] += 1
    for tpl in data.get("masterlab_templates", []):
        _import_template(
            MasterlabTemplate,
            tpl,
            comps,
            focus_area=area,
            centre=centre,
            days=tpl.get("days", 4),
            seats=tpl.get("seats", 15),
            **_tr("guest_profile", tpl["guest_profile"]),
        )
        counts["masterlab_templates"] += 1
    return counts


def _import_template(
    model: type[LabTemplate | MasterlabTemplate],
    spec: dict[str, Any],
    comps: dict[str, Competency],
    **fields: Any,
) -> None:
    """Upsert a lab or masterlab template on its key, with its texts and the competencies of
    the package it names."""
    template, _created = model.objects.update_or_create(
        key=spec["key"],
        defaults={
            **fields,
            **_tr("title", spec["title"]),
            **_tr("description", spec["description"]),
        },
    )
    template.competencies.set([comps[k] for k in spec.get("competencies", []) if k in comps])


def _import_framework(area: FocusArea, spec: dict[str, Any]) -> dict[str, Competency]:
    """The framework's competencies by key, for the package's activities and templates.

    The first import publishes version 1. A published version is never rewritten: a package
    whose competencies differ from it (keys, order, names, descriptions or level descriptors)
    opens one draft version holding the change; importing the same change again reuses that
    draft, a different change waits until the draft is published or deleted. Activities keep
    pointing at the published rows; only a competency new in the draft links to the draft."""
    framework, _c = Framework.objects.update_or_create(
        key=spec["key"], defaults={"focus_area": area, **_tr("name", spec["name"])}
    )
    wanted = _package_grid(spec)
    published = framework.versions.filter(status=VersionStatus.PUBLISHED).first()
    if published is None:
        return _create_version(framework, spec, VersionStatus.PUBLISHED)
    if _stored_grid(published) == wanted:
        return _by_key(published)
    draft = framework.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is None:
        in_draft = _create_version(framework, spec, VersionStatus.DRAFT)
    elif _stored_grid(draft) == wanted:  # the same change imported again
        in_draft = _by_key(draft)
    else:
        raise ValidationFailed(
            f"{framework.key}: a draft version is already waiting; publish or delete it "
            "before importing another change",
            code=CatalogueError.DRAFT_WAITING,
        )
    return {**in_draft, **_by_key(published)}


def _create_version(
    framework: Framework, spec: dict[str, Any], status: VersionStatus
) -> dict[str, Competency]:
    latest = framework.versions.order_by("-number").first()
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=(latest.number + 1) if latest else 1,
        status=status,
        published_at=timezone.now() if status == VersionStatus.PUBLISHED else None,
    )
    for order, c in enumerate(spec["competencies"]):
        comp = Competency.objects.create(
            version=version,
            key=c["key"],
            order=order,
            **_tr("name", c["name"]),
            **_tr("description", c["description"]),
        )
        for lvl in c["levels"]:
            CompetencyLevel.objects.create(
                competency=comp, number=lvl["level"], **_tr("descriptor", lvl["descriptor"])
            )
    return _by_key(version)


def _by_key(version: FrameworkVersion) -> dict[str, Competency]:
    return {c.key: c for c in version.competencies.all()}


def _stored_grid(version: FrameworkVersion) -> list[tuple[Any, ...]]:
    """A version's competencies as the importer writes them, to compare with a package."""
    return [
        (
            c.key,
            c.name_fr,
            c.name_en,
            c.description_fr,
            c.description_en,
            [(lvl.number, lvl.descriptor_fr, lvl.descriptor_en) for lvl in c.levels.all()],
        )
        for c in version.competencies.order_by("order").prefetch_related("levels")
    ]


def _package_grid(spec: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            c["key"],
            *_tr("name", c["name"]).values(),
            *_tr("description", c["description"]).values(),
            sorted(
                (lvl["level"], *_tr("descriptor", lvl["descriptor"]).values())
                for lvl in c["levels"]
            ),
        )
        for c in spec["competencies"]
    ]
