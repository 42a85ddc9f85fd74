"""Query counts of the labs pages and endpoints whose reads moved to selectors and whose
writes moved to services: no higher than when the views and handlers queried themselves
(each bound is the count measured before the move, sign-in of the client included)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parcours.catalogue.models import Competency
from parcours.centres.models import Room
from parcours.labs.models import CycleStatus, Lab, LabCycle, Seat
from tests.conftest import Api
from tests.conftest import login as signed_in
from tests.labs.conftest import apply, make_masterlab

pytestmark = pytest.mark.django_db


BELL = 1
# Writes of staff decisions also write their audit entries (parcours.audit, issue 12): one
# INSERT per row recorded, and the content type's id read once per process.
AUDIT = {"api_set_validations": 2, "lab_grid_post": 3}

BEFORE = {
    "wishes_page": 19,
    "api_put_wishes": 29,
    "masterlab_page_student": 10,
    "api_create_lab": 38,
    "selection_page": 14,
    "api_selection": 11,
    "allocation_page": 9,
    "lab_page_expert": 17,
    "lab_page_student": 14,
    "lab_grid_post": 23,
    "api_set_validations": 20,
    "family_page": 9,
    "api_family_labs": 32,
}


def test_no_more_queries_than_before_the_move(
    labs: Any, django_assert_max_num_queries: Any
) -> None:
    world = labs.world
    expert, manager = world["paris"]["expert"], world["paris"]["manager"]
    student, guardian = world["paris"]["student"], world["paris"]["guardian"]
    comps = list(Competency.objects.order_by("id")[:3])
    labs.l1a.template.competencies.set(comps)
    seen: list[str] = []

    def count(name: str, call: Callable[[], Any]) -> None:
        # Pages (not the API) have since gained the notifications bell: one COUNT per page.
        most = BEFORE[name] + (0 if name.startswith("api_") else BELL) + AUDIT.get(name, 0)
        with django_assert_max_num_queries(most):
            response = call()
        assert response.status_code < 400, (name, response.status_code, response.content[:300])
        seen.append(name)

    # student pages before publication
    s = signed_in(student)
    # Measured with the catalogue cache warm, as it is on a server after the first student:
    # its cold cost is pinned in tests/learning/test_catalogue_cache.py.
    assert s.get(f"/labs/cycles/{labs.cycle.uuid}/wishes/").status_code == 200
    count("wishes_page", lambda: s.get(f"/labs/cycles/{labs.cycle.uuid}/wishes/"))
    api = Api(student)
    body = {"labs": [str(labs.l1a.uuid), str(labs.l1b.uuid)], "flagged": str(labs.l1b.uuid)}
    count("api_put_wishes", lambda: api.put(f"/lab-cycles/{labs.cycle.uuid}/wishes", body))
    m = make_masterlab(world, closed=False)
    count("masterlab_page_student", lambda: s.get(f"/labs/masterlabs/{m.uuid}/"))
    mgr = Api(manager)
    room = Room.objects.filter(centre=world.paris).first()
    lab = {
        "template": "lab-web",
        "expert": str(labs.other_expert.uuid),
        "room": str(room.uuid),
        "slot": str(labs.wed.uuid),
    }
    count("api_create_lab", lambda: mgr.post(f"/lab-cycles/{labs.cycle.uuid}/labs", lab))
    ml = make_masterlab(world, key="ml-2")
    for who in (student, world["paris"]["other_student"]):
        apply(ml, who)
    mp = signed_in(manager)
    count("selection_page", lambda: mp.get(f"/labs/masterlabs/{ml.uuid}/selection/"))
    count("api_selection", lambda: mgr.get(f"/masterlabs/{ml.uuid}/selection"))
    count("allocation_page", lambda: mp.get(f"/labs/cycles/{labs.cycle.uuid}/allocation/"))
    # published: a seat, the lab page, the grid, the family
    LabCycle.objects.filter(pk=labs.cycle.pk).update(status=CycleStatus.PUBLISHED)
    Seat.objects.create(centre=world.paris, cycle=labs.cycle, lab=labs.l1a, student=student)
    e = signed_in(expert)
    count("lab_page_expert", lambda: e.get(f"/labs/labs/{labs.l1a.uuid}/"))
    count("lab_page_student", lambda: s.get(f"/labs/labs/{labs.l1a.uuid}/"))
    grid = {f"v_{student.uuid}": [comps[0].pk, comps[1].pk]}
    count("lab_grid_post", lambda: e.post(f"/labs/labs/{labs.l1a.uuid}/", grid))
    ea = Api(expert)
    keys = {"competencies": [comps[0].key]}
    count(
        "api_set_validations",
        lambda: ea.put(f"/labs/{labs.l1a.uuid}/validations/{student.uuid}", keys),
    )
    g = signed_in(guardian)
    count("family_page", lambda: g.get("/labs/family/"))
    ga = Api(guardian)  # signing in is not the call being counted
    count("api_family_labs", lambda: ga.get("/me/family/labs"))
    assert sorted(seen) == sorted(BEFORE)


def test_the_cycle_labs_list_reads_the_same_queries_for_3_or_9_labs(labs: Any) -> None:
    manager = Api(labs.world["paris"]["manager"])
    url = f"/lab-cycles/{labs.cycle.uuid}/labs"

    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = manager.get(url)
        assert response.status_code == 200
        body = response.json()
        assert {lab["cycle"] for lab in body} == {str(labs.cycle.uuid)}
        return len(ctx), len(body)

    measure()
    few, n_few = measure()
    for _ in range(2):
        for model in (labs.l1a, labs.l1b, labs.l2):
            Lab.objects.create(
                centre=model.centre,
                cycle=labs.cycle,
                template=model.template,
                level=model.level,
                expert=model.expert,
                slot=model.slot,
                seats=1,
            )
    many, n_many = measure()
    assert (n_few, n_many) == (3, 9)
    assert few == many
