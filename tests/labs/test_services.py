from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from parcours.catalogue.models import FocusArea, MasterlabTemplate
from parcours.core.errors import Conflict, Forbidden, ValidationFailed
from parcours.labs import selectors, services, tasks
from parcours.labs.allocation import lab_titles, sentence, sentence_figures
from parcours.labs.models import AllocationRun, Application, CycleStatus, Lab, LabCycle, Seat
from tests import factories as f
from tests.labs.conftest import close, register, slot

pytestmark = pytest.mark.django_db


def test_level_not_finished_is_not_offered_with_the_reason(labs: Any) -> None:
    student = labs.world["paris"]["student"]
    options = selectors.options_for(student, labs.cycle)
    assert {o.lab for o in options.open_labs} == {labs.l1a, labs.l1b}
    closed = {o.lab: o.reason for o in options.closed_labs}
    assert "Finish level 2" in closed[labs.l2]
    with pytest.raises(ValidationFailed):
        services.wishes_set(actor=student, cycle=labs.cycle, labs=[labs.l2])
    assert not Application.objects.exists()


def test_a_new_student_has_no_lab_open(labs: Any) -> None:
    newcomer = f.student(labs.world.paris, username="newcomer")
    assert selectors.options_for(newcomer, labs.cycle).open_labs == []


def test_clash_with_own_weekly_session(labs: Any) -> None:
    student = labs.world["paris"]["student"]
    register(student, slot(labs.world.paris, "Wed afternoon", 2, 15, 18))
    closed = {o.lab: o.reason for o in selectors.options_for(student, labs.cycle).closed_labs}
    assert "same time as your weekly session" in closed[labs.l1a]
    with pytest.raises(ValidationFailed):
        services.wishes_set(actor=student, cycle=labs.cycle, labs=[labs.l1a])


def test_clash_with_a_lab_held(labs: Any) -> None:
    student = labs.world["paris"]["student"]
    other_cycle = LabCycle.objects.create(
        centre=labs.world.paris,
        name="Other",
        starts_on=labs.cycle.starts_on,
        ends_on=labs.cycle.ends_on,
        applications_open_at=labs.cycle.applications_open_at,
        applications_close_at=labs.cycle.applications_close_at,
        status=CycleStatus.PUBLISHED,
    )
    held = Lab.objects.create(
        centre=labs.world.paris,
        cycle=other_cycle,
        template=labs.l1a.template,
        level=1,
        expert=labs.l1a.expert,
        slot=labs.sat,
        seats=3,
    )
    Seat.objects.create(centre=labs.world.paris, cycle=other_cycle, lab=held, student=student)
    closed = {o.lab: o.reason for o in selectors.options_for(student, labs.cycle).closed_labs}
    assert "clashes with your lab" in closed[labs.l1b]


def test_rank_flag_change_and_idempotence(labs: Any) -> None:
    student = labs.world["paris"]["student"]
    rows = services.wishes_set(
        actor=student, cycle=labs.cycle, labs=[labs.l1b, labs.l1a], flagged=labs.l1a
    )
    assert [(a.lab, a.rank, a.flagged) for a in rows] == [
        (labs.l1b, 1, False),
        (labs.l1a, 2, True),
    ]
    stamp = Application.objects.get(lab=labs.l1a).updated_at
    services.wishes_set(
        actor=student, cycle=labs.cycle, labs=[labs.l1b, labs.l1a], flagged=labs.l1a
    )
    assert Application.objects.get(lab=labs.l1a).updated_at == stamp
    rows = services.wishes_set(actor=student, cycle=labs.cycle, labs=[labs.l1a])
    assert [(a.lab, a.rank, a.flagged) for a in rows] == [(labs.l1a, 1, False)]
    assert Application.objects.get(lab=labs.l1b).withdrawn_at is not None
    services.wishes_set(actor=student, cycle=labs.cycle, labs=[])
    assert not Application.objects.filter(withdrawn_at__isnull=True).exists()


@pytest.mark.parametrize(
    "case",
    ["twice", "too_many", "flag_outside"],
)
def test_bad_lists_change_nothing(labs: Any, case: str) -> None:
    student = labs.world["paris"]["student"]
    services.wishes_set(actor=student, cycle=labs.cycle, labs=[labs.l1a])
    labs.cycle.max_wishes = 1
    labs.cycle.save()
    args: dict[str, Any] = {
        "twice": {"labs": [labs.l1b, labs.l1b]},
        "too_many": {"labs": [labs.l1b, labs.l1a]},
        "flag_outside": {"labs": [labs.l1b], "flagged": labs.l1a},
    }[case]
    with pytest.raises(ValidationFailed):
        services.wishes_set(actor=student, cycle=labs.cycle, **args)
    assert [(a.lab, a.rank) for a in Application.objects.filter(withdrawn_at=None)] == [
        (labs.l1a, 1)
    ]


