"""Demo data of labs: an open cycle of level-1 labs per centre (one per offered focus area,
on weekly slots, led by the centre's experts, in its lab rooms), and a demo student who has
finished level 1 of one area so that she can rank labs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from parcours.catalogue.models import FocusArea, LabTemplate
from parcours.labs.models import Lab, LabCycle
from parcours.people.models import Membership, Role
from parcours.schedule.models import Slot


def seed(*, centre: Any, rng: Any) -> None:
    now = timezone.now()
    cycle = LabCycle.objects.create(
        centre=centre,
        name="Labs de l’hiver 2027",
        starts_on=dt.date(2027, 1, 11),
        ends_on=dt.date(2027, 2, 12),
        applications_open_at=now - dt.timedelta(days=6),
        applications_close_at=now + dt.timedelta(days=21),
        max_wishes=3,
        status="open",
    )
    experts = list(
        Membership.objects.filter(centre=centre, role=Role.EXPERT).values_list("user_id", flat=True)
    )
    rooms = list(centre.rooms.filter(kind="lab").order_by("name")) or list(centre.rooms.all())
    slots = list(Slot.objects.filter(centre=centre).order_by("label"))
    if not experts or not slots:
        return
    areas = FocusArea.objects.filter(offers__centre=centre, offers__is_offered=True)
    labs = []
    for index, area in enumerate(areas.order_by("order")):
        for template in LabTemplate.objects.filter(focus_area=area, level=1, centre__isnull=True):
            labs.append(
                Lab(
                    centre=centre,
                    cycle=cycle,
                    template=template,
                    level=1,
                    expert_id=experts[index % len(experts)],
                    room=rooms[index % len(rooms)] if rooms else None,
                    slot=slots[(index * 2 + 1) % len(slots)],
                    seats=template.seats,
                )
            )
    Lab.objects.bulk_create(labs)


def finish_level_one(student: Any) -> None:
    """Give the demo student a finished level 1 in her first focus area (all required
    activities done, its assessed competencies mastered), as if she had worked through it."""
    from parcours.catalogue.models import Activity
    from parcours.learning.models import ActivityProgress, FocusChoice, Mastery

    choice = (
        FocusChoice.objects.filter(student=student, dropped_at__isnull=True)
        .order_by("chosen_at", "id")
        .first()
    )
    if choice is None:
        return
    centre = student.student_profile.centre
    level_one = Activity.objects.filter(focus_area=choice.focus_area, level=1, centre__isnull=True)
    now = timezone.now()
    for activity in level_one:
        ActivityProgress.objects.update_or_create(
            student=student,
            activity=activity,
            defaults={"centre": centre, "status": "done", "completed_at": now},
        )
        if activity.kind in ("quiz", "project"):
            for comp in activity.competencies.all():
                Mastery.objects.update_or_create(
                    student=student,
                    competency=comp,
                    defaults={"centre": centre, "p_known": 0.97, "observations": 6},
                )
