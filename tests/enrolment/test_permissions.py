"""Per role: who sees and decides which enrolments, in lists and details, pages and API.

A Paris request is made by a new family (their guardian is linked to it), plus the world's
Paris student, enrolled by the world's Paris guardian. Roles: student, guardian, coach,
expert, manager of another centre, network admin (and the Paris manager for reference)."""

from __future__ import annotations

import pytest
from tests.conftest import Api, assert_error, login
from tests.enrolment.conftest import consent_for, pre_register

from parcours.enrolment import services
from parcours.enrolment.models import Enrolment, EnrolmentStatus, Submitter


@pytest.fixture
def requests(world, slots, texts):
    """A new family's request, and the world's Paris student's registration."""
    new = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    consent_for(new)
    student = world["paris"]["student"]
    own = Enrolment.objects.create(
        centre=world.paris,
        student=student,
        guardian=world["paris"]["guardian"],
        school_year=new.school_year,
        status=EnrolmentStatus.REGISTERED,
        slot=slots["saturday"],
        preferred_slot=slots["saturday"],
        submitted_by=Submitter.GUARDIAN,
        request_key="k-own",
        person_key="p-own",
    )
    other = Enrolment.objects.create(
        centre=world.liege,
        student=world["liege"]["student"],
        guardian=world["liege"]["guardian"],
        school_year=new.school_year,
        status=EnrolmentStatus.REGISTERED,
        slot=slots["liege"],
        submitted_by=Submitter.GUARDIAN,
        request_key="k-liege",
        person_key="p-liege",
    )
    return {"new": new, "own": own, "liege": other}


# who -> (uuids listed for Paris by the API, which requests' details they see)
EXPECTED = {
    "manager": ({"new", "own"}, {"new", "own"}),
    "liege_manager": (None, {"liege"}),  # None: Paris is not theirs (404)
    "admin": ({"new", "own"}, {"new", "own", "liege"}),
    "coach": (set(), set()),
    "expert": (set(), set()),
    "guardian": ({"own"}, {"own"}),
    "student": ({"own"}, {"own"}),
    "other_student": (set(), set()),
}


def _user(world, who):
    if who == "liege_manager":
        return world["liege"]["manager"]
    if who == "admin":
        return world.admin
    return world["paris"][who]


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_lists_and_details_refuse_the_same_things(world, requests, who):
    user = _user(world, who)
    listed, detailed = EXPECTED[who]
    api = Api(user)
    response = api.get("/centres/paris/enrolments")
    if listed is None:
        assert_error(response, 404, "not_found")
    else:
        uuids = {i["uuid"] for i in response.json()["items"]}
        assert uuids == {str(requests[k].uuid) for k in listed}
    client = login(user)
    for key, e in requests.items():
        visible = key in detailed
        response = api.get(f"/enrolments/{e.uuid}")
        page = client.get(f"/enrol/requests/{e.uuid}/")
        if visible:
            assert response.status_code == 200 and response.json()["uuid"] == str(e.uuid)
            assert page.status_code == 200
        else:
            assert_error(response, 404, "not_found")
            assert page.status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("manager", 200),
        ("admin", 200),
        ("liege_manager", 404),
        ("coach", 403),
        ("expert", 403),
        ("guardian", 403),
        ("student", 403),
    ],
)
def test_only_managers_and_admins_open_the_review_page(world, requests, who, status):
    response = login(_user(world, who)).get("/enrol/review/paris/")
    assert response.status_code == status
    if status == 200:
        assert str(requests["new"].uuid) in response.content.decode()
        assert str(requests["liege"].uuid) not in response.content.decode()


