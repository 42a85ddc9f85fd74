"""The enrolment API: the public pre-registration, the staff's list and decisions, the
families' own list; every error in the one format, nothing changed by bad input."""

from __future__ import annotations

import pytest
from tests.conftest import Api, assert_error
from tests.enrolment.conftest import api_body, birth_for, pre_register, ready

from parcours.enrolment import services
from parcours.enrolment.models import Enrolment
from parcours.people.models import User


def test_public_pre_registration_creates_once(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    api = Api(None)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/enrolments/pre-register", api_body(world.paris, slots["tuesday"]))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["created"] is True and body["centre"] == "paris" and body["consent_email_sent"]
    assert "uuid" not in body  # nothing to act on without signing in
    e = Enrolment.objects.get()
    assert e.preferred_slot == slots["tuesday"] and len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/enrolments/pre-register", api_body(world.paris, slots["tuesday"]))
    assert response.status_code == 200 and response.json()["created"] is False
    assert Enrolment.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"birth_date": "not a date"}, 422, "birth_date"),
        ({"student_first_name": ""}, 422, "student_first_name"),
        ({"gender": "robot"}, 422, "gender"),
        ({"filled_by": "cat"}, 422, "filled_by"),
        ({"postcode": "7" * 11}, 422, "postcode"),
        ({"preferred_slot": "not-a-uuid"}, 422, "preferred_slot"),
        ({"birth_date": birth_for(10).isoformat()}, 400, "birth_date"),
        ({"guardian_email": "nobody"}, 400, "guardian_email"),
        ({"guardian_phone": "phone me!"}, 400, "guardian_phone"),
        ({"preferred_slot": None}, 400, "preferred_slot"),
    ],
)
def test_public_bad_input_gets_the_one_error_format(world, slots, changes, status, field):
    users = User.objects.count()
    body = {**api_body(world.paris, slots["tuesday"]), **changes}
    err = assert_error(Api(None).post("/enrolments/pre-register", body), status, "invalid")
    assert field in err["fields"], err
    assert not Enrolment.objects.exists() and User.objects.count() == users


def test_public_other_refusals(world, slots):
    api = Api(None)
    body = api_body(world.paris, slots["tuesday"])
    assert_error(api.post("/enrolments/pre-register", "{nope"), 400, "bad_request")
    assert_error(
        api.post("/enrolments/pre-register", {**body, "centre": "nowhere"}), 404, "not_found"
    )
    err = assert_error(
        api.post("/enrolments/pre-register", {**body, "preferred_slot": str(slots["liege"].uuid)}),
        400,
        "invalid",
    )
    assert "preferred_slot" in err["fields"]
    assert_error(api.post("/enrolments/pre-register", {**body, "website": "x"}), 422)
    err = assert_error(api.post("/enrolments/pre-register", {**body, "password": "x"}), 422)
    assert "password" in err["fields"]  # nothing more than the form asks
    assert not Enrolment.objects.exists()


def test_public_pre_registration_is_rate_limited(world, slots, settings):
    settings.PARCOURS_ENROL_LIMITS = {"ip": (3, 3600), "email": (2, 3600)}
    api = Api(None)
    body = api_body(world.paris, slots["tuesday"])
    codes = [api.post("/enrolments/pre-register", body).status_code for _ in range(3)]
    assert codes == [201, 200, 429]
    assert_error(api.post("/enrolments/pre-register", body), 429, "rate_limited")
    assert Enrolment.objects.count() == 1


def test_staff_list_is_paginated_and_filtered(world, slots, texts):
    rows = ready(world.paris, slots["tuesday"], 3)
    pre_register(world.paris, preferred_slot=slots["saturday"], guardian_email="x@example.org")
    services.enrolment_register(actor=world["paris"]["manager"], enrolment=rows[0])
    api = Api(world["paris"]["manager"])
    body = api.get("/centres/paris/enrolments?limit=2").json()
    assert body["count"] == 4 and len(body["items"]) == 2
    item = body["items"][0]
    assert item["student_first_name"] == "Eleve0" and item["status"] == "registered"
    assert item["slot"] == "Mardi soir" and item["consents"] == ["enrolment"]
    assert item["needs_consent"] is False and item["guardian_email"] == "family0@example.org"
    body = api.get("/centres/paris/enrolments?status=pre_registered&consent=missing").json()
    assert [i["guardian_email"] for i in body["items"]] == ["x@example.org"]
    assert body["items"][0]["needs_consent"] is True
    assert api.get("/centres/paris/enrolments?q=eleve2").json()["count"] == 1
    assert api.get("/centres/paris/enrolments?year=2001").json()["count"] == 0
    assert_error(api.get("/centres/paris/enrolments?status=lost"), 422, "invalid")
    assert_error(api.get("/centres/paris/enrolments?limit=-1"), 422, "invalid")
    assert_error(api.get("/centres/paris/enrolments?year=abc"), 422, "invalid")


