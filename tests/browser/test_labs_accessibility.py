"""axe-core (WCAG 2 A/AA) and phone-width checks on the labs and masterlab pages of every
role that uses them, in French, with a published cycle, an open offer and a published
masterlab selection."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from parcours.catalogue.models import Competency
from parcours.labs import services
from parcours.labs.models import Application, CycleStatus, Lab, LabCycle, Seat, SeatStatus
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import CONTROLS_OFF_SCREEN, WIDER_THAN_SCREEN, violations
from tests.conftest import build_world
from tests.labs.conftest import finish_level, slot
from tests.labs.test_masterlab_selection import apply, make_masterlab

pytestmark = pytest.mark.browser


@pytest.fixture
def labs_world(transactional_db: Any, settings: Any) -> dict[str, Any]:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    world = build_world()
    paris = world.paris
    f.activity(key="prog-l1", level=1)
    now = timezone.now()
    cycle = LabCycle.objects.create(
        centre=paris,
        name="Automne",
        starts_on=now.date() + dt.timedelta(days=7),
        ends_on=now.date() + dt.timedelta(days=49),
        applications_open_at=now - dt.timedelta(days=9),
        applications_close_at=now - dt.timedelta(days=1),
        status=CycleStatus.PUBLISHED,
    )
    labs = [
        Lab.objects.create(
            centre=paris,
            cycle=cycle,
            template=f.lab_template(key=key, level=1),
            level=1,
            expert=world["paris"]["expert"],
            slot=slot(paris, label, day, 14, 17),
            seats=1,
            reserved_girls=1 if key == "web" else 0,
        )
        for key, label, day in (("web", "Mer. lab", 2), ("games", "Sam. lab", 5))
    ]

    labs[1].template.competencies.set(Competency.objects.order_by("id")[:3])
    student, other = world["paris"]["student"], world["paris"]["other_student"]
    for s in (student, other):
        finish_level(s)
    for s, ranks in ((student, labs), (other, labs[::-1])):
        for rank, lab in enumerate(ranks, start=1):
            Application.objects.create(
                centre=paris,
                student=s,
                cycle=cycle,
                lab=lab,
                rank=rank,
                applied_at=now - dt.timedelta(days=3),
                waitlist_position=1 if rank == 1 and s == student else None,
            )
    Seat.objects.create(centre=paris, cycle=cycle, lab=labs[1], student=student)
    Seat.objects.create(centre=paris, cycle=cycle, lab=labs[0], student=other)
    # The other student gives up: the student gets an upgrade offer to answer.
    services.seat_withdraw(actor=other, seat=Seat.objects.get(student=other))
    assert Seat.objects.filter(student=student, status=SeatStatus.OFFERED).exists()
    masterlab = make_masterlab(world, seats=1)
    rows = [apply(masterlab, s) for s in (student, other)]
    manager = world["paris"]["manager"]
    for a, score in zip(rows, (8, 6), strict=True):
        services.masterlab_score(actor=manager, application=a, score=score)
    open_masterlab = make_masterlab(world, key="ml-open", closed=False)
    services.masterlab_select(actor=manager, masterlab=masterlab)
    return {
        "cycle": cycle.uuid,
        "lab": labs[0].uuid,
        "held_lab": labs[1].uuid,
        "masterlab": masterlab.uuid,
        "open_masterlab": open_masterlab.uuid,
    }


PAGES = {
    "paris-student": [
        "/labs/cycles/{cycle}/wishes/",
        "/labs/masterlabs/{masterlab}/",
        "/labs/masterlabs/{open_masterlab}/",
        "/labs/centres/paris/",
    ],
    "paris-guardian": ["/labs/family/"],
    "paris-expert": ["/labs/labs/{lab}/", "/labs/labs/{held_lab}/", "/attendance/labs/{lab}/"],
    "paris-manager": [
        "/labs/centres/paris/",
        "/labs/cycles/{cycle}/",
        "/labs/cycles/{cycle}/allocation/",
        "/labs/labs/{lab}/",
        "/labs/masterlabs/{masterlab}/selection/",
        "/labs/masterlabs/{open_masterlab}/selection/",
        "/labs/masterlabs/{open_masterlab}/edit/",
    ],
}


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["pc", "phone"])
def test_labs_pages_have_no_serious_accessibility_violation(
    browser: Any, live_server: Any, labs_world: dict[str, Any], viewport: tuple[int, int]
) -> None:
    found: dict[str, list[str]] = {}
    for username, paths in PAGES.items():
        context = browser.new_context(
            locale="fr-FR", viewport={"width": viewport[0], "height": viewport[1]}
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.base = live_server.url
        sign_in(page, username)
        for path in paths:
            response = page.goto(page.base + path.format(**labs_world))
            assert response is not None and response.status == 200, path
            problems = violations(page)
            if problems:
                found[f"{username} {path}"] = problems
            wide = page.evaluate(WIDER_THAN_SCREEN, viewport[0])
            wide += page.evaluate(CONTROLS_OFF_SCREEN, viewport[0])
            if wide:
                found.setdefault(f"{username} {path}", []).append(f"overflows: {wide}")
        context.close()
    assert found == {}
