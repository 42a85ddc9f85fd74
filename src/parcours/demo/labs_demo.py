"""Demo data of labs, per centre:

- "Labs de l’automne 2026", a cycle whose seats are published and whose labs are running:
  per offered focus area two sessions of its level-1 lab and one of its level-2 lab, on the
  centre's weekly slots (a lab meets at its slot's weekly meetings), led by the centre's
  experts (never two labs at once), in its lab rooms and studios. The students who have
  reached the next level of an area have finished the level before it (its activities done,
  its assessed competencies mastered); a third of them applied (fewer in a big centre: about
  1.3 applicants per seat), with up to three ranked wishes among the labs open to them (level
  finished, not at the time of their weekly session) and often a flagged priority. The popular
  labs get more applicants than seats, so waiting lists exist. The seats are published the way
  ``labs.services.publish_request`` does it (an allocation run, after a dry run of every
  mechanism), by the task function called here, so that no worker is needed.
- "Labs de l’hiver 2027", an open cycle of level-1 labs (one per offered focus area).

In Paris, the demo student (Inès) has finished level 1 of her first two areas: in autumn she
ranked a full lab of her second area first and the demo expert's lab of her first area
second, flagged: she holds a seat in the expert's lab, and her reason sentence says why the
other one was full. The autumn cycle runs until the last week before the Christmas holidays,
so on the build day (the demo's reference day, 3 December, moved: ``demo.clock``) it is in
its last weeks: a student gave up a seat in another full lab and the place is offered to the
next student on its waiting list, renamed ``student-offer`` for the demo.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from django.db.models import Max
from django.utils import timezone

from parcours.attendance.models import Absence, CheckIn, FollowUp
from parcours.catalogue.models import Activity, FocusArea, LabTemplate, MasterlabTemplate
from parcours.demo import bulk, clock
from parcours.demo.attendance_demo import _demo_student_id
from parcours.enrolment import years
from parcours.enrolment.models import Enrolment
from parcours.labs import services
from parcours.labs.models import (
    AllocationRun,
    Application,
    CycleStatus,
    Lab,
    LabCycle,
    Masterlab,
    Seat,
    SeatStatus,
)
from parcours.labs.services import seat_withdraw
from parcours.labs.tasks import run_allocation
from parcours.learning.models import ActivityProgress, FocusChoice, Mastery, ProgressStatus
from parcours.people.models import Membership, Role, User
from parcours.schedule.models import Session, Slot


def autumn_name() -> str:
    """The autumn cycle's name, with the year of its moved dates (demo/clock.py)."""
    return f"Labs de l’automne {clock.day(2026, 9, 28).year}"


def winter_name() -> str:
    return f"Labs de l’hiver {clock.day(2027, 1, 11).year}"


OFFER_LOGIN = "student-offer"
APPLY_SHARE = 0.35  # at most, of the students who finished a level
OVERBOOKING = 1.3  # applicants per seat, at most
MASTERED = 0.97

Meeting = tuple[int, dt.time, dt.time]


def seed(*, centre: Any, students: list[Any], rng: Any) -> None:
    # Our own generator, derived from the builder's state without drawing from it.
    own = random.Random(f"{centre.slug}:labs:{rng.getstate()[1][:8]}")
    _winter(centre)
    _autumn(centre, students, own)


def _winter(centre: Any) -> None:
    now = timezone.now()
    cycle = LabCycle.objects.create(
        centre=centre,
        name=winter_name(),
        starts_on=clock.day(2027, 1, 11),
        ends_on=clock.day(2027, 2, 12),
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
                    # Half the winter labs hold two seats for girls who want them.
                    reserved_girls=2 if index % 2 == 0 and template.seats >= 8 else 0,
                )
            )
    Lab.objects.bulk_create(labs)


# --- The published autumn cycle ---------------------------------------------------------------


def _overlap(a: list[Meeting], b: list[Meeting]) -> bool:
    """As ``labs.selectors.meetings_overlap``: the same day and overlapping hours."""
    return any(d1 == d2 and s1 < e2 and s2 < e1 for d1, s1, e1 in a for d2, s2, e2 in b)


def demo_student_id(centre: Any, students: list[Any]) -> int | None:
    """The student the builder renames "student" (the first girl of Paris born by 2012)."""

    return _demo_student_id(centre, students)