def test_decisions_through_the_api(world, slots, texts, mailoutbox):
    api = Api(world["paris"]["manager"])
    rows = ready(world.paris, slots["tuesday"], 4)
    missing = pre_register(
        world.paris, preferred_slot=slots["tuesday"], guardian_email="m@example.org"
    ).enrolment
    err = assert_error(api.post(f"/enrolments/{missing.uuid}/register"), 409, "consent_missing")
    assert "consent" in err["message"]
    body = api.post(f"/enrolments/{rows[0].uuid}/register", {}).json()
    assert body["outcome"] == "registered" and body["enrolment"]["status"] == "registered"
    body = api.post(
        f"/enrolments/{rows[1].uuid}/register", {"slot": str(slots["saturday"].uuid)}
    ).json()
    assert body["enrolment"]["slot"] == "Samedi matin"
    err = assert_error(
        api.post(f"/enrolments/{rows[2].uuid}/register", {"slot": str(slots["liege"].uuid)}),
        400,
        "invalid",
    )
    assert "slot" in err["fields"]
    assert_error(api.post(f"/enrolments/{rows[2].uuid}/register", {"slot": "x"}), 422)
    assert_error(api.post("/enrolments/not-a-uuid/register"), 422)
    assert_error(api.post(f"/enrolments/{rows[2].uuid}/refuse", {"reason": ""}), 422)
    assert_error(api.post(f"/enrolments/{rows[2].uuid}/refuse", {}), 422)
    body = api.post(f"/enrolments/{rows[2].uuid}/refuse", {"reason": "Too far"}).json()
    assert body["outcome"] == "refused" and body["enrolment"]["refusal_reason"] == "Too far"
    assert_error(api.post(f"/enrolments/{rows[2].uuid}/register"), 409, "request_closed")
    body = api.post(f"/enrolments/{rows[0].uuid}/withdraw").json()
    assert body["outcome"] == "withdrawn"
    statuses = dict(Enrolment.objects.values_list("pk", "status"))
    assert statuses == {
        rows[0].pk: "withdrawn",
        rows[1].pk: "registered",
        rows[2].pk: "refused",
        rows[3].pk: "pre_registered",
        missing.pk: "pre_registered",
    }


def test_bulk_through_the_api(world, slots, texts):
    api = Api(world["paris"]["manager"])
    rows = ready(world.paris, slots["tuesday"], 4)
    missing = pre_register(
        world.paris, preferred_slot=slots["tuesday"], guardian_email="m@example.org"
    ).enrolment
    uuids = [str(e.uuid) for e in [*rows, missing]]
    body = api.post("/centres/paris/enrolments/bulk", {"action": "register", "uuids": uuids})
    assert body.status_code == 200, body.content
    body = body.json()
    assert body["counts"] == {"registered": 3, "waiting_list": 1, "needs_consent": 1}
    assert body["total"] == 5 and "3 registered" in body["summary"]
    assert_error(api.post("/centres/paris/enrolments/bulk", {"action": "x", "uuids": uuids}), 422)
    assert_error(
        api.post("/centres/paris/enrolments/bulk", {"action": "register", "uuids": []}), 422
    )
    err = assert_error(
        api.post("/centres/paris/enrolments/bulk", {"action": "refuse", "uuids": uuids[:1]}),
        400,
        "invalid",
    )
    assert "reason" in err["fields"]
    (foreign,) = ready(world.liege, slots["liege"], 1, guardian_last_name="Dupont")
    assert_error(
        api.post(
            "/centres/paris/enrolments/bulk",
            {"action": "withdraw", "uuids": [uuids[0], str(foreign.uuid)]},
        ),
        404,
        "not_found",
    )
    assert Enrolment.objects.filter(status="withdrawn").count() == 0


def test_csrf_is_required_for_staff_writes(world, slots, texts):
    (e,) = ready(world.paris, slots["tuesday"], 1)
    api = Api(world["paris"]["manager"])
    api.token = ""
    assert_error(api.post(f"/enrolments/{e.uuid}/register"), 403, "csrf_failed")
    e.refresh_from_db()
    assert e.status == "pre_registered"


def test_families_list_their_own_and_re_enrol(world, slots, texts):
    (e,) = ready(world.paris, slots["tuesday"], 1)
    services.enrolment_register(actor=world["paris"]["manager"], enrolment=e)
    guardian = User.objects.get(pk=e.guardian_id)
    api = Api(guardian)
    body = api.get("/me/enrolments").json()
    assert [(i["uuid"], i["status"]) for i in body] == [(str(e.uuid), "registered")]
    response = api.post(f"/enrolments/{e.uuid}/reenrol")
    assert response.status_code == 201 and response.json()["school_year"] == e.school_year + 1
    assert api.post(f"/enrolments/{e.uuid}/reenrol").status_code == 200
    assert len(api.get("/me/enrolments").json()) == 2
    student = User.objects.get(pk=e.student_id)
    assert [i["school_year"] for i in Api(student).get("/me/enrolments").json()] == [
        e.school_year + 1,
        e.school_year,
    ]
    assert_error(Api(student).post(f"/enrolments/{e.uuid}/reenrol"), 403, "forbidden")
    assert_error(Api(world["liege"]["guardian"]).post(f"/enrolments/{e.uuid}/reenrol"), 404)
    assert Enrolment.objects.count() == 2


def test_openapi_lists_the_enrolment_endpoints(world):
    paths = Api(None).client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/enrolments/pre-register",
        "/api/centres/{slug}/enrolments",
        "/api/centres/{slug}/enrolments/bulk",
        "/api/enrolments/{uuid}/register",
        "/api/enrolments/{uuid}/refuse",
        "/api/me/enrolments",
    ):
        assert path in paths, path
