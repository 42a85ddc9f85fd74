"""Labs in a real browser (English UI): a student ranks three labs of an open cycle; the
manager closes the applications, dry-runs every mechanism and publishes with the default
`stable` one; the student sees their lab and the reason (their first choice was full, they
are first on its waiting list); the student holding that contested seat gives it up; the
student gets the offer, with its deadline in the centre's time, and accepts it in place of
their seat.

Every lab has one seat. "Lab web" and "Lab robots" are flagged as their priority by other
students, who therefore come first (priority 3 against 2) whatever the lottery; "Lab games"
is wanted by the student only. After publication the student holds "Lab games" (choice 2)
and is number 1 on the waiting list of "Lab web" (choice 1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import formats, timezone, translation

from parcours.engine.allocation import MECHANISMS
from parcours.labs import services
from parcours.labs.allocation import lottery
from parcours.labs.models import (
    AllocationRun,
    Application,
    CycleStatus,
    Lab,
    LabCycle,
    RunStatus,
    Seat,
    SeatStatus,
)
from tests import factories as f
from tests.attendance.conftest import enrol
from tests.browser.conftest import sign_in
from tests.conftest import build_world
from tests.labs.conftest import close, finish_level, slot

pytestmark = pytest.mark.browser

CYCLE = "Autumn"


@dataclass
class LabsWorld:
    world: Any
    cycle: LabCycle
    web: Lab  # contested by the student and the other student, who gets it
    games: Lab
    robots: Lab
    others: dict[str, Any]  # the student who flagged each lab, by lab title


@pytest.fixture
def labs_world(transactional_db: Any, settings: Any) -> LabsWorld:
    # The live server runs in this process: the dry run and the publication run at once.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()
    world = build_world()
    paris = world.paris
    f.activity(key="prog-l1", level=1)
    now = timezone.now()
    cycle = LabCycle.objects.create(
        centre=paris,
        name=CYCLE,
        starts_on=now.date() + dt.timedelta(days=14),
        ends_on=now.date() + dt.timedelta(days=49),
        applications_open_at=now - dt.timedelta(days=1),
        applications_close_at=now + dt.timedelta(days=7),
        status=CycleStatus.OPEN,
    )

    def lab(key: str, s: Any) -> Lab:
        return Lab.objects.create(
            centre=paris,
            cycle=cycle,
            template=f.lab_template(key=key, level=1),
            level=1,
            expert=world["paris"]["expert"],
            slot=s,
            seats=1,
        )

    web = lab("web", slot(paris, "Wed lab", 2, 14, 17))
    games = lab("games", slot(paris, "Sat lab", 5, 10, 13))
    robots = lab("robots", slot(paris, "Thu lab", 3, 17, 19))
    weekly = slot(paris, "Mardi soir", 1, 17, 19)  # the students' own session: no clash
    student, other = world["paris"]["student"], world["paris"]["other_student"]
    third = f.student(paris, username="paris-third", first_name="Chloé")
    fourth = f.student(paris, username="paris-fourth", first_name="Dylan")
    for s in (student, other, third, fourth):
        finish_level(s)  # level 1 of programming: the level-1 labs are open to them
    enrol(student, weekly)  # the home page links to the cycle from the student's week
    enrol(other, weekly)
    others = {"Lab web": other, "Lab robots": fourth}
    for lab_, who in zip((web, robots), others.values(), strict=True):
        services.wishes_set(actor=who, cycle=cycle, labs=[lab_], flagged=lab_)
    assert third.pk  # a student with no wish: not counted in the figures
    return LabsWorld(world, cycle, web, games, robots, others)


def status_text(page: Any) -> str:
    return page.get_by_role("status").first.inner_text()


def open_my_labs(page: Any) -> None:
    """From the student's home to the cycle's page, by its link."""
    page.get_by_role("link", name=CYCLE, exact=True).click()
    assert page.get_by_role("heading", name=f"My labs: {CYCLE}").is_visible()


def result_text(page: Any) -> str:
    return page.get_by_role("article").filter(has_text="Your result").inner_text()


def test_rank_publish_withdraw_and_accept_the_offer(new_page, labs_world):
    lw = labs_world
    cycle = lw.cycle
    student = lw.world["paris"]["student"]
    other = lw.others["Lab web"]

    # 1. The student ranks three labs from their home page.
    page = new_page()
    sign_in(page, "paris-student")
    open_my_labs(page)
    for title, rank in (("Lab web", "1"), ("Lab games", "2"), ("Lab robots", "3")):
        page.get_by_role("combobox", name=title).select_option(rank)
    page.get_by_role("button", name="Save my list").click()
    assert status_text(page) == "Your list of labs is saved."
    assert page.get_by_role("combobox", name="Lab games").input_value() == "2"
    wishes = Application.objects.filter(
        student=student, cycle=cycle, withdrawn_at__isnull=True
    ).order_by("rank")
    assert [(a.lab_id, a.rank, a.flagged) for a in wishes] == [
        (lw.web.pk, 1, False),
        (lw.games.pk, 2, False),
        (lw.robots.pk, 3, False),
    ]
    page.context.close()

    # The deadline passes.
    close(cycle)

    # 2. The manager closes the applications, dry-runs, then publishes with `stable`.
    page = new_page()
    sign_in(page, "paris-manager")
    page.get_by_role("navigation", name="Sections").get_by_role(
        "link", name="Labs and masterlabs"
    ).click()
    page.get_by_role("link", name=CYCLE).click()
    page.get_by_label("Status").select_option(label="applications closed")
    page.get_by_role("button", name="Change the status").click()
    assert status_text(page) == "The cycle's status is changed."
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.CLOSED
    page.get_by_role("button", name="Dry run and publication").click()  # a link styled as one
    assert page.get_by_role("heading", name=f"Seats of {CYCLE}").is_visible()

    page.get_by_role("button", name="Dry run: every mechanism").click()
    assert "The dry run is running" in status_text(page)
    figures = page.get_by_role("table", name="Figures of the last dry run")
    figures.wait_for()
    # each row named in words, its key beside it (issue 11)
    rows = {
        name: figures.get_by_role("row").filter(
            has=page.get_by_role("rowheader").filter(
                has=page.locator("code").get_by_text(name, exact=True)
            )
        )
        for name in MECHANISMS
    }
    assert (
        rows["rsd"]
        .get_by_role("rowheader")
        .inner_text()
        .startswith("one at a time in a drawn order")
    )
    for name, row in rows.items():
        assert row.count() == 1, f"no figures for {name}"
    # stable: the two priority students get their first choice, the student their second.
    stable = rows["stable"].get_by_role("cell").all_inner_texts()
    assert stable == ["66.7 %", "100.0 %", "0.0 %", "3 / 3", "0"]
    dry = AllocationRun.objects.get(cycle=cycle, dry_run=True)
    assert dry.status == RunStatus.DONE and set(dry.metrics) == set(MECHANISMS)
    assert not Seat.objects.filter(cycle=cycle).exists()  # nothing published by a dry run

    assert page.get_by_label("Mechanism").input_value() == "stable"  # the cycle's default
    page.get_by_role("button", name="Publish the seats").click()
    assert "The seats are being published" in status_text(page)
    done = (
        "Publication (fair by priority: nobody passed over for a lower priority "
        "(stable, deferred acceptance)): done."
    )
    for _ in range(10):  # the runs block polls while a run is active; reload until done
        if page.get_by_text(done).count():
            break
        page.wait_for_timeout(500)
        page.reload()
    assert page.get_by_text(done).is_visible()
    assert page.get_by_role("button", name="Publish the seats").count() == 0
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.PUBLISHED
    held = Seat.objects.filter(cycle=cycle, status=SeatStatus.HELD)
    assert {(s.lab_id, s.student_id) for s in held} == {
        (lw.web.pk, other.pk),
        (lw.games.pk, student.pk),
        (lw.robots.pk, lw.others["Lab robots"].pk),
    }
    page.context.close()

    # 3. The student sees their lab and why: their first choice was full.
    page = new_page()
    sign_in(page, "paris-student")
    open_my_labs(page)
    text = result_text(page)
    assert "You have a seat in “Lab games”, your choice number 2." in text
    mine = f"{lottery(cycle, student.pk):.4f}"
    theirs = f"{lottery(cycle, other.pk):.4f}"
    # in plain words (issue 11), the priorities and lottery numbers one click away
    assert (
        "“Lab web” was full: its seats went to students with a higher priority than yours"
    ) in text
    assert "lottery number" not in text.split("The figures behind it")[0]
    page.get_by_text("The figures behind it").click()
    figures = (
        f"“Lab web”: its last admitted student had priority 3 and lottery number "
        f"{theirs}; you had priority 2 and lottery number {mine}."
    )
    assert page.get_by_text(figures).is_visible()
    assert "You are number 1 on the waiting list of “Lab web”." in text
    assert "it is offered to you: you may take it in place of yours" in text
    assert page.get_by_role("heading", name="A seat is offered to you").count() == 0
    student_page = page

    # 4. The other student sees their seat and gives it up, with the confirmation.
    page = new_page()
    sign_in(page, "paris-other")
    open_my_labs(page)
    assert "You have a seat in “Lab web”, your choice number 1." in result_text(page)
    page.get_by_role("button", name="Give up my seat").click()
    assert page.get_by_role("heading", name="Give up my seat").is_visible()
    assert "gives up the seat in “Lab web”" in page.locator("main").inner_text()
    page.get_by_role("button", name="Yes, give up the seat").click()
    assert status_text(page) == (
        "You gave up your seat; it is offered to the next on the waiting list."
    )
    assert page.get_by_role("button", name="Give up my seat").count() == 0
    page.context.close()

    # 5. The student, first on that lab's waiting list, gets the offer and accepts it.
    page = student_page
    page.reload()
    offer = page.get_by_role("article").filter(
        has=page.get_by_role("heading", name="A seat is offered to you")
    )
    offer_text = offer.inner_text()
    assert "A seat is free in “Lab web”: you were next on its waiting list." in offer_text
    assert "If you accept, you give up your seat in “Lab games”" in offer_text
    offered = Seat.objects.get(cycle=cycle, student=student, status=SeatStatus.OFFERED)
    assert offered.lab_id == lw.web.pk
    assert offered.offered_until - timezone.now() > dt.timedelta(hours=47)
    with translation.override("en"):  # the deadline as the centre's clock shows it
        until = formats.date_format(
            timezone.localtime(offered.offered_until, lw.world.paris.zone), "DATETIME_FORMAT"
        )
    offer.get_by_role("button", name="Accept").click()
    assert status_text(page) == "The seat is yours."
    assert "You have a seat in “Lab web”, your choice number 1." in result_text(page)
    assert page.get_by_role("button", name="Give up my seat").is_visible()
    assert page.get_by_role("heading", name="A seat is offered to you").count() == 0
    page.goto(f"{page.base}/")
    held = page.get_by_role("article").filter(has_text="your lab")
    assert held.count() == 1 and "Lab web" in held.inner_text()

    seats = {s.student_id: s for s in Seat.objects.filter(cycle=cycle, lab=lw.web).order_by("id")}
    assert seats[student.pk].status == SeatStatus.HELD
    assert seats[other.pk].status == SeatStatus.WITHDRAWN
    assert Seat.objects.filter(cycle=cycle, lab=lw.web, status__in=["held", "offered"]).count() == 1
    # The seat in "Lab games" was given up in the swap; nobody else waits for it.
    swapped = Seat.objects.get(cycle=cycle, lab=lw.games, student=student)
    assert swapped.status == SeatStatus.WITHDRAWN
    assert swapped.reason["swapped_for"] == str(lw.web.pk)
    assert Seat.objects.filter(cycle=cycle, student=student, status="held").count() == 1
    # The deadline reads in the centre's time, as the offer email gives it.
    assert f"Answer before {until};" in offer_text, f"deadline not in Paris time: {offer_text}"
