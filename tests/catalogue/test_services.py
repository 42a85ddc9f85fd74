"""Catalogue writes: offers, activities and their prerequisites, framework versions."""

from __future__ import annotations

import pytest

from parcours.catalogue import services
from parcours.catalogue.errors import CatalogueError
from parcours.catalogue.models import (
    CentreFocusArea,
    Competency,
    FocusArea,
    Framework,
    FrameworkVersion,
    VersionStatus,
)
from parcours.core.errors import Conflict, Forbidden, ValidationFailed
from tests import factories as f
from tests.conftest import Api, assert_error, login


def test_offer_set_is_idempotent(world):
    manager = world["paris"]["manager"]
    area = FocusArea.objects.get(slug="music")
    for _ in range(3):
        services.offer_set(
            actor=manager,
            centre=world.paris,
            focus_area=area,
            data={"is_offered": True, "pitch_fr": "Viens composer", "pitch_en": "Come and compose"},
        )
    offers = CentreFocusArea.objects.filter(centre=world.paris, focus_area=area)
    assert offers.count() == 1
    assert offers.get().pitch_fr == "Viens composer"


def test_manager_edits_a_focus_area_offer_in_both_languages_through_the_page(world):
    client = login(world["paris"]["manager"])
    response = client.post(
        "/catalogue/centres/paris/offers/programming/",
        {
            "is_offered": "on",
            "order": "2",
            "pitch_fr": "Code ton premier jeu",
            "pitch_en": "Code your first game",
        },
    )
    assert response.status_code == 302
    offer = CentreFocusArea.objects.get(centre=world.paris, focus_area__slug="programming")
    assert (offer.pitch_fr, offer.pitch_en, offer.order) == (
        "Code ton premier jeu",
        "Code your first game",
        2,
    )


def test_choosing_the_offered_areas_keeps_switched_off_rows(world):
    client = login(world["paris"]["manager"])
    ids = list(FocusArea.objects.filter(slug__in=["music", "drawing"]).values_list("pk", flat=True))
    assert (
        client.post(
            "/catalogue/centres/paris/offers/", {"areas": [str(i) for i in ids]}
        ).status_code
        == 302
    )
    offered = set(
        CentreFocusArea.objects.filter(centre=world.paris, is_offered=True).values_list(
            "focus_area__slug", flat=True
        )
    )
    assert offered == {"music", "drawing"}
    assert CentreFocusArea.objects.filter(
        centre=world.paris, focus_area__slug="programming", is_offered=False
    ).exists()


def test_prerequisite_loops_are_refused(world):
    admin = world.admin
    a = f.activity(key="a")
    b = f.activity(key="b")
    c = f.activity(key="c")
    services.activity_update(actor=admin, activity=b, data={}, prerequisite_ids=[a.pk])
    services.activity_update(actor=admin, activity=c, data={}, prerequisite_ids=[b.pk])
    with pytest.raises(ValidationFailed) as err:
        services.activity_update(actor=admin, activity=a, data={}, prerequisite_ids=[c.pk])
    assert "prerequisites" in err.value.fields
    assert list(a.prerequisites.all()) == []
    with pytest.raises(ValidationFailed):
        services.activity_update(actor=admin, activity=a, data={}, prerequisite_ids=[a.pk])


def test_prerequisites_must_share_the_focus_area(world):
    a = f.activity(key="a")
    other = f.activity("music", key="m")
    with pytest.raises(ValidationFailed):
        services.activity_update(
            actor=world.admin, activity=a, data={}, prerequisite_ids=[other.pk]
        )


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"minutes": 2}, 422, "invalid"),
        ({"minutes": 100000}, 422, "invalid"),
        ({"level": 4}, 422, "invalid"),
        ({"kind": "movie"}, 422, "invalid"),
        ({"title_fr": ""}, 422, "invalid"),
        ({"competencies": ["no-such-competency"]}, 400, CatalogueError.UNKNOWN_COMPETENCY),
        (
            {"prerequisites": ["00000000-0000-0000-0000-000000000000"]},
            400,
            CatalogueError.UNKNOWN_ACTIVITY,
        ),
    ],
)
def test_activity_bad_input_changes_nothing(world, body, status, code):
    """The schema refuses malformed values (422); the catalogue refuses unknown names (400)."""
    own = f.activity(key="p", centre=world.paris, minutes=30)
    error = assert_error(
        Api(world["paris"]["manager"]).patch(f"/activities/{own.uuid}", body), status, code
    )
    assert set(error["fields"]) == set(body)
    own.refresh_from_db()
    assert (own.minutes, own.level, own.kind, own.title_fr) == (30, 1, "tutorial", "Activité p")


def test_a_prerequisite_of_another_centre_is_unknown_not_hinted(world):
    own = f.activity(key="p", centre=world.paris)
    theirs = f.activity(key="l", centre=world.liege)
    response = Api(world["paris"]["manager"]).patch(
        f"/activities/{own.uuid}", {"prerequisites": [str(theirs.uuid)]}
    )
    assert_error(response, 400, CatalogueError.UNKNOWN_ACTIVITY)
    assert list(own.prerequisites.all()) == []