def _finish_levels(centre: Any, finished: dict[tuple[int, int], int], when: dt.datetime) -> None:
    """Mark level 1 (and 2) of an area finished for (student, area) -> highest level: every
    activity of those levels done, every competency they assess mastered. Bulk writes of the
    rows the learning path reads (``learning.selectors.area_path``)."""
    groups: dict[tuple[int, int], list[int]] = {}
    for (student_id, area_id), level in finished.items():
        groups.setdefault((area_id, level), []).append(student_id)
    mastery = []
    for (area_id, level), ids in sorted(groups.items()):
        activities = list(
            Activity.objects.filter(focus_area_id=area_id, level__lte=level, centre__isnull=True)
        )
        ActivityProgress.objects.filter(
            student_id__in=ids, activity__in=[a.pk for a in activities]
        ).exclude(status=ProgressStatus.DONE).update(
            status=ProgressStatus.DONE, completed_at=when, updated_at=when
        )
        present = set(
            ActivityProgress.objects.filter(
                student_id__in=ids, activity__in=[a.pk for a in activities]
            ).values_list("student_id", "activity_id")
        )
        ActivityProgress.objects.bulk_create(
            ActivityProgress(
                centre=centre,
                student_id=sid,
                activity=a,
                status=ProgressStatus.DONE,
                completed_at=when,
            )
            for sid in ids
            for a in activities
            if (sid, a.pk) not in present
        )
        ActivityProgress.objects.filter(
            student_id__in=ids, activity__in=[a.pk for a in activities], completed_at=when
        ).update(created_at=when, updated_at=when)  # when they worked, not the demo's build
        assessed = sorted(
            set(
                Activity.competencies.through.objects.filter(
                    activity__in=[a.pk for a in activities if a.kind in ("quiz", "project")]
                ).values_list("competency_id", flat=True)
            )
        )
        mastery += [
            Mastery(
                centre=centre, student_id=sid, competency_id=c, p_known=MASTERED, observations=6
            )
            for sid in ids
            for c in assessed
        ]
    Mastery.objects.bulk_create(
        mastery,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["student", "competency"],
        update_fields=["p_known", "observations", "updated_at"],
    )


