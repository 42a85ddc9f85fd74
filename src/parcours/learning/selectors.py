"""Reads of the learning path: a student's path in a focus area, their dashboard, the work
waiting for review, the centre's mastery-model fits. Each is built for one student the caller
may already see, or filtered by what the caller may see."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parcours.catalogue import cache as catalogue_cache
from parcours.catalogue import selectors as catalogue
from parcours.catalogue.models import (
    Activity,
    Competency,
    FocusArea,
    FocusAreaLevel,
    LabTemplate,
    QuizItem,
)
from parcours.centres.models import Centre
from parcours.centres.permissions import can_manage_centre
from parcours.core.errors import Forbidden, NotFound
from parcours.core.lists import name_matches
from parcours.engine import path as engine
from parcours.engine.quiz import CHOICE_KINDS
from parcours.enrolment import years
from parcours.enrolment.selectors import current_registration, registered_ids
from parcours.learning.models import (
    ActivityProgress,
    FitStatus,
    FocusChoice,
    Mastery,
    MasteryFit,
    ProgressStatus,
    QuizSitting,
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
    reason: str  # to the student ("you")
    competencies: list[CompetencyView]
    unlocked_levels: list[int] = field(default_factory=list)
    reason_about: str = ""  # the same, to their coach, guardian or the staff (third person)
    # the catalogue's stamp and the centre the path was read under: its activities, levels
    # and labs (their titles, in each language) are the same for every path of the area there
    stamp: str = ""

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


@dataclass
class AreaCatalogue:
    """What an area's path shows that is the same for every student of a centre: the published
    activities (with prerequisites and competencies), level names, published lab templates and
    the competencies, in order. Cached per centre and area (``catalogue.cache``)."""

    activities: list[Activity]
    nodes: list[engine.Node]
    levels: dict[int, FocusAreaLevel]  # instances, not names: read in the reader's language
    labs: list[LabTemplate]
    competencies: list[Competency]


def _area_catalogue(student: User, area: FocusArea) -> AreaCatalogue:
    centre = student.student_profile.centre
    activities = area_activities(student, area)
    comp_ids = {c.pk for a in activities for c in a.competencies.all()}
    labs = catalogue.lab_templates(user=student, focus_area=area).filter(
        Q(centre__isnull=True) | Q(centre=centre), is_published=True
    )
    return AreaCatalogue(
        activities=activities,
        nodes=_nodes(activities),
        levels={lvl.number: lvl for lvl in area.levels.all()},
        labs=list(labs),
        competencies=list(Competency.objects.filter(pk__in=comp_ids).order_by("order")),
    )


def area_catalogues(
    student: User, areas: list[FocusArea], stamp: str | None = None
) -> dict[int, AreaCatalogue]:
    """The areas' catalogues for the student's centre (under the catalogue's ``stamp``, read
    if not given): one cache read for all of them, built (and cached) only for those
    missing."""
    if not areas:
        return {}
    centre_id = student.student_profile.centre_id
    stamp = stamp or catalogue_cache.stamp()
    keys = {a.pk: f"parcours:area-catalogue:{stamp}:{centre_id}:{a.pk}" for a in areas}
    found = catalogue_cache.get_many(list(keys.values()))
    result = {}
    for area in areas:
        entry = found.get(keys[area.pk])
        if entry is None:
            entry = _area_catalogue(student, area)
            catalogue_cache.put(keys[area.pk], entry)
        result[area.pk] = entry
    return result


def area_paths(student: User, areas: list[FocusArea]) -> list[AreaPath]:
    """The student's path in each area: the catalogue from the cache, then their progress and
    mastery in every area at once (two queries, whatever the number of areas)."""
    stamp = catalogue_cache.stamp()
    catalogues = area_catalogues(student, areas, stamp)
    activity_ids = [a.pk for c in catalogues.values() for a in c.activities]
    comp_ids = [c.pk for cat in catalogues.values() for c in cat.competencies]
    statuses = dict(
        ActivityProgress.objects.filter(student=student, activity_id__in=activity_ids).values_list(
            "activity_id", "status"
        )
    )
    mastery = dict(
        Mastery.objects.filter(student=student, competency_id__in=comp_ids).values_list(
            "competency_id", "p_known"
        )
    )
    where = f"{stamp}:{student.student_profile.centre_id}"
    return [_area_path(area, catalogues[area.pk], statuses, mastery, where) for area in areas]


def paths(student: Actor) -> list[AreaPath]:
    """The student's path in each focus area they chose (what ``dashboard`` shows of them,
    without the projects)."""
    student = learner(student)
    return area_paths(student, chosen_areas(student))


def area_path(student: User, area: FocusArea) -> AreaPath:
    return area_paths(student, [area])[0]


def _area_path(
    area: FocusArea,
    cat: AreaCatalogue,
    all_statuses: dict[int, str],
    all_mastery: dict[int, float],
    stamp: str = "",
) -> AreaPath:
    activities = cat.activities
    statuses = {a.pk: all_statuses[a.pk] for a in activities if a.pk in all_statuses}
    done = {aid for aid, status in statuses.items() if status == ProgressStatus.DONE}
    mastery = {c.pk: all_mastery[c.pk] for c in cat.competencies if c.pk in all_mastery}
    state = engine.suggest(cat.nodes, done, mastery)
    by_id = {a.pk: a for a in activities}
    suggestion = by_id.get(state.suggestion.activity_id) if state.suggestion else None
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
                name=level.name
                if (level := cat.levels.get(lvl_state.level))
                else str(lvl_state.level),
                state=lvl_state,
                activities=rows,
                labs=[t for t in cat.labs if t.level == lvl_state.level],
            )
        )
    comp_views = [
        CompetencyView(c, mastery.get(c.pk, 0.0), mastery.get(c.pk, 0.0) >= engine.MASTERED)
        for c in cat.competencies
    ]
    return AreaPath(
        area=area,
        levels=levels,
        suggestion=suggestion,
        reason=_reason(state.suggestion, state.current_level, cat.competencies),
        reason_about=_reason_about(state.suggestion, state.current_level, cat.competencies),
        competencies=comp_views,
        unlocked_levels=[lv.number for lv in levels if lv.state.complete],
        stamp=stamp,
    )


def _reason(s: engine.Suggestion | None, level: int | None, comps: list[Competency]) -> str:
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


def _reason_about(s: engine.Suggestion | None, level: int | None, comps: list[Competency]) -> str:
    """``_reason`` for the adults who follow the student: about them, not to them."""
    if s is None:
        return _("Every level is finished.") if level is None else ""
    name = next((c.name for c in comps if c.pk == s.competency_id), "")
    if s.reason == "practise":
        return _(
            "It practises “%(c)s”, the competency of level %(n)s the student masters least so far."
        ) % {"c": name, "n": level}
    if s.reason == "practise_again":
        return _(
            "Level %(n)s is done, but “%(c)s” is not mastered yet: the student practises it again."
        ) % {"c": name, "n": level}
    if s.reason == "optional":
        return _("Only optional activities are left in level %(n)s.") % {"n": level}
    return _("It is the next step of level %(n)s.") % {"n": level}


def unlocked_levels(student: User, area: FocusArea) -> set[int]:
    """Levels finished in an area: they unlock the labs of the same level."""
    return set(area_path(student, area).unlocked_levels)


def unlocked_levels_by_area(student: User, areas: list[FocusArea]) -> dict[int, set[int]]:
    """``unlocked_levels`` for several areas at once (the same queries as for one)."""
    return {p.area.pk: set(p.unlocked_levels) for p in area_paths(student, areas)}


def approved_projects_by_level(
    student: User, areas: list[FocusArea]
) -> dict[tuple[int, int], list[Submission]]:
    """The student's approved projects in these areas by (area id, level), oldest first (one
    query): what a level's credential names as its evidence."""
    out: dict[tuple[int, int], list[Submission]] = {}
    rows = (
        Submission.objects.filter(
            student=student, status=SubmissionStatus.APPROVED, activity__focus_area__in=areas
        )
        .select_related("activity")
        .order_by("reviewed_at", "pk")
    )
    for sent in rows:
        out.setdefault((sent.activity.focus_area_id, sent.activity.level), []).append(sent)
    return out


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
    """The student's focus areas, in the order they chose them (one query; the areas from
    the catalogue's cache)."""
    ids = FocusChoice.objects.filter(student=student, dropped_at__isnull=True).order_by(
        "chosen_at", "id"
    )
    areas = catalogue.areas_by_id()
    return [areas[pk] for pk in ids.values_list("focus_area_id", flat=True) if pk in areas]


