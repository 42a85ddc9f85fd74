from __future__ import annotations

import base64
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from parcours.catalogue.importing import import_area_package
from parcours.catalogue.models import Activity, CentreFocusArea, FocusArea
from parcours.demo.builder import load_content
from parcours.learning import services
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


def _shown(sitting: Any) -> dict[int, list[int]]:
    """Item id -> the order of its choices in the sitting (position -> spec index)."""
    return {entry["item"]: entry["order"] for entry in sitting.items}


def _items(activity: Any, sitting: Any) -> list[tuple[Any, list[int]]]:
    """The sitting's items with their choices' order; without a sitting, every item as in
    its spec (answers an API client would send without having drawn one)."""
    if sitting is None:
        return [(i, list(range(len(i.spec.get("choices", []))))) for i in activity.quiz_items.all()]
    order = _shown(sitting)
    return [(i, order[i.pk]) for i in activity.quiz_items.all() if i.pk in order]


def right_answers(activity: Any, sitting: Any = None) -> dict[str, list[str]]:
    """The right answers to the sitting's items, choices by their place as shown."""
    answers = {}
    for item, order in _items(activity, sitting):
        spec = item.spec
        if spec["type"] in ("single", "multiple"):
            value = [str(order.index(i)) for i in spec["answer"]]
        elif spec["type"] == "numeric":
            value = [str(spec["answer"])]
        else:
            value = [spec["accepted"]["fr"][0]]
        answers[str(item.uuid)] = value
    return answers


def wrong_answers(activity: Any, sitting: Any = None) -> dict[str, list[str]]:
    answers = {}
    for item, order in _items(activity, sitting):
        spec = item.spec
        if spec["type"] == "single":
            value = [str(order.index((spec["answer"][0] + 1) % len(spec["choices"])))]
        elif spec["type"] == "multiple":
            value = [
                str(order.index(i)) for i in range(len(spec["choices"])) if i not in spec["answer"]
            ][:1]
            value = value or ["0"]
        elif spec["type"] == "numeric":
            value = [str(float(spec["answer"]) + 1000)]
        else:
            value = ["certainly not this"]
        answers[str(item.uuid)] = value
    return answers


def take(student: Any, quiz: Any, *, right: bool = True, sitting: Any = None) -> Any:
    """Open (or reuse) the student's sitting of ``quiz`` and send it, all right or all wrong."""
    sitting = sitting or services.quiz_sitting_open(student=student, activity=quiz)
    answers = (right_answers if right else wrong_answers)(quiz, sitting)
    return services.quiz_submit(
        student=student, activity=quiz, answers=answers, sitting=sitting.uuid
    )


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Service messages are checked in English; pages set their own language per request."""
    with translation.override("en"):
        yield