def _autumn(centre: Any, students: list[Any], rng: random.Random) -> None:
    tz = centre.zone
    experts = list(
        Membership.objects.filter(centre=centre, role=Role.EXPERT)
        .order_by("user__username")
        .values_list("user_id", flat=True)
    )
    slots = list(Slot.objects.filter(centre=centre).prefetch_related("meetings").order_by("label"))
    if not experts or not slots or not students:
        return
    meetings = {
        s.pk: [(m.weekday, m.starts_at, m.ends_at) for m in s.meetings.all()] for s in slots
    }
    rooms = sorted(
        centre.rooms.filter(kind__in=["lab", "studio"]), key=lambda r: (r.kind != "lab", r.name)
    )
    areas = list(
        FocusArea.objects.filter(offers__centre=centre, offers__is_offered=True).order_by(
            "offers__order"
        )
    )
    ids = {s.pk for s in students}

    # Who has finished which level: those who reached the next level of an area finished the
    # one before (level 1 or 2: the labs' levels); the demo student her first two areas.
    finished: dict[tuple[int, int], int] = {}
    reached = (
        ActivityProgress.objects.filter(centre=centre, activity__centre__isnull=True)
        .values_list("student_id", "activity__focus_area_id")
        .annotate(top=Max("activity__level"))
    )
    for student_id, area_id, top in reached:
        if student_id in ids and top and top >= 2:
            finished[(student_id, area_id)] = min(top - 1, 2)
    demo_id = demo_student_id(centre, students)
    demo_areas: list[int] = []
    if demo_id is not None:
        demo_areas = list(
            FocusChoice.objects.filter(student_id=demo_id, dropped_at__isnull=True)
            .order_by("chosen_at", "id")
            .values_list("focus_area_id", flat=True)[:2]
        )
        for area_id in demo_areas:
            finished[(demo_id, area_id)] = max(finished.get((demo_id, area_id), 0), 1)
    opens = clock.moment(2026, 9, 1, 9, 0, tz)
    closes = clock.moment(2026, 9, 15, 20, 0, tz)
    _finish_levels(centre, finished, opens - dt.timedelta(days=3))

    cycle = LabCycle.objects.create(
        uuid=uuid.UUID(int=rng.getrandbits(128)),  # the lottery derives from it: deterministic
        centre=centre,
        name=autumn_name(),
        starts_on=clock.day(2026, 9, 28),
        ends_on=clock.day(2026, 12, 18),  # the last week before the Christmas holidays
        applications_open_at=opens,
        applications_close_at=closes,
        max_wishes=3,
        status=CycleStatus.CLOSED,
    )

    # The labs: two sessions of each area's level-1 lab and one of its level-2 lab.
    specs: list[dict[str, Any]] = []
    for area in areas:
        for template in LabTemplate.objects.filter(
            focus_area=area, level__in=[1, 2], centre__isnull=True
        ).order_by("level", "key"):
            for _session in range(2 if template.level == 1 else 1):
                specs.append(
                    {
                        "area": area.pk,
                        "template": template,
                        "slot": slots[len(specs) % len(slots)],
                        "seats": min(template.seats, rng.choice([8, 10, 10, 12, 12])),
                    }
                )
    demo_meetings = _weekly_meetings(centre, [demo_id] if demo_id else [], meetings).get(
        demo_id or 0, []
    )
    expert_lab: dict[str, Any] | None = None
    if demo_areas:
        expert_lab = next(
            (
                s
                for s in specs
                if s["area"] == demo_areas[0]
                and s["template"].level == 1
                and not _overlap(meetings[s["slot"].pk], demo_meetings)
            ),
            None,
        )
    busy: dict[int, set[int]] = {e: set() for e in experts}
    load: dict[int, int] = dict.fromkeys(experts, 0)
    if expert_lab is not None:
        expert_lab["expert"] = experts[0]  # the demo expert (``paris-expert-01``)
        busy[experts[0]].add(expert_lab["slot"].pk)
        load[experts[0]] += 1
    used_rooms: set[tuple[int, int]] = set()
    for spec in specs:
        slot_id = spec["slot"].pk
        if "expert" not in spec:
            free = [e for e in experts if slot_id not in busy[e]] or experts
            spec["expert"] = min(free, key=lambda e: (load[e], experts.index(e)))
            busy[spec["expert"]].add(slot_id)
            load[spec["expert"]] += 1
        room = next(
            (r for r in rooms if (slot_id, r.pk) not in used_rooms and r.seats >= spec["seats"]),
            None,
        )
        if room is not None:
            used_rooms.add((slot_id, room.pk))
        spec["room"] = room
    Lab.objects.bulk_create(
        Lab(
            centre=centre,
            cycle=cycle,
            template=s["template"],
            level=s["template"].level,
            expert_id=s["expert"],
            room=s["room"],
            slot=s["slot"],
            seats=s["seats"],
        )
        for s in specs
    )
    labs = list(Lab.objects.filter(cycle=cycle).select_related("template").order_by("id"))
    demo_lab = next(
        (lab for spec, lab in zip(specs, labs, strict=True) if spec is expert_lab), None
    )
    area_of = {lab.pk: lab.template.focus_area_id for lab in labs}
    lab_meetings = {lab.pk: meetings[lab.slot_id] for lab in labs if lab.slot_id}

    # The applications: up to three ranked wishes among the labs open to the student, the
    # popular areas (and the higher level, when finished) wished more; a flag for most.
    weekly = _weekly_meetings(centre, sorted(ids), meetings)
    popularity = {a.pk: 0.3 + 4 * rng.random() ** 3 for a in areas}  # a few popular areas
    levels: dict[int, dict[int, int]] = {}
    for (student_id, area_id), level in finished.items():
        levels.setdefault(student_id, {})[area_id] = level
    # About a third of those who could apply did, or fewer in a big centre: about 1.3
    # applicants per seat, so that the popular labs are contested and the others are not.
    seats = sum(lab.seats for lab in labs)
    share = min(APPLY_SHARE, OVERBOOKING * seats / max(1, len(levels)))
    rows: list[Application] = []
    for student in students:
        sid = student.pk
        if sid == demo_id or sid not in levels:
            continue
        own = weekly.get(sid, [])
        open_labs = [
            lab
            for lab in labs
            if lab.level <= levels[sid].get(area_of[lab.pk], 0)
            and not _overlap(lab_meetings.get(lab.pk, []), own)
        ]
        if not open_labs or rng.random() >= share:
            continue
        weights = {
            lab.pk: popularity[area_of[lab.pk]]
            * (3.0 if lab.level == levels[sid][area_of[lab.pk]] else 0.3)
            for lab in open_labs
        }
        wanted = min(len(open_labs), rng.choice([1, 2, 2, 3, 3, 3]))
        chosen: list[Lab] = []
        pool = list(open_labs)
        while len(chosen) < wanted:
            pick = rng.choices(pool, weights=[weights[lab.pk] for lab in pool])[0]
            chosen.append(pick)
            pool.remove(pick)
        flag_rank = 0
        if rng.random() < 0.7:
            flag_rank = 1 if len(chosen) == 1 or rng.random() < 0.8 else 2
        at = opens + dt.timedelta(seconds=rng.randint(0, int((closes - opens).total_seconds())))
        rows += [
            Application(
                centre=centre,
                student_id=sid,
                cycle=cycle,
                lab=lab,
                rank=rank,
                flagged=rank == flag_rank,
                applied_at=at,
            )
            for rank, lab in enumerate(chosen, start=1)
        ]
    if demo_id is not None and demo_lab is not None:
        rows += _demo_wishes(
            centre, cycle, demo_id, demo_lab, demo_areas, labs, rows, lab_meetings, demo_meetings
        )
    Application.objects.bulk_create(rows, batch_size=2000)

    # Publish as managers do: a dry run of every mechanism, then the publication.

    for dry in (True, False):
        run = AllocationRun.objects.create(
            centre=centre,
            cycle=cycle,
            dry_run=dry,
            mechanism="" if dry else cycle.mechanism,
        )
        run_allocation.call(run.pk)
    if demo_lab is not None:
        # Away from the demo student's labs (and their other sessions), to keep her story.
        wished = {a.lab_id for a in rows if a.student_id == demo_id}
        hers = {lab.template_id for lab in labs if lab.pk in wished}
        _open_offer(cycle, avoid={lab.pk for lab in labs if lab.template_id in hers})
    _lab_attendance(centre, cycle, rng)


