"""The orientation programme in the demo (issue 17): in Paris this school year's programme of
130 places, full, spread over the four ADVP stages (and a few completed), with a waiting list
and invitations not yet answered; Inès in crystallisation with a draft plan (her interests,
her strengths, two dated next steps, the offers she keeps), a note shared with her family and
a staff-only one; notes and plans for the others in proportion. Liège runs a smaller one.
Dates relative to the day the demo is built."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from parcours.centres.models import Centre
from parcours.orientation.choices import Kind, PlanStatus, Source, Stage, Status
from parcours.orientation.models import (
    ActionPlan,
    Meeting,
    MeetingAttendance,
    Participant,
    PlanStep,
    Programme,
    StageNote,
    StageTemplate,
)
from parcours.orientation.services import school_year
from parcours.orientation.shipping import load_shipped_templates
from parcours.people.models import CoachAssignment, User
from parcours.schedule.choices import SessionKind
from parcours.schedule.models import OpeningHours, Session

# (stage or "completed", how many) in Paris: 130 places taken
PARIS: list[tuple[str, int]] = [
    (Stage.EXPLORATION, 38),
    (Stage.CRYSTALLISATION, 36),
    (Stage.SPECIFICATION, 30),
    (Stage.REALISATION, 20),
    ("completed", 6),
]
LIEGE: list[tuple[str, int]] = [
    (Stage.EXPLORATION, 12),
    (Stage.CRYSTALLISATION, 8),
    (Stage.SPECIFICATION, 5),
    (Stage.REALISATION, 3),
]
NOTES = {
    Stage.EXPLORATION: "Parle avec enthousiasme de ses projets de jeu ; curieux·se des métiers du son.",
    Stage.CRYSTALLISATION: "Se reconnaît dans le travail d’équipe et la narration ; hésite entre animation et jeu.",
    Stage.SPECIFICATION: "A comparé trois formations ; préfère l’alternance pour des raisons financières.",
    Stage.REALISATION: "Dossier en cours ; portes ouvertes notées ; portfolio à compléter d’un projet 3D.",
}


def _programme(centre: Centre, title: str, capacity: int) -> Programme:
    year = school_year(timezone.localdate(timezone=centre.zone))
    return Programme.objects.create(
        centre=centre, year=year, title=f"{title} {year}–{year + 1}", capacity=capacity
    )


def _fill(
    programme: Programme, spread: list[tuple[str, int]], students: list[User], rng: random.Random
) -> dict[str, int]:
    now = timezone.now()
    coach_of = dict(
        CoachAssignment.objects.filter(student__in=students).values_list("student_id", "coach_id")
    )
    rows: list[Participant] = []
    pool = iter(students)
    for stage, n in spread:
        for _i in range(n):
            s = next(pool, None)
            if s is None:
                break
            completed = stage == "completed"
            rows.append(
                Participant(
                    programme=programme,
                    student=s,
                    status=Status.COMPLETED if completed else Status.ENROLLED,
                    source=Source.INVITED if rng.random() < 0.4 else Source.VOLUNTEERED,
                    invited_by_id=coach_of.get(s.pk),
                    stage=Stage.REALISATION if completed else stage,
                    joined_at=now - dt.timedelta(days=rng.randint(60, 90)),
                    stage_changed_at=now - dt.timedelta(days=rng.randint(2, 50)),
                )
            )
    waiting = [next(pool, None) for _ in range(6)]
    for i, s in enumerate(w for w in waiting if w is not None):
        rows.append(
            Participant(
                programme=programme,
                student=s,
                status=Status.WAITLISTED,
                source=Source.VOLUNTEERED,
                joined_at=now - dt.timedelta(days=20 - i),
            )
        )
    invited = [next(pool, None) for _ in range(4)]
    for s in (i for i in invited if i is not None):
        rows.append(
            Participant(
                programme=programme,
                student=s,
                status=Status.INVITED,
                source=Source.INVITED,
                invited_by_id=coach_of.get(s.pk),
            )
        )
    made = Participant.objects.bulk_create(rows)
    notes, plans = [], []
    order = [s.value for s in Stage]
    for p in made:
        if p.status not in (Status.ENROLLED, Status.COMPLETED):
            continue
        reached = order.index(p.stage)
        for stage in order[: reached + 1]:
            notes.append(
                StageNote(
                    participant=p,
                    stage=stage,
                    author_id=p.invited_by_id or coach_of.get(p.student_id),
                    text=NOTES[Stage(stage)],
                    shared=rng.random() < 0.5,
                )
            )
        if reached >= 2 or p.status == Status.COMPLETED:
            plans.append(
                ActionPlan(
                    participant=p,
                    interests="Créer des mondes et raconter des histoires.",
                    strengths="Persévérance ; travail en équipe ; dessin.",
                    status=PlanStatus.COMPLETED
                    if p.status == Status.COMPLETED or rng.random() < 0.3
                    else PlanStatus.DRAFT,
                )
            )
    StageNote.objects.bulk_create(notes)
    ActionPlan.objects.bulk_create(plans)
    return {"participants": len(made), "notes": len(notes), "plans": len(plans)}


def _ines(programme: Programme, ines: User, coach: User | None) -> None:
    now = timezone.now()
    p, _made = Participant.objects.update_or_create(
        programme=programme,
        student=ines,
        defaults={
            "status": Status.ENROLLED,
            "source": Source.INVITED,
            "invited_by": coach,
            "stage": Stage.CRYSTALLISATION,
            "joined_at": now - dt.timedelta(days=75),
            "stage_changed_at": now - dt.timedelta(days=12),
        },
    )
    p.notes.all().delete()
    StageNote.objects.create(
        participant=p,
        stage=Stage.EXPLORATION,
        author=coach,
        shared=True,
        text="Inès aime raconter des histoires en images : son court film du lab d’animation "
        "l’a rendue fière. Pistes à explorer : animation 2D, storyboard, jeu vidéo narratif.",
    )
    StageNote.objects.create(
        participant=p,
        stage=Stage.CRYSTALLISATION,
        author=coach,
        shared=False,
        text="Famille attentive au coût des études : regarder l’alternance et les formations "
        "publiques en priorité. À évoquer avec tact.",
    )
    plan, _made = ActionPlan.objects.update_or_create(
        participant=p,
        defaults={
            "interests": "Le cinéma d’animation, le dessin, raconter des histoires en images.",
            "strengths": "Patiente et précise au storyboard ; aime travailler en équipe.",
            "targets": "Un bac général avec l’option arts plastiques, puis une école d’animation.",
            "status": PlanStatus.DRAFT,
            "updated_by": coach,
        },
    )
    plan.steps.all().delete()
    today = timezone.localdate()
    PlanStep.objects.create(
        plan=plan,
        what="Aller aux portes ouvertes d’une école d’animation",
        due_on=today + dt.timedelta(days=45),
        helper="Karim (coach) et sa mère",
    )
    PlanStep.objects.create(
        plan=plan,
        what="Ajouter un storyboard au portfolio",
        due_on=today + dt.timedelta(days=20),
        helper="L’expert du lab de dessin",
    )


def _meetings(programme: Programme, ines: User | None, coach: User | None) -> int:
    """A crystallisation workshop held last week (its attendance taken: three absent) and
    Inès's crystallisation interview next week, both sessions of the centre's schedule."""
    zone = programme.centre.zone
    today = timezone.localdate(timezone=zone)
    templates = {t.key: t for t in StageTemplate.objects.filter(centre__isnull=True)}

    def template(stage: str, kind: str) -> StageTemplate | None:
        return next((t for t in templates.values() if t.stage == stage and t.kind == kind), None)

    def session(day: dt.date, hour: int, minutes: int, label: str, who: list[int]) -> Session:
        # within the centre's opening hours that day (moved to the next open day if closed)
        for _shift in range(7):
            hours = list(
                OpeningHours.objects.filter(
                    centre=programme.centre, weekday=day.weekday()
                ).order_by("opens_at")
            )
            if hours:
                break
            day += dt.timedelta(days=1)
        begin = dt.time(hour, 0)
        if hours:
            span = hours[-1]
            begin = max(span.opens_at, min(begin, span.closes_at))
            room = (
                dt.datetime.combine(day, span.closes_at) - dt.datetime.combine(day, begin)
            ).seconds // 60
            minutes = max(15, min(minutes, room))
        starts = dt.datetime.combine(day, begin, tzinfo=zone)
        made = Session.objects.create(
            centre=programme.centre,
            slot=None,
            kind=SessionKind.EXTRA,
            label=label,
            starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=minutes),
            seats=len(who),
        )
        made.invited_students.set(who)
        return made

    group = list(
        Participant.objects.filter(
            programme=programme, status=Status.ENROLLED, stage=Stage.CRYSTALLISATION
        ).exclude(student=ines)
    )[:14]
    last_week = today - dt.timedelta(days=7 + (today.weekday() - 2) % 7)  # a Wednesday
    workshop = Meeting.objects.create(
        programme=programme,
        kind=Kind.WORKSHOP,
        stage=Stage.CRYSTALLISATION,
        template=template(Stage.CRYSTALLISATION, Kind.WORKSHOP),
        lead=coach,
        session=session(
            last_week,
            14,
            100,
            "Orientation · atelier de cristallisation",
            [p.student_id for p in group],
        ),
    )
    MeetingAttendance.objects.bulk_create(
        [
            MeetingAttendance(meeting=workshop, participant=p, present=i >= 3)
            for i, p in enumerate(group)
        ]
    )
    count = 1
    mine = Participant.objects.filter(programme=programme, student=ines).first() if ines else None
    if mine is not None:
        interview = Meeting.objects.create(
            programme=programme,
            kind=Kind.INTERVIEW,
            stage=Stage.CRYSTALLISATION,
            template=template(Stage.CRYSTALLISATION, Kind.INTERVIEW),
            lead=coach,
            session=session(
                today + dt.timedelta(days=6),
                17,
                45,
                "Orientation · entretien de cristallisation",
                [mine.student_id],
            ),
        )
        MeetingAttendance.objects.create(meeting=interview, participant=mine)
        count += 1
    return count


def seed(centres: list[Centre]) -> dict[str, Any]:
    if not StageTemplate.objects.exists():
        load_shipped_templates(StageTemplate)
    rng = random.Random("orientation")
    out: dict[str, Any] = {}
    ines = User.objects.filter(username="student").first()
    coach = User.objects.filter(username="coach").first()
    for centre in centres:
        spread = PARIS if centre.slug == "paris" else LIEGE if centre.slug == "liege" else None
        if spread is None:
            continue
        programme = _programme(
            centre, "Programme d’orientation", 130 if centre.slug == "paris" else 40
        )
        students = list(
            User.objects.filter(student_profile__centre=centre, erased_at__isnull=True)
            .exclude(username="student")
            .order_by("pk")
        )
        rng.shuffle(students)
        if ines is not None and centre.slug == "paris":
            spread = [(s, n - 1) if s == Stage.CRYSTALLISATION else (s, n) for s, n in spread]
        out[centre.slug] = _fill(programme, spread, students, rng)
        if ines is not None and centre.slug == "paris":
            _ines(programme, ines, coach)
            out["meetings"] = _meetings(programme, ines, coach)
    return out
