"""Caseloads (issue 15): a centre's managers see each coach's count, give ticked students to
a coach or even out the caseloads, always through a preview of who moves and each coach's
count before and after; saving is all or nothing and saving twice changes nothing more.
Nobody else sees or changes them, in the page as in the API; the page's queries do not grow
with the centre."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parcours.coaching import selectors, services
from parcours.core.errors import NotFound, ValidationFailed
from parcours.people.models import CoachAssignment, Role
from parcours.privacy import erasure
from parcours.risk.models import Alert
from parcours.schedule.models import Slot
from tests import factories as f
from tests.attendance.conftest import enrol
from tests.conftest import assert_error, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(world: Any) -> dict[str, Any]:
    """Paris: the coach follows six registered students (the world's student among them);
    a second coach follows nobody; two registered students have no coach."""
    paris = world["paris"]
    slot = Slot.objects.create(centre=world.paris, label="Samedi", seats=40)
    followed = [paris["student"]] + [
        f.student(world.paris, coach=paris["coach"], username=f"suivi-{k}") for k in range(5)
    ]
    loose = [f.student(world.paris, username=f"libre-{k}") for k in range(2)]
    for s in [*followed, *loose]:
        enrol(s, slot)
    second = f.member(Role.COACH, world.paris, username="paris-coach-2", first_name="Zoé")
    return {"followed": followed, "loose": loose, "second": second, "slot": slot}


def _loads(world) -> dict[str, int]:
    board = selectors.caseload_board(user=world["paris"]["manager"], centre=world.paris)
    return {c.coach.username: c.students for c in board.coaches} | {"none": board.unassigned}


def test_the_board_counts_each_coachs_students_and_the_unassigned(world, centre):
    assert _loads(world) == {"paris-coach": 6, "paris-coach-2": 0, "none": 2}


def test_ticked_students_are_given_to_a_coach_after_a_preview(world, centre):
    manager, second = world["paris"]["manager"], centre["second"]
    picked = [centre["followed"][1], centre["loose"][0]]
    plan = selectors.caseload_plan_assign(
        user=manager, centre=world.paris, students=[s.uuid for s in picked], coach=second.uuid
    )
    assert [(m.student, m.source, m.target) for m in plan.moves] == [
        (picked[0], world["paris"]["coach"], second),
        (picked[1], None, second),
    ]
    assert [(c.username, b, a) for c, b, a in plan.loads] == [
        ("paris-coach", 6, 5),
        ("paris-coach-2", 0, 2),
    ]
    assert (plan.unassigned_before, plan.unassigned_after) == (2, 1)
    assert _loads(world)["paris-coach-2"] == 0  # a preview changes nothing
    moves = [(m.student.uuid, m.target.uuid) for m in plan.moves]
    assert services.caseload_apply(actor=manager, centre=world.paris, moves=moves) == 2
    assert services.caseload_apply(actor=manager, centre=world.paris, moves=moves) == 0
    assert _loads(world) == {"paris-coach": 5, "paris-coach-2": 2, "none": 1}
    assert list(
        CoachAssignment.objects.filter(student=picked[0]).values_list("coach", flat=True)
    ) == [second.pk]


def test_evening_out_moves_the_fewest_and_keeps_flagged_students(world, centre):
    manager = world["paris"]["manager"]
    flagged = centre["followed"][-1]  # the most recently given: first to move, but flagged
    Alert.objects.create(
        centre=world.paris,
        student=flagged,
        coach=world["paris"]["coach"],
        opened_on="2026-12-01",
        probability=0.5,
        method="rule",
        reasons=[],
    )
    plan = selectors.caseload_plan_rebalance(user=manager, centre=world.paris)
    # 8 students, 2 coaches: 4 each; the 2 without a coach first, then 2 of the coach's 6
    assert len(plan.moves) == 4
    assert flagged not in {m.student for m in plan.moves}
    assert [(c.username, b, a) for c, b, a in plan.loads] == [
        ("paris-coach", 6, 4),
        ("paris-coach-2", 0, 4),
    ]
    page = login(manager).post(
        f"/coaching/caseloads/{world.paris.slug}/",
        {"action": "rebalance"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200 and "4 changes of coach" in page.content.decode()
    moves = [f"{m.student.uuid}:{m.target.uuid}" for m in plan.moves]
    saved = login(manager).post(
        f"/coaching/caseloads/{world.paris.slug}/", {"action": "confirm", "move": moves}
    )
    assert saved.status_code == 302
    assert _loads(world) == {"paris-coach": 4, "paris-coach-2": 4, "none": 0}
    again = selectors.caseload_plan_rebalance(user=manager, centre=world.paris)
    assert again.moves == []


def test_bad_or_stale_changes_are_refused_and_change_nothing(world, centre):
    manager, paris = world["paris"]["manager"], world.paris
    liege_student = world["liege"]["student"]
    for bad in (
        {"students": [centre["loose"][0].uuid], "coach": world["liege"]["coach"].uuid},
        {"students": [centre["loose"][0].uuid], "coach": world["paris"]["expert"].uuid},
        {"students": [centre["loose"][0].uuid], "coach": "not-a-uuid"},
        {"students": [liege_student.uuid], "coach": centre["second"].uuid},
        {"students": [], "coach": centre["second"].uuid},
    ):
        with pytest.raises(ValidationFailed):
            selectors.caseload_plan_assign(user=manager, centre=paris, **bad)
    before = _loads(world)
    mixed = [
        (centre["loose"][0].uuid, centre["second"].uuid),
        (liege_student.uuid, centre["second"].uuid),  # not registered here: all refused
    ]
    with pytest.raises(ValidationFailed):
        services.caseload_apply(actor=manager, centre=paris, moves=mixed)
    assert _loads(world) == before
    page = login(manager).post(
        f"/coaching/caseloads/{paris.slug}/",
        {"action": "assign", "coach": str(centre["second"].uuid)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 400 and "Tick the students" in page.content.decode()
    stale = login(manager).post(
        f"/coaching/caseloads/{paris.slug}/",
        {"action": "confirm", "move": [f"{liege_student.uuid}:{centre['second'].uuid}", "junk"]},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "The list changed since the preview" in stale.content.decode()
    assert _loads(world) == before


@pytest.mark.parametrize("who", ["coach", "expert", "student", "guardian"])
def test_only_the_centres_managers_arrange_caseloads(world, centre, who, api):
    person = world["paris"][who]
    paris = world.paris
    assert login(person).get(f"/coaching/caseloads/{paris.slug}/").status_code == 404
    moves = [(centre["loose"][0].uuid, centre["second"].uuid)]
    with pytest.raises(NotFound):
        services.caseload_apply(actor=person, centre=paris, moves=moves)
    client = api(person)
    assert_error(client.get(f"/coaching/centres/{paris.slug}/caseloads"), 404)
    body = {"moves": [{"student": str(moves[0][0]), "coach": str(moves[0][1])}]}
    assert_error(client.post(f"/coaching/centres/{paris.slug}/caseloads/apply", body), 404)
    liege = world["liege"]["manager"]
    assert login(liege).get(f"/coaching/caseloads/{paris.slug}/").status_code == 404
    assert _loads(world)["none"] == 2


def test_the_api_plans_and_applies_like_the_page(world, centre, api):
    client = api(world["paris"]["manager"])
    slug = world.paris.slug
    board = client.get(f"/coaching/centres/{slug}/caseloads").json()
    assert board["unassigned"] == 2 and [c["students"] for c in board["coaches"]] == [6, 0]
    plan = client.post(f"/coaching/centres/{slug}/caseloads/plan", {"rebalance": True})
    assert plan.status_code == 200 and len(plan.json()["moves"]) == 4
    moves = [{"student": m["student"], "coach": m["target"]} for m in plan.json()["moves"]]
    applied = client.post(f"/coaching/centres/{slug}/caseloads/apply", {"moves": moves})
    assert applied.json() == {"changed": 4}
    assert client.post(f"/coaching/centres/{slug}/caseloads/apply", {"moves": moves}).json() == {
        "changed": 0
    }
    assert_error(
        client.post(
            f"/coaching/centres/{slug}/caseloads/plan",
            {
                "students": [str(world["liege"]["student"].uuid)],
                "coach": str(centre["second"].uuid),
            },
        ),
        400,
        "bad_students",
    )
    assert_error(client.post(f"/coaching/centres/{slug}/caseloads/apply", {"moves": []}), 400)


def test_the_page_reads_the_same_queries_for_a_small_or_big_centre(world, centre):
    manager = world["paris"]["manager"]
    url = f"/coaching/caseloads/{world.paris.slug}/"

    def count() -> int:
        client = login(manager)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    for k in range(30):
        s = f.student(world.paris, coach=centre["second"], username=f"grand-{k}")
        enrol(s, centre["slot"])
    assert count() == small


def test_an_erased_student_is_nobodys_to_follow(world, centre):
    erasure.erase(centre["loose"][0])
    assert _loads(world)["none"] == 1
    rows = selectors.caseload_students(user=world["paris"]["manager"], centre=world.paris)
    assert centre["loose"][0] not in rows
