"""Waitlists that move: a seat given up is offered to the next on the lab's waitlist, in
that order only; offers are accepted, declined or expire and pass on."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from html import unescape
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from parcours.core.errors import Conflict, Forbidden, NotFound
from parcours.labs import jobs, selectors, services
from parcours.labs.allocation import sentence
from parcours.labs.models import Application, CycleStatus, Lab, LabCycle, Seat, SeatStatus
from parcours.notifications.choices import Kind
from parcours.notifications.models import Notification
from parcours.people.models import GuardianLink, Role
from tests import factories as f
from tests.conftest import Api, assert_error
from tests.conftest import login as signed_in
from tests.labs.conftest import Labs, finish_level


def login(user: Any) -> Any:
    """A signed-in client that reads the pages in English (the texts checked below)."""
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@dataclass
class Published:
    labs: Labs
    cycle: LabCycle
    a: Lab  # one seat, held by ``holder_a``; waitlist w1, w2, w3
    b: Lab  # one seat, held by ``holder_b``; waitlist w1, w3, w2
    holder_a: Any
    holder_b: Any
    w1: Any
    w2: Any
    w3: Any


def publish(labs: Labs) -> Published:
    """A published cycle as the publication leaves it: held seats, and the waitlist positions
    stored on the applications."""
    paris, cycle = labs.world.paris, labs.cycle
    now = timezone.now()
    LabCycle.objects.filter(pk=cycle.pk).update(
        status=CycleStatus.PUBLISHED,
        applications_open_at=now - dt.timedelta(days=2),
        applications_close_at=now - dt.timedelta(minutes=1),
    )
    cycle.refresh_from_db()
    holder_a, holder_b = labs.world["paris"]["student"], labs.world["paris"]["other_student"]
    waiters = []
    for name in ("w1", "w2", "w3"):
        w = f.student(paris, username=name, email=f"{name}@example.org")
        finish_level(w)
        waiters.append(w)
    w1, w2, w3 = waiters

    def wish(student: Any, lab: Lab, rank: int, position: int | None = None) -> None:
        Application.objects.create(
            centre=paris,
            student=student,
            cycle=cycle,
            lab=lab,
            rank=rank,
            applied_at=now - dt.timedelta(days=2),
            waitlist_position=position,
        )

    a, b = labs.l1a, labs.l1b
    for holder, lab in ((holder_a, a), (holder_b, b)):
        wish(holder, lab, 1)
        Seat.objects.create(centre=paris, cycle=cycle, lab=lab, student=holder)
    wish(w1, a, 1, 1)
    wish(w1, b, 2, 1)
    wish(w2, a, 1, 2)
    wish(w2, b, 2, 3)
    wish(w3, b, 1, 2)
    wish(w3, a, 2, 3)
    return Published(labs, cycle, a, b, holder_a, holder_b, w1, w2, w3)


@pytest.fixture
def pub(labs: Labs) -> Published:
    return publish(labs)


def seat(student: Any, lab: Lab) -> Seat:
    return Seat.objects.get(student=student, lab=lab)


def offers() -> list[tuple[str, int]]:
    return sorted(
        (s.student.username, s.lab_id)
        for s in Seat.objects.filter(status=SeatStatus.OFFERED).select_related("student")
    )


@pytest.mark.django_db
class TestWaitlist:
    def test_withdrawal_offers_the_first_waiting(
        self, pub: Published, django_capture_on_commit_callbacks: Any
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            done = services.seat_withdraw(actor=pub.holder_a, seat=seat(pub.holder_a, pub.a))
        assert done.status == SeatStatus.WITHDRAWN
        offer = seat(pub.w1, pub.a)
        assert offer.status == SeatStatus.OFFERED and offer.offered_until is not None
        window = offer.offered_until - offer.created_at
        assert dt.timedelta(hours=47, minutes=59) < window <= dt.timedelta(hours=48, seconds=1)
        assert offers() == [("w1", pub.a.pk)]
        assert [m.to for m in mail.outbox] == [["w1@example.org"]]
        body = mail.outbox[0].body  # in the student's language (French by default)
        assert "Une place se libère pour toi" in body
        # Idempotent: giving up again changes nothing and offers nothing more.
        services.seat_withdraw(actor=pub.holder_a, seat=done)
        assert offers() == [("w1", pub.a.pk)]

    def test_the_offer_email_is_queued_in_the_students_language(
        self, pub: Published, settings: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        """Through core.mail: a task after the commit, the subject, the body and the deadline
        in the student's language and the centre's time zone."""
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

        type(pub.w1).objects.filter(pk=pub.w1.pk).update(preferred_language="en")
        with django_capture_on_commit_callbacks(execute=True):
            services.seat_withdraw(actor=pub.holder_a, seat=seat(pub.holder_a, pub.a))
        assert mail.outbox == []  # waiting for the worker
        (queued,) = DBTaskResult.objects.all()
        assert queued.task_path == "parcours.core.tasks.deliver_email"
        message = queued.args_kwargs["kwargs"]
        assert message["to"] == "w1@example.org"
        assert message["subject"] == "Paris · A seat for you in Lab lab-web"
        until = timezone.localtime(seat(pub.w1, pub.a).offered_until, pub.cycle.centre.zone)
        assert f"before {until:%d/%m/%Y %H:%M};" in message["body"]

    def test_accept_makes_it_held_and_is_idempotent(self, pub: Published) -> None:
        services.seat_withdraw(actor=pub.holder_a, seat=seat(pub.holder_a, pub.a))
        offer = seat(pub.w1, pub.a)
        held = services.offer_accept(actor=pub.w1, seat=offer)
        assert held.status == SeatStatus.HELD
        assert services.offer_accept(actor=pub.w1, seat=offer).status == SeatStatus.HELD
        with pytest.raises(Conflict):
            services.offer_decline(actor=pub.w1, seat=offer)
        assert selectors.seat_of(user=pub.w1, student=pub.w1, cycle=pub.cycle) == held
        assert offers() == []
        # The reason reads as a seat in that lab.

        assert "your choice number 1" in sentence(held.reason, {str(pub.a.pk): "Web"})

    def test_decline_passes_on_and_is_idempotent(self, pub: Published) -> None:
        services.seat_withdraw(actor=pub.holder_a, seat=seat(pub.holder_a, pub.a))
        offer = seat(pub.w1, pub.a)
        assert services.offer_decline(actor=pub.w1, seat=offer).status == SeatStatus.DECLINED
        assert offers() == [("w2", pub.a.pk)]
        services.offer_decline(actor=pub.w1, seat=offer)
        assert offers() == [("w2", pub.a.pk)]
        with pytest.raises(Conflict):
            services.offer_accept(actor=pub.w1, seat=offer)
        # w2 declines too: w3 (third) gets it; then nobody is left.
        services.offer_decline(actor=pub.w2, seat=seat(pub.w2, pub.a))
        assert offers() == [("w3", pub.a.pk)]
        services.offer_decline(actor=pub.w3, seat=seat(pub.w3, pub.a))
        assert offers() == []

    def test_expiry_passes_on_and_is_idempotent(self, pub: Published) -> None:
        services.seat_withdraw(actor=pub.holder_a, seat=seat(pub.holder_a, pub.a))
        assert services.offers_expire() == 0
        later = timezone.now() + dt.timedelta(hours=49)
        assert services.offers_expire(now=later) == 1
        first = seat(pub.w1, pub.a)
        assert first.status == SeatStatus.DECLINED
        assert first.reason["offer"]["outcome"] == "expired"
        second = seat(pub.w2, pub.a)
        assert second.status == SeatStatus.OFFERED
        assert second.offered_until == later + dt.timedelta(hours=48)
        assert services.offers_expire(now=later) == 0
        assert offers() == [("w2", pub.a.pk)]

    def test_a_failure_in_one_lab_leaves_the_other_labs_expiries_done(
        self, pub: Published, monkeypatch: Any, caplog: Any
    ) -> None:
        """One transaction per lab: lab a fails while passing its place on; lab b's expiry
        and its new offer stay, lab a's offer is untouched and expires on the next run."""
        services.seat_withdraw(actor=pub.holder_a, seat=seat(pub.holder_a, pub.a))
        services.seat_withdraw(actor=pub.holder_b, seat=seat(pub.holder_b, pub.b))
        assert offers() == [("w1", pub.a.pk), ("w3", pub.b.pk)]
        later = timezone.now() + dt.timedelta(hours=49)
        real = services.offers_advance

        def broken_in_a(*, lab: Lab, now: dt.datetime | None = None) -> list[Seat]:
            if lab.pk == pub.a.pk:
                raise RuntimeError("lab a is broken")
            return real(lab=lab, now=now)

        monkeypatch.setattr(services, "offers_advance", broken_in_a)
        assert services.offers_expire(now=later) == 1
        assert "lab a is broken" in caplog.text
        assert seat(pub.w3, pub.b).reason["offer"]["outcome"] == "expired"
        assert seat(pub.w1, pub.a).status == SeatStatus.OFFERED  # rolled back, lab a only
        assert offers() == [("w1", pub.a.pk), ("w2", pub.b.pk)]
        monkeypatch.setattr(services, "offers_advance", real)
        assert services.offers_expire(now=later) == 1
        assert seat(pub.w1, pub.a).reason["offer"]["outcome"] == "expired"

    def test_the_periodic_job(self, pub: Published, settings: Any) -> None:
        assert ("parcours.labs.jobs.expire_offers", 300) in settings.PARCOURS_PERIODIC_JOBS
        services.seat_withdraw(actor=pub.holder_a, seat=seat(pub.holder_a, pub.a))
        Seat.objects.filter(status=SeatStatus.OFFERED).update(
            offered_until=timezone.now() - dt.timedelta(minutes=1)
        )
        assert jobs.expire_offers() == 1
        assert jobs.expire_offers() == 0
        assert offers() == [("w2", pub.a.pk)]

    def test_a_late_answer_is_refused_and_the_offer_expires(self, pub: Published) -> None:
        services.seat_withdraw(actor=pub.holder_a, seat=seat(pub.holder_a, pub.a))
        offer = seat(pub.w1, pub.a)
        Seat.objects.filter(pk=offer.pk).update(
            offered_until=timezone.now() - dt.timedelta(seconds=1)
        )
        with pytest.raises(Conflict, match="ended on"):
            services.offer_accept(actor=pub.w1, seat=offer)
        offer.refresh_from_db()
        assert offer.status == SeatStatus.DECLINED
        assert offer.reason["offer"]["outcome"] == "expired"
        assert offers() == [("w2", pub.a.pk)]
        with pytest.raises(Conflict, match="ended on"):
            services.offer_decline(actor=pub.w1, seat=offer)
        assert offers() == [("w2", pub.a.pk)]

    def test_nobody_with_a_seat_in_the_cycle_or_a_past_offer_is_offered(
        self, pub: Published
    ) -> None:
        services.seat_withdraw(actor=pub.holder_a, seat=seat(pub.holder_a, pub.a))
        services.offer_accept(actor=pub.w1, seat=seat(pub.w1, pub.a))
        # w1 holds a now: b's place goes to w3 (second on b's list), not w1.
        services.seat_withdraw(actor=pub.holder_b, seat=seat(pub.holder_b, pub.b))
        assert offers() == [("w3", pub.b.pk)]
        # The holder who gave up a is never offered a again.
        services.seat_withdraw(actor=pub.w1, seat=seat(pub.w1, pub.a))
        assert offers() == [("w2", pub.a.pk), ("w3", pub.b.pk)]

    def test_permissions(self, pub: Published) -> None:
        world = pub.labs.world
        held = seat(pub.holder_a, pub.a)
        with pytest.raises(NotFound):
            services.seat_withdraw(actor=pub.holder_b, seat=held)
        with pytest.raises(NotFound):
            services.seat_withdraw(actor=world["liege"]["manager"], seat=held)
        with pytest.raises(Forbidden):
            services.seat_withdraw(actor=world["paris"]["coach"], seat=held)
        assert seat(pub.holder_a, pub.a).status == SeatStatus.HELD
        services.seat_withdraw(actor=world["paris"]["guardian"], seat=held)
        offer = seat(pub.w1, pub.a)
        for intruder in (pub.w2, world["liege"]["manager"]):
            with pytest.raises(NotFound):
                services.offer_accept(actor=intruder, seat=offer)
        with pytest.raises(Forbidden):  # a manager gives up seats, but does not answer
            services.offer_accept(actor=world["paris"]["manager"], seat=offer)
        assert seat(pub.w1, pub.a).status == SeatStatus.OFFERED
        # A manager gives up a seat for a student.
        services.seat_withdraw(actor=world["paris"]["manager"], seat=seat(pub.holder_b, pub.b))
        assert offers() == [("w1", pub.a.pk), ("w3", pub.b.pk)]

    def test_a_guardian_answers_their_wards_offer_only(
        self, pub: Published, django_assert_max_num_queries: Any
    ) -> None:
        world = pub.labs.world
        parent = f.member(Role.GUARDIAN, world.paris, username="w1-parent")
        GuardianLink.objects.create(centre=world.paris, guardian=parent, student=pub.w1)
        services.seat_withdraw(actor=pub.holder_a, seat=seat(pub.holder_a, pub.a))
        offer = seat(pub.w1, pub.a)
        with pytest.raises(NotFound):  # another student's guardian does not even see it
            services.offer_accept(actor=world["paris"]["guardian"], seat=offer)
        # 23 before ward_ids; one more: the wards' ids, read once and kept for the request;
        # one more: the wishes of cycles not published yet. Signing in is not counted.
        family = login(parent)
        with django_assert_max_num_queries(25):
            page = family.get("/labs/family/")
        assert page.status_code == 200 and "Lab lab-web" in page.content.decode()
        assert services.offer_accept(actor=parent, seat=offer).status == SeatStatus.HELD

    def test_a_cycle_that_is_over_keeps_its_seats(self, pub: Published) -> None:
        cycle = pub.labs.cycle
        length = cycle.ends_on - cycle.starts_on
        cycle.ends_on = timezone.localdate() - dt.timedelta(days=1)
        cycle.starts_on = cycle.ends_on - length
        cycle.save()
        held = seat(pub.holder_a, pub.a)
        with pytest.raises(Conflict, match="This lab cycle is over") as err:
            services.seat_withdraw(actor=pub.holder_a, seat=held)
        assert err.value.code == "is_over"
        assert seat(pub.holder_a, pub.a).status == SeatStatus.HELD
        assert not Seat.objects.filter(student=pub.w1, lab=pub.a).exists()  # nobody offered
        assert_error(Api(pub.holder_a).post(f"/lab-seats/{held.uuid}/withdraw"), 409, "is_over")
        page = signed_in(pub.holder_a).get(f"/labs/cycles/{cycle.uuid}/wishes/")
        assert "Give up my seat" not in page.content.decode()

    def test_an_offer_goes_to_the_students_and_the_familys_inbox(self, pub: Published) -> None:
        parent = f.member(Role.GUARDIAN, pub.labs.world.paris, username="w1-parent-2")
        GuardianLink.objects.create(centre=pub.labs.world.paris, guardian=parent, student=pub.w1)
        services.seat_withdraw(actor=pub.holder_a, seat=seat(pub.holder_a, pub.a))
        told = Notification.objects.filter(kind=Kind.LAB_OFFER)
        assert sorted(told.values_list("recipient__username", flat=True)) == ["w1", "w1-parent-2"]
        note = told.get(recipient=pub.w1)
        assert note.params["lab"] == "Lab lab-web"
        assert note.url == f"/labs/cycles/{pub.cycle.uuid}/wishes/"
        # The offer's e-mail was the message: the inbox marks it sent, no second e-mail.
        assert note.emailed_at is not None

    def test_an_offer_is_not_given_up_but_answered(self, pub: Published) -> None:
        services.seat_withdraw(actor=pub.holder_a, seat=seat(pub.holder_a, pub.a))
        with pytest.raises(Conflict):
            services.seat_withdraw(actor=pub.w1, seat=seat(pub.w1, pub.a))


