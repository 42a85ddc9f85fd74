"""The student's home: their week (weekly session, labs held, cycles to apply to with the
deadline), the next step of each chosen area as a big card, their path as a level map, the
projects to fix; nothing to do is offered for a cycle that is over; no inline style (CSP)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from parcours.catalogue.models import Competency, FocusArea
from parcours.labs.choices import CycleStatus
from parcours.labs.models import CompetencyValidation, Lab, LabCycle, Seat, SeatStatus
from parcours.learning.models import (
    ActivityProgress,
    FocusChoice,
    ProgressStatus,
    SubmissionStatus,
)
from parcours.schedule.models import ClosedDays
from tests import factories as f
from tests.conftest import login
from tests.labs.conftest import register, slot
from tests.support.queries import queries_of


def _cycle(world: Any, name: str, *, ends_in: int, status: str) -> LabCycle:
    now = timezone.now()
    return LabCycle.objects.create(
        centre=world.paris,
        name=name,
        starts_on=now.date() + dt.timedelta(days=ends_in - 40),
        ends_on=now.date() + dt.timedelta(days=ends_in),
        applications_open_at=now - dt.timedelta(days=60),
        applications_close_at=now + dt.timedelta(days=5)
        if status == CycleStatus.OPEN
        else now - dt.timedelta(days=45),
        status=status,
    )


@pytest.fixture
def chosen(world: Any) -> dict[str, Any]:
    """The Paris student chose programming; level 1 has two activities, the first done."""
    student = world["paris"]["student"]
    first = f.activity(key="l1-a", level=1, order=0)
    second = f.activity(key="l1-b", level=1, order=1)
    f.activity(key="l2-a", level=2, order=0)
    FocusChoice.objects.create(
        centre=world.paris,
        student=student,
        focus_area=FocusArea.objects.get(slug="programming"),
        chosen_at=timezone.now(),
        changed_by=student,
    )
    ActivityProgress.objects.create(
        centre=world.paris,
        student=student,
        activity=first,
        status=ProgressStatus.DONE,
        completed_at=timezone.now(),
    )
    return {"student": student, "first": first, "second": second}


def _home(world: Any) -> str:
    return login(world["paris"]["student"]).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_next_step_card_and_level_map(world, chosen):
    html = _home(world)
    nxt = html[html.index('id="next-title"') : html.index('id="map-title"')]
    assert "Programming" in nxt and "Next:" in nxt and "Activity l1-b" in nxt
    assert f'href="/learn/activities/{chosen["second"].uuid}/"' in nxt  # Continue
    assert "Continue" in nxt
    path = html[html.index('id="map-title"') :]
    assert 'class="level-map' in path
    # level 1 is the current one; level 2 is locked, its activity not a link
    assert re.search(r'<li class="current">', path) and re.search(r'<li class="locked">', path)
    assert "Activity l2-a" in path and "/learn/activities/" in path


def test_projects_to_fix_come_first_with_the_reviewers_words(world, chosen):
    f.submission(
        chosen["student"],
        "proj",
        status=SubmissionStatus.CHANGES,
        comment="Ajoute un titre.",
        reviewed_at=timezone.now(),
    )
    html = _home(world)
    fix = html[html.index('id="fix-title"') : html.index('id="next-title"')]
    assert "Activity proj" in fix and "Ajoute un titre." in fix
    assert f"returned on {timezone.localtime():%-d %B}" in fix
    assert html.index('id="fix-title"') < html.index('id="next-title"')


def test_a_project_approved_lately_is_told_on_the_home(world, chosen):
    """Issue 11: the home said when a project was returned, never when it was approved."""
    f.submission(
        chosen["student"],
        "fresh",
        status=SubmissionStatus.APPROVED,
        comment="Bravo pour le rythme.",
        reviewed_at=timezone.now(),
    )
    f.submission(
        chosen["student"],
        "old",
        status=SubmissionStatus.APPROVED,
        reviewed_at=timezone.now() - dt.timedelta(days=40),
    )
    html = _home(world)
    done = html[html.index('id="approved-title"') : html.index('id="my-data"')]
    assert "Activity fresh" in done and "Bravo pour le rythme." in done
    assert f"approved on {timezone.localtime():%-d %B}" in done
    assert "Activity old" not in done  # weeks ago: the home moves on


def test_an_open_cycle_shows_its_deadline_and_an_ended_one_nothing(world, chosen):
    register(chosen["student"], slot(world.paris, "Mardi soir", 1, 17, 19))
    _cycle(world, "Hiver", ends_in=60, status=CycleStatus.OPEN)
    old = _cycle(world, "Automne", ends_in=-3, status=CycleStatus.PUBLISHED)
    lab = Lab.objects.create(
        centre=world.paris,
        cycle=old,
        template=f.lab_template(key="lab-old"),
        level=1,
        expert=world["paris"]["expert"],
        seats=4,
        holiday_first_day=old.starts_on,
        holiday_last_day=old.ends_on,
    )
    Seat.objects.create(
        centre=world.paris,
        cycle=old,
        lab=lab,
        student=chosen["student"],
        status=SeatStatus.HELD,
    )
    html = _home(world)
    week = html[html.index('id="week-title"') : html.index('id="next-title"')]
    assert "Hiver" in week and "Choose and rank your labs before" in week
    assert "Mardi soir" in week
    assert "Automne" not in html and "Lab lab-old" not in week


def test_competencies_validated_in_labs_show_as_earned_and_only_the_students(world, chosen):
    """Issue 10: the student's home shows what they earned (badges/credentials)."""
    old = _cycle(world, "Automne", ends_in=-3, status=CycleStatus.PUBLISHED)
    lab = Lab.objects.create(
        centre=world.paris,
        cycle=old,
        template=f.lab_template(key="lab-web"),
        level=2,
        expert=world["paris"]["expert"],
        seats=4,
        holiday_first_day=old.starts_on,
        holiday_last_day=old.ends_on,
    )
    mine, theirs = Competency.objects.order_by("pk")[:2]
    for student, competency in (
        (chosen["student"], mine),
        (world["paris"]["other_student"], theirs),
    ):
        CompetencyValidation.objects.create(
            centre=world.paris,
            lab=lab,
            student=student,
            competency=competency,
            level=2,
            validated_by=world["paris"]["expert"],
            validated_at=timezone.now(),
        )
    html = _home(world)
    earned = html[html.index('id="earned-title"') : html.index('id="my-data"')]
    assert mine.name in earned and "level 2 · Lab lab-web" in earned
    assert theirs.name not in earned


