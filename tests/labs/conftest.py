from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone, translation

from parcours.catalogue.models import Activity, FocusArea, MasterlabTemplate
from parcours.enrolment import years
from parcours.enrolment.models import Enrolment
from parcours.labs.models import Application, CycleStatus, Lab, LabCycle, Masterlab
from parcours.learning.models import ActivityProgress, ProgressStatus
from parcours.people.models import Role
from parcours.schedule.models import Slot, SlotMeeting
from tests import factories as f


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def finish_level(student: Any, level: int = 1) -> None:
    """Mark every activity of the level (programming) done: the level is complete."""
    for activity in Activity.objects.filter(focus_area__slug="programming", level=level):
        ActivityProgress.objects.update_or_create(
            centre=student.student_profile.centre,
            student=student,
            activity=activity,
            defaults={"status": ProgressStatus.DONE, "completed_at": timezone.now()},
        )


def slot(centre: Any, label: str, weekday: int, start: int, end: int) -> Slot:
    s = Slot.objects.create(centre=centre, label=label, seats=30)
    SlotMeeting.objects.create(
        slot=s, weekday=weekday, starts_at=dt.time(start), ends_at=dt.time(end)
    )
    return s


def register(student: Any, s: Slot) -> None:
    Enrolment.objects.create(
        centre=s.centre,
        student=student,
        school_year=years.current_school_year(s.centre),
        status="registered",
        slot=s,
        submitted_by="staff",
    )


@dataclass
class Labs:
    world: Any
    cycle: LabCycle
    l1a: Lab
    l1b: Lab
    l2: Lab
    wed: Slot
    sat: Slot
    other_expert: Any


@pytest.fixture
def labs(world: Any) -> Labs:
    """Paris: a cycle open now with three weekly labs of programming (two of level 1, one of
    level 2); the student and the other student finished level 1."""
    paris = world.paris
    for level in (1, 2):
        f.activity(key=f"prog-l{level}", level=level)
    t1a = f.lab_template(key="lab-web", level=1)
    t1b = f.lab_template(key="lab-games", level=1)
    t2 = f.lab_template(key="lab-ai", level=2)
    wed = slot(paris, "Wed lab", 2, 14, 17)
    sat = slot(paris, "Sat lab", 5, 10, 13)
    expert = world["paris"]["expert"]
    other_expert = f.member(Role.EXPERT, paris, username="paris-expert-2")
    now = timezone.now()
    cycle = LabCycle.objects.create(
        centre=paris,
        name="Autumn",
        starts_on=now.date() + dt.timedelta(days=14),
        ends_on=now.date() + dt.timedelta(days=49),
        applications_open_at=now - dt.timedelta(days=1),
        applications_close_at=now + dt.timedelta(days=7),
        status=CycleStatus.OPEN,
    )

    def lab(template: Any, s: Slot, seats: int = 1) -> Lab:
        return Lab.objects.create(
            centre=paris,
            cycle=cycle,
            template=template,
            level=template.level,
            expert=expert,
            slot=s,
            seats=seats,
        )

    l1a, l1b, l2 = lab(t1a, wed), lab(t1b, sat), lab(t2, sat)
    finish_level(world["paris"]["student"])
    finish_level(world["paris"]["other_student"])
    return Labs(world, cycle, l1a, l1b, l2, wed, sat, other_expert)


def close(cycle: LabCycle) -> None:
    now = timezone.now()
    LabCycle.objects.filter(pk=cycle.pk).update(
        applications_open_at=now - dt.timedelta(days=2),
        applications_close_at=now - dt.timedelta(minutes=1),
    )
    cycle.refresh_from_db()


def make_masterlab(world: Any, seats: int = 2, closed: bool = True, key: str = "ml-ai") -> Any:
    template = MasterlabTemplate.objects.create(
        focus_area=FocusArea.objects.get(slug="programming"),
        key=key,
        title_fr="Masterlab IA",
        title_en="AI masterlab",
    )
    now = timezone.now()
    return Masterlab.objects.create(
        centre=world.paris,
        template=template,
        first_day=now.date() + dt.timedelta(days=30),
        last_day=now.date() + dt.timedelta(days=33),
        guest="A game designer",
        seats=seats,
        applications_open_at=now - dt.timedelta(days=5),
        applications_close_at=now - dt.timedelta(minutes=1)
        if closed
        else now + dt.timedelta(days=3),
    )


def apply(masterlab: Masterlab, student: Any, days_ago: int = 2) -> Application:
    return Application.objects.create(
        centre=masterlab.centre,
        student=student,
        masterlab=masterlab,
        motivation="I want to learn how professionals design games, from start to end.",
        applied_at=timezone.now() - dt.timedelta(days=days_ago),
    )
