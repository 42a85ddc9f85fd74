"""Reads of the learning path: a student's path in a focus area, their dashboard, the work
waiting for review, the centre's mastery-model fits. Each is built for one student the caller
may already see, or filtered by what the caller may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.catalogue import selectors as catalogue
from parcours.catalogue.models import Activity, Competency, FocusArea, LabTemplate
from parcours.centres.models import Centre
from parcours.centres.permissions import can_manage_centre
from parcours.core.errors import Forbidden, NotFound
from parcours.engine import path as engine
from parcours.enrolment.selectors import current_registration
from parcours.learning.models import (
    ActivityProgress,
    FitStatus,
    FocusChoice,
    Mastery,
    MasteryFit,
    ProgressStatus,
    Submission,
    SubmissionStatus,
)
from parcours.learning.permissions import can_follow, learner, submission_policy
from parcours.people.models import User
from parcours.people.types import Actor
from parcours.schedule.models import Session


@dataclass
class ActivityRow:
    activity: Activity
    status: str | None
    is_open: bool
    suggested: bool = False


@dataclass
class LevelView:
    number: int
    name: str
    state: engine.LevelState
    activities: list[ActivityRow]
    labs: list[LabTemplate]


@dataclass
class CompetencyView:
    competency: Competency
    p_known: float
    mastered: bool

    @property
    def percent(self) -> int:
        return round(100 * self.p_known)


@dataclass
class AreaPath:
    area: FocusArea
    levels: list[LevelView]
    suggestion: Activity | None
    reason: str
    competencies: list[CompetencyView]
    unlocked_levels: list[int] = field(default_factory=list)

    @property
    def current(self) -> LevelView | None:
        return next((lv for lv in self.levels if not lv.state.complete), None)


def _nodes(activities: list[Activity]) -> list[engine.Node]:
    ids = {a.pk for a in activities}
    return [
        engine.Node(
            id=a.pk,
            level=a.level,
            order=a.order,
            required=a.required,
            kind=a.kind,
            prerequisites=frozenset(p.pk for p in a.prerequisites.all() if p.pk in ids),
            competencies=frozenset(c.pk for c in a.competencies.all()),
        )
        for a in activities
    ]


def area_activities(student: User, area: FocusArea) -> list[Activity]:
    profile = student.student_profile
    return list(
        catalogue.activities(user=student, focus_area=area, centre=profile.centre)
        .filter(is_published=True)
        .prefetch_related("prerequisites", "competencies")
    )


def area_path(student: User, area: FocusArea) -> AreaPath:
    activities = area_activities(student, area)
    statuses = dict(
        ActivityProgress.objects.filter(student=student, activity__in=activities).values_list(
            "activity_id", "status"
        )
    )
    done = {aid for aid, status in statuses.items() if status == ProgressStatus.DONE}
    comp_ids = {c.pk for a in activities for c in a.competencies.all()}
    mastery = dict(
        Mastery.objects.filter(student=student, competency_id__in=comp_ids).values_list(
            "competency_id", "p_known"
        )
    )
    state = engine.suggest(_nodes(activities), done, mastery)
    by_id = {a.pk: a for a in activities}
    suggestion = by_id.get(state.suggestion.activity_id) if state.suggestion else None
    names = {lvl.number: lvl.name for lvl in area.levels.all()}
    labs = catalogue.lab_templates(user=student, focus_area=area).filter(is_published=True)
    levels = []
    for lvl_state in state.levels:
        rows = [
            ActivityRow(
                activity=a,
                status=statuses.get(a.pk),
                is_open=a.pk in state.open,
                suggested=suggestion is not None and a.pk == suggestion.pk,
            )
            for a in activities
            if a.level == lvl_state.level
        ]
        levels.append(
            LevelView(
                number=lvl_state.level,
                name=names.get(lvl_state.level, str(lvl_state.level)),
                state=lvl_state,
                activities=rows,
                labs=[t for t in labs if t.level == lvl_state.level],
            )
        )
    comps = Competency.objects.filter(pk__in=comp_ids).order_by("order")
    comp_views = [
        CompetencyView(c, mastery.get(c.pk, 0.0), mastery.get(c.pk, 0.0) >= engine.MASTERED)
        for c in comps
    ]
    return AreaPath(
        area=area,
        levels=levels,
        suggestion=suggestion,
        reason=_reason(state.suggestion, state.current_level, comps),
        competencies=comp_views,
        unlocked_levels=[lv.number for lv in levels if lv.state.complete],
    )


def _reason(s: engine.Suggestion | None, level: int | None, comps: QuerySet[Competency]) -> str:
    if s is None:
        return _("Every level is finished: well done!") if level is None else ""
    name = next((c.name for c in comps if c.pk == s.competency_id), "")
    if s.reason == "practise":
        return _("It practises “%(c)s”, the competency of level %(n)s you master least so far.") % {
            "c": name,
            "n": level,
        }
    if s.reason == "practise_again":
        return _("Level %(n)s is done, but “%(c)s” is not mastered yet: practise it again.") % {
            "c": name,
            "n": level,
        }
    if s.reason == "optional":
        return _("Only optional activities are left in level %(n)s.") % {"n": level}
    return _("It is the next step of level %(n)s.") % {"n": level}


def unlocked_levels(student: User, area: FocusArea) -> set[int]:
    """Levels finished in an area: they unlock the labs of the same level."""
    return set(area_path(student, area).unlocked_levels)


def discovery_done(student: User) -> bool:
    """Is the discovery period over? The student has tried a first activity in every focus
    area their centre offers, and the centre's ``discovery_sessions`` sessions of their
    weekly slot have taken place since they were registered (a student without a weekly
    slot is held by the first condition only)."""
    centre = learner(student).student_profile.centre
    if centre.discovery_sessions == 0:
        return True
    tried = set(
        ActivityProgress.objects.filter(student=student).values_list(
            "activity__focus_area_id", flat=True
        )
    )
    if not all(area.pk in tried for area in catalogue.offered_areas(centre)):
        return False
    held = discovery_sessions_held(student)
    return held is None or held[0] >= held[1]


def chosen_areas(student: User) -> list[FocusArea]:
    ids = (
        FocusChoice.objects.filter(student=student, dropped_at__isnull=True)
        .order_by("chosen_at", "id")
        .values_list("focus_area_id", flat=True)
    )
    areas = {a.pk: a for a in FocusArea.objects.filter(pk__in=list(ids))}
    return [areas[i] for i in ids]


@dataclass
class DiscoveryRow:
    area: FocusArea
    first: Activity | None
    tried: bool


def discovery(student: User) -> list[DiscoveryRow]:
    profile = student.student_profile
    tried_areas = set(
        ActivityProgress.objects.filter(student=student).values_list(
            "activity__focus_area_id", flat=True
        )
    )
    rows = []
    for area in catalogue.offered_areas(profile.centre):
        first = (
            catalogue.activities(user=student, focus_area=area, centre=profile.centre)
            .filter(is_published=True, level=1)
            .order_by("order")
            .first()
        )
        rows.append(DiscoveryRow(area=area, first=first, tried=area.pk in tried_areas))
    return rows


@dataclass
class Dashboard:
    chosen: bool
    paths: list[AreaPath]
    discovery: list[DiscoveryRow]
    waiting: list[Submission]
    returned: list[Submission]


def dashboard(student: Actor) -> Dashboard:
    """The student's own dashboard (their home page), or a followed student's."""
    student = learner(student)
    areas = chosen_areas(student)
    subs = Submission.objects.filter(student=student).select_related("activity")
    latest: dict[int, Submission] = {}
    for s in subs.order_by("activity_id", "-version"):
        latest.setdefault(s.activity_id, s)
    return Dashboard(
        chosen=bool(areas),
        paths=[area_path(student, a) for a in areas],
        discovery=[] if areas else discovery(student),
        waiting=[s for s in latest.values() if s.status == SubmissionStatus.SUBMITTED],
        returned=[s for s in latest.values() if s.status == SubmissionStatus.CHANGES],
    )


def review_queue(user: Actor) -> QuerySet[Submission]:
    return (
        submission_policy.editable(user)
        .filter(status=SubmissionStatus.SUBMITTED)
        .select_related("student", "activity", "activity__focus_area")
        .order_by("created_at")
    )


def submissions_of(user: Actor, student: User, activity: Activity) -> QuerySet[Submission]:
    return (
        submission_policy.visible(user)
        .filter(student=student, activity=activity)
        .select_related("reviewer")
        .order_by("-version")
    )


def discovery_sessions_held(student: User) -> tuple[int, int] | None:
    """(sessions of the student's weekly slot held since their registration, the centre's
    discovery length), or None when the student has no weekly slot this year."""
    registration = current_registration(user=student)
    if registration is None or registration.slot_id is None:
        return None
    since = registration.decided_at or registration.submitted_at
    held = Session.objects.filter(
        slot_id=registration.slot_id,
        cancelled=False,
        starts_at__gte=since,
        starts_at__lte=timezone.now(),
    ).count()
    return held, student.student_profile.centre.discovery_sessions


# --- What the pages and the API look up ------------------------------------------------------


def offered_area_get(student: User, slug: str) -> FocusArea:
    """A focus area the student's centre offers, or ``NotFound``."""
    area = catalogue.focus_area_get(user=student, slug=slug)
    if not catalogue.offered_areas(student.student_profile.centre).filter(pk=area.pk).exists():
        raise NotFound()
    return area