def test_refused_after_the_deadline(labs: Any) -> None:
    student = labs.world["paris"]["student"]
    services.wishes_set(actor=student, cycle=labs.cycle, labs=[labs.l1a])
    close(labs.cycle)
    with pytest.raises(Conflict, match="closed"):
        services.wishes_set(actor=student, cycle=labs.cycle, labs=[labs.l1b])
    assert Application.objects.get(withdrawn_at=None).lab == labs.l1a


def test_only_students_of_the_centre_apply(labs: Any) -> None:
    for who in ("coach", "manager", "guardian"):
        with pytest.raises(Forbidden):
            services.wishes_set(actor=labs.world["paris"][who], cycle=labs.cycle, labs=[labs.l1a])
    with pytest.raises(Forbidden):
        services.wishes_set(actor=labs.world["liege"]["student"], cycle=labs.cycle, labs=[labs.l1a])


def _apply_both(labs: Any) -> tuple[Any, Any]:
    s1, s2 = labs.world["paris"]["student"], labs.world["paris"]["other_student"]
    s1.email, s2.email = "s1@example.org", "s2@example.org"
    s1.save()
    s2.save()
    services.wishes_set(actor=s1, cycle=labs.cycle, labs=[labs.l1a, labs.l1b])
    services.wishes_set(actor=s2, cycle=labs.cycle, labs=[labs.l1a], flagged=labs.l1a)
    return s1, s2


