"""Who sees and edits the catalogue: shared rows, a centre's own rows, drafts, offers."""

from __future__ import annotations

import pytest

from parcours.catalogue.models import Activity, CentreFocusArea, FocusArea, MasterlabTemplate
from tests import factories as f
from tests.conftest import Api, assert_error, login

ROLES = ["manager", "coach", "expert", "guardian", "student"]


@pytest.fixture
def items(world):
    return {
        "shared": f.activity(key="shared-1"),
        "paris": f.activity(key="paris-own", centre=world.paris),
        "liege": f.activity(key="liege-own", centre=world.liege),
        "paris_draft": f.activity(key="paris-draft", centre=world.paris, published=False),
    }


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_shared_and_own_centre_only(world, items, role):
    user = world["paris"][role]
    keys = {a["key"] for a in Api(user).get("/activities?limit=500").json()["items"]}
    expected = {"shared-1", "paris-own"}
    if role in ("manager", "coach", "expert"):
        expected.add("paris-draft")  # staff see their centre's drafts
    assert keys == expected
    page = login(user).get("/catalogue/programming/").content.decode()
    assert "Activity liege-own" not in page and "Activité liege-own" not in page


@pytest.mark.parametrize("role", ROLES)
def test_detail_of_another_centres_item_is_refused(world, items, role):
    user = world["paris"][role]
    uuid = items["liege"].uuid
    assert_error(Api(user).get(f"/activities/{uuid}"), 404, "not_found")
    assert login(user).get(f"/catalogue/activities/{uuid}/").status_code == 404


@pytest.mark.parametrize("role", ["guardian", "student"])
def test_families_do_not_see_drafts(world, items, role):
    user = world["paris"][role]
    assert_error(Api(user).get(f"/activities/{items['paris_draft'].uuid}"), 404)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_centre_manager_edits_its_own_items(world, items, role):
    user = world["paris"][role]
    own = items["paris"]
    response = Api(user).patch(f"/activities/{own.uuid}", {"title_fr": "Nouveau titre"})
    if role == "manager":
        assert response.status_code == 200, response.content
        assert response.json()["title_fr"] == "Nouveau titre"
    else:
        assert_error(response, 403, "forbidden")
        assert login(user).get(f"/catalogue/activities/{own.uuid}/edit/").status_code == 403
        own.refresh_from_db()
        assert own.title_fr == "Activité paris-own"


def test_managers_cannot_edit_network_shared_items_but_admins_can(world, items):
    shared = items["shared"]
    assert_error(
        Api(world["paris"]["manager"]).patch(f"/activities/{shared.uuid}", {"minutes": 45}), 403
    )
    response = Api(world.admin).patch(f"/activities/{shared.uuid}", {"minutes": 45})
    assert response.status_code == 200 and response.json()["minutes"] == 45


def test_manager_creates_items_for_own_centre_only(world, items):
    api = Api(world["paris"]["manager"])
    body = {
        "key": "paris-new",
        "focus_area": "programming",
        "title_fr": "Boucles",
        "title_en": "Loops",
        "level": 1,
        "kind": "tutorial",
    }
    assert_error(api.post("/activities", {**body, "centre": "liege"}), 404)
    assert_error(api.post("/activities", body), 403)  # no centre: network-shared
    response = api.post("/activities", {**body, "centre": "paris"})
    assert response.status_code == 201, response.content
    created = Activity.objects.get(key="paris-new")
    assert created.centre == world.paris and created.title_fr == "Boucles"
    # Posting the same again doubles nothing.
    assert_error(api.post("/activities", {**body, "centre": "paris"}), 400, "key_taken")
    assert Activity.objects.filter(key="paris-new").count() == 1


@pytest.mark.parametrize("role", ["guardian", "student"])
def test_families_see_only_offered_areas(world, role):
    offers = Api(world["paris"][role]).get("/centres/paris/offers").json()
    assert [o["focus_area"] for o in offers] == ["programming"]


def test_staff_see_areas_switched_off(world):
    offers = Api(world["paris"]["coach"]).get("/centres/paris/offers").json()
    assert sorted(o["focus_area"] for o in offers) == ["programming", "robotics"]


