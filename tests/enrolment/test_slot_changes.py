"""Slot change requests and bulk slot assignment: rules, permissions, the last seat."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from tests import factories as f
from tests.conftest import Api, assert_error, build_world, login
from tests.enrolment.conftest import make_slot

from parcours.core.errors import Conflict, Forbidden, ValidationFailed
from parcours.enrolment import services, years
from parcours.enrolment.models import Enrolment, EnrolmentStatus, SlotChangeRequest


def register(world, student, slot, key):
    return Enrolment.objects.create(
        centre=world.paris, student=student, school_year=years.current_school_year(world.paris),
        status=EnrolmentStatus.REGISTERED, slot=slot, submitted_by="guardian",
        request_key=key, person_key=key,
    )  # fmt: skip


@pytest.fixture
def setup(world):
    tuesday = make_slot(world.paris, "Mardi", 2, weekday=1)
    saturday = make_slot(world.paris, "Samedi", 1, weekday=5)
    own = register(world, world["paris"]["student"], tuesday, "own")
    other = register(world, world["paris"]["other_student"], tuesday, "other")
    return {"tuesday": tuesday, "saturday": saturday, "own": own, "other": other}


def test_family_asks_staff_accepts_and_the_seat_moves(world, setup):
    guardian, manager = world["paris"]["guardian"], world["paris"]["manager"]
    made = services.slot_change_request(
        actor=guardian, enrolment=setup["own"], to_slot=setup["saturday"]
    )
    assert made.outcome == "created"
    again = services.slot_change_request(
        actor=world["paris"]["student"], enrolment=setup["own"], to_slot=setup["saturday"]
    )
    assert again.outcome == "already" and SlotChangeRequest.objects.count() == 1
    accepted = services.slot_change_accept(actor=manager, change=made.change)
    assert accepted.outcome == "accepted"
    setup["own"].refresh_from_db()
    assert setup["own"].slot == setup["saturday"]
    assert services.slot_change_accept(actor=manager, change=made.change).outcome == "already"


def test_a_full_slot_refuses_clearly_and_nothing_changes(world, setup):
    manager = world["paris"]["manager"]
    first = services.slot_change_request(
        actor=world["paris"]["student"], enrolment=setup["own"], to_slot=setup["saturday"]
    ).change
    second = services.slot_change_request(
        actor=manager.__class__.objects.get(pk=world["paris"]["other_student"].pk),
        enrolment=setup["other"],
        to_slot=setup["saturday"],
    ).change
    services.slot_change_accept(actor=manager, change=first)
    with pytest.raises(Conflict, match="full"), translation.override("en"):
        services.slot_change_accept(actor=manager, change=second)
    setup["other"].refresh_from_db()
    second.refresh_from_db()
    assert setup["other"].slot == setup["tuesday"] and second.status == "open"


def test_one_open_request_per_student_and_bad_input(world, setup):
    student = world["paris"]["student"]
    services.slot_change_request(actor=student, enrolment=setup["own"], to_slot=setup["saturday"])
    other = make_slot(world.paris, "Jeudi", 5, weekday=3)
    with pytest.raises(Conflict):
        services.slot_change_request(actor=student, enrolment=setup["own"], to_slot=other)
    liege = make_slot(world.liege, "Liège", 5)
    with pytest.raises(ValidationFailed):
        services.slot_change_request(actor=student, enrolment=setup["own"], to_slot=liege)
    with pytest.raises(Forbidden):  # staff do not ask on the family's behalf
        services.slot_change_request(
            actor=world["paris"]["manager"], enrolment=setup["own"], to_slot=other
        )
    change = SlotChangeRequest.objects.get()
    with pytest.raises(ValidationFailed):
        services.slot_change_refuse(actor=world["paris"]["manager"], change=change, reason=" ")
    services.slot_change_refuse(actor=world["paris"]["manager"], change=change, reason="Complet")
    change.refresh_from_db()
    assert change.status == "refused" and change.refusal_reason == "Complet"


# who -> (sees the request in the centre list, may decide)
ROLES = {
    "manager": (True, True),
    "admin": (True, True),
    "student": (True, False),
    "guardian": (True, False),
    "coach": (False, False),
    "expert": (False, False),
    "other_student": (False, False),
}


@pytest.mark.parametrize("who", sorted(ROLES))
def test_permissions_per_role(world, setup, who):
    user = world.admin if who == "admin" else world["paris"][who]
    change = services.slot_change_request(
        actor=world["paris"]["student"], enrolment=setup["own"], to_slot=setup["saturday"]
    ).change
    sees, decides = ROLES[who]
    api = Api(user)
    listed = api.get("/centres/paris/slot-changes").json()
    assert [c["uuid"] for c in listed] == ([str(change.uuid)] if sees else [])
    response = api.post(f"/slot-changes/{change.uuid}/accept")
    if decides:
        assert response.status_code == 200 and response.json()["status"] == "accepted"
    else:
        assert_error(response, 403 if sees else 404)
    page = login(user).get("/enrol/review/paris/slot-changes/")
    assert page.status_code == (200 if decides else 403)


def test_family_page_and_api(world, setup):
    client = login(world["paris"]["guardian"])
    page = client.get("/enrol/my-slot/")
    assert page.status_code == 200
    prefix = str(setup["own"].uuid)
    bad = client.post("/enrol/my-slot/", {"enrolment": prefix, f"{prefix}-to_slot": "999999"})
    assert bad.status_code == 400 and not SlotChangeRequest.objects.exists()
    ok = client.post(
        "/enrol/my-slot/", {"enrolment": prefix, f"{prefix}-to_slot": setup["saturday"].pk}
    )
    assert ok.status_code == 302 and SlotChangeRequest.objects.count() == 1
    api = Api(world["paris"]["student"])
    assert len(api.get("/me/slot-changes").json()) == 1
    response = api.post(
        f"/enrolments/{setup['own'].uuid}/slot-change", {"slot": str(setup["tuesday"].uuid)}
    )
    assert_error(response, 400)


def test_bulk_assignment_respects_seats_and_reports(world, setup):
    manager = world["paris"]["manager"]
    unplaced = [register(world, f.student(world.paris), None, f"u{i}") for i in range(3)]
    result = services.slots_assign_bulk(
        actor=manager, centre=world.paris, slot=setup["saturday"],
        uuids=[e.uuid for e in unplaced] + [setup["own"].uuid],
    )  # fmt: skip
    assert (result.placed, result.full, result.skipped) == (1, 2, 1)
    with translation.override("en"):  # the summary speaks the reader's language
        assert "could not be placed" in result.summary()
    assert Enrolment.objects.filter(slot=setup["saturday"]).count() == 1
    with pytest.raises(Forbidden):
        services.slots_assign_bulk(
            actor=world["paris"]["coach"], centre=world.paris, slot=setup["saturday"],
            uuids=[unplaced[1].uuid],
        )  # fmt: skip
    body = Api(manager).post(
        "/centres/paris/enrolments/assign-slot",
        {"slot": str(setup["tuesday"].uuid), "uuids": [str(unplaced[1].uuid)]},
    )
    assert body.json()["full"] == 1  # Tuesday's two seats are taken


@pytest.mark.django_db(transaction=True)
def test_two_acceptances_into_the_last_seat_at_once():
    world = build_world()
    tuesday = make_slot(world.paris, "Mardi", 2, weekday=1)
    saturday = make_slot(world.paris, "Samedi", 1, weekday=5)
    own = register(world, world["paris"]["student"], tuesday, "own")
    other = register(world, world["paris"]["other_student"], tuesday, "other")
    changes = [
        services.slot_change_request(actor=e.student, enrolment=e, to_slot=saturday).change
        for e in (own, other)
    ]
    manager = world["paris"]["manager"]
    outcomes: list[str] = []

    def accept(change):
        try:
            services.slot_change_accept(actor=manager, change=change)
            outcomes.append("accepted")
        except Conflict:
            outcomes.append("full")
        finally:
            close_old_connections()

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(2)

        def run(change):
            barrier.wait()
            accept(change)

        threads = [threading.Thread(target=run, args=(c,)) for c in changes]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:  # SQLite serialises writers: check the serial behaviour
        for c in changes:
            accept(c)
    assert sorted(outcomes) == ["accepted", "full"]
    assert Enrolment.objects.filter(slot=saturday, status="registered").count() == 1


def test_the_requests_are_searched_and_paged_in_constant_queries(world, setup):
    """Issue 10: every list page searches and pages (the requests were listed whole)."""
    manager = login(world["paris"]["manager"])
    big = make_slot(world.paris, "Jeudi", 100, weekday=3)

    def ask(n: int) -> None:
        for k in range(n):
            student = f.student(world.paris, username=f"mover-{n}-{k}", first_name=f"Mover{n}x{k}")
            enrolment = register(world, student, setup["tuesday"], f"m-{n}-{k}")
            services.slot_change_request(actor=student, enrolment=enrolment, to_slot=big)

    def read(url: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as seen:
            page = manager.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200
        return len(seen), page.content.decode()

    ask(2)
    few, _ = read("/enrol/review/paris/slot-changes/")
    ask(30)
    many, html = read("/enrol/review/paris/slot-changes/")
    assert many == few and 'rel="next"' in html  # 32 requests, 25 a page
    _, found = read("/enrol/review/paris/slot-changes/?q=Mover30x7")
    assert "Mover30x7 " in found and "Mover30x8 " not in found
    _, none = read("/enrol/review/paris/slot-changes/?q=Nobody&page=x")
    assert "No request matches." in none