@dataclass
class DiscoveryRow:
    area: FocusArea
    first: Activity | None
    tried: bool


def discovery(student: User) -> list[DiscoveryRow]:
    """Each area the student's centre offers, with its first activity (level 1) and whether
    the student tried it: the areas and their activities from the catalogue's cache, the
    student's tries in one query."""
    profile = student.student_profile
    tried_areas = set(
        ActivityProgress.objects.filter(student=student).values_list(
            "activity__focus_area_id", flat=True
        )
    )
    areas = catalogue.offered_area_list(profile.centre)
    catalogues = area_catalogues(student, areas)
    rows = []
    for area in areas:
        # the catalogue's activities are in path order: level, then order, then key
        first = next((a for a in catalogues[area.pk].activities if a.level == 1), None)
        rows.append(DiscoveryRow(area=area, first=first, tried=area.pk in tried_areas))
    return rows


@dataclass
class Dashboard:
    chosen: bool
    paths: list[AreaPath]
    discovery: list[DiscoveryRow]
    waiting: list[Submission]
    returned: list[Submission]
    approved: list[Submission] = field(default_factory=list)  # in the last APPROVED_SHOWN


def reviewable_ids(user: Actor, submissions: list[Submission]) -> set[int]:
    """Which of ``submissions`` the user may review (one query)."""
    if not submissions:
        return set()
    rows = submission_policy.editable(user).filter(pk__in=[s.pk for s in submissions])
    return set(rows.values_list("pk", flat=True))


