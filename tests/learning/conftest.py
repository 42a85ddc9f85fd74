from __future__ import annotations

import base64
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from parcours.catalogue.importing import import_area_package
from parcours.catalogue.models import Activity, CentreFocusArea, FocusArea
from parcours.demo.builder import load_content
from tests import factories as f

# A real 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5E"
    "rkJggg=="
)
AREAS = ("programming", "music", "drawing")


def png(name: str = "poster.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def paths(world: Any, media: Any) -> Any:
    """Paris offers programming, music and drawing with their real content."""
    packages = {p["slug"]: p for p in load_content()}
    for slug in AREAS:
        import_area_package(packages[slug])
    CentreFocusArea.objects.filter(centre=world.paris).update(is_offered=False)
    for order, slug in enumerate(AREAS):
        CentreFocusArea.objects.update_or_create(
            centre=world.paris,
            focus_area=FocusArea.objects.get(slug=slug),
            defaults={"is_offered": True, "order": order},
        )
    # The Paris expert leads a programming lab: they review the centre's programming projects.
    f.lead_lab(world["paris"]["expert"], world.paris, "programming")
    return world


def first_activity(area: str, level: int = 1, kind: str | None = None) -> Any:
    qs = Activity.objects.filter(focus_area__slug=area, level=level).order_by("order")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.first()


def right_answers(activity: Any) -> dict[str, list[str]]:
    answers = {}
    for item in activity.quiz_items.all():
        spec = item.spec
        if spec["type"] in ("single", "multiple"):
            value = [str(i) for i in spec["answer"]]
        elif spec["type"] == "numeric":
            value = [str(spec["answer"])]
        else:
            value = [spec["accepted"]["fr"][0]]
        answers[str(item.uuid)] = value
    return answers


def wrong_answers(activity: Any) -> dict[str, list[str]]:
    answers = {}
    for item in activity.quiz_items.all():
        spec = item.spec
        if spec["type"] == "single":
            value = [str((spec["answer"][0] + 1) % len(spec["choices"]))]
        elif spec["type"] == "multiple":
            value = [str(i) for i in range(len(spec["choices"])) if i not in spec["answer"]][:1]
            value = value or ["0"]
        elif spec["type"] == "numeric":
            value = [str(float(spec["answer"]) + 1000)]
        else:
            value = ["certainly not this"]
        answers[str(item.uuid)] = value
    return answers


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Service messages are checked in English; pages set their own language per request."""
    with translation.override("en"):
        yield