def test_anonymous_is_sent_to_sign_in_and_gets_401(world, requests):
    response = login(None).get("/enrol/review/paris/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = login(None).get(f"/enrol/requests/{requests['new'].uuid}/")
    assert response.status_code == 302
    api = Api(None)
    assert_error(api.get("/centres/paris/enrolments"), 401, "unauthenticated")
    assert_error(api.get(f"/enrolments/{requests['new'].uuid}"), 401, "unauthenticated")
    assert_error(api.get("/me/enrolments"), 401, "unauthenticated")
    assert_error(api.post(f"/enrolments/{requests['new'].uuid}/register"), 401)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("liege_manager", 404),
        ("coach", 404),
        ("expert", 404),
        ("other_student", 404),
        ("family", 403),  # the request's own guardian: sees it, cannot decide
    ],
)
def test_decisions_are_refused_in_pages_and_api_and_change_nothing(world, requests, who, status):
    e = requests["new"]
    if who == "family":
        user = e.guardian
        user.is_active = True  # as once the family's account is open
        user.save()
    else:
        user = _user(world, who)
    api = Api(user)
    client = login(user)
    for action, body in (("register", {}), ("refuse", {"reason": "no"}), ("withdraw", {})):
        assert_error(api.post(f"/enrolments/{e.uuid}/{action}", body), status)
        assert client.post(f"/enrol/requests/{e.uuid}/{action}/", body).status_code == status
    for action in ("resend-consent", "resend-sign-in"):
        assert client.post(f"/enrol/requests/{e.uuid}/{action}/").status_code == status
    bulk = {"action": "register", "uuids": [str(e.uuid)]}
    bulk_status = 404 if who == "liege_manager" else 403  # Paris is not theirs to see at all
    assert_error(api.post("/centres/paris/enrolments/bulk", bulk), bulk_status)
    page = client.post("/enrol/review/paris/", {"action": "register", "e": [str(e.uuid)]})
    assert page.status_code == bulk_status
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.PRE_REGISTERED


def test_managers_and_admins_decide(world, requests):
    e = requests["new"]
    response = Api(world["paris"]["manager"]).post(f"/enrolments/{e.uuid}/register")
    assert response.status_code == 200 and response.json()["outcome"] == "registered"
    liege = requests["liege"]
    response = Api(world.admin).post(f"/enrolments/{liege.uuid}/withdraw")
    assert response.status_code == 200 and response.json()["outcome"] == "withdrawn"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("student", {"own"}),
        ("guardian", {"own"}),
        ("coach", set()),
        ("expert", set()),
        ("manager", set()),  # their own family only, not the centre's
        ("admin", set()),
    ],
)
def test_me_enrolments_is_personal(world, requests, who, expected):
    body = Api(_user(world, who)).get("/me/enrolments").json()
    assert {i["uuid"] for i in body} == {str(requests[k].uuid) for k in expected}


def test_fill_a_slot_is_for_managers_only(world, requests, slots):
    url = f"/enrol/review/paris/slots/{slots['tuesday'].uuid}/fill/"
    for who, status in (("coach", 403), ("guardian", 403), ("liege_manager", 404)):
        assert login(_user(world, who)).post(url).status_code == status
    assert login(world["paris"]["manager"]).post(url).status_code == 302


def test_re_enrolment_is_for_the_family_and_staff(world, requests):
    own = requests["own"]
    url = f"/enrolments/{own.uuid}/reenrol"
    page = f"/enrol/requests/{own.uuid}/reenrol/"
    for who, status in (("coach", 404), ("expert", 404), ("liege_manager", 404), ("student", 403)):
        assert_error(Api(_user(world, who)).post(url), status)
        assert login(_user(world, who)).post(page).status_code == status
    assert not Enrolment.objects.filter(school_year=own.school_year + 1).exists()
    assert Api(world["paris"]["guardian"]).post(url).status_code == 201


def test_the_guardian_home_shows_only_their_own_childs_years(world, requests):
    html = login(world["paris"]["guardian"]).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert requests["own"].year_label in html and "Re-enrol for" in html
    assert f"/enrol/requests/{requests['own'].uuid}/reenrol/" in html
    assert str(requests["new"].uuid) not in html


def test_the_public_form_needs_no_account_and_reveals_nothing_personal(world, requests):
    html = login(None).get("/enrol/paris/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert requests["new"].student.first_name not in html
    assert world["paris"]["student"].first_name not in html


def test_services_check_permissions_themselves(world, requests):
    e = requests["new"]
    with pytest.raises(Exception) as err:
        services.enrolment_register(actor=world["paris"]["coach"], enrolment=e)
    assert getattr(err.value, "status", None) == 404
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.PRE_REGISTERED