@pytest.mark.django_db
class TestUpgrades:
    """A student who holds a lab and waits for one they ranked higher is offered it when a
    place frees; accepting gives up the lower seat, which passes to its own waiting list."""

    def _w3_holds_a(self, pub: Published) -> None:
        services.seat_withdraw(actor=pub.holder_a, seat=seat(pub.holder_a, pub.a))
        services.offer_decline(actor=pub.w1, seat=seat(pub.w1, pub.a))
        services.offer_decline(actor=pub.w2, seat=seat(pub.w2, pub.a))
        services.offer_accept(actor=pub.w3, seat=seat(pub.w3, pub.a))  # w3's choice 2
        assert seat(pub.w3, pub.a).status == SeatStatus.HELD

    def test_upgrade_offer_accept_swaps_and_passes_the_old_seat_on(self, pub: Published) -> None:
        self._w3_holds_a(pub)
        services.seat_withdraw(actor=pub.holder_b, seat=seat(pub.holder_b, pub.b))
        assert offers() == [("w1", pub.b.pk)]  # first on b's list, no seat now
        services.offer_decline(actor=pub.w1, seat=seat(pub.w1, pub.b))
        # w3 holds a (choice 2) and is second on b's list (choice 1): an upgrade offer.
        upgrade = seat(pub.w3, pub.b)
        assert upgrade.status == SeatStatus.OFFERED
        assert upgrade.reason["offer"]["in_place_of"] == str(pub.a.pk)
        page = login(pub.w3).get(f"/labs/cycles/{pub.cycle.uuid}/wishes/").content.decode()
        assert "If you accept, you give up your seat in" in page
        services.offer_accept(actor=pub.w3, seat=upgrade)
        assert seat(pub.w3, pub.b).status == SeatStatus.HELD
        old = seat(pub.w3, pub.a)
        assert old.status == SeatStatus.WITHDRAWN and old.reason["swapped_for"] == str(pub.b.pk)
        # a's place passed on: everyone on a's list already had their turn there.
        assert offers() == []
        assert Seat.objects.filter(student=pub.w3, status=SeatStatus.HELD).count() == 1

    def test_declining_an_upgrade_keeps_the_seat(self, pub: Published) -> None:
        self._w3_holds_a(pub)
        services.seat_withdraw(actor=pub.holder_b, seat=seat(pub.holder_b, pub.b))
        services.offer_decline(actor=pub.w1, seat=seat(pub.w1, pub.b))
        services.offer_decline(actor=pub.w3, seat=seat(pub.w3, pub.b))
        assert seat(pub.w3, pub.a).status == SeatStatus.HELD
        assert seat(pub.w3, pub.b).status == SeatStatus.DECLINED

    def test_no_offer_for_a_lab_ranked_lower_than_the_one_held(self, pub: Published) -> None:
        # holder_a holds a (choice 1); put them on b's list as choice 2: never offered b.
        Application.objects.create(
            centre=pub.cycle.centre,
            student=pub.holder_a,
            cycle=pub.cycle,
            lab=pub.b,
            rank=2,
            applied_at=timezone.now(),
            waitlist_position=0,
        )
        services.seat_withdraw(actor=pub.holder_b, seat=seat(pub.holder_b, pub.b))
        assert offers() == [("w1", pub.b.pk)]

    def test_the_result_after_giving_up(self, pub: Published) -> None:
        services.seat_withdraw(actor=pub.holder_a, seat=seat(pub.holder_a, pub.a))
        page = login(pub.holder_a).get(f"/labs/cycles/{pub.cycle.uuid}/wishes/").content.decode()
        assert "You gave up your seat in" in page
        assert "its last admitted student" not in page