@pytest.mark.parametrize("role", ["coach", "expert", "guardian", "student"])
def test_only_managers_change_the_offer(world, role):
    response = Api(world["paris"][role]).put("/centres/paris/offers/robotics", {"is_offered": True})
    assert_error(response, 403, "forbidden")
    assert not CentreFocusArea.objects.get(
        centre=world.paris, focus_area__slug="robotics"
    ).is_offered


def test_another_centres_offer_is_out_of_reach(world):
    response = Api(world["paris"]["manager"]).put(
        "/centres/liege/offers/robotics", {"is_offered": True}
    )
    assert_error(response, 404)


def test_framework_versions_are_for_network_admins(world):
    key = "ai-grid-cnc-afdas"
    assert_error(Api(world["paris"]["manager"]).post(f"/frameworks/{key}/draft"), 403)
    response = Api(world.admin).post(f"/frameworks/{key}/draft")
    assert response.status_code == 200 and response.json()["status"] == "draft"


def test_anonymous_sees_nothing(world, items):
    assert_error(Api(None).get("/activities"), 401)
    assert_error(Api(None).get("/focus-areas"), 401)
    assert login(None).get("/catalogue/").status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_lab_templates_edited_by_their_owner_only(world, role):
    own = f.lab_template(key="paris-lab", centre=world.paris)
    shared = f.lab_template(key="shared-lab")
    user = world["paris"][role]
    client, api = login(user), Api(user)
    page = client.post(
        f"/catalogue/lab-templates/{own.uuid}/edit/",
        {
            "title_fr": "Lab vidéo",
            "title_en": "Video lab",
            "level": "2",
            "weeks": "5",
            "seats": "10",
            "software": "Kdenlive",
        },
    )
    if role == "manager":
        assert page.status_code == 302
        own.refresh_from_db()
        assert (own.title_en, own.level, own.seats) == ("Video lab", 2, 10)
        html = client.get("/catalogue/programming/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert f"/catalogue/lab-templates/{own.uuid}/edit/" in html
        assert f"/catalogue/lab-templates/{shared.uuid}/edit/" not in html
    else:
        assert page.status_code == 403
        assert_error(api.patch(f"/lab-templates/{own.uuid}", {"seats": 3}), 403)
    assert_error(api.patch(f"/lab-templates/{shared.uuid}", {"seats": 3}), 403)
    assert client.get(f"/catalogue/lab-templates/{shared.uuid}/edit/").status_code == 403
    shared.refresh_from_db()
    assert shared.seats == 12


@pytest.mark.parametrize(
    "body", [{"seats": 0}, {"seats": 41}, {"weeks": 13}, {"level": 0}, {"title_fr": ""}]
)
def test_lab_template_bad_input_is_refused(world, body):
    own = f.lab_template(key="paris-lab", centre=world.paris)
    response = Api(world["paris"]["manager"]).patch(f"/lab-templates/{own.uuid}", body)
    assert set(assert_error(response, 422, "invalid")["fields"]) == set(body)
    own.refresh_from_db()
    assert (own.seats, own.weeks, own.level) == (12, 5, 1)


def masterlab_template(*, key: str, centre) -> MasterlabTemplate:
    return MasterlabTemplate.objects.create(
        focus_area=FocusArea.objects.get(slug="programming"),
        centre=centre,
        key=key,
        title_fr=f"Masterlab {key}",
        title_en=f"Masterlab {key}",
        guest_profile_fr="Une développeuse",
        guest_profile_en="A developer",
    )


@pytest.mark.parametrize(
    ("kind", "make", "title"),
    [
        ("lab", f.lab_template, "Modifier le modèle de lab"),
        ("masterlab", masterlab_template, "Modifier le modèle de masterlab"),
    ],
)
def test_template_edit_pages_speak_french(world, kind, make, title):
    template = make(key=f"paris-{kind}", centre=world.paris)
    page = login(world["paris"]["manager"]).get(
        f"/catalogue/{kind}-templates/{template.uuid}/edit/", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert page.status_code == 200 and title in page.content.decode()
