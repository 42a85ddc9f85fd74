"""The published catalogue is cached per centre and area (catalogue.cache, ADR 20): a student's
path costs the same number of queries whatever the size of the catalogue, the cache is read
once for all areas, and any change of the catalogue is seen at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from parcours.catalogue import cache as catalogue_cache
from parcours.catalogue.models import Activity, Competency, FocusArea, FocusAreaLevel
from parcours.engine import path as engine_path
from parcours.learning import selectors, services
from tests.conftest import Api, login
from tests.learning.conftest import AREAS, first_activity

pytestmark = pytest.mark.django_db


def _chosen(world: Any) -> tuple[Any, list[FocusArea]]:
    student = world["paris"]["student"]
    for slug in AREAS:
        services.activity_start(student=student, activity=first_activity(slug))
    areas = list(FocusArea.objects.filter(slug__in=AREAS).order_by("slug"))
    services.focus_choose(student=student, areas=areas)
    return student, areas


def _grow(factor: int) -> None:
    """More activities (with competencies and a prerequisite) in every area: the data grows,
    the number of queries must not."""
    for area in FocusArea.objects.filter(slug__in=AREAS):
        base = list(Activity.objects.filter(focus_area=area).order_by("level", "order"))
        comps = list(Competency.objects.filter(activities__focus_area=area).distinct()[:3])
        for i in range(factor):
            for a in base[:4]:
                copy = Activity.objects.create(
                    focus_area=area,
                    key=f"{a.key}-x{i}",
                    title_fr=f"{a.title_fr} {i}",
                    title_en=f"{a.title_en} {i}",
                    level=a.level,
                    order=a.order + 10 + i,
                    kind=a.kind,
                    required=False,
                    is_published=True,
                )
                copy.competencies.set(comps)
                copy.prerequisites.set([a])


def _queries(call: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx)


def _counts(student: Any, areas: list[FocusArea]) -> tuple[int, int, int]:
    catalogue_cache.changed()  # cold: nothing cached from before
    cold = _queries(lambda: selectors.area_paths(student, areas))
    warm = _queries(lambda: selectors.area_paths(student, areas))
    catalogue_cache.forget_local()  # as another process would: from the shared cache
    shared = _queries(lambda: selectors.area_paths(student, areas))
    return cold, warm, shared


def test_a_path_costs_the_same_queries_whatever_the_catalogue_size(paths):
    student, areas = _chosen(paths)
    small = _counts(student, areas)
    _grow(5)
    large = _counts(student, areas)
    assert Activity.objects.count() > 60
    assert small == large
    cold, warm, shared = large
    # warm: the stamp, progress and mastery (the entries are in this process's memory)
    assert warm == 3
    # another process: also one read of every area's entry from the shared cache
    assert shared == 4
    # cold: the shared cache read finds nothing, then per area: activities + their
    # prerequisites + competencies + levels + labs + competencies in order (6), and the
    # database cache's write of the entry (5: cull count, savepoint, lookup, insert, release);
    # once per centre and area after each change
    assert cold == shared + 11 * len(areas)


def test_the_path_endpoint_and_home_are_bounded_at_two_sizes(paths, django_assert_max_num_queries):
    student, _areas = _chosen(paths)
    api = Api(student)

    home = login(student)

    def measure() -> tuple[int, int, int]:
        assert api.get("/me/path").status_code == 200  # warms the cache
        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/me/path").status_code == 200
        assert home.get("/").status_code == 200
        with CaptureQueriesContext(connection) as page:
            assert home.get("/").status_code == 200
        return len(ctx), len(page), Activity.objects.count()

    path_small, home_small, n_small = measure()
    _grow(5)
    path_large, home_large, n_large = measure()
    assert n_large > n_small
    assert (path_small, home_small) == (path_large, home_large)
    # the goal: a student's home and path in at most ~12 queries (the session's,
    # the user's and the roles' included)
    assert path_large <= 12
    assert home_large <= 15


def test_a_change_of_the_catalogue_is_seen_at_once(paths, django_capture_on_commit_callbacks):
    student, areas = _chosen(paths)
    programming = next(a for a in areas if a.slug == "programming")
    before = selectors.area_path(student, programming)
    titles = [r.activity.title for lvl in before.levels for r in lvl.activities]
    activity = Activity.objects.filter(focus_area=programming, level=1).order_by("order").last()
    with django_capture_on_commit_callbacks(execute=True):
        Activity.objects.filter(pk=activity.pk).first().save()  # a plain save bumps too
        activity.title_en = activity.title_fr = "Un titre tout neuf"
        activity.save()
    after = selectors.area_path(student, programming)
    titles_after = [r.activity.title for lvl in after.levels for r in lvl.activities]
    assert "Un titre tout neuf" in titles_after and "Un titre tout neuf" not in titles
    # unpublishing removes it; a new competency link shows in the competencies
    with django_capture_on_commit_callbacks(execute=True):
        activity.is_published = False
        activity.save()
    gone = selectors.area_path(student, programming)
    assert activity.pk not in {r.activity.pk for lvl in gone.levels for r in lvl.activities}
    extra = Competency.objects.exclude(activities__focus_area=programming).first()
    shown = first_activity("programming")
    with django_capture_on_commit_callbacks(execute=True):
        shown.competencies.add(extra)
    with_comp = selectors.area_path(student, programming)
    assert extra.pk in {c.competency.pk for c in with_comp.competencies}


def test_cached_names_follow_the_readers_language(paths):
    student, areas = _chosen(paths)
    programming = next(a for a in areas if a.slug == "programming")
    FocusAreaLevel.objects.filter(focus_area=programming, number=1).update(
        name_fr="Débuter", name_en="Getting started"
    )
    catalogue_cache.changed()
    with translation.override("en"):
        en = selectors.area_path(student, programming)  # built and cached in English
    with translation.override("fr"):
        fr = selectors.area_path(student, programming)  # read from the cache in French
    assert en.levels[0].name == "Getting started"
    assert fr.levels[0].name == "Débuter"
    assert (
        en.levels[0].activities[0].activity.title_fr == fr.levels[0].activities[0].activity.title_fr
    )


def test_centres_do_not_share_entries(paths):
    """A centre's own activities never appear in another centre's cached path."""
    student, areas = _chosen(paths)
    programming = next(a for a in areas if a.slug == "programming")
    selectors.area_path(student, programming)  # Paris's entry is cached
    liege_only = Activity.objects.create(
        focus_area=programming,
        centre=paths.liege,
        key="liege-only",
        title_fr="Seulement à Liège",
        title_en="Liège only",
        level=1,
        order=99,
        kind=first_activity("programming").kind,
        is_published=True,
    )
    path = selectors.area_path(student, programming)
    assert liege_only.pk not in {r.activity.pk for lvl in path.levels for r in lvl.activities}


@pytest.mark.parametrize("reason", ["practise", "practise_again", "optional", "next_in_order"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_adults_read_about_the_student_not_to_them(paths, reason, language):
    """Issue 11: coach pages reused the student's wording ("the competency you master least")."""
    comp = Competency.objects.first()
    suggestion = engine_path.Suggestion(activity_id=1, reason=reason, competency_id=comp.pk)
    with translation.override(language):
        to_student = selectors._reason(suggestion, 1, [comp])
        about = selectors._reason_about(suggestion, 1, [comp])
        finished = selectors._reason_about(None, None, [comp])
    second_person = {"en": (" you ", "practise it"), "fr": (" tu ", "entraîne-toi")}[language]
    assert not any(word in f" {about} " for word in second_person)
    assert not any(word in f" {finished} " for word in second_person)
    if reason in ("practise", "practise_again"):
        assert any(word in f" {to_student} " for word in second_person)
        assert about != to_student


def test_the_coach_api_and_page_use_the_adults_wording(paths):
    student, _areas = _chosen(paths)
    coach = paths["paris"]["coach"]
    body = Api(coach).get(f"/students/{student.uuid}/path").json()
    mine = Api(student).get("/me/path").json()
    dashboard = selectors.dashboard(student)
    assert [p["reason"] for p in body] == [p.reason_about for p in dashboard.paths]
    assert [p["reason"] for p in mine] == [p.reason for p in dashboard.paths]