def test_the_home_has_no_inline_style(world, chosen):
    html = _home(world)
    assert not re.search(r"\sstyle=", html)


def test_the_discovery_home_has_no_inline_style(world):
    f.activity(key="l1-a", level=1, order=0)
    html = _home(world)
    assert "The focus areas of your centre" in html and not re.search(r"\sstyle=", html)


def test_the_kept_path_map_follows_progress_and_language(world, chosen):
    """The map's HTML is kept per process by its data (issue 13): finishing an activity or
    reading in another language shows the new map at once, never the kept one."""
    client = login(world["paris"]["student"])

    def path_part(lang: str) -> str:
        html = client.get("/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        return html[html.index('id="map-title"') :]

    before = path_part("en")
    assert path_part("en") == before  # same data: the same map
    assert "(in progress)" in before and "(locked)" in before and "verrouillé" not in before
    assert "(en cours)" in path_part("fr") and "(verrouillé)" in path_part("fr")
    ActivityProgress.objects.create(
        centre=world.paris,
        student=chosen["student"],
        activity=chosen["second"],
        status=ProgressStatus.DONE,
        completed_at=timezone.now(),
    )
    after = path_part("en")
    assert after != before
    # level 1 is finished now: level 2 is the current one, its activity a link
    assert re.search(r'<li class="done">', after) and re.search(r'<li class="current">', after)
    assert "Activity l2-a" in after


# A student's home: the session, the user with their profile and centre, their roles, the
# catalogue's and the centre's stamps (one read), the registration, the labs, the focus
# areas, the projects, progress, mastery, what they earned, the unread count.
STUDENT_HOME_QUERIES = 12


def _grow_the_students_data(world: Any, student: Any, n: int) -> None:
    """``n`` more of everything the home shows: projects in each state, progress, cycles,
    labs held and offered, validations, closed days, and other students doing the same."""
    expert = world["paris"]["expert"]
    competencies = list(Competency.objects.order_by("pk")[:3])
    for i in range(n):
        for status in (SubmissionStatus.CHANGES, SubmissionStatus.SUBMITTED):
            f.submission(student, f"grow-{status}-{i}", status=status, comment=f"c{i}")
        f.submission(
            student,
            f"grow-ok-{i}",
            status=SubmissionStatus.APPROVED,
            reviewed_at=timezone.now(),
        )
        cycle = _cycle(world, f"Cycle {i}", ends_in=30 + i, status=CycleStatus.OPEN)
        for j, seat_status in enumerate((SeatStatus.HELD, SeatStatus.OFFERED)):
            lab = Lab.objects.create(
                centre=world.paris,
                cycle=cycle,
                template=f.lab_template(key=f"grow-lab-{i}-{j}"),
                level=1,
                expert=expert,
                seats=4,
                slot=slot(world.paris, f"Grow {i}-{j}", j + 1, 14, 16),
            )
            Seat.objects.create(
                centre=world.paris,
                cycle=cycle,
                lab=lab,
                student=student,
                status=seat_status,
                offered_until=timezone.now() + dt.timedelta(days=2)
                if seat_status == SeatStatus.OFFERED
                else None,
            )
            CompetencyValidation.objects.create(
                centre=world.paris,
                lab=lab,
                student=student,
                competency=competencies[j % len(competencies)],
                level=1,
                validated_by=expert,
                validated_at=timezone.now(),
            )
        day = timezone.localdate() + dt.timedelta(days=10 + i)
        ClosedDays.objects.create(
            centre=world.paris, first_day=day, last_day=day, kind="public", label=f"Férié {i}"
        )
        f.student(world.paris, username=f"grow-other-{i}")


@pytest.mark.parametrize("discovering", [False, True])
def test_the_home_reads_the_same_few_queries_whatever_the_students_data(world, chosen, discovering):
    """Issue 13: no query per project, lab, cycle, area or activity; the shared parts (the
    catalogue, the centre's slots, closed days and cycles) come from the process's memory."""
    student = chosen["student"]
    if discovering:
        FocusChoice.objects.filter(student=student).delete()
    register(student, slot(world.paris, "Mardi soir", 1, 17, 19))
    client = login(student)
    client.get("/")  # the session's first read of the language; the shared parts kept
    small = queries_of(client, "/")
    assert small <= STUDENT_HOME_QUERIES
    _grow_the_students_data(world, student, 4)
    for i in range(4):
        f.activity(key=f"grow-act-{i}", level=1 + i % 2, order=10 + i)
    for area in FocusArea.objects.exclude(offers__centre=world.paris)[:3]:
        f.offer(world.paris, area.slug)  # more areas to discover
        f.activity(area.slug, key=f"grow-first-{area.slug}", level=1, order=0)
    client.get("/")  # the new rows renewed the stamps: the shared parts are read once again
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Cycle 3" in html and "Lab grow-lab-3-0" in html and "A lab seat is offered" in html
    assert queries_of(client, "/") == small