APPROVED_SHOWN = dt.timedelta(days=21)  # how long the home tells a project was approved


def dashboard(student: Actor) -> Dashboard:
    """The student's own dashboard (their home page), or a followed student's."""
    student = learner(student)
    areas = chosen_areas(student)
    subs = (
        Submission.objects.filter(student=student)
        .select_related("activity")
        # what the lists of projects show (not the files, notes, nor the activities' texts)
        .only(
            "uuid",
            "student",
            "activity",
            "activity__uuid",
            "version",
            "status",
            "created_at",
            "reviewed_at",
            "comment",
            *catalogue.localized("activity__title"),
        )
    )
    latest: dict[int, Submission] = {}
    for s in subs.order_by("activity_id", "-version"):
        latest.setdefault(s.activity_id, s)
    return Dashboard(
        chosen=bool(areas),
        paths=area_paths(student, areas),
        discovery=[] if areas else discovery(student),
        waiting=[s for s in latest.values() if s.status == SubmissionStatus.SUBMITTED],
        returned=[s for s in latest.values() if s.status == SubmissionStatus.CHANGES],
        approved=sorted(
            (
                s
                for s in latest.values()
                if s.status == SubmissionStatus.APPROVED
                and s.reviewed_at is not None
                and s.reviewed_at >= timezone.now() - APPROVED_SHOWN
            ),
            key=lambda s: s.reviewed_at or timezone.now(),
            reverse=True,
        ),
    )


@dataclass
class LearningFacts:
    """Where a student stands on their path, for a coach's list: the last time they worked
    on an activity, the activities done, projects waiting for review and returned to fix."""

    last_activity: dt.datetime | None = None
    done: int = 0
    waiting: int = 0
    returned: int = 0


def learning_facts(student_ids: list[int]) -> dict[int, LearningFacts]:
    """``LearningFacts`` of each student, in one grouped query whatever their number (an
    activity's progress follows its latest project version: 'submitted', 'changes')."""
    out = {pk: LearningFacts() for pk in student_ids}
    rows = (
        ActivityProgress.objects.filter(student_id__in=student_ids)
        .values("student_id")
        .annotate(
            last=Max("updated_at"),
            done=Count("id", filter=Q(status=ProgressStatus.DONE)),
            waiting=Count("id", filter=Q(status=ProgressStatus.SUBMITTED)),
            returned=Count("id", filter=Q(status=ProgressStatus.CHANGES)),
        )
    )
    for row in rows:
        out[row["student_id"]] = LearningFacts(
            last_activity=row["last"],
            done=row["done"],
            waiting=row["waiting"],
            returned=row["returned"],
        )
    return out


# The window over which a student's pace is compared with the centre's.
PACE_DAYS = 56


@dataclass(frozen=True)
class CentrePace:
    """Activities finished in the last ``PACE_DAYS`` days by each registered student of a
    centre, and the centre's median (a student who finished none counts as zero)."""

    done: dict[int, int]
    median: float

    def ratio(self, student_id: int) -> float | None:
        """The student's pace as a share of the centre's usual pace (None when the centre's
        median is zero: no usual pace to compare with)."""
        if self.median <= 0:
            return None
        return self.done.get(student_id, 0) / self.median


def centre_pace(centre_id: int, now: dt.datetime) -> CentrePace:
    """The pace of the centre's registered students this school year: two grouped queries,
    whatever the number of students."""
    year = years.school_year_of(timezone.localdate(now))
    registered = list(registered_ids(centre_id, year).values_list("student_id", flat=True))
    done = dict(
        ActivityProgress.objects.filter(
            centre_id=centre_id,
            status=ProgressStatus.DONE,
            completed_at__gte=now - dt.timedelta(days=PACE_DAYS),
        )
        .values_list("student_id")
        .annotate(n=Count("id"))
        .values_list("student_id", "n")
    )
    counts = sorted(done.get(sid, 0) for sid in registered)
    return CentrePace(done=done, median=float(statistics.median(counts)) if counts else 0.0)


def review_queue(user: Actor) -> QuerySet[Submission]:
    return (
        submission_policy.editable(user)
        .filter(status=SubmissionStatus.SUBMITTED)
        .select_related("student", "activity", "activity__focus_area")
        .order_by("created_at")
    )


