"""Content packages: the shipped demo content is valid, and importing twice doubles nothing."""

from __future__ import annotations

import copy

import pytest

from parcours.catalogue.choices import VersionStatus
from parcours.catalogue.errors import CatalogueError
from parcours.catalogue.importing import import_area_package, validate_package
from parcours.catalogue.models import Activity, Competency, FocusArea, LabTemplate, QuizItem
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
            if a["kind"] == "quiz":  # a bank: each try draws from more items than it asks
                assert 0 < a["draw"] < len(a["quiz"]), a["key"]
                checked = [item["competency"] for item in a["quiz"]]
                assert set(checked) == set(a["competencies"]), a["key"]  # each one checked
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
    package = copy.deepcopy(next(p for p in PACKAGES if p["slug"] == "robotics"))
    import_area_package(package)
    competencies = package["framework"]["competencies"]
    competencies.append({**copy.deepcopy(competencies[0]), "key": "robotics-one"})
    import_area_package(package)
    competencies.append({**copy.deepcopy(competencies[0]), "key": "robotics-two"})
    with pytest.raises(ValidationFailed, match="draft version is already waiting") as refused:
        import_area_package(package)
    assert refused.value.code == CatalogueError.DRAFT_WAITING
    framework = FocusArea.objects.get(slug="robotics").frameworks.get()
    assert framework.versions.count() == 2


def robotics() -> dict:
    return copy.deepcopy(next(p for p in PACKAGES if p["slug"] == "robotics"))


@pytest.mark.django_db
def test_a_corrected_competency_text_opens_a_draft_and_the_published_text_stays():
    """Same keys, a corrected descriptor: the correction is not lost (it waits in a draft
    version) and what students earned keeps its published wording."""
    package = robotics()
    import_area_package(package)
    framework = FocusArea.objects.get(slug="robotics").frameworks.get()
    published = framework.versions.get(status=VersionStatus.PUBLISHED)
    competency = package["framework"]["competencies"][0]
    before = competency["levels"][0]["descriptor"]["en"]
    competency["levels"][0]["descriptor"] = {"fr": "Texte corrigé", "en": "Corrected text"}
    import_area_package(package)
    import_area_package(package)
    draft = framework.versions.get(status=VersionStatus.DRAFT)
    key = competency["key"]
    corrected = Competency.objects.get(version=draft, key=key).levels.get(number=1)
    assert corrected.descriptor_en == "Corrected text"
    stored = Competency.objects.get(version=published, key=key).levels.get(number=1)
    assert stored.descriptor_en == before
    used = set(
        Activity.objects.filter(focus_area__slug="robotics").values_list(
            "competencies__version_id", flat=True
        )
    ) - {None}
    assert used == {published.pk}


@pytest.mark.django_db
def test_an_activity_citing_a_competency_new_in_the_draft_links_to_the_draft_row():
    package = robotics()
    import_area_package(package)
    framework = FocusArea.objects.get(slug="robotics").frameworks.get()
    spec = package["framework"]
    spec["competencies"].append({**copy.deepcopy(spec["competencies"][0]), "key": "robotics-new"})
    activity = package["levels"][0]["activities"][0]
    activity["competencies"] = [spec["competencies"][0]["key"], "robotics-new"]
    import_area_package(package)
    draft = framework.versions.get(status=VersionStatus.DRAFT)
    published = framework.versions.get(status=VersionStatus.PUBLISHED)
    links = {
        c.key: c.version_id for c in Activity.objects.get(key=activity["key"]).competencies.all()
    }
    assert links == {spec["competencies"][0]["key"]: published.pk, "robotics-new": draft.pk}


def test_a_quiz_item_checks_one_of_its_activity_competencies():
    package = copy.deepcopy(next(p for p in PACKAGES if p["slug"] == "music"))
    quiz = next(a for lvl in package["levels"] for a in lvl["activities"] if a["kind"] == "quiz")
    quiz["quiz"][0]["competency"] = "music-mixing"  # a competency of the area, not of the quiz
    quiz["draw"] = 99
    problems = validate_package(package)
    assert any("checks music-mixing" in p for p in problems)
    assert any("draw is not a number" in p for p in problems)


@pytest.mark.django_db
def test_imported_items_know_the_competency_they_check():
    package = next(p for p in PACKAGES if p["slug"] == "music")
    import_area_package(package)
    items = QuizItem.objects.filter(activity__focus_area__slug="music")
    assert items.exists() and not items.filter(competency__isnull=True).exists()
    assert all("competency" not in item.spec for item in items)  # a column, not in the spec
    assert Activity.objects.get(key="music-1-05").quiz_draw == 4
