from __future__ import annotations

from typing import Any

import pytest

from parcours.labs.models import Application, LabCycle, Seat
from tests.conftest import assert_error
from tests.labs.conftest import close

pytestmark = pytest.mark.django_db


def test_manager_creates_a_cycle_and_a_lab(labs: Any, api: Any) -> None:
    client = api(labs.world["paris"]["manager"])
    body = {
        "name": "Winter",
        "starts_on": "2027-01-04",
        "ends_on": "2027-02-05",
        "applications_open_at": "2026-12-01T08:00:00Z",
        "applications_close_at": "2026-12-15T20:00:00Z",
    }
    response = client.post("/centres/paris/lab-cycles", body)
    assert response.status_code == 201, response.content
    cycle = response.json()
    assert cycle["status"] == "draft" and cycle["max_wishes"] == 3
    assert_error(client.post("/centres/paris/lab-cycles", body), 400, "name_taken")
    bad = {**body, "name": "Bad", "applications_close_at": "2026-11-01T08:00:00Z"}
    assert_error(client.post("/centres/paris/lab-cycles", bad), 400, "dates_out_of_order")
    assert LabCycle.objects.filter(centre=labs.world.paris).count() == 2
    lab = {
        "template": "lab-web",
        "expert": str(labs.other_expert.uuid),
        "holiday_first_day": "2027-02-15",
        "holiday_last_day": "2027-02-19",
    }
    response = client.post(f"/lab-cycles/{cycle['uuid']}/labs", lab)
    assert response.status_code == 201, response.content
    assert response.json()["seats"] == 12
    wrong = {**lab, "expert": str(labs.world["paris"]["coach"].uuid)}
    error = assert_error(
        client.post(f"/lab-cycles/{cycle['uuid']}/labs", wrong), 400, "not_of_centre"
    )
    assert "expert" in error["fields"]
    unknown = {**lab, "template": "no-such-lab"}
    error = assert_error(client.post(f"/lab-cycles/{cycle['uuid']}/labs", unknown), 400, "unknown")
    assert "template" in error["fields"]
    response = client.post(f"/lab-cycles/{cycle['uuid']}/status", {"status": "open"})
    assert response.json()["status"] == "open"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("student", 403),
        ("guardian", 403),
        ("coach", 403),
        ("expert", 403),
        ("liege_manager", 404),
    ],
)
def test_others_cannot_create_nor_publish(labs: Any, api: Any, role: str, status: int) -> None:
    user = labs.world["liege"]["manager"] if role == "liege_manager" else labs.world["paris"][role]
    client = api(user)
    body = {
        "name": "X",
        "starts_on": "2027-01-04",
        "ends_on": "2027-02-05",
        "applications_open_at": "2026-12-01T08:00:00Z",
        "applications_close_at": "2026-12-15T20:00:00Z",
    }
    code = "not_manager" if status == 403 else "not_found"
    assert_error(client.post("/centres/paris/lab-cycles", body), status, code)
    assert_error(
        client.post(f"/lab-cycles/{labs.cycle.uuid}/publish", {"mechanism": "stable"}),
        status,
        code,
    )
    assert_error(client.post(f"/lab-cycles/{labs.cycle.uuid}/dry-run"), status, code)
    assert_error(client.get(f"/lab-cycles/{labs.cycle.uuid}/runs"), status, code)
    assert LabCycle.objects.count() == 1


def test_roster_per_role(labs: Any, api: Any) -> None:
    Seat.objects.create(
        centre=labs.world.paris,
        cycle=labs.cycle,
        lab=labs.l1a,
        student=labs.world["paris"]["student"],
    )
    url = f"/labs/{labs.l1a.uuid}/roster"
    assert len(api(labs.world["paris"]["expert"]).get(url).json()) == 1
    assert len(api(labs.world["paris"]["manager"]).get(url).json()) == 1
    assert len(api(labs.world.admin).get(url).json()) == 1
    assert_error(api(labs.other_expert).get(url), 403, "not_lead")
    assert_error(api(labs.world["paris"]["student"]).get(url), 403, "not_lead")
    assert_error(api(labs.world["liege"]["expert"]).get(url), 404, "not_found")
    assert_error(api(None).get(url), 401, "unauthenticated")


def test_student_wishes_and_result(
    labs: Any, api: Any, django_capture_on_commit_callbacks: Any
) -> None:
    student = labs.world["paris"]["student"]
    client = api(student)
    options = client.get(f"/lab-cycles/{labs.cycle.uuid}/options").json()
    by_lab = {o["lab"]: o for o in options}
    assert by_lab[str(labs.l1a.uuid)]["eligible"] is True
    assert "Finish level 2" in by_lab[str(labs.l2.uuid)]["reason"]
    url = f"/lab-cycles/{labs.cycle.uuid}/wishes"
    body = {"labs": [str(labs.l1a.uuid), str(labs.l1b.uuid)], "flagged": str(labs.l1b.uuid)}
    response = client.put(url, body)
    assert response.status_code == 200, response.content
    assert [w["rank"] for w in response.json()] == [1, 2]
    assert client.put(url, body).json() == response.json()
    error = assert_error(client.put(url, {"labs": [str(labs.l2.uuid)]}), 400, "not_eligible")
    assert "labs" in error["fields"]
    assert_error(client.put(url, {"labs": ["not-a-uuid"]}), 422, "invalid")
    assert Application.objects.filter(withdrawn_at=None).count() == 2
    assert client.get(f"/lab-cycles/{labs.cycle.uuid}/result").json()["published"] is False
    assert_error(api(labs.world["paris"]["guardian"]).put(url, body), 403, "not_student")
    assert_error(api(labs.world["liege"]["student"]).put(url, body), 404)
    close(labs.cycle)
    assert_error(client.put(url, {"labs": [str(labs.l1a.uuid)]}), 409, "applications_closed")
    manager = api(labs.world["paris"]["manager"])
    publish = f"/lab-cycles/{labs.cycle.uuid}/publish"
    with django_capture_on_commit_callbacks(execute=True):
        first = manager.post(publish, {"mechanism": "stable"})
    assert first.status_code == 202, first.content
    second = manager.post(publish, {"mechanism": "stable"})
    assert second.json()["uuid"] == first.json()["uuid"]
    assert second.json()["status"] == "done"
    assert_error(manager.post(publish, {"mechanism": "fcfs"}), 409, "other_mechanism")
    assert_error(manager.post(publish, {"mechanism": "nope"}), 400, "invalid_choice")
    result = client.get(f"/lab-cycles/{labs.cycle.uuid}/result").json()
    assert result["published"] is True and result["lab"] == str(labs.l1a.uuid)
    assert "your choice number 1" in result["sentence"]
