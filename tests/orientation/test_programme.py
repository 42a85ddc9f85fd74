"""The orientation programme (issue 17): places and the waiting list, invitations told to the
family, one stage move per click even from two screens, staff-only notes that never reach
the student or family (pages, API, PDF), the plan built by the student and her coach and
downloaded as a PDF, the outcome; every role sees only what is theirs; query counts pinned."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from parcours.core.errors import Conflict, NotFound, ValidationFailed
from parcours.notifications.models import Notification
from parcours.orientation import selectors, services
from parcours.orientation.choices import Stage, Status
from parcours.orientation.models import Participant, PlanStep, Programme, StageTemplate
from parcours.orientation.shipping import load_shipped_templates
from tests import factories as f
from tests.conftest import assert_error, login
from tests.support.queries import queries_of

pytestmark = pytest.mark.django_db


def programme(world: Any, capacity: int = 130, **kw: Any) -> Programme:
    year = services.school_year(timezone.localdate())
    return Programme.objects.create(
        centre=world.paris, year=year, title="Orientation 2026", capacity=capacity, **kw
    )


def joined(world: Any, prog: Programme, who: str = "student") -> Participant:
    return services.volunteer(actor=world["paris"][who], programme=prog)


def test_places_then_a_waiting_list_and_a_freed_place_goes_to_the_first(world: Any) -> None:
    prog = programme(world, capacity=1)
    first = joined(world, prog)
    second = joined(world, prog, "other_student")
    assert (first.status, second.status) == (Status.ENROLLED, Status.WAITLISTED)
    assert joined(world, prog).pk == first.pk  # joining twice: one row
    assert Participant.objects.count() == 2
    services.withdraw(actor=world["paris"]["student"], participant=first)
    second.refresh_from_db()
    assert second.status == Status.ENROLLED


def test_only_the_centres_students_join_and_not_when_invitation_only(world: Any) -> None:
    prog = programme(world, open_to_volunteers=False)
    with pytest.raises(ValidationFailed):
        joined(world, prog)
    open_one = programme(world) if False else prog
    open_one.open_to_volunteers = True
    open_one.save()
    with pytest.raises(NotFound):  # a Liège student
        services.volunteer(actor=world["liege"]["student"], programme=open_one)


def test_her_coach_invites_the_family_is_told_she_answers(world: Any) -> None:
    prog = programme(world)
    ines = world["paris"]["student"]
    invited = services.invite(actor=world["paris"]["coach"], programme=prog, student=ines)
    assert invited.status == Status.INVITED
    told = set(
        Notification.objects.filter(kind="orientation_invited").values_list("recipient", flat=True)
    )
    assert told == {ines.pk, world["paris"]["guardian"].pk}
    for who in ("expert", "guardian", "other_student"):
        with pytest.raises(NotFound):
            services.invite(actor=world["paris"][who], programme=prog, student=ines)
    with pytest.raises(NotFound):  # not his student
        services.invite(
            actor=world["paris"]["coach"], programme=prog, student=world["paris"]["other_student"]
        )
    with pytest.raises(NotFound):  # only she answers
        services.answer(actor=world["paris"]["guardian"], participant=invited, accept=True)
    done = services.answer(actor=ines, participant=invited, accept=True)
    assert done.status == Status.ENROLLED
    assert services.answer(actor=ines, participant=invited, accept=False).status == Status.ENROLLED


def test_a_stage_move_happens_once_even_from_two_screens(world: Any) -> None:
    prog = programme(world)
    p = joined(world, prog)
    coach = world["paris"]["coach"]
    services.move(actor=coach, participant=p, seen=Stage.EXPLORATION, to=Stage.CRYSTALLISATION)
    with pytest.raises(Conflict):  # the second screen still showed exploration
        services.move(actor=coach, participant=p, seen=Stage.EXPLORATION, to=Stage.CRYSTALLISATION)
    p.refresh_from_db()
    assert p.stage == Stage.CRYSTALLISATION
    with pytest.raises(NotFound):
        services.move(
            actor=world["paris"]["student"], participant=p, seen=p.stage, to=Stage.SPECIFICATION
        )
    with pytest.raises(ValidationFailed):
        services.move(actor=coach, participant=p, seen=p.stage, to="nowhere")
    services.move(actor=coach, participant=p, seen=Stage.CRYSTALLISATION, to=Stage.SPECIFICATION)
    services.move(actor=coach, participant=p, seen=Stage.SPECIFICATION, to=Stage.REALISATION)
    services.move(actor=coach, participant=p, seen=Stage.REALISATION, to=Status.COMPLETED)
    p.refresh_from_db()
    assert p.status == Status.COMPLETED


@pytest.mark.django_db(transaction=True)
def test_two_coaches_moving_at_once_move_one_stage(world: Any) -> None:
    prog = programme(world)
    p = joined(world, prog)
    coach, manager = world["paris"]["coach"], world["paris"]["manager"]
    outcomes: list[str] = []

    def run(actor: Any) -> None:
        try:
            services.move(
                actor=actor, participant=p, seen=Stage.EXPLORATION, to=Stage.CRYSTALLISATION
            )
            outcomes.append("moved")
        except Conflict:
            outcomes.append("conflict")
        finally:
            if connection.vendor == "postgresql":
                connection.close()

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=lambda a=a: (barrier.wait(), run(a))) for a in (coach, manager)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:  # SQLite: one writer at a time, in turn
        run(coach)
        run(manager)
    assert sorted(outcomes) == ["conflict", "moved"]
    p.refresh_from_db()
    assert p.stage == Stage.CRYSTALLISATION


def test_staff_only_notes_never_reach_the_family(world: Any, api: Any) -> None:
    prog = programme(world)
    p = joined(world, prog)
    coach = world["paris"]["coach"]
    services.note_add(actor=coach, participant=p, text="SECRET staff remark", shared=False)
    services.note_add(actor=coach, participant=p, text="Shared encouragement", shared=True)
    for who in ("student", "guardian"):
        page = login(world["paris"][who]).get(
            f"/orientation/students/{world['paris']['student'].uuid}/"
        )
        assert page.status_code == 200 and b"Shared encouragement" in page.content
        assert b"SECRET" not in page.content
        body = api(world["paris"][who]).get(f"/orientation/participants/{p.uuid}").content
        assert b"Shared encouragement" in body and b"SECRET" not in body
        pdf = login(world["paris"][who]).get(f"/orientation/participants/{p.uuid}/plan.pdf")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    staff = login(coach).get(f"/orientation/participants/{p.uuid}/")
    assert b"SECRET staff remark" in staff.content
    with pytest.raises(NotFound):
        services.note_add(actor=world["paris"]["guardian"], participant=p, text="x", shared=True)
    with pytest.raises(ValidationFailed):
        services.note_add(actor=coach, participant=p, text="   ", shared=False)


def test_the_plan_is_built_by_her_and_her_coach_and_the_pdf_holds_it(world: Any) -> None:
    prog = programme(world)
    p = joined(world, prog)
    ines = world["paris"]["student"]
    services.plan_update(
        actor=ines,
        participant=p,
        interests="Le cinéma d’animation",
        strengths="Dessin",
        targets="",
        status="draft",
    )
    services.step_add(
        actor=world["paris"]["coach"],
        participant=p,
        what="Journée portes ouvertes",
        due_on=None,
        helper="Karim",
    )
    with pytest.raises(NotFound):
        services.step_add(
            actor=world["paris"]["guardian"], participant=p, what="x", due_on=None, helper=""
        )
    with pytest.raises(ValidationFailed):
        services.plan_update(
            actor=ines,
            participant=p,
            interests="x" * 3001,
            strengths="",
            targets="",
            status="draft",
        )
    step = PlanStep.objects.get()
    services.step_set(actor=ines, participant=p, uuid=step.uuid, done=True)
    step.refresh_from_db()
    assert step.done
    pdf = login(ines).get(f"/orientation/participants/{p.uuid}/plan.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert len(pdf.content) > 1500
    outcome = services.outcome_record(
        actor=ines, participant=p, kind="still_deciding", detail="", offer=None
    )
    again = services.outcome_record(
        actor=ines, participant=p, kind="accepted", detail="BTS", offer=None
    )
    assert outcome.pk == again.pk


def test_pages_per_role(world: Any) -> None:
    prog = programme(world)
    p = joined(world, prog)
    ines = world["paris"]["student"]
    centre_page = "/orientation/centres/paris/"
    for who in ("coach", "manager"):
        assert login(world["paris"][who]).get(centre_page).status_code == 200
    for who in ("student", "guardian", "expert"):
        assert login(world["paris"][who]).get(centre_page).status_code == 404
    assert login(world["liege"]["manager"]).get(centre_page).status_code == 404
    assert login(world.admin).get(centre_page).status_code == 200
    staff_page = f"/orientation/participants/{p.uuid}/"
    assert login(world["paris"]["coach"]).get(staff_page).status_code == 200
    assert login(ines).get(staff_page).status_code == 302  # to her own page
    for who in ("other_student", "expert"):
        assert login(world["paris"][who]).get(staff_page).status_code == 404
    assert login(world["liege"]["coach"]).get(staff_page).status_code == 404
    mine = f"/orientation/students/{ines.uuid}/"
    assert login(ines).get(mine).status_code == 200
    assert login(world["paris"]["guardian"]).get(mine).status_code == 200
    assert login(world["paris"]["coach"]).get(mine).status_code == 302  # to the staff page
    assert login(world["paris"]["other_student"]).get(mine).status_code == 404
    # the family reads, never writes
    posted = login(world["paris"]["guardian"]).post(
        mine, {"action": "plan", "interests": "x", "status": "draft"}
    )
    assert posted.status_code == 404
    bad = login(world["paris"]["coach"]).post(staff_page, {"action": "note", "text": ""})
    assert bad.status_code == 400
    moved = login(world["paris"]["coach"]).post(
        staff_page, {"action": "move", "seen": "exploration", "to": "crystallisation"}
    )
    assert moved.status_code == 302
    stale = login(world["paris"]["coach"]).post(
        staff_page, {"action": "move", "seen": "exploration", "to": "crystallisation"}
    )
    assert stale.status_code == 400
    p.refresh_from_db()
    assert p.stage == Stage.CRYSTALLISATION


def test_the_api(world: Any, api: Any) -> None:
    prog = programme(world)
    ines = world["paris"]["student"]
    me = api(ines)
    assert me.get("/me/orientation").json()["participation"] is None
    joined_now = me.post("/me/orientation/join")
    assert joined_now.status_code == 200 and joined_now.json()["status"] == "enrolled"
    uid = joined_now.json()["id"]
    coach = api(world["paris"]["coach"])
    assert coach.get("/orientation/centres/paris/programme").json()["stages"][0]["enrolled"] == 1
    assert coach.get("/orientation/centres/paris/participants").json()["count"] == 1
    assert (
        coach.post(
            f"/orientation/participants/{uid}/stage",
            {"seen": "exploration", "to": "crystallisation"},
        ).status_code
        == 200
    )
    assert_error(
        coach.post(
            f"/orientation/participants/{uid}/stage",
            {"seen": "exploration", "to": "crystallisation"},
        ),
        409,
    )
    assert_error(
        me.post(
            f"/orientation/participants/{uid}/stage",
            {"seen": "crystallisation", "to": "specification"},
        ),
        404,
    )
    assert (
        me.put(
            f"/orientation/participants/{uid}/plan", {"interests": "Jeux", "status": "draft"}
        ).status_code
        == 200
    )
    step = me.post(
        f"/orientation/participants/{uid}/steps", {"what": "Salon", "due_on": "2027-01-15"}
    )
    assert step.status_code == 201
    assert (
        me.patch(
            f"/orientation/participants/{uid}/steps/{step.json()['id']}", {"done": True}
        ).status_code
        == 204
    )
    assert_error(
        api(world["paris"]["guardian"]).put(
            f"/orientation/participants/{uid}/plan", {"status": "draft"}
        ),
        404,
    )
    assert_error(api(world["paris"]["other_student"]).get(f"/orientation/participants/{uid}"), 404)
    assert_error(api(world["liege"]["manager"]).get("/orientation/centres/paris/programme"), 404)
    assert_error(coach.post(f"/orientation/participants/{uid}/notes", {"text": ""}), 422)
    assert_error(
        api(world["paris"]["manager"]).post(
            "/orientation/centres/paris/programme", {"title": "Bis"}
        ),
        409,
    )
    assert prog.participants.count() == 1


def test_the_shipped_templates_one_guide_and_one_workshop_a_stage(world: Any) -> None:
    if not StageTemplate.objects.exists():  # a transactional test flushed the data migration
        load_shipped_templates(StageTemplate)
    rows = selectors.templates_for(world.paris)
    assert sorted((t.stage, t.kind) for t in rows) == sorted(
        (s, k) for s in Stage.values for k in ("interview", "workshop")
    )
    assert all(t.title.get("fr") and t.title.get("en") and len(t.steps) >= 4 for t in rows)
    page = login(world["paris"]["coach"]).get("/orientation/centres/paris/templates/")
    assert page.status_code == 200
    assert load_shipped_templates(apps.get_model("orientation", "StageTemplate")) == 8
    assert StageTemplate.objects.count() == 8


def test_query_counts_do_not_grow_with_the_participants(world: Any) -> None:
    prog = programme(world)
    coach = login(world["paris"]["coach"])
    counts = []
    for size in (2, 25):
        for i in range(size):
            s = f.student(world.paris, username=f"o{size}-{i}")
            p = services.volunteer(actor=s, programme=prog)
            services.note_add(actor=world["paris"]["coach"], participant=p, text="n", shared=True)
        first = Participant.objects.filter(programme=prog).first()
        urls = ("/orientation/centres/paris/", f"/orientation/participants/{first.uuid}/")
        for url in urls:
            coach.get(url)
        counts.append(tuple(queries_of(coach, url) for url in urls))
    assert counts[0] == counts[1], counts
