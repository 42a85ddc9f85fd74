"""Reading the orientation programme: the year's programme of a centre and its figures (how
many at each stage, waiting, invited, plans completed, outcomes), its participants, one
participant as staff or as her family see her (staff-only notes only for staff), her plan with
the offers she keeps, her validated competencies and her approved works, and the stage
templates a centre uses (its own, else the shipped ones)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from parcours.core.errors import NotFound
from parcours.core.lists import name_matches
from parcours.labs.models import CompetencyValidation
from parcours.orientation import permissions as can
from parcours.orientation.choices import STAGE_ORDER, PlanStatus, Stage, Status
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
from parcours.people.access import access_for
from parcours.people.choices import Role
from parcours.people.models import CoachAssignment, User
from parcours.portfolio.models import Work
from parcours.training_offers import selectors as offers

if TYPE_CHECKING:
    from parcours.centres.models import Centre
    from parcours.people.types import Actor
    from parcours.training_offers.models import SavedOffer


def current_programme(centre: Centre) -> Programme | None:
    year = school_year(timezone.localdate(timezone=centre.zone))
    return Programme.objects.filter(centre=centre, year=year).first()


@dataclass
class Figures:
    by_stage: list[tuple[str, str, int]]  # (stage, label, enrolled there)
    enrolled: int
    completed: int
    waitlisted: int
    invited: int
    plans_completed: int
    plans_started: int
    outcomes: list[tuple[str, int]] = field(default_factory=list)
    places_left: int = 0
    meetings_held: int = 0
    attended: int = 0
    missed: int = 0
    meetings_to_come: int = 0


def figures(programme: Programme) -> Figures:
    """The programme's figures (three queries, whatever its size)."""
    rows = Participant.objects.filter(programme=programme)
    counts = {
        (r["status"], r["stage"]): r["n"]
        for r in rows.values("status", "stage").annotate(n=Count("pk"))
    }
    enrolled_at = {s: counts.get((Status.ENROLLED, s), 0) for s in STAGE_ORDER}
    status_total: dict[str, int] = {}
    for (status, _stage), n in counts.items():
        status_total[status] = status_total.get(status, 0) + n
    plans = ActionPlan.objects.filter(participant__programme=programme).aggregate(
        started=Count("pk"), completed=Count("pk", filter=Q(status=PlanStatus.COMPLETED))
    )
    outcomes = (
        rows.filter(outcome__isnull=False)
        .values("outcome__kind")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    enrolled = status_total.get(Status.ENROLLED, 0)
    now = timezone.now()
    held = Meeting.objects.filter(programme=programme, session__cancelled=False).aggregate(
        past=Count("pk", filter=Q(session__starts_at__lt=now)),
        ahead=Count("pk", filter=Q(session__starts_at__gte=now)),
    )
    marks = MeetingAttendance.objects.filter(meeting__programme=programme).aggregate(
        came=Count("pk", filter=Q(present=True)), missed=Count("pk", filter=Q(present=False))
    )
    return Figures(
        meetings_held=held["past"],
        meetings_to_come=held["ahead"],
        attended=marks["came"],
        missed=marks["missed"],
        by_stage=[(s.value, str(s.label), enrolled_at[s.value]) for s in Stage],
        enrolled=enrolled,
        completed=status_total.get(Status.COMPLETED, 0),
        waitlisted=status_total.get(Status.WAITLISTED, 0),
        invited=status_total.get(Status.INVITED, 0),
        plans_completed=plans["completed"],
        plans_started=plans["started"],
        outcomes=[(r["outcome__kind"], r["n"]) for r in outcomes],
        places_left=max(0, programme.capacity - enrolled - status_total.get(Status.COMPLETED, 0)),
    )


def participants(
    programme: Programme, *, stage: str = "", status: str = "", q: str = ""
) -> QuerySet[Participant]:
    rows = Participant.objects.filter(programme=programme).select_related("student", "plan")
    if stage:
        rows = rows.filter(stage=stage, status=Status.ENROLLED)
    if status:
        rows = rows.filter(status=status)
    rows = name_matches(rows, q)
    return rows.order_by("student__last_name", "student__first_name", "pk")


def invitable(user: Actor, programme: Programme) -> list[User]:
    """The students the user may invite who are not in the programme: a coach's caseload at
    the centre (a manager: also the caseload, the programme view is not a student search)."""
    uid = access_for(user).user_id
    already = Participant.objects.filter(programme=programme).values("student_id")
    ids = CoachAssignment.objects.filter(coach_id=uid, centre_id=programme.centre_id).values(
        "student_id"
    )
    return list(
        User.objects.filter(pk__in=ids)
        .exclude(pk__in=already)
        .order_by("last_name", "first_name")[:200]
    )


def programmes_run(user: Actor) -> QuerySet[Programme]:
    access = access_for(user)
    rows = Programme.objects.select_related("centre")
    if access.network_admin:
        return rows
    return rows.filter(centre_id__in=access.centres(Role.MANAGER, Role.COACH))


def participant_get(*, user: Actor, uuid: UUID | str) -> Participant:
    """A participant the user may read (staff running it, the student, her family)."""
    p = (
        Participant.objects.filter(uuid=uuid)
        .select_related("programme__centre", "student__student_profile")
        .first()
    )
    if p is None or not can.may_read(user, p):
        raise NotFound()
    return p


def participation_of(student: User) -> Participant | None:
    """The student's participation in her centre's programme this year, if any."""
    profile = getattr(student, "student_profile", None)
    if profile is None:
        return None
    programme = current_programme(profile.centre)
    if programme is None:
        return None
    return (
        Participant.objects.filter(programme=programme, student=student)
        .select_related("programme__centre", "student__student_profile")
        .first()
    )


def notes_for(user: Actor, p: Participant) -> list[StageNote]:
    """Every note for the staff running the programme; the shared ones for the family."""
    rows = StageNote.objects.filter(participant=p).select_related("author")
    if not can.runs(user, p.programme.centre_id):
        rows = rows.filter(shared=True)
    return list(rows.order_by("-created_at", "-pk"))


@dataclass
class PlanView:
    plan: ActionPlan | None
    steps: list[PlanStep]
    kept: list[SavedOffer]
    competencies: list[str]
    works: list[str]


def plan_view(p: Participant) -> PlanView:
    plan = ActionPlan.objects.filter(participant=p).first()
    steps = list(PlanStep.objects.filter(plan=plan)) if plan else []
    validated = (
        CompetencyValidation.objects.filter(student_id=p.student_id)
        .select_related("competency")
        .order_by("-validated_at")
    )
    works = Work.objects.filter(student_id=p.student_id).select_related("submission__activity")
    return PlanView(
        plan=plan,
        steps=steps,
        kept=offers.kept_by(p.student),
        competencies=sorted({f"{v.competency.name} ({v.level})" for v in validated}),
        works=[w.title for w in works.order_by("-created_at")[:12] if getattr(w, "title", "")],
    )


def templates_for(centre: Centre) -> list[StageTemplate]:
    """The centre's own templates, and the shipped ones it has not replaced (same key)."""
    rows = list(StageTemplate.objects.filter(Q(centre=centre) | Q(centre__isnull=True)))
    own = {t.key for t in rows if t.centre_id}
    kept = [t for t in rows if t.centre_id or t.key not in own]
    return sorted(kept, key=lambda t: (STAGE_ORDER.index(t.stage), t.kind, t.key))


def text_of(value: Any, lang: str) -> str:
    """A {"fr", "en"} text in the reader's language (else the other one)."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("fr") or value.get("en") or "")
    return str(value or "")


def meetings_of(p: Participant) -> list[MeetingAttendance]:
    """The participant's interviews and workshops, the latest first, with her attendance."""
    return list(
        MeetingAttendance.objects.filter(participant=p)
        .select_related("meeting__session", "meeting__lead", "meeting__template")
        .order_by("-meeting__session__starts_at")
    )


def meeting_get(*, user: Actor, uuid: UUID | str) -> Meeting:
    """A meeting of a programme the user runs; 404 for anyone else."""
    m = (
        Meeting.objects.filter(uuid=uuid)
        .select_related("programme__centre", "session", "lead", "template")
        .first()
    )
    if m is None or not can.runs(user, m.programme.centre_id):
        raise NotFound()
    return m


def attendees(m: Meeting) -> list[MeetingAttendance]:
    return list(
        MeetingAttendance.objects.filter(meeting=m)
        .select_related("participant__student")
        .order_by("participant__student__last_name", "participant__student__first_name")
    )


def meetings_list(programme: Programme) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(programme=programme)
        .select_related("session", "lead")
        .annotate(people=Count("attendance"))
        .order_by("-session__starts_at")
    )


def participants_at(programme: Programme, stage: str) -> list[Participant]:
    return list(
        Participant.objects.filter(
            programme=programme, status=Status.ENROLLED, stage=stage
        ).select_related("student")
    )