def _open_offer(cycle: LabCycle, avoid: set[int]) -> None:
    """A student gives up their seat in a full lab (through ``labs.services.seat_withdraw``,
    as the family's page does): the place is offered to the next student waiting for it, for
    48 hours, renamed ``student-offer``."""
    held = {
        s.student_id
        for s in Seat.objects.filter(cycle=cycle, status__in=[SeatStatus.HELD, SeatStatus.OFFERED])
    }
    waiting = (
        Application.objects.filter(
            cycle=cycle, withdrawn_at__isnull=True, waitlist_position__isnull=False
        )
        .exclude(student_id__in=held)
        .exclude(lab_id__in=avoid)
        .order_by("lab_id", "waitlist_position")
    )
    lab_id = next(iter(waiting.values_list("lab_id", flat=True)), None)
    if lab_id is None:
        return
    seat = (
        Seat.objects.filter(lab_id=lab_id, status=SeatStatus.HELD)
        .select_related("student")
        .order_by("-id")
        .first()
    )
    if seat is None:
        return
    seat_withdraw(actor=seat.student, seat=seat)
    offer = Seat.objects.filter(cycle=cycle, status=SeatStatus.OFFERED).first()
    if offer is not None:
        User.objects.filter(pk=offer.student_id).update(username=OFFER_LOGIN)


def _lab_attendance(centre: Any, cycle: LabCycle, rng: random.Random) -> None:
    """The seat holders at their lab's meetings since the cycle began, as the kiosk and the
    end of each session recorded them: most came, a few late, some absent (a few of those
    justified). Students already recorded at a session (registered in that slot) are left as
    they are."""
    now = timezone.now()
    holders: dict[int, list[int]] = {}
    for slot_id, student_id in Seat.objects.filter(
        cycle=cycle, status=SeatStatus.HELD, lab__slot__isnull=False
    ).values_list("lab__slot_id", "student_id"):
        holders.setdefault(slot_id, []).append(student_id)
    first = dt.datetime.combine(cycle.starts_on, dt.time.min, centre.zone)
    sessions = list(
        Session.objects.filter(
            slot_id__in=holders, cancelled=False, starts_at__gte=first, ends_at__lte=now
        ).order_by("starts_at")
    )
    done = set(
        CheckIn.objects.filter(session__in=sessions).values_list("session_id", "student_id")
    ) | set(Absence.objects.filter(session__in=sessions).values_list("session_id", "student_id"))
    # a student drifting away (an open follow-up of absences) misses their lab too, from the
    # first absence of the streak on
    drifting = {
        f.student_id: f.first_absence.session.starts_at
        for f in FollowUp.objects.filter(centre=centre, closed_at__isnull=True).select_related(
            "first_absence__session"
        )
        if f.first_absence is not None
    }
    checkins, absences = [], []
    for session in sessions:
        for student_id in holders[session.slot_id or 0]:
            if (session.pk, student_id) in done:
                continue
            away = student_id in drifting and session.starts_at >= drifting[student_id]
            if not away and rng.random() < 0.88:
                late = rng.randint(11, 30) if rng.random() < 0.07 else 0
                checkins.append(
                    CheckIn(
                        centre=centre,
                        session=session,
                        student_id=student_id,
                        checked_in_at=session.starts_at
                        + dt.timedelta(minutes=late or rng.randint(-15, 5)),
                        device="Accueil",
                        late_minutes=late,
                    )
                )
            else:
                justified = not away and rng.random() < 0.3
                absences.append(
                    Absence(
                        centre=centre,
                        session=session,
                        student_id=student_id,
                        justified=justified,
                        reason="Malade" if justified else "",
                    )
                )
    bulk.insert(CheckIn, checkins)
    bulk.insert(Absence, absences)
    Session.objects.filter(pk__in=[s.pk for s in sessions]).update(absences_recorded_at=now)


