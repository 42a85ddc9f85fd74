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
    VersionStatus,
)
from parcours.centres.models import Centre
from parcours.core.errors import ValidationFailed

LANGS = ("fr", "en")


def _tr(name: str, texts: Any) -> dict[str, str]:
    if not isinstance(texts, dict) or not all(texts.get(lang) for lang in LANGS):
        raise ValidationFailed(f"{name}: a text needs both 'fr' and 'en'")
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
                if act["kind"] not in ("tutorial", "quiz", "project"):
                    problems.append(f"{act['key']}: unknown kind {act['kind']}")
                for c in act.get("competencies", []):
                    if c not in comp_keys:
                        problems.append(f"{act['key']}: unknown competency {c}")
                for p in act.get("prerequisites", []):
                    if p not in act_keys[:-1]:
                        problems.append(f"{act['key']}: prerequisite {p} is not an earlier one")
                for item in act.get("quiz", []):
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
        raise ValidationFailed("; ".join(problems[:10]))
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
                QuizItem(activity=activity, order=i, kind=item["type"], spec=item)
                for i, item in enumerate(act.get("quiz", []))
            )
            counts["activities"] += 1
            counts["quiz_items"] += len(act.get("quiz", []))
    for tpl in data.get("lab_templates", []):
        lab, _c = LabTemplate.objects.update_or_create(
            key=tpl["key"],
            defaults={
                "focus_area": area,
                "centre": centre,
                "level": tpl["level"],
                "weeks": tpl.get("weeks", 5),
                "seats": tpl.get("seats", 12),
                "software": tpl.get("software", ""),
                **_tr("title", tpl["title"]),
                **_tr("description", tpl["description"]),
            },
        )
        lab.competencies.set([comps[k] for k in tpl.get("competencies", []) if k in comps])
        counts["lab_templates"] += 1
    for tpl in data.get("masterlab_templates", []):
        ml, _c = MasterlabTemplate.objects.update_or_create(
            key=tpl["key"],
            defaults={
                "focus_area": area,
                "centre": centre,
                "days": tpl.get("days", 4),
                "seats": tpl.get("seats", 15),
                **_tr("title", tpl["title"]),
                **_tr("description", tpl["description"]),
                **_tr("guest_profile", tpl["guest_profile"]),
            },
        )
        ml.competencies.set([comps[k] for k in tpl.get("competencies", []) if k in comps])
        counts["masterlab_templates"] += 1
    return counts


def _import_framework(area: FocusArea, spec: dict[str, Any]) -> dict[str, Competency]:
    framework, _c = Framework.objects.update_or_create(
        key=spec["key"], defaults={"focus_area": area, **_tr("name", spec["name"])}
    )
    published = framework.versions.filter(status=VersionStatus.PUBLISHED).first()
    wanted = [c["key"] for c in spec["competencies"]]
    if published is not None:
        existing = list(published.competencies.order_by("order").values_list("key", flat=True))
        if existing == wanted:
            return {c.key: c for c in published.competencies.all()}
    latest = framework.versions.order_by("-number").first()
    draft = framework.versions.filter(status=VersionStatus.DRAFT).order_by("-number").first()
    if published is not None and draft is not None:
        if list(draft.competencies.order_by("order").values_list("key", flat=True)) != wanted:
            raise ValidationFailed(
                f"{framework.key}: a draft version is already waiting; publish or delete it "
                "before importing another change"
            )
        # The same change imported again: the draft already holds it.
        published_keys = {c.key for c in published.competencies.all()}
        return {c.key: c for c in published.competencies.all()} | {
            c.key: c for c in draft.competencies.all() if c.key not in published_keys
        }
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=(latest.number + 1) if latest else 1,
        status=VersionStatus.DRAFT if published else VersionStatus.PUBLISHED,
        published_at=None if published else timezone.now(),
    )
    comps: dict[str, Competency] = {}
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
        comps[c["key"]] = comp
    if published is not None:  # activities keep pointing at the published version
        return {c.key: c for c in published.competencies.all()} | {
            k: v for k, v in comps.items() if k not in {c.key for c in published.competencies.all()}
        }
    return comps
