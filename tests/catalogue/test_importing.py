"""Content packages: the shipped demo content is valid, and importing twice doubles nothing."""

from __future__ import annotations

import pytest

from parcours.catalogue.importing import import_area_package, validate_package
from parcours.catalogue.models import Activity, FocusArea, LabTemplate, QuizItem
from parcours.core.errors import ValidationFailed
from parcours.demo.builder import load_content

PACKAGES = load_content()


def test_every_area_of_the_panel_has_a_content_package():
    assert sorted(p["slug"] for p in PACKAGES) == sorted(
        [
            "programming",
            "animation",
            "video-games",
            "graphic-design",
            "filmmaking",
            "robotics",
            "music",
            "3d-modelling",
            "drawing",
            "photography",
            "motion-graphics",
            "generative-ai",
        ]
    )


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p["slug"])
def test_package_is_valid_and_follows_the_product_rules(package):
    assert validate_package(package) == []
    assert [lvl["level"] for lvl in package["levels"]] == [1, 2, 3]
    for level in package["levels"]:
        acts = level["activities"]
        assert len(acts) >= 5
        assert sum(a["required"] for a in acts) >= 4
        assert acts[-1]["kind"] == "project"
        assert any(a["kind"] == "quiz" for a in acts)
        for a in acts:
            for lang in ("fr", "en"):
                assert len(a["instructions"][lang].split()) >= 60, a["key"]
                assert "lorem" not in a["instructions"][lang].lower()
    assert sorted(t["level"] for t in package["lab_templates"]) == [1, 2, 3]


@pytest.mark.django_db
def test_importing_twice_doubles_nothing():
    package = next(p for p in PACKAGES if p["slug"] == "robotics")
    first = import_area_package(package)
    second = import_area_package(package)
    assert first == second
    area = FocusArea.objects.get(slug="robotics")
    assert Activity.objects.filter(focus_area=area).count() == first["activities"] == 18
    assert QuizItem.objects.filter(activity__focus_area=area).count() == first["quiz_items"]
    assert LabTemplate.objects.filter(focus_area=area).count() == 3
    assert area.frameworks.get().versions.count() == 1


@pytest.mark.django_db
def test_a_broken_package_is_refused_whole():
    package = {**PACKAGES[0], "slug": "broken"}
    levels = [dict(lvl) for lvl in package["levels"]]
    bad = dict(levels[0]["activities"][1])
    bad["prerequisites"] = ["does-not-exist"]
    levels[0] = {**levels[0], "activities": [levels[0]["activities"][0], bad]}
    with pytest.raises(ValidationFailed):
        import_area_package({**package, "levels": levels})
    assert not FocusArea.objects.filter(slug="broken").exists()


@pytest.mark.django_db
def test_a_changed_framework_becomes_a_draft_once_and_the_published_version_stays():
    """Re-importing a package whose competencies changed never rewrites the published
    version (activities keep pointing at it): the change becomes one draft version, and
    importing the same change again doubles nothing."""
    import copy

    from parcours.catalogue.models import VersionStatus

    package = copy.deepcopy(next(p for p in PACKAGES if p["slug"] == "robotics"))
    import_area_package(package)
    framework = FocusArea.objects.get(slug="robotics").frameworks.get()
    published = framework.versions.get(status=VersionStatus.PUBLISHED)
    before = list(published.competencies.values_list("key", flat=True))
    spec = package["framework"]
    extra = copy.deepcopy(spec["competencies"][0])
    extra["key"] = "robotics-new-skill"
    spec["competencies"].append(extra)
    import_area_package(package)
    import_area_package(package)
    drafts = framework.versions.filter(status=VersionStatus.DRAFT)
    assert drafts.count() == 1
    draft = drafts.get()
    assert draft.number == published.number + 1 and draft.published_at is None
    assert list(draft.competencies.order_by("order").values_list("key", flat=True)) == [
        *before,
        "robotics-new-skill",
    ]
    published.refresh_from_db()
    assert published.status == VersionStatus.PUBLISHED
    assert list(published.competencies.values_list("key", flat=True)) == before
    area = FocusArea.objects.get(slug="robotics")
    used = set(
        Activity.objects.filter(focus_area=area).values_list("competencies__version_id", flat=True)
    ) - {None}
    assert used == {published.pk}


@pytest.mark.django_db
def test_a_second_different_change_waits_for_the_draft():
    import copy

    package = copy.deepcopy(next(p for p in PACKAGES if p["slug"] == "robotics"))
    import_area_package(package)
    competencies = package["framework"]["competencies"]
    competencies.append({**copy.deepcopy(competencies[0]), "key": "robotics-one"})
    import_area_package(package)
    competencies.append({**copy.deepcopy(competencies[0]), "key": "robotics-two"})
    with pytest.raises(ValidationFailed, match="draft version is already waiting"):
        import_area_package(package)
    framework = FocusArea.objects.get(slug="robotics").frameworks.get()
    assert framework.versions.count() == 2
