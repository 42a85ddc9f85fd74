"""Idempotent loading of the shipped panel and AI grid; usable with historical models."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from parcours.catalogue.seed_data import AI_GRID, AI_GRID_LEVELS, FOCUS_AREAS


def _tr(prefix: str, texts: Any) -> dict[str, str]:
    return {f"{prefix}_fr": texts["fr"], f"{prefix}_en": texts["en"], prefix: texts["fr"]}


def load_shipped_catalogue(apps: Any) -> None:
    """Create or update the 12 focus areas and the AI grid (version 1, published).

    ``apps`` is a migration's app registry or ``django.apps.apps``.
    """
    focus_area = apps.get_model("catalogue", "FocusArea")
    framework = apps.get_model("catalogue", "Framework")
    version = apps.get_model("catalogue", "FrameworkVersion")
    competency = apps.get_model("catalogue", "Competency")
    level = apps.get_model("catalogue", "CompetencyLevel")

    for area in FOCUS_AREAS:
        focus_area.objects.update_or_create(
            slug=area["slug"],
            defaults={
                "order": area["order"],
                "colour": area["colour"],
                **_tr("name", area["name"]),
                **_tr("description", area["description"]),
            },
        )

    fw, _created = framework.objects.update_or_create(
        key=AI_GRID["key"],
        defaults={
            "source": AI_GRID["source"],
            "focus_area": None,
            **_tr("name", AI_GRID["name"]),
            **_tr("description", AI_GRID["description"]),
        },
    )
    v1, created = version.objects.get_or_create(
        framework=fw,
        number=1,
        defaults={"status": "published", "published_at": timezone.now(), "notes": ""},
    )
    if not created:
        return  # a published version is never rewritten
    competencies: list[dict[str, Any]] = AI_GRID["competencies"]  # type: ignore[assignment]
    for order, comp in enumerate(competencies):
        c = competency.objects.create(
            version=v1,
            key=comp["key"],
            order=order,
            **_tr("name", comp["name"]),
            description="",
        )
        for lvl, text in zip(AI_GRID_LEVELS, comp["levels"], strict=True):
            level.objects.create(
                competency=c,
                number=lvl["number"],
                **_tr("name", lvl["name"]),
                **_tr("descriptor", text),
            )