def _weekly_meetings(
    centre: Any, student_ids: list[int], meetings: dict[int, list[Meeting]]
) -> dict[int, list[Meeting]]:
    """Each student's weekly session this school year (``enrolment.selectors``' registration)."""
    out: dict[int, list[Meeting]] = {}
    rows = Enrolment.objects.filter(
        centre=centre,
        student_id__in=student_ids,
        school_year=years.current_school_year(centre),
        slot__isnull=False,
    ).values_list("student_id", "slot_id")
    for student_id, slot_id in rows:
        out.setdefault(student_id, []).extend(meetings.get(slot_id, []))
    return out


def _demo_wishes(
    centre: Any,
    cycle: LabCycle,
    demo_id: int,
    demo_lab: Lab,
    demo_areas: list[int],
    labs: list[Lab],
    rows: list[Application],
    lab_meetings: dict[int, list[Meeting]],
    demo_meetings: list[Meeting],
) -> list[Application]:
    """Inès's wishes: first, when there is one, a level-1 lab of her second area that more
    students put first and flagged than it has seats (she cannot win it: her priority there
    is lower), then the demo expert's lab, flagged; flagged by fewer students than it has
    seats, so that her seat there is sure whatever the lottery."""
    others = [a for a in rows if a.lab_id == demo_lab.pk and a.flagged]
    for extra in others[demo_lab.seats - 1 :]:
        extra.flagged = False
    first_flags: dict[int | None, int] = {}
    for a in rows:
        if a.rank == 1 and a.flagged:
            first_flags[a.lab_id] = first_flags.get(a.lab_id, 0) + 1
    full = [
        lab
        for lab in labs
        if len(demo_areas) > 1
        and lab.level == 1
        and lab.template.focus_area_id == demo_areas[1]
        and not _overlap(lab_meetings.get(lab.pk, []), demo_meetings)
        and first_flags.get(lab.pk, 0) >= lab.seats
    ]
    full.sort(key=lambda lab: (-first_flags.get(lab.pk, 0), lab.pk))
    wishes = [full[0], demo_lab] if full else [demo_lab]
    at = cycle.applications_open_at + dt.timedelta(days=2, hours=8)
    return [
        Application(
            centre=centre,
            student_id=demo_id,
            cycle=cycle,
            lab=lab,
            rank=rank,
            flagged=lab.pk == demo_lab.pk,
            applied_at=at,
        )
        for rank, lab in enumerate(wishes, start=1)
    ]


def finish_level_one(student: Any) -> None:
    """Give the demo student a finished level 1 in her first focus area (all required
    activities done, its assessed competencies mastered), as if she had worked through it."""
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
    activities = list(level_one.order_by("pk"))
    # worked through since she chose the area, the last one ten days ago (not at the build)
    span = max(now - dt.timedelta(days=10) - choice.chosen_at, dt.timedelta(days=1))
    for k, activity in enumerate(activities):
        when = choice.chosen_at + span * (k + 1) / len(activities)
        ActivityProgress.objects.update_or_create(
            student=student,
            activity=activity,
            defaults={"centre": centre, "status": "done", "completed_at": when},
        )
        if activity.kind in ("quiz", "project"):
            for comp in activity.competencies.all():
                Mastery.objects.update_or_create(
                    student=student,
                    competency=comp,
                    defaults={"centre": centre, "p_known": 0.97, "observations": 6},
                )


# --- Masterlabs --------------------------------------------------------------------------------