@pytest.mark.django_db
class TestPagesAndApi:
    def test_student_pages(self, pub: Published) -> None:
        client = login(pub.holder_a)
        page = client.get(f"/labs/cycles/{pub.cycle.uuid}/wishes/").content.decode()
        held = seat(pub.holder_a, pub.a)
        withdraw_url = f"/labs/seats/{held.uuid}/withdraw/"
        assert "Give up my seat" in page and withdraw_url in page
        confirm = client.get(withdraw_url)
        assert confirm.status_code == 200 and "Yes, give up the seat" in confirm.content.decode()
        assert seat(pub.holder_a, pub.a).status == SeatStatus.HELD
        assert client.post(withdraw_url).status_code == 302
        assert seat(pub.holder_a, pub.a).status == SeatStatus.WITHDRAWN
        w1 = login(pub.w1)
        page = w1.get(f"/labs/cycles/{pub.cycle.uuid}/wishes/").content.decode()
        offer = seat(pub.w1, pub.a)
        assert "A seat is offered to you" in page and "Answer before" in page
        assert f"/labs/seats/{offer.uuid}/answer/" in page
        w1.post(f"/labs/seats/{offer.uuid}/answer/", {"action": "accept"})
        assert seat(pub.w1, pub.a).status == SeatStatus.HELD
        assert login(pub.w2).post(f"/labs/seats/{offer.uuid}/answer/").status_code == 404

    def test_the_students_home_says_a_seat_waits_for_an_answer(self, pub: Published) -> None:
        """A time-limited offer is on the student's home, with its deadline and the way to
        answer; a held seat is a lab card; an expired offer is not shown."""
        services.seat_withdraw(actor=pub.holder_a, seat=seat(pub.holder_a, pub.a))
        offer = seat(pub.w1, pub.a)
        html = login(pub.w1).get("/").content.decode()
        assert "A lab seat is offered to you" in html and "answer before" in html
        # the home names it with its weekly slot: when it meets, what a student decides on
        named = f"{pub.a.template.title} ({pub.a.slot.label})"
        assert f"A seat is free in “{named}”" in unescape(html)
        # the cycle page names it as its reasons do: its title alone when no other lab of the
        # cycle shares it (two sessions of one lab: tests/labs/test_services.py, lab_titles)
        cycle_page = login(pub.w1).get(f"/labs/cycles/{pub.cycle.uuid}/wishes/").content.decode()
        assert f"A seat is free in “{pub.a.template.title}”" in unescape(cycle_page)
        assert f'href="/labs/cycles/{pub.cycle.uuid}/wishes/"' in html
        assert "A lab seat is offered to you" not in login(pub.holder_b).get("/").content.decode()
        Seat.objects.filter(pk=offer.pk).update(
            offered_until=timezone.now() - dt.timedelta(minutes=1)
        )
        assert "A lab seat is offered to you" not in login(pub.w1).get("/").content.decode()

    def test_manager_cycle_page_lists_offers_and_waitlists(self, pub: Published) -> None:
        services.seat_withdraw(actor=pub.holder_a, seat=seat(pub.holder_a, pub.a))
        page = login(pub.labs.world["paris"]["manager"]).get(f"/labs/cycles/{pub.cycle.uuid}/")
        text = page.content.decode()
        assert "Offers and waiting lists" in text and "Open offers" in text
        lists = selectors.waitlists(user=pub.labs.world["paris"]["manager"], cycle=pub.cycle)
        by_lab = {w.lab: w for w in lists}
        assert [s.student for s in by_lab[pub.a].offers] == [pub.w1]
        assert [a.student for a in by_lab[pub.a].waiting] == [pub.w2, pub.w3]
        assert [a.student for a in by_lab[pub.b].waiting] == [pub.w3, pub.w2]
        coach_page = login(pub.labs.world["paris"]["coach"]).get(f"/labs/cycles/{pub.cycle.uuid}/")
        assert "Offers and waiting lists" not in coach_page.content.decode()

    def test_api(self, pub: Published) -> None:
        held = seat(pub.holder_a, pub.a)
        assert_error(Api(pub.holder_b).post(f"/lab-seats/{held.uuid}/withdraw"), 404, "not_found")
        assert_error(
            Api(pub.labs.world["liege"]["manager"]).post(f"/lab-seats/{held.uuid}/withdraw"),
            404,
        )
        client = Api(pub.holder_a)
        for _ in range(2):
            body = client.post(f"/lab-seats/{held.uuid}/withdraw").json()
            assert body["status"] == "withdrawn"
        w1 = Api(pub.w1)
        result = w1.get(f"/lab-cycles/{pub.cycle.uuid}/result").json()
        offer = result["offer"]
        assert offer["status"] == "offered" and offer["offered_until"]
        assert_error(Api(pub.w2).post(f"/lab-seats/{offer['uuid']}/accept"), 404)
        Seat.objects.filter(uuid=offer["uuid"]).update(
            offered_until=timezone.now() - dt.timedelta(seconds=1)
        )
        error = assert_error(w1.post(f"/lab-seats/{offer['uuid']}/accept"), 409, "offer_expired")
        assert "ended on" in error["message"]
        w2 = Api(pub.w2)
        second = w2.get(f"/lab-cycles/{pub.cycle.uuid}/result").json()["offer"]
        for _ in range(2):
            assert w2.post(f"/lab-seats/{second['uuid']}/decline").json()["status"] == "declined"
        third = Api(pub.w3).get(f"/lab-cycles/{pub.cycle.uuid}/result").json()["offer"]
        body = Api(pub.w3).post(f"/lab-seats/{third['uuid']}/accept").json()
        assert body["status"] == "held"