def test_dry_run_shows_every_mechanism_and_publishes_nothing(
    labs: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _apply_both(labs)
    manager = labs.world["paris"]["manager"]
    with django_capture_on_commit_callbacks(execute=True):
        run = services.dry_run_request(actor=manager, cycle=labs.cycle)
    run.refresh_from_db()
    assert run.status == "done"
    assert set(run.metrics) == {"tumo-weekly", "fcfs", "rsd", "stable", "welfare"}
    assert run.metrics["stable"]["justified_envy"] == 0
    assert run.metrics["stable"]["seats_filled"] == 2
    assert not Seat.objects.exists()
    labs.cycle.refresh_from_db()
    assert labs.cycle.status == CycleStatus.OPEN


def test_publish_once_with_reasons_and_emails(
    labs: Any, django_capture_on_commit_callbacks: Any
) -> None:
    s1, s2 = _apply_both(labs)
    manager = labs.world["paris"]["manager"]
    with pytest.raises(Conflict, match="still open"):
        services.publish_request(actor=manager, cycle=labs.cycle, mechanism="stable")
    close(labs.cycle)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.publish_request(actor=manager, cycle=labs.cycle, mechanism="stable")
    run.refresh_from_db()
    assert run.status == "done" and run.published_at is not None
    # s2 flagged l1a: higher priority there; s1 gets their second choice.
    assert Seat.objects.get(student=s2).lab == labs.l1a
    seat = Seat.objects.get(student=s1)
    assert seat.lab == labs.l1b and seat.reason["rank"] == 2
    titles = {str(lab.pk): lab.template.title for lab in (labs.l1a, labs.l1b)}

    text = sentence(seat.reason, titles)
    assert "your choice number 2" in text and "was full" in text
    assert "number 1 on the waiting list" in text
    assert sorted(m.to[0] for m in mail.outbox) == ["s1@example.org", "s2@example.org"]
    told = next(m for m in mail.outbox if m.to == ["s1@example.org"])  # in French, the default
    assert told.subject == "Paris · Ton lab pour Autumn"
    assert "Tu as une place dans «\xa0Lab lab-games\xa0», ton vœu numéro 2." in told.body
    # A second click changes nothing.
    again = services.publish_request(actor=manager, cycle=labs.cycle, mechanism="stable")
    assert again.pk == run.pk
    assert Seat.objects.count() == 2 and AllocationRun.objects.filter(dry_run=False).count() == 1
    with pytest.raises(Conflict):
        services.publish_request(actor=manager, cycle=labs.cycle, mechanism="fcfs")
    labs.cycle.refresh_from_db()
    assert labs.cycle.status == CycleStatus.PUBLISHED


def test_a_failed_publication_leaves_nothing(
    labs: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _apply_both(labs)
    close(labs.cycle)

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("mail server down")

    monkeypatch.setattr(tasks, "_notify", boom)
    with django_capture_on_commit_callbacks(execute=True):  # the task fails (and is logged)
        services.publish_request(
            actor=labs.world["paris"]["manager"], cycle=labs.cycle, mechanism="stable"
        )
    assert not Seat.objects.exists()
    labs.cycle.refresh_from_db()
    assert labs.cycle.status == CycleStatus.OPEN
    assert AllocationRun.objects.get().status == "failed"


def test_publish_needs_a_manager_of_the_centre(labs: Any) -> None:
    close(labs.cycle)
    for user in (
        labs.world["paris"]["coach"],
        labs.world["paris"]["expert"],
        labs.world["paris"]["student"],
    ):
        with pytest.raises(Forbidden):
            services.publish_request(actor=user, cycle=labs.cycle, mechanism="stable")
    assert not AllocationRun.objects.exists()


def test_lab_create_checks_the_centre(labs: Any) -> None:
    manager = labs.world["paris"]["manager"]
    data = {
        "template": labs.l1a.template,
        "expert": labs.world["liege"]["expert"],
        "slot": labs.wed,
    }
    with pytest.raises(ValidationFailed, match="expert"):
        services.lab_create(actor=manager, cycle=labs.cycle, data=data)
    data["expert"] = labs.other_expert
    lab = services.lab_create(actor=manager, cycle=labs.cycle, data=data)
    assert lab.seats == labs.l1a.template.seats and lab.level == 1
    with pytest.raises(ValidationFailed):
        services.lab_create(
            actor=manager,
            cycle=labs.cycle,
            data={**data, "holiday_first_day": labs.cycle.starts_on},
        )


def test_masterlab_application(labs: Any) -> None:

    template = MasterlabTemplate.objects.create(
        focus_area=FocusArea.objects.get(slug="programming"),
        key="ml-ai",
        title="ML AI",
        title_fr="ML AI",
        title_en="ML AI",
    )
    now = timezone.now()
    manager = labs.world["paris"]["manager"]
    masterlab = services.masterlab_create(
        actor=manager,
        centre=labs.world.paris,
        data={
            "template": template,
            "first_day": now.date() + dt.timedelta(days=30),
            "last_day": now.date() + dt.timedelta(days=33),
            "guest": "A game designer",
            "applications_open_at": now - dt.timedelta(days=1),
            "applications_close_at": now + dt.timedelta(days=5),
        },
    )
    assert masterlab.seats == 15
    student = labs.world["paris"]["student"]
    with pytest.raises(ValidationFailed):
        services.masterlab_apply(actor=student, masterlab=masterlab, motivation="short")
    text = "I love games and want to learn how professionals design them."
    row = services.masterlab_apply(actor=student, masterlab=masterlab, motivation=text)
    again = services.masterlab_apply(actor=student, masterlab=masterlab, motivation=text)
    assert row.pk == again.pk and row.updated_at == again.updated_at
    services.masterlab_withdraw(actor=student, masterlab=masterlab)
    assert Application.objects.get().withdrawn_at is not None


@pytest.mark.parametrize(
    ("mine", "expected"),
    [
        (2, "went to students with a higher priority than yours"),
        (3, "had the same priority as you and came before you in the draw"),
        (4, "was full when your turn came"),
    ],
)
def test_the_reason_is_in_plain_words_and_the_figures_apart(mine, expected):
    """Issue 11: a student reads why in words; the priority classes and lottery numbers are
    the figures behind it, shown apart (a details block on the page)."""
    data = {
        "wishes": ["1", "2"],
        "lab": "2",
        "priority": {"1": mine, "2": 2},
        "lottery": 0.29461,
        "cutoffs": {"1": [3, 0.2262]},
    }
    titles = {"1": "Web", "2": "Games"}
    text = sentence(data, titles)
    assert "your choice number 2" in text and expected in text
    assert "lottery" not in text and "0.2262" not in text
    assert sentence_figures(data, titles) == [
        f"“Web”: its last admitted student had priority 3 and lottery number 0.2262; you had "
        f"priority {mine} and lottery number 0.2946."
    ]
    assert sentence_figures({}, titles) == []


def test_two_labs_of_one_title_are_told_apart_by_their_slot():
    """Issue 11 walkthrough: a reason named the same "Stop motion" twice (two sessions of one
    lab); each is named with its weekly slot, or its number when it has none."""

    def lab(pk, title, slot):
        return SimpleNamespace(
            pk=pk,
            template=SimpleNamespace(title=title),
            slot=SimpleNamespace(label=slot) if slot else None,
        )

    labs = [lab(1, "Stop motion", "Samedi matin"), lab(2, "Stop motion", "Mercredi"),
            lab(3, "Web", "Mercredi"), lab(4, "Games", None), lab(5, "Games", None)]  # fmt: skip
    assert lab_titles(labs) == {
        "1": "Stop motion (Samedi matin)",
        "2": "Stop motion (Mercredi)",
        "3": "Web",
        "4": "Games (1)",
        "5": "Games (2)",
    }
