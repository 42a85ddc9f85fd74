"""The lab's expert validates the competencies the lab covers for each student of the
roster; the student, the family and the coach see theirs; nobody else changes them."""

from __future__ import annotations

from typing import Any

import pytest

from parcours.catalogue.models import Competency
from parcours.core.errors import Forbidden, NotFound, ValidationFailed
from parcours.labs import services
from parcours.labs.models import CompetencyValidation, CycleStatus, LabCycle, Seat
from tests import factories as f
from tests.conftest import Api, assert_error
from tests.conftest import login as signed_in
from tests.labs.conftest import Labs

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab(labs: Labs) -> Any:
    """l1a published with the student holding a seat; its template covers 3 competencies."""
    comps = list(Competency.objects.order_by("id")[:4])
    assert len(comps) == 4, "the shipped frameworks have competencies"
    labs.l1a.template.competencies.set(comps[:3])
    LabCycle.objects.filter(pk=labs.cycle.pk).update(status=CycleStatus.PUBLISHED)
    Seat.objects.create(
        centre=labs.world.paris,
        cycle=labs.cycle,
        lab=labs.l1a,
        student=labs.world["paris"]["student"],
    )
    return {"lab": labs.l1a, "comps": comps, "world": labs.world}


def test_expert_sets_the_whole_set_idempotently(lab: dict[str, Any]) -> None:
    world, l1a, comps = lab["world"], lab["lab"], lab["comps"]
    expert, student = world["paris"]["expert"], world["paris"]["student"]
    rows = services.competencies_validate(
        actor=expert, lab=l1a, student=student, competencies=comps[:2]
    )
    assert [r.competency_id for r in rows] == [c.pk for c in comps[:2]]
    assert {r.level for r in rows} == {1} and {r.validated_by_id for r in rows} == {expert.pk}
    first = {r.pk: r.validated_at for r in rows}
    again = services.competencies_validate(
        actor=expert, lab=l1a, student=student, competencies=comps[:2]
    )
    assert {r.pk: r.validated_at for r in again} == first  # nothing rewritten
    left = services.competencies_validate(
        actor=expert, lab=l1a, student=student, competencies=[comps[2]]
    )
    assert [r.competency_id for r in left] == [comps[2].pk]


def test_refusals_change_nothing(lab: dict[str, Any]) -> None:
    world, l1a, comps = lab["world"], lab["lab"], lab["comps"]
    student = world["paris"]["student"]
    with pytest.raises(ValidationFailed):  # not a competency of the lab
        services.competencies_validate(
            actor=world["paris"]["expert"], lab=l1a, student=student, competencies=[comps[3]]
        )
    with pytest.raises(ValidationFailed):  # no seat in the lab
        services.competencies_validate(
            actor=world["paris"]["expert"],
            lab=l1a,
            student=world["paris"]["other_student"],
            competencies=comps[:1],
        )
    for who in ("coach", "student", "guardian"):
        with pytest.raises(Forbidden):
            services.competencies_validate(
                actor=world["paris"][who], lab=l1a, student=student, competencies=comps[:1]
            )
    with pytest.raises(NotFound):
        services.competencies_validate(
            actor=world["liege"]["manager"], lab=l1a, student=student, competencies=comps[:1]
        )
    other_expert = f.member("expert", world.paris, username="paris-expert-3")
    with pytest.raises(Forbidden):
        services.competencies_validate(
            actor=other_expert, lab=l1a, student=student, competencies=comps[:1]
        )
    assert not CompetencyValidation.objects.exists()


def test_page_grid_and_what_each_role_sees(lab: dict[str, Any]) -> None:
    world, l1a, comps = lab["world"], lab["lab"], lab["comps"]
    student = world["paris"]["student"]
    expert = signed_in(world["paris"]["expert"])
    expert.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = expert.get(f"/labs/labs/{l1a.uuid}/").content.decode()
    assert "Validation of the competencies" in page
    assert page.count(f'name="v_{student.uuid}"') == 3
    done = expert.post(f"/labs/labs/{l1a.uuid}/", {f"v_{student.uuid}": [comps[0].pk, comps[1].pk]})
    assert done.status_code == 302
    assert CompetencyValidation.objects.filter(student=student).count() == 2
    bad = expert.post(f"/labs/labs/{l1a.uuid}/", {f"v_{student.uuid}": [comps[3].pk]})
    assert bad.status_code == 302
    assert CompetencyValidation.objects.filter(student=student).count() == 2  # unchanged
    mine = signed_in(student)
    mine.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    body = mine.get(f"/labs/labs/{l1a.uuid}/").content.decode()
    assert "Validated for you by the lab's expert:" in body and comps[0].name in body
    assert mine.post(f"/labs/labs/{l1a.uuid}/", {}).status_code == 403
    # API: the student's own; another student of the centre nothing; Liège: 404.
    assert len(Api(student).get(f"/labs/{l1a.uuid}/validations").json()) == 2
    assert len(Api(world["paris"]["guardian"]).get(f"/labs/{l1a.uuid}/validations").json()) == 2
    assert Api(world["paris"]["other_student"]).get(f"/labs/{l1a.uuid}/validations").json() == []
    assert_error(Api(world["liege"]["manager"]).get(f"/labs/{l1a.uuid}/validations"), 404)


def test_api_put(lab: dict[str, Any]) -> None:
    world, l1a, comps = lab["world"], lab["lab"], lab["comps"]
    student = world["paris"]["student"]
    api = Api(world["paris"]["expert"])
    url = f"/labs/{l1a.uuid}/validations/{student.uuid}"
    r = api.put(url, {"competencies": [comps[0].key, comps[2].key, comps[0].key]})
    assert r.status_code == 200 and [x["competency"] for x in r.json()] == [
        comps[0].key,
        comps[2].key,
    ]
    assert_error(api.put(url, {"competencies": [comps[3].key]}), 400, "competency_not_covered")
    assert_error(api.put(url, {"competencies": "nope"}), 422, "invalid")
    other = f"/labs/{l1a.uuid}/validations/{world['paris']['other_student'].uuid}"
    assert_error(api.put(other, {"competencies": []}), 400, "no_seat")
    assert_error(Api(world["paris"]["coach"]).put(url, {"competencies": []}), 403, "not_lead")
    assert CompetencyValidation.objects.filter(student=student).count() == 2


def test_the_grid_is_saved_for_the_whole_roster_or_not_at_all(lab: dict[str, Any]) -> None:
    """``roster_validate`` (the page's grid): a refusal for one student leaves every other
    student's set as it was."""
    world, l1a, comps = lab["world"], lab["lab"], lab["comps"]
    student, other = world["paris"]["student"], world["paris"]["other_student"]
    Seat.objects.create(centre=world.paris, cycle=l1a.cycle, lab=l1a, student=other)
    expert = world["paris"]["expert"]
    services.roster_validate(actor=expert, lab=l1a, chosen={student: [comps[0].pk], other: []})
    with pytest.raises(ValidationFailed) as refused:
        services.roster_validate(
            actor=expert,
            lab=l1a,
            chosen={student: [comps[0].pk, comps[1].pk], other: [comps[3].pk]},
        )
    assert refused.value.code == "competency_not_covered"
    assert list(CompetencyValidation.objects.values_list("student_id", "competency_id")) == [
        (student.pk, comps[0].pk)
    ]