def test_simultaneous_withdrawals_follow_the_waitlists(transactional_db: Any, labs: Labs) -> None:
    """Two seats given up at once in two labs whose waitlists both start with w1: w1 gets one
    offer, the other lab goes to its own next student. On PostgreSQL the two withdrawals run
    in two threads released together; on SQLite (one writer) one after the other."""
    pub = publish(labs)
    threaded = connection.vendor == "postgresql"
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    seats = [seat(pub.holder_a, pub.a), seat(pub.holder_b, pub.b)]

    def give_up(s: Seat) -> None:
        try:
            if threaded:
                barrier.wait(timeout=30)
            services.seat_withdraw(actor=s.student, seat=s)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            if threaded:
                connection.close()

    if threaded:
        threads = [threading.Thread(target=give_up, args=(s,)) for s in seats]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    else:
        for s in seats:
            give_up(s)
    assert errors == []
    made = offers()
    assert len(made) == 2 and len({name for name, _ in made}) == 2
    w1_lab = Seat.objects.get(student=pub.w1, status=SeatStatus.OFFERED).lab_id
    # The other lab's offer goes to its next on the list after w1: w2 for a, w3 for b.
    expected = {pub.a.pk: ("w1", "w3", pub.b.pk), pub.b.pk: ("w1", "w2", pub.a.pk)}[w1_lab]
    assert made == sorted([(expected[0], w1_lab), (expected[1], expected[2])])
    for lab in (pub.a, pub.b):
        assert Seat.objects.filter(lab=lab, status__in=["held", "offered"]).count() == lab.seats