def test_activity_page_form_shows_errors(world):
    own = f.activity(key="p", centre=world.paris)
    client = login(world["paris"]["manager"])
    response = client.post(
        f"/catalogue/activities/{own.uuid}/edit/",
        {
            "title_fr": "",
            "title_en": "X",
            "level": "9",
            "kind": "tutorial",
            "minutes": "30",
            "order": "1",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    own.refresh_from_db()
    assert own.title_fr == "Activité p"


def test_new_framework_version_never_rewrites_the_published_one(world):
    admin = world.admin
    framework = Framework.objects.get(key="ai-grid-cnc-afdas")
    v1 = framework.versions.get(number=1)
    v1_level = v1.competencies.get(key="ai-technical").levels.get(number=1)
    draft = services.framework_draft_version(actor=admin, framework=framework)
    again = services.framework_draft_version(actor=admin, framework=framework)
    assert draft.pk == again.pk and draft.number == 2
    assert draft.competencies.count() == v1.competencies.count() == 6
    draft_level = draft.competencies.get(key="ai-technical").levels.get(number=1)
    services.competency_level_update(
        actor=admin, level=draft_level, descriptor_fr="Nouveau", descriptor_en="New"
    )
    with pytest.raises(Conflict):
        services.competency_level_update(
            actor=admin, level=v1_level, descriptor_fr="x", descriptor_en="x"
        )
    services.framework_publish_version(actor=admin, version=draft, notes="Clearer wording")
    services.framework_publish_version(actor=admin, version=draft)  # a repeat changes nothing
    v1.refresh_from_db()
    v1_level.refresh_from_db()
    assert v1.status == VersionStatus.RETIRED
    assert v1_level.descriptor_en.startswith("Presentation of the features")
    assert (
        FrameworkVersion.objects.filter(framework=framework, status=VersionStatus.PUBLISHED)
        .get()
        .number
        == 2
    )
    assert Competency.objects.filter(version__framework=framework).count() == 12


def test_framework_changes_are_refused_to_managers(world):
    framework = Framework.objects.get(key="ai-grid-cnc-afdas")
    with pytest.raises(Forbidden):
        services.framework_draft_version(actor=world["paris"]["manager"], framework=framework)


def test_the_framework_page_shows_the_version_asked_for_and_refuses_an_unknown_one(world):
    framework = Framework.objects.get(key="ai-grid-cnc-afdas")
    draft = services.framework_draft_version(actor=world.admin, framework=framework)
    client = login(world["paris"]["manager"])
    url = f"/catalogue/frameworks/{framework.key}/"
    shown = client.get(url, HTTP_ACCEPT_LANGUAGE="en").context["shown"]
    assert shown.status == VersionStatus.PUBLISHED  # the published one by default
    assert client.get(f"{url}?v={draft.number}").context["shown"] == draft
    assert client.get(f"{url}?v=99").status_code == 404
    assert_error(Api(world["paris"]["manager"]).get(f"/frameworks/{framework.key}?version=99"), 404)
    body = Api(world["paris"]["manager"]).get(f"/frameworks/{framework.key}").json()
    assert body["version"] == 1 and [v["number"] for v in body["versions"]] == [2, 1]
    assert len(body["competencies"]) == 6 and len(body["competencies"][0]["levels"]) == 3


def test_pages_and_api_read_in_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    """The reads moved out of the views and the API into selectors cost no more queries than
    before the move (figures measured then, session and middleware included)."""
    activity = f.activity(key="a1", centre=world.paris)
    f.lab_template(key="l1", centre=world.paris)
    manager = world["paris"]["manager"]
    client, api = login(manager), Api(manager)
    client.get("/catalogue/")
    api.get("/focus-areas")
    pages = [
        ("/catalogue/", 9),
        ("/catalogue/programming/", 14),
        ("/catalogue/frameworks/ai-grid-cnc-afdas/", 9),
        ("/catalogue/centres/paris/offers/programming/", 8),
    ]
    for url, most in pages:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200, url
    answers = [
        ("/activities?limit=50", 7),
        ("/lab-templates", 7),
        ("/frameworks/ai-grid-cnc-afdas", 9),
        (f"/activities/{activity.uuid}", 10),
    ]
    for url, most in answers:
        with django_assert_max_num_queries(most):
            assert api.get(url).status_code == 200, url


def test_a_quiz_draw_and_its_explanations_are_catalogue_settings(world):
    """Issue 11: how many questions a try draws and after how many wrong answers an item's
    explanation shows are set per quiz, in the API and the form; out of range changes nothing."""
    own = f.activity(key="q", centre=world.paris, kind="quiz")
    api = Api(world["paris"]["manager"])
    body = api.patch(f"/activities/{own.uuid}", {"quiz_draw": 4, "quiz_reveal_after": 2}).json()
    assert (body["quiz_draw"], body["quiz_reveal_after"]) == (4, 2)
    for bad in ({"quiz_draw": -1}, {"quiz_draw": 51}, {"quiz_reveal_after": 21}):
        assert set(assert_error(api.patch(f"/activities/{own.uuid}", bad), 422)["fields"]) == set(
            bad
        )
    client = login(world["paris"]["manager"])
    form = {"title_fr": "Q", "title_en": "Q", "level": "1", "kind": "quiz", "minutes": "30"}
    form["order"] = "1"
    assert client.post(f"/catalogue/activities/{own.uuid}/edit/", form).status_code == 302
    own.refresh_from_db()
    assert (own.quiz_draw, own.quiz_reveal_after) == (4, 2)  # left empty: kept
    form |= {"quiz_draw": "99"}
    assert client.post(f"/catalogue/activities/{own.uuid}/edit/", form).status_code == 400
    form |= {"quiz_draw": "0", "quiz_reveal_after": "0"}
    assert client.post(f"/catalogue/activities/{own.uuid}/edit/", form).status_code == 302
    own.refresh_from_db()
    assert (own.quiz_draw, own.quiz_reveal_after) == (0, 0)
