"""Managers edit and delete cycles, labs and masterlabs; reserved seats and the cycle's
priority rule reach the engine."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as Row
from typing import Any
from uuid import uuid4

import pytest
from django.utils import timezone

from parcours.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from parcours.engine import allocation as engine
from parcours.labs import allocation, selectors, services
from parcours.labs.models import Application, CycleStatus, Lab, LabCycle, PriorityRule
from parcours.people.models import Gender
from tests import factories as f
from tests.conftest import Api, assert_error
from tests.conftest import login as signed_in
from tests.labs.conftest import Labs, apply, finish_level, make_masterlab

pytestmark = pytest.mark.django_db


def login(user: Any) -> Any:
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def wish(labs: Labs, student: Any, lab: Lab, rank: int = 1, flagged: bool = False) -> None:
    Application.objects.create(
        centre=labs.world.paris,
        student=student,
        cycle=labs.cycle,
        lab=lab,
        rank=rank,
        flagged=flagged,
        applied_at=timezone.now(),
    )


class TestCycleEditing:
    def test_update_priorities_offer_window_and_refusals(self, labs: Labs) -> None:
        manager = labs.world["paris"]["manager"]
        cycle = services.cycle_update(
            actor=manager,
            cycle=labs.cycle,
            data={"priority_rule": "lottery", "offer_window_hours": 24},
        )
        assert (cycle.priority_rule, cycle.offer_window_hours) == ("lottery", 24)
        for bad in ({"offer_window_hours": 0}, {"priority_rule": "vip"}, {"max_wishes": 11}):
            with pytest.raises(ValidationFailed):
                services.cycle_update(actor=manager, cycle=labs.cycle, data=bad)
        # Somebody else saved in between: refused, nothing lost.
        stale = labs.cycle.updated_at - dt.timedelta(seconds=5)
        with pytest.raises(Conflict):
            services.cycle_update(actor=manager, cycle=labs.cycle, data={"name": "X"}, seen=stale)
        labs.cycle.refresh_from_db()
        assert labs.cycle.name == "Autumn" and labs.cycle.offer_window_hours == 24

    def test_delete_only_without_applications(self, labs: Labs) -> None:
        manager = labs.world["paris"]["manager"]
        wish(labs, labs.world["paris"]["student"], labs.l1a)
        with pytest.raises(Conflict):
            services.cycle_delete(actor=manager, cycle=labs.cycle)
        assert LabCycle.objects.filter(pk=labs.cycle.pk).exists()
        Application.objects.all().delete()
        for role in ("coach", "expert", "student"):
            with pytest.raises(Exception) as err:
                services.cycle_delete(actor=labs.world["paris"][role], cycle=labs.cycle)
            assert err.type.__name__ in ("Forbidden", "NotFound")
        services.cycle_delete(actor=manager, cycle=labs.cycle)
        assert not LabCycle.objects.filter(pk=labs.cycle.pk).exists()
        assert not Lab.objects.filter(cycle_id=labs.cycle.pk).exists()
        services.cycle_delete(actor=manager, cycle=labs.cycle)  # again: nothing, no error

    def test_pages_edit_and_delete(self, labs: Labs) -> None:
        manager = login(labs.world["paris"]["manager"])
        url = f"/labs/cycles/{labs.cycle.uuid}/edit/"
        form = manager.get(url)
        assert form.status_code == 200 and "Priorities" in form.content.decode()
        data = {
            "name": "Autumn labs",
            "starts_on": labs.cycle.starts_on.isoformat(),
            "ends_on": labs.cycle.ends_on.isoformat(),
            "applications_open_at": timezone.localtime(labs.cycle.applications_open_at).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "applications_close_at": timezone.localtime(labs.cycle.applications_close_at).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "max_wishes": "3",
            "mechanism": "stable",
            "priority_rule": "newcomers",
            "offer_window_hours": "72",
        }
        bad = manager.post(url, {**data, "ends_on": "2020-01-01"})
        assert bad.status_code == 400
        labs.cycle.refresh_from_db()
        assert labs.cycle.name == "Autumn"
        assert manager.post(url, data).status_code == 302
        labs.cycle.refresh_from_db()
        assert (labs.cycle.name, labs.cycle.priority_rule, labs.cycle.offer_window_hours) == (
            "Autumn labs",
            "newcomers",
            72,
        )
        for role in ("coach", "expert", "student", "guardian"):
            assert login(labs.world["paris"][role]).get(url).status_code == 403, role
        assert login(labs.world["liege"]["manager"]).get(url).status_code == 404
        gone = manager.post(f"/labs/cycles/{labs.cycle.uuid}/delete/", follow=True)
        assert "The cycle is deleted" in gone.content.decode()
        assert not LabCycle.objects.exists()

    def test_api_patch_and_delete(self, labs: Labs) -> None:
        api = Api(labs.world["paris"]["manager"])
        r = api.patch(f"/lab-cycles/{labs.cycle.uuid}", {"priority_rule": "flag"})
        assert r.status_code == 200 and r.json()["priority_rule"] == "flag"
        assert_error(api.patch(f"/lab-cycles/{labs.cycle.uuid}", {"priority_rule": "vip"}), 400)
        assert_error(api.patch(f"/lab-cycles/{labs.cycle.uuid}", {"offer_window_hours": 0}), 422)
        stale = (labs.cycle.updated_at - dt.timedelta(seconds=5)).isoformat()
        assert_error(api.patch(f"/lab-cycles/{labs.cycle.uuid}", {"name": "Y", "seen": stale}), 409)
        assert_error(
            Api(labs.world["paris"]["coach"]).delete(f"/lab-cycles/{labs.cycle.uuid}"), 403
        )
        assert_error(
            Api(labs.world["liege"]["manager"]).patch(
                f"/lab-cycles/{labs.cycle.uuid}", {"name": "Z"}
            ),
            404,
        )
        assert api.delete(f"/lab-cycles/{labs.cycle.uuid}").status_code == 204
        assert_error(api.delete(f"/lab-cycles/{labs.cycle.uuid}"), 404)


class TestLabEditing:
    def test_update_seats_reserved_and_frozen_fields(self, labs: Labs) -> None:
        manager = labs.world["paris"]["manager"]
        lab = services.lab_update(
            actor=manager,
            lab=labs.l1a,
            data={"seats": 10, "reserved_girls": 4, "reserved_social": 2},
        )
        assert (lab.seats, lab.reserved_girls, lab.reserved_social) == (10, 4, 2)
        with pytest.raises(ValidationFailed):
            services.lab_update(actor=manager, lab=labs.l1a, data={"reserved_girls": 9})
        wish(labs, labs.world["paris"]["student"], labs.l1a)
        with pytest.raises(Conflict):
            services.lab_update(actor=manager, lab=labs.l1a, data={"level": 2})
        with pytest.raises(Conflict):
            services.lab_delete(actor=manager, lab=labs.l1a)
        services.lab_update(actor=manager, lab=labs.l1a, data={"seats": 12})  # seats may change
        labs.l1a.refresh_from_db()
        assert (labs.l1a.seats, labs.l1a.level, labs.l1a.reserved_girls) == (12, 1, 4)
        services.lab_delete(actor=manager, lab=labs.l2)
        assert not Lab.objects.filter(pk=labs.l2.pk).exists()
        LabCycle.objects.filter(pk=labs.cycle.pk).update(status=CycleStatus.PUBLISHED)
        with pytest.raises(Conflict):
            services.lab_update(actor=manager, lab=labs.l1b, data={"seats": 3})

    def test_other_roles_cannot_edit(self, labs: Labs) -> None:
        for who in ("coach", "expert", "student"):  # they see the lab, they cannot change it
            with pytest.raises(Forbidden):
                services.lab_update(actor=labs.world["paris"][who], lab=labs.l1a, data={"seats": 9})
        with pytest.raises(NotFound):
            services.lab_update(
                actor=labs.world["liege"]["manager"], lab=labs.l1a, data={"seats": 9}
            )
        assert Lab.objects.get(pk=labs.l1a.pk).seats == 1

    def test_page_and_api(self, labs: Labs) -> None:
        manager = login(labs.world["paris"]["manager"])
        page = manager.get(f"/labs/labs/{labs.l1a.uuid}/edit/").content.decode()
        assert "Seats reserved for girls" in page
        api = Api(labs.world["paris"]["manager"])
        r = api.patch(f"/labs/{labs.l1a.uuid}", {"seats": 8, "reserved_social": 3})
        assert r.status_code == 200 and (r.json()["seats"], r.json()["reserved_social"]) == (8, 3)
        assert_error(api.patch(f"/labs/{labs.l1a.uuid}", {"reserved_girls": 6}), 400)
        assert_error(api.patch(f"/labs/{labs.l1a.uuid}", {"template": "nope"}), 400)
        assert_error(
            Api(labs.world["paris"]["expert"]).patch(f"/labs/{labs.l1a.uuid}", {"seats": 2}), 403
        )
        assert api.delete(f"/labs/{labs.l2.uuid}").status_code == 204


class TestPrioritiesAndReservedSeats:
    def test_priority_rule_reaches_the_instance(self, labs: Labs) -> None:
        student = labs.world["paris"]["student"]
        wish(labs, student, labs.l1a, 1, flagged=True)
        expected = {"tumo": 3, "newcomers": 2, "flag": 1, "lottery": 0}
        for rule, klass in expected.items():
            LabCycle.objects.filter(pk=labs.cycle.pk).update(priority_rule=rule)
            labs.cycle.refresh_from_db()
            built = allocation.build_instance(selectors.cycle_allocation_input(labs.cycle))
            (s,) = built.instance.students
            assert s.priority == {str(labs.l1a.pk): klass}, rule
        assert set(expected) == set(PriorityRule.values)

    def test_reserved_girls_seat_goes_to_a_girl(self, labs: Labs) -> None:
        """Two applicants for one seat; the boy has the flag (higher priority). With the seat
        reserved for girls, the girl gets it."""
        boy, girl = labs.world["paris"]["student"], labs.world["paris"]["other_student"]
        for user, gender in ((boy, Gender.MALE), (girl, Gender.FEMALE)):
            user.student_profile.gender = gender
            user.student_profile.save(update_fields=["gender"])
        wish(labs, boy, labs.l1a, 1, flagged=True)
        wish(labs, girl, labs.l1a, 1)

        plain = engine.allocate(
            allocation.build_instance(selectors.cycle_allocation_input(labs.cycle)).instance,
            "stable",
        )
        assert plain.assignment[str(boy.pk)] == str(labs.l1a.pk)
        Lab.objects.filter(pk=labs.l1a.pk).update(reserved_girls=1)
        reserved = engine.allocate(
            allocation.build_instance(selectors.cycle_allocation_input(labs.cycle)).instance,
            "stable",
        )
        assert reserved.assignment[str(girl.pk)] == str(labs.l1a.pk)
        assert reserved.assignment[str(boy.pk)] is None


def test_the_instance_is_built_from_plain_rows_without_a_query(
    django_assert_num_queries: Any,
) -> None:
    """``allocation.build_instance`` is pure: the selector reads, the function only maps (the
    alumni set it is given decides the newcomer class, the profile the reserved groups)."""
    at = timezone.now()
    cycle = Row(uuid=uuid4(), priority_rule=PriorityRule.TUMO)
    lab = Row(pk=7, seats=2, reserved_girls=1, reserved_social=0)
    girl = Row(student_profile=Row(gender=Gender.FEMALE, social_field=""))
    boy = Row(student_profile=Row(gender=Gender.MALE, social_field="youth club"))
    apps = [
        Row(student_id=1, lab_id=7, flagged=True, rank=1, applied_at=at, student=girl),
        Row(student_id=2, lab_id=7, flagged=False, rank=1, applied_at=at, student=boy),
    ]
    data = allocation.CycleInput(cycle=cycle, labs=[lab], applications=apps, alumni=frozenset({2}))  # type: ignore[arg-type]
    with django_assert_num_queries(0):
        built = allocation.build_instance(data)
    first, second = built.instance.students
    assert (first.id, first.priority, first.groups) == ("1", {"7": 3}, frozenset({"girls"}))
    assert (second.id, second.priority, second.groups) == ("2", {"7": 0}, frozenset({"social"}))
    assert built.instance.labs[0].reserved == {"girls": 1}


def test_masterlab_edit_and_delete(world: Any) -> None:
    manager = world["paris"]["manager"]
    m = make_masterlab(world, closed=False)
    m = services.masterlab_update(
        actor=manager, masterlab=m, data={"guest": "A sound designer", "seats": 12}
    )
    assert (m.guest, m.seats) == ("A sound designer", 12)
    with pytest.raises(ValidationFailed):
        services.masterlab_update(
            actor=manager, masterlab=m, data={"last_day": m.first_day - dt.timedelta(days=1)}
        )
    api = Api(manager)
    r = api.patch(f"/masterlabs/{m.uuid}", {"seats": 14})
    assert r.status_code == 200 and r.json()["seats"] == 14
    assert_error(Api(world["paris"]["coach"]).patch(f"/masterlabs/{m.uuid}", {"seats": 2}), 403)
    apply(m, world["paris"]["student"])
    with pytest.raises(Conflict):
        services.masterlab_delete(actor=manager, masterlab=m)
    assert_error(api.delete(f"/masterlabs/{m.uuid}"), 409)
    other = make_masterlab(world, key="ml-other")
    assert api.delete(f"/masterlabs/{other.uuid}").status_code == 204
    page = login(manager).get(f"/labs/masterlabs/{m.uuid}/edit/")
    assert page.status_code == 200 and "Delete" in page.content.decode()
    assert f is not None and finish_level is not None