MOTIVATIONS = (
    "J’ai fini le niveau 2 et je voudrais voir comment travaille une professionnelle, sur un "
    "vrai projet, pendant quatre jours.",
    "Je fais déjà des projets chez moi le week-end ; un masterlab m’aiderait à aller plus loin "
    "et à préparer mon orientation.",
    "Mon lab de l’automne m’a beaucoup plu et je voudrais continuer avec quelqu’un du métier.",
    "Je veux apprendre à travailler en équipe sur un projet complet et le montrer dans mon "
    "portfolio.",
    "Je n’ai jamais fait de masterlab et j’aimerais découvrir ce métier avant de choisir mon "
    "lycée.",
)


def masterlabs(*, centre: Any, manager: Any, rng: random.Random, demo_student: Any = None) -> None:
    """Three masterlabs per centre, through the real services: one of the autumn holidays
    whose selection is published (scores, selected students, a waiting list), one of the
    winter holidays whose applications are closed and scored, ready for the manager to
    publish, and one of the spring holidays open for applications. The demo student applied
    to the first two."""

    now = timezone.now()
    templates = list(
        MasterlabTemplate.objects.filter(
            focus_area__offers__centre=centre, focus_area__offers__is_offered=True
        ).order_by("key")
    )
    if not templates:
        return
    guests = (
        "Une game designer indépendante",
        "Un réalisateur de films d’animation",
        "Une ingénieure du son",
        "Un développeur d’applications",
    )
    specs = (
        (
            "toussaint",
            clock.day(2026, 10, 26),
            now - dt.timedelta(days=60),
            now - dt.timedelta(days=45),
        ),
        ("hiver", clock.day(2027, 2, 15), now - dt.timedelta(days=20), now - dt.timedelta(days=1)),
        (
            "printemps",
            clock.day(2027, 4, 12),
            now - dt.timedelta(days=2),
            now + dt.timedelta(days=40),
        ),
    )
    eligible = list(
        Application.objects.filter(centre=centre, cycle__name=autumn_name())
        .values_list("student_id", flat=True)
        .distinct()
        .order_by("student_id")
    )
    made = []
    for index, (_name, first, opens, closes) in enumerate(specs):
        made.append(
            services.masterlab_create(
                actor=manager,
                centre=centre,
                data={
                    "template": templates[(index * 3) % len(templates)],
                    "first_day": first,
                    "last_day": first + dt.timedelta(days=3),
                    "guest": guests[index % len(guests)],
                    "seats": 15,
                    "applications_open_at": opens,
                    "applications_close_at": closes,
                },
            )
        )
    past, closed, _open = made
    for masterlab, count in ((past, 40), (closed, 32)):
        chosen = rng.sample(eligible, min(count, len(eligible)))
        if demo_student is not None and demo_student.pk not in chosen:
            chosen[0] = demo_student.pk
        rows = [
            Application(
                centre=centre,
                student_id=student_id,
                masterlab=masterlab,
                motivation=rng.choice(MOTIVATIONS),
                applied_at=masterlab.applications_open_at + dt.timedelta(hours=rng.randint(1, 300)),
            )
            for student_id in chosen
        ]
        Application.objects.bulk_create(rows)
        for a in Application.objects.filter(masterlab=masterlab).order_by("id"):
            good = demo_student is not None and a.student_id == demo_student.pk
            services.masterlab_score(
                actor=manager,
                application=a,
                score=9 if good else rng.randint(3, 10),
                note="Motivation claire, projets solides." if good else "",
            )
    services.masterlab_select(actor=manager, masterlab=Masterlab.objects.get(pk=past.pk))


def validations(*, centre: Any, rng: random.Random) -> int:
    """The autumn labs are near their end: their experts have validated some of the lab's
    competencies for most of their students (through the service, as the expert)."""

    count = 0
    labs = Lab.objects.filter(centre=centre, cycle__name=autumn_name()).select_related("expert")
    for lab in labs.prefetch_related("template__competencies").order_by("id"):
        competencies = list(lab.template.competencies.all())
        if not competencies:
            continue
        holders = Seat.objects.filter(lab=lab, status="held").select_related("student")
        for seat in holders.order_by("id"):
            if rng.random() < 0.25:
                continue  # not yet assessed
            chosen = rng.sample(competencies, rng.randint(1, len(competencies)))
            services.competencies_validate(
                actor=lab.expert, lab=lab, student=seat.student, competencies=chosen
            )
            count += len(chosen)
    return count