def review_queue_areas(user: Actor) -> list[tuple[str, str]]:
    """The focus areas (slug, name) that have projects waiting for the user, for a filter."""
    ids = set(review_queue(user).order_by().values_list("activity__focus_area_id", flat=True))
    return [(a.slug, a.name) for a in FocusArea.objects.filter(pk__in=ids).order_by("order")]


def review_queue_filtered(user: Actor, *, area: str, q: str, sort: str) -> QuerySet[Submission]:
    """The review queue filtered by area slug and student name (each word in the first or
    last name), oldest first unless ``sort`` is 'newest'."""
    queue = review_queue(user)
    if area:
        queue = queue.filter(activity__focus_area__slug=area)
    queue = name_matches(queue, q)
    return queue.order_by("-created_at" if sort == "newest" else "created_at")


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


def completions(
    centre: Centre, *, days: int = 30, now: dt.datetime | None = None
) -> tuple[int, int]:
    """Activities completed in the centre over the last ``days`` days and over the ``days``
    before them (for a trend), in one query."""
    now = now or timezone.now()
    recent = now - dt.timedelta(days=days)
    before = recent - dt.timedelta(days=days)
    got = ActivityProgress.objects.filter(
        centre=centre, status=ProgressStatus.DONE, completed_at__gte=before, completed_at__lte=now
    ).aggregate(
        recent=Count("id", filter=Q(completed_at__gte=recent)),
        before=Count("id", filter=Q(completed_at__lt=recent)),
    )
    return got["recent"], got["before"]


def recent_feedback(*, user: Actor, student_ids: list[int], limit: int = 6) -> list[Submission]:
    """The latest reviewed projects of these students that the user may see, with the
    reviewer's words (what a family reads of the coach's and experts' feedback), newest first:
    one query."""
    return list(
        submission_policy.visible(user)
        .filter(student_id__in=student_ids, reviewed_at__isnull=False)
        .exclude(comment="")
        .select_related("activity", "reviewer")
        .order_by("-reviewed_at")[:limit]
    )


def completions_by_centre(centre_ids: list[int], since: dt.datetime) -> dict[int, int]:
    """Activities completed in each centre since a moment: one grouped query."""
    out = dict.fromkeys(centre_ids, 0)
    for row in (
        ActivityProgress.objects.filter(
            centre_id__in=centre_ids, status=ProgressStatus.DONE, completed_at__gte=since
        )
        .values("centre_id")
        .annotate(n=Count("id"))
    ):
        out[row["centre_id"]] = row["n"]
    return out


# --- A quiz sitting as shown -------------------------------------------------------------


@dataclass(frozen=True)
class ShownChoice:
    position: int  # the value sent back: the place shown, not the spec's index
    label: str
    checked: bool


@dataclass(frozen=True)
class ShownItem:
    item: QuizItem
    number: int
    prompt: str
    choices: list[ShownChoice]
    value: str  # what the student typed, shown again after a refused sending


def _in_language(text: Any) -> str:
    if isinstance(text, dict):
        lang = (translation.get_language() or "fr")[:2]
        return str(text.get(lang) or text.get("fr") or text.get("en") or "")
    return str(text or "")


def sitting_items(
    sitting: QuizSitting, items: Sequence[QuizItem]
) -> list[tuple[QuizItem, list[dict[str, str]]]]:
    """The sitting's items in the order drawn, each with its (bilingual) choices in the order
    drawn: what the page and the API show; a place in that list is what an answer sends."""
    by_id = {item.pk: item for item in items}
    drawn = []
    for entry in sitting.items:
        item = by_id.get(entry["item"])
        if item is None:  # not in the quiz any more: services.quiz_sitting_open draws again
            continue
        choices = item.spec.get("choices", [])
        drawn.append((item, [choices[i] for i in entry["order"] if i < len(choices)]))
    return drawn


def sitting_shown(
    sitting: QuizSitting,
    items: Sequence[QuizItem],
    given: Mapping[str, Sequence[str]] | None = None,
) -> list[ShownItem]:
    """``sitting_items`` in the reader's language; ``given`` (answers as sent, by item uuid)
    ticks and fills them again."""
    shown = []
    for number, (item, choices) in enumerate(sitting_items(sitting, items), start=1):
        sent = [str(v) for v in (given or {}).get(str(item.uuid), [])]
        shown.append(
            ShownItem(
                item=item,
                number=number,
                prompt=_in_language(item.spec.get("prompt")),
                choices=[
                    ShownChoice(position, _in_language(choice), str(position) in sent)
                    for position, choice in enumerate(choices)
                ],
                value=sent[0] if sent and item.kind not in CHOICE_KINDS else "",
            )
        )
    return shown