def activity_for(student: User, uuid: UUID) -> Activity:
    """An activity the student may do: visible to them, in an area their centre offers."""
    activity = catalogue.activity_get(user=student, uuid=uuid)
    offered = catalogue.offered_areas(student.student_profile.centre)
    if not offered.filter(pk=activity.focus_area_id).exists():
        raise NotFound()
    return activity


def followed_student_get(*, user: Actor, uuid: UUID) -> User:
    """A student whose path ``user`` may follow; ``NotFound`` for any other uuid."""
    student = User.objects.filter(uuid=uuid, student_profile__isnull=False).first()
    if student is None or not can_follow(user, student):
        raise NotFound()
    return student


def focus_change_choices(student: User) -> tuple[QuerySet[FocusArea], QuerySet[FocusArea]]:
    """(the areas the student follows, the other areas their centre offers): what a coach may
    drop and what they may take instead."""
    chosen = FocusArea.objects.filter(pk__in=[a.pk for a in chosen_areas(student)])
    others = catalogue.offered_areas(student.student_profile.centre).exclude(pk__in=chosen)
    return chosen, others


@dataclass
class FitHistory:
    centre: Centre
    fits: list[MasteryFit]  # newest first

    @property
    def active(self) -> MasteryFit | None:
        """The fit queued or running, which the page follows until it ends."""
        running = (FitStatus.QUEUED, FitStatus.RUNNING)
        return next((f for f in self.fits if f.status in running), None)


def mastery_fits(*, user: Actor, centre: Centre, limit: int = 10) -> FitHistory:
    """The centre's latest mastery-model fits, for its managers (``Forbidden`` otherwise)."""
    if not can_manage_centre(user, centre):
        raise Forbidden()
    return FitHistory(centre=centre, fits=list(MasteryFit.objects.filter(centre=centre)[:limit]))
