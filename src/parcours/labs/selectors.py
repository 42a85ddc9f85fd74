"""Reads of labs: what a student may apply to (and why not), their wishes and result, a
lab's roster, the runs of a cycle. Every read goes through the policies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from django.db.models import Count, F, Model, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.catalogue import selectors as catalogue
from parcours.catalogue.models import Competency, FocusArea
from parcours.catalogue.selectors import lab_templates, masterlab_templates
from parcours.centres.models import Centre
from parcours.centres.selectors import room_list
from parcours.core import stamps
from parcours.core.errors import NotFound
from parcours.core.lists import name_matches, words
from parcours.enrolment.selectors import current_registration
from parcours.labs import allocation
from parcours.labs.errors import LabsError, field_error
from parcours.labs.models import (
    ACTIVE_SEAT,
    AllocationRun,
    Application,
    CompetencyValidation,
    CycleStatus,
    Lab,
    LabCycle,
    Masterlab,
    Outcome,
    Seat,
    SeatStatus,
)
from parcours.labs.permissions import (
    applications_policy,
    can_lead,
    cycles_policy,
    labs_policy,
    masterlabs_policy,
    runs_policy,
    seats_policy,
    validations_policy,
)
from parcours.learning.models import Submission, SubmissionStatus
from parcours.learning.selectors import review_queue, unlocked_levels_by_area
from parcours.people.models import Membership, Role, User
from parcours.people.selectors import access_for
from parcours.people.types import Actor
from parcours.schedule.models import Session
from parcours.schedule.selectors import slot_get

Meeting = tuple[int, dt.time, dt.time]
M = TypeVar("M", bound=Model)


def cycle_list(*, user: Actor, centre: Centre) -> QuerySet[LabCycle]:
    return (
        cycles_policy.visible(user)
        .filter(centre=centre)
        .annotate(lab_count=Count("labs", distinct=True))
        .order_by("-starts_on", "name")
    )


def current_cycles(centre: Centre, today: dt.date) -> list[LabCycle]:
    """The centre's lab cycles not over on ``today`` and past their draft, newest first: what
    every student of the centre sees on their home. Kept under the centre's stamp."""
    return stamps.cached(
        stamps.centre(centre.pk),
        ("current-cycles", centre.pk, today),
        lambda: list(
            LabCycle.objects.filter(centre=centre, ends_on__gte=today)
            .exclude(status=CycleStatus.DRAFT)
            .order_by("-starts_on", "name")
        ),
    )


def cycle_get(*, user: Actor, uuid: UUID | str) -> LabCycle:
    return cycles_policy.get_visible(user, uuid=uuid)


def lab_list(*, user: Actor, cycle: LabCycle) -> QuerySet[Lab]:
    return (
        labs_policy.visible(user)
        .filter(cycle=cycle)
        .select_related("cycle", "template", "template__focus_area", "expert", "room", "slot")
        .prefetch_related("slot__meetings")
        .annotate(
            wishes=Count(
                "applications", filter=Q(applications__withdrawn_at__isnull=True), distinct=True
            )
        )
        .order_by("level", "template__key", "id")
    )


def lab_list_filtered(
    *, user: Actor, cycle: LabCycle, q: str = "", area: str = "", level: int | None = None
) -> QuerySet[Lab]:
    """``lab_list`` narrowed: ``q``'s words each in the lab's title (either language) or its
    expert's name, a focus area's slug, a level."""
    rows = lab_list(user=user, cycle=cycle)
    for word in words(q):
        rows = rows.filter(
            Q(template__title_fr__icontains=word)
            | Q(template__title_en__icontains=word)
            | Q(expert__first_name__icontains=word)
            | Q(expert__last_name__icontains=word)
        )
    if area:
        rows = rows.filter(template__focus_area__slug=area)
    if level:
        rows = rows.filter(level=level)
    return rows


def cycle_areas(*, user: Actor, cycle: LabCycle) -> list[tuple[str, str]]:
    """The focus areas of the cycle's labs, as (slug, name) choices, in the catalogue's
    order."""
    ids = labs_policy.visible(user).filter(cycle=cycle).values("template__focus_area_id")
    return [(a.slug, a.name) for a in FocusArea.objects.filter(pk__in=ids).order_by("order")]


def lab_get(*, user: Actor, uuid: UUID | str) -> Lab:
    return labs_policy.get_visible(user, uuid=uuid)


def masterlab_list(*, user: Actor, centre: Centre) -> QuerySet[Masterlab]:
    return (
        masterlabs_policy.visible(user)
        .filter(centre=centre)
        .select_related("template", "template__focus_area")
        .order_by("-first_day")
    )


def masterlab_get(*, user: Actor, uuid: UUID | str) -> Masterlab:
    return masterlabs_policy.get_visible(user, uuid=uuid)


# --- Meetings and clashes ----------------------------------------------------------------------


def lab_meetings(lab: Lab) -> list[Meeting]:
    if lab.slot_id is None:
        return []
    return [(m.weekday, m.starts_at, m.ends_at) for m in lab.slot.meetings.all()]  # type: ignore[union-attr]


def lab_period(lab: Lab) -> tuple[dt.date, dt.date]:
    if lab.holiday_first_day and lab.holiday_last_day:
        return lab.holiday_first_day, lab.holiday_last_day
    return lab.cycle.starts_on, lab.cycle.ends_on


def meetings_overlap(a: list[Meeting], b: list[Meeting]) -> bool:
    return any(d1 == d2 and s1 < e2 and s2 < e1 for d1, s1, e1 in a for d2, s2, e2 in b)


def labs_clash(a: Lab, b: Lab) -> bool:
    """Two labs clash when their periods overlap and they meet at the same time: two weekly
    labs on the same day and hours, or two holiday labs (all day) on common days."""
    (a1, a2), (b1, b2) = lab_period(a), lab_period(b)
    if a2 < b1 or b2 < a1:
        return False
    if a.slot_id is None and b.slot_id is None:
        return True
    return meetings_overlap(lab_meetings(a), lab_meetings(b))


def student_meetings(student: User) -> list[Meeting]:
    registration = current_registration(user=student)
    if registration is None or registration.slot is None:
        return []
    return [(m.weekday, m.starts_at, m.ends_at) for m in registration.slot.meetings.all()]


def lab_students_at(*, slot_id: int, day: dt.date) -> set[int]:
    """The students holding a seat in a weekly lab that meets at this slot on that day (the
    cycle runs then): they are expected at the slot's session, as its own students are."""
    return lab_students_at_many([(slot_id, day)])[(slot_id, day)]


def lab_students_at_many(
    pairs: Iterable[tuple[int, dt.date]],
) -> dict[tuple[int, dt.date], set[int]]:
    """``lab_students_at`` for several (slot, day) pairs, in one query whatever their number."""
    wanted = set(pairs)
    out: dict[tuple[int, dt.date], set[int]] = {pair: set() for pair in wanted}
    if not wanted:
        return out
    days = [day for _slot, day in wanted]
    rows = Seat.objects.filter(
        status=SeatStatus.HELD,
        lab__slot_id__in={slot for slot, _day in wanted},
        cycle__starts_on__lte=max(days),
        cycle__ends_on__gte=min(days),
    ).values_list("lab__slot_id", "cycle__starts_on", "cycle__ends_on", "student_id")
    for slot_id, starts, ends, student_id in rows:
        for pair_slot, day in wanted:
            if pair_slot == slot_id and starts <= day <= ends:
                out[(pair_slot, day)].add(student_id)
    return out


def lab_slot_ids(*, student: User, day: dt.date) -> set[int]:
    """The slots of the weekly labs where the student holds a seat, running on that day."""
    return set(
        Seat.objects.filter(
            student=student,
            status=SeatStatus.HELD,
            lab__slot__isnull=False,
            cycle__starts_on__lte=day,
            cycle__ends_on__gte=day,
        ).values_list("lab__slot_id", flat=True)
    )


def held_labs(student: Actor, *, meetings: bool = True) -> list[Lab]:
    """The labs where the student holds a seat (open offers are not theirs yet); none for
    anyone else. With their slot's meetings unless the caller reads them with others'."""
    rows = Lab.objects.filter(
        seats_given__student_id=student.pk, seats_given__status=SeatStatus.HELD
    ).select_related("cycle", "template", "template__focus_area", "slot")
    return list(rows.prefetch_related("slot__meetings") if meetings else rows)


@dataclass(frozen=True)
class SeatLab:
    """A lab where the student holds a seat, or has one offered until ``offered_until``."""

    lab: Lab
    status: str
    offered_until: dt.datetime | None

    @property
    def title(self) -> str:
        """The lab's name with its weekly slot (two sessions of a lab share a title)."""
        slot = self.lab.slot
        return f"{self.lab.template.title} ({slot.label})" if slot else self.lab.template.title


def seat_labs(student: Actor) -> list[SeatLab]:
    """The labs where the student holds a seat or has one offered, in one read (their slots
    are the centre's: ``schedule.selectors.with_slots``)."""
    rows = (
        Lab.objects.filter(
            seats_given__student_id=student.pk,
            seats_given__status__in=[SeatStatus.HELD, SeatStatus.OFFERED],
        )
        .annotate(seat_status=F("seats_given__status"), seat_until=F("seats_given__offered_until"))
        .select_related("cycle", "template")
        # what the student's home shows of them (a page wanting more reads the lab)
        .only(
            "uuid",
            "centre",
            "slot",
            "cycle__uuid",
            "cycle__name",
            "cycle__starts_on",
            "cycle__ends_on",
            "template__focus_area",
            "template__level",
            *catalogue.localized("template__title"),
        )
        .order_by("cycle__starts_on", "id")
    )
    areas = catalogue.areas_by_id()
    out = []
    for lab in rows:
        if lab.template.focus_area_id in areas:
            lab.template.focus_area = areas[lab.template.focus_area_id]
        out.append(SeatLab(lab, lab.seat_status, lab.seat_until))
    return out


# --- Eligibility -------------------------------------------------------------------------------


@dataclass
class LabOption:
    lab: Lab
    eligible: bool
    reason: str = ""
    rank: int | None = None
    flagged: bool = False


@dataclass
class Options:
    cycle: LabCycle
    open_labs: list[LabOption] = field(default_factory=list)
    closed_labs: list[LabOption] = field(default_factory=list)

    @property
    def all(self) -> list[LabOption]:
        return self.open_labs + self.closed_labs


def options_for(student: User, cycle: LabCycle) -> Options:
    """Every lab of the cycle for ``student``: open to them, or the reason it is not (level
    not finished in that focus area, a clash with their weekly session or a lab they hold)."""
    labs = list(
        Lab.objects.filter(cycle=cycle)
        .select_related("template", "template__focus_area", "cycle", "slot", "expert", "room")
        .prefetch_related("slot__meetings")
        .order_by("level", "template__key", "id")
    )
    wishes = {
        a.lab_id: a
        for a in Application.objects.filter(student=student, cycle=cycle, withdrawn_at__isnull=True)
    }
    own = student_meetings(student)
    held = [h for h in held_labs(student) if h.cycle_id != cycle.pk]
    areas = {lab.template.focus_area_id: lab.template.focus_area for lab in labs}
    unlocked = unlocked_levels_by_area(student, list(areas.values()))
    result = Options(cycle=cycle)
    for lab in labs:
        area: FocusArea = lab.template.focus_area
        reason = ""
        if lab.level not in unlocked[area.pk]:
            reason = _("Finish level %(n)s of %(area)s first.") % {
                "n": lab.level,
                "area": area.name,
            }
        elif meetings_overlap(lab_meetings(lab), own):
            reason = _("It meets at the same time as your weekly session.")
        else:
            other = next((h for h in held if labs_clash(lab, h)), None)
            if other is not None:
                reason = _("It clashes with your lab “%(lab)s”.") % {"lab": other.template.title}
        wish = wishes.get(lab.pk)
        option = LabOption(
            lab=lab,
            eligible=not reason,
            reason=reason,
            rank=wish.rank if wish else None,
            flagged=bool(wish and wish.flagged),
        )
        (result.open_labs if option.eligible else result.closed_labs).append(option)
    return result


def wishes_of(*, user: Actor, student: User, cycle: LabCycle) -> QuerySet[Application]:
    return (
        applications_policy.visible(user)
        .filter(student=student, cycle=cycle, withdrawn_at__isnull=True)
        .select_related("lab", "lab__template")
        .order_by("rank")
    )


def masterlab_application(*, student: User, masterlab: Masterlab) -> Application | None:
    return (
        Application.objects.filter(student=student, masterlab=masterlab, withdrawn_at__isnull=True)
        .prefetch_related("submissions")
        .first()
    )


def masterlab_applications(
    *, user: Actor, masterlab: Masterlab, q: str = "", unscored: bool = False
) -> QuerySet[Application]:
    """A masterlab's applications (not withdrawn) as the user may see them, the first sent
    first; ``q`` keeps the students whose first or last name holds each of its words,
    ``unscored`` those the managers have not scored yet."""
    rows = applications_policy.visible(user).filter(masterlab=masterlab, withdrawn_at__isnull=True)
    if unscored:
        rows = rows.filter(score__isnull=True)
    return (
        name_matches(rows, q)
        .select_related("student")
        .prefetch_related("submissions", "submissions__activity")
        .order_by("applied_at")
    )


# --- Rosters, results, runs -------------------------------------------------------------------


def roster(*, user: Actor, lab: Lab) -> QuerySet[Seat]:
    return (
        seats_policy.visible(user)
        .filter(lab=lab, status__in=ACTIVE_SEAT)
        .select_related("student")
        .order_by("student__first_name", "student__last_name")
    )


def seat_of(*, user: Actor, student: User, cycle: LabCycle) -> Seat | None:
    return (
        seats_policy.visible(user)
        .filter(student=student, cycle=cycle, status=SeatStatus.HELD)
        .select_related("lab", "lab__template")
        .first()
    )


def runs_of(*, user: Actor, cycle: LabCycle, limit: int | None = None) -> list[AllocationRun]:
    """The cycle's runs, newest first (the ``limit`` newest when given)."""
    rows = runs_policy.visible(user).filter(cycle=cycle).order_by("-created_at", "-id")
    return list(rows[:limit] if limit is not None else rows)


def run_get(*, user: Actor, uuid: UUID | str) -> AllocationRun:
    """One run as it stands now (its task may have moved it since it was asked for)."""
    return runs_policy.get_visible(user, uuid=uuid)


def publication(cycle: LabCycle) -> AllocationRun | None:
    return AllocationRun.objects.filter(cycle=cycle, dry_run=False).exclude(status="failed").first()


def lab_alumni(student_ids: Iterable[int], *, cycle: LabCycle) -> frozenset[int]:
    """Those of ``student_ids`` who hold (or held) a lab of another cycle than ``cycle``: they
    are not newcomers for its priority rule."""
    return frozenset(
        Seat.objects.filter(student_id__in=set(student_ids), status__in=ACTIVE_SEAT)
        .exclude(cycle=cycle)
        .values_list("student_id", flat=True)
    )


def cycle_allocation_input(cycle: LabCycle) -> allocation.CycleInput:
    """Everything the allocation of ``cycle`` reads, in three queries; the instance is built
    from it by ``allocation.build_instance`` (a pure function)."""
    labs = list(Lab.objects.filter(cycle=cycle).select_related("template", "slot").order_by("id"))
    apps = list(
        Application.objects.filter(cycle=cycle, withdrawn_at__isnull=True)
        .select_related("student__student_profile")
        .order_by("student_id", "rank")
    )
    return allocation.CycleInput(
        cycle=cycle,
        labs=labs,
        applications=apps,
        alumni=lab_alumni({a.student_id for a in apps}, cycle=cycle),
    )


def masterlab_alumni(masterlab: Masterlab, student_ids: Iterable[int]) -> frozenset[int]:
    """Those of ``student_ids`` already selected for another masterlab (priority class 0)."""
    return frozenset(
        Application.objects.filter(student_id__in=set(student_ids), outcome=Outcome.SELECTED)
        .exclude(masterlab=masterlab)
        .values_list("student_id", flat=True)
    )


def unassigned_reason(*, student: User, cycle: LabCycle) -> dict[str, Any]:
    """The reason data of a student without a seat, from their waitlist positions and the
    labs' published cutoffs (the same shape as ``Seat.reason``)."""
    apps = list(
        Application.objects.filter(student=student, cycle=cycle, withdrawn_at__isnull=True)
        .select_related("lab")
        .order_by("rank")
    )
    if not apps:
        return {}
    alumni = student.pk in lab_alumni([student.pk], cycle=cycle)
    return {
        "rank": None,
        "lab": None,
        "wishes": [str(a.lab_id) for a in apps],
        "priority": {
            str(a.lab_id): allocation.priority_class(cycle, alumni=alumni, flagged=a.flagged)
            for a in apps
        },
        "lottery": round(allocation.lottery(cycle, student.pk), 4),
        "waitlist": {str(a.lab_id): a.waitlist_position for a in apps if a.waitlist_position},
        "cutoffs": {
            str(a.lab_id): [a.lab.cutoff_priority, a.lab.cutoff_lottery]
            for a in apps
            if a.lab is not None and a.lab.cutoff_priority is not None
        },
    }


@dataclass
class CycleResult:
    seat: Seat | None
    offer: Seat | None
    sentence: str  # in plain words
    reason: dict[str, Any]
    figures: list[str] = field(default_factory=list)  # the priorities and lottery numbers
    titles: dict[str, str] = field(default_factory=dict)  # lab id -> name (allocation.lab_titles)

    @property
    def offer_title(self) -> str:
        return self.titles.get(str(self.offer.lab_id), "") if self.offer else ""

    @property
    def seat_title(self) -> str:
        return self.titles.get(str(self.seat.lab_id), "") if self.seat else ""


def cycle_result(*, user: Actor, student: User, cycle: LabCycle) -> CycleResult:
    """A student's published result in the cycle: their seat, an open offer, the reason in
    one sentence (for a seat given up or declined: what became of it)."""
    seat = seat_of(user=user, student=student, cycle=cycle)
    offer = offer_of(user=user, student=student, cycle=cycle)
    titles = allocation.lab_titles(cycle.labs.select_related("template", "slot").order_by("id"))
    if seat is not None:
        return CycleResult(
            seat,
            offer,
            allocation.sentence(seat.reason, titles),
            seat.reason,
            allocation.sentence_figures(seat.reason, titles),
            titles,
        )
    data = unassigned_reason(student=student, cycle=cycle)
    history = seat_history_sentence(student=student, cycle=cycle)
    text = history or allocation.sentence(data, titles)
    figures = [] if history else allocation.sentence_figures(data, titles)
    return CycleResult(None, offer, text, data, figures, titles)


def seat_history_sentence(*, student: User, cycle: LabCycle) -> str:
    """For a student without a seat in the cycle who had one: what became of it (given up,
    declined, expired), instead of a waitlist story about their own place."""
    last = (
        Seat.objects.filter(
            student=student, cycle=cycle, status__in=[SeatStatus.WITHDRAWN, SeatStatus.DECLINED]
        )
        .select_related("lab__template")
        .order_by("-updated_at", "-id")
        .first()
    )
    if last is None:
        return ""
    title = last.lab.template.title
    outcome = last.reason.get("offer", {}).get("outcome")
    if last.status == SeatStatus.WITHDRAWN:
        return _("You gave up your seat in “%(lab)s”.") % {"lab": title}
    if outcome == "expired":
        return _("The seat offered in “%(lab)s” was not taken in time and went to the next.") % {
            "lab": title
        }
    return _("You declined the seat offered in “%(lab)s”.") % {"lab": title}


def labs_led_by(expert: Actor) -> QuerySet[Lab]:
    """The labs an expert leads, newest cycle first (none for anyone else)."""
    return (
        Lab.objects.filter(expert_id=expert.pk)
        .select_related("template", "cycle")
        .order_by("-cycle__created_at", "template__key")
    )


# --- Waitlists ---------------------------------------------------------------------------------


def offer_of(*, user: Actor, student: User, cycle: LabCycle) -> Seat | None:
    """The student's open offer in the cycle, if any (it may be past its deadline until the
    periodic job or an answer expires it)."""
    return (
        seats_policy.visible(user)
        .filter(student=student, cycle=cycle, status=SeatStatus.OFFERED)
        .select_related("lab", "lab__template")
        .first()
    )


@dataclass
class LabWaitlist:
    lab: Lab
    held: int
    offers: list[Seat]
    waiting: list[Application]


def waitlists(*, user: Actor, cycle: LabCycle) -> list[LabWaitlist]:
    """For the managers' cycle page: each lab's held seats, open offers and waitlist in order
    (applications that still wait: no seat in this lab and no active seat in the cycle)."""
    labs = list(
        labs_policy.visible(user).filter(cycle=cycle).select_related("template").order_by("id")
    )
    seats = list(
        seats_policy.visible(user)
        .filter(cycle=cycle, status__in=ACTIVE_SEAT)
        .select_related("student")
        .order_by("offered_until", "id")
    )
    active = {s.student_id for s in seats}
    had = set(Seat.objects.filter(cycle=cycle).values_list("lab_id", "student_id"))
    apps = (
        applications_policy.visible(user)
        .filter(cycle=cycle, withdrawn_at__isnull=True, waitlist_position__isnull=False)
        .select_related("student")
        .order_by("lab_id", "waitlist_position", "id")
    )
    waiting: dict[int, list[Application]] = {}
    for a in apps:
        if a.student_id not in active and (a.lab_id, a.student_id) not in had:
            waiting.setdefault(a.lab_id or 0, []).append(a)
    return [
        LabWaitlist(
            lab=lab,
            held=sum(1 for s in seats if s.lab_id == lab.pk and s.status == SeatStatus.HELD),
            offers=[s for s in seats if s.lab_id == lab.pk and s.status == SeatStatus.OFFERED],
            waiting=waiting.get(lab.pk, []),
        )
        for lab in labs
    ]


def seat_get(*, user: Actor, uuid: UUID | str) -> Seat:
    return seats_policy.get_visible(user, uuid=uuid)


# --- Masterlab selection -----------------------------------------------------------------------


def masterlab_ranking(*, user: Actor, masterlab: Masterlab) -> allocation.MasterlabRanking:
    """The engine's ranking of the active applications (managers): who would be selected and
    the waiting list, before the publication; unscored applications count as 0."""
    rows = list(masterlab_applications(user=user, masterlab=masterlab).order_by("id"))
    if masterlab.selected_at is None:
        alumni = masterlab_alumni(masterlab, [a.student_id for a in rows])
        return allocation.rank_masterlab(masterlab, rows, alumni)
    # Published: the stored outcomes (promotions included; places given up are left out).
    keys = {a.pk: tuple(a.reason.get("key") or (0, 0, 0.0)) for a in rows}
    return allocation.MasterlabRanking(
        selected=sorted(
            (a for a in rows if a.outcome == Outcome.SELECTED),
            key=lambda a: (-keys[a.pk][0], -keys[a.pk][1], a.pk),
        ),
        waitlist=sorted(
            (a for a in rows if a.outcome == Outcome.WAITLISTED),
            key=lambda a: (a.waitlist_position or 0, a.pk),
        ),
        keys=keys,
        unscored=0,
    )


def application_get(*, user: Actor, uuid: UUID | str) -> Application:
    return applications_policy.get_visible(user, uuid=uuid)


# --- The family's page -------------------------------------------------------------------------


@dataclass
class WardSeat:
    seat: Seat  # a held seat or an open offer
    sentence: str  # its reason, in the reader's language


@dataclass
class WardApplication:
    application: Application
    sentence: str  # the outcome's reason, in the reader's language


@dataclass
class WardLabs:
    student: User
    seats: list[WardSeat]  # held seats and open offers of cycles not yet over
    masterlabs: list[WardApplication]
    # ranked wishes of cycles whose seats are not published yet
    wishes: list[Application] = field(default_factory=list)


def family_labs(*, user: Actor, today: dt.date) -> list[WardLabs]:
    """For a guardian: each ward's current lab seats and open offers, and their masterlab
    applications with the outcome, each with its reason in one sentence, so the family can
    answer an offer or give up a place."""
    ids = access_for(user).ward_ids
    wards = list(User.objects.filter(pk__in=ids).order_by("first_name", "pk"))
    seats = list(
        seats_policy.visible(user)
        .filter(student_id__in=ids, status__in=ACTIVE_SEAT, cycle__ends_on__gte=today)
        .select_related("lab", "lab__template", "cycle", "cycle__centre")
        .order_by("cycle__starts_on", "id")
    )
    apps = list(
        applications_policy.visible(user)
        .filter(student_id__in=ids, masterlab__last_day__gte=today, withdrawn_at__isnull=True)
        .select_related("masterlab", "masterlab__template")
        .order_by("masterlab__first_day", "id")
    )
    wishes = list(
        applications_policy.visible(user)
        .filter(
            student_id__in=ids,
            cycle__status__in=(CycleStatus.OPEN, CycleStatus.CLOSED),
            withdrawn_at__isnull=True,
        )
        .select_related("cycle", "lab", "lab__template")
        .order_by("cycle__starts_on", "rank")
    )
    return [
        WardLabs(
            student=w,
            wishes=[a for a in wishes if a.student_id == w.pk],
            seats=[
                WardSeat(s, allocation.sentence(s.reason, {str(s.lab_id): s.lab.template.title}))
                for s in seats
                if s.student_id == w.pk
            ],
            masterlabs=[
                WardApplication(a, allocation.masterlab_sentence(a))
                for a in apps
                if a.student_id == w.pk
            ],
        )
        for w in wards
    ]


# --- Competency validations ---------------------------------------------------------------------


def validations(*, user: Actor, lab: Lab) -> QuerySet[CompetencyValidation]:
    """The lab's validations the user may see: all of them for its expert and the managers;
    a student's (and their family's, their coach's) own otherwise."""
    return (
        validations_policy.visible(user)
        .filter(lab=lab)
        .select_related("competency", "student")
        .order_by("student_id", "competency__order")
    )


def earned(student: Actor, limit: int = 12) -> list[CompetencyValidation]:
    """The competencies the student's lab experts validated, newest first (one query): what
    the student's home shows as earned."""
    return list(
        CompetencyValidation.objects.filter(student_id=student.pk)
        .select_related("competency", "lab__template")
        .only(
            "level",
            "validated_at",
            "lab__template",
            *catalogue.localized("competency__name", "lab__template__title"),
        )
        .order_by("-validated_at", "competency__order")[:limit]
    )


def lab_competencies(lab: Lab) -> list[Competency]:
    """The competencies the lab's template covers, in their order."""
    return list(lab.template.competencies.order_by("order"))


def roster_seat(*, user: Actor, lab: Lab, student: UUID | str) -> Seat | None:
    """The seat of one student (by uuid) in the lab's roster, if the user sees the roster."""
    return roster(user=user, lab=lab).filter(student__uuid=student).first()


@dataclass
class LabPage:
    """What the lab's page shows the user: for its expert and the managers (``lead``) the
    roster, the sessions, the projects to review and the validation grid; for a student the
    competencies validated for them."""

    lead: bool
    roster: list[Seat]
    competencies: list[Competency]
    sessions: list[Session]
    reviews: list[Submission]
    grid: list[tuple[Seat, list[tuple[Competency, bool]]]]  # held seats, each competency ticked
    mine: list[Competency]


def lab_page(*, user: Actor, lab: Lab, sessions: int = 20) -> LabPage:
    lead = can_lead(user, lab)
    seats = list(roster(user=user, lab=lab)) if lead else []
    competencies = lab_competencies(lab)
    shown = list(validations(user=user, lab=lab))
    validated = {(v.student_id, v.competency_id) for v in shown}
    dated: list[Session] = []
    reviews: list[Submission] = []
    if lead:
        if lab.slot_id:
            dated = list(
                Session.objects.filter(
                    slot_id=lab.slot_id,
                    starts_at__date__gte=lab.cycle.starts_on,
                    starts_at__date__lte=lab.cycle.ends_on,
                ).order_by("starts_at")[:sessions]
            )
        reviews = list(
            review_queue(user).filter(
                student_id__in=[s.student_id for s in seats],
                activity__focus_area_id=lab.template.focus_area_id,
            )
        )
    return LabPage(
        lead=lead,
        roster=seats,
        competencies=competencies,
        sessions=dated,
        reviews=reviews,
        grid=[
            (seat, [(c, (seat.student_id, c.pk) in validated) for c in competencies])
            for seat in seats
            if seat.status == SeatStatus.HELD
        ],
        mine=[v.competency for v in shown if v.student_id == access_for(user).user_id],
    )


# --- What a payload names ----------------------------------------------------------------------


def _named(row: M | None, name: str, message: str, code: LabsError) -> M:
    if row is None:
        raise field_error(name, message, code)
    return row


def centre_experts(centre: Centre) -> QuerySet[User]:
    """The centre's active experts: those who may lead its labs."""
    experts = Membership.objects.filter(centre=centre, role=Role.EXPERT, is_active=True)
    return User.objects.filter(pk__in=experts.values("user_id")).order_by("first_name")


def lab_references(*, user: Actor, centre: Centre, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (a lab payload) with the names it sends replaced by the rows: the template by
    its key, the expert among the centre's, the room and the weekly slot of the centre (empty:
    none). A name that matches nothing is a field error."""
    refs = dict(data)
    if "template" in refs:
        refs["template"] = _named(
            lab_templates(user=user).filter(key=refs["template"]).first(),
            "template",
            _("Unknown lab template."),
            LabsError.UNKNOWN,
        )
    if "expert" in refs:
        refs["expert"] = _named(
            centre_experts(centre).filter(uuid=refs["expert"]).first(),
            "expert",
            _("Choose an expert of this centre."),
            LabsError.NOT_OF_CENTRE,
        )
    if refs.get("room"):
        refs["room"] = _named(
            room_list(user=user, centre=centre).filter(uuid=refs["room"]).first(),
            "room",
            _("Unknown room."),
            LabsError.UNKNOWN,
        )
    if refs.get("slot"):
        try:
            refs["slot"] = slot_get(user=user, centre=centre, uuid=refs["slot"])
        except NotFound as exc:
            raise field_error("slot", _("Unknown slot."), LabsError.UNKNOWN) from exc
    return refs


def masterlab_references(*, user: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (a masterlab payload) with its template key replaced by the template."""
    refs = dict(data)
    if "template" in refs:
        refs["template"] = _named(
            masterlab_templates(user=user).filter(key=refs["template"]).first(),
            "template",
            _("Unknown masterlab template."),
            LabsError.UNKNOWN,
        )
    return refs


def cycle_labs_named(*, user: Actor, cycle: LabCycle, uuids: Iterable[UUID]) -> dict[UUID, Lab]:
    """The labs of the cycle among ``uuids`` (those the user may see), by uuid."""
    rows = labs_policy.visible(user).filter(cycle=cycle, uuid__in=list(uuids))
    return {lab.uuid: lab for lab in rows}


def approved_projects(
    student: User, *, uuids: Iterable[UUID] | None = None
) -> QuerySet[Submission]:
    """The student's own approved projects (those among ``uuids`` when given): what they may
    show in a masterlab application."""
    rows = Submission.objects.filter(
        student_id=student.pk, status=SubmissionStatus.APPROVED
    ).select_related("activity")
    return rows if uuids is None else rows.filter(uuid__in=list(uuids))


@dataclass
class CycleOverview:
    """A lab cycle at a glance, on the manager's home: its labs and seats, the students who
    applied, the seats held and offered (waiting for an answer)."""

    cycle: LabCycle
    labs: int = 0
    seats: int = 0
    applicants: int = 0
    held: int = 0
    offered: int = 0


def cycles_overview(*, user: Actor, centre: Centre, today: dt.date) -> list[CycleOverview]:
    """The centre's cycles not over yet (soonest first, at most four), in four grouped queries
    whatever their number of labs, applications and seats."""
    cycles = list(
        cycles_policy.visible(user)
        .filter(centre=centre, ends_on__gte=today)
        .order_by("starts_on", "name")[:4]
    )
    out = {c.pk: CycleOverview(cycle=c) for c in cycles}
    for row in (
        Lab.objects.filter(cycle_id__in=out)
        .values("cycle_id")
        .annotate(n=Count("id"), seats=Sum("seats"))
    ):
        out[row["cycle_id"]].labs, out[row["cycle_id"]].seats = row["n"], row["seats"] or 0
    for app in (
        Application.objects.filter(cycle_id__in=out)
        .values("cycle_id")
        .annotate(n=Count("student_id", distinct=True))
    ):
        out[app["cycle_id"]].applicants = app["n"]
    for seat in (
        Seat.objects.filter(cycle_id__in=out, status__in=ACTIVE_SEAT)
        .values("cycle_id", "status")
        .annotate(n=Count("id"))
    ):
        o = out[seat["cycle_id"]]
        if seat["status"] == SeatStatus.HELD:
            o.held = seat["n"]
        else:
            o.offered = seat["n"]
    return [out[c.pk] for c in cycles]


@dataclass
class LedLab:
    """A lab on its expert's home: who holds a seat, whom the expert has not validated any
    competency for yet, and when it meets next (a weekly lab: its next session)."""

    lab: Lab
    roster: int = 0
    to_validate: int = 0
    next_at: dt.datetime | None = None


def led_labs_overview(*, expert: Actor, today: dt.date) -> list[LedLab]:
    """The labs the expert leads in cycles not over yet, soonest first: three grouped queries
    and one per weekly lab for its next session (an expert leads a handful)."""
    labs = list(
        labs_led_by(expert)
        .filter(cycle__ends_on__gte=today)
        .select_related("slot", "cycle__centre")
        .order_by("cycle__starts_on", "template__key")
    )
    out = {lab.pk: LedLab(lab=lab) for lab in labs}
    held = Seat.objects.filter(lab_id__in=out, status=SeatStatus.HELD)
    for row in held.values("lab_id").annotate(n=Count("id")):
        out[row["lab_id"]].roster = row["n"]
    validated = set(
        CompetencyValidation.objects.filter(lab_id__in=out).values_list("lab_id", "student_id")
    )
    for lab_id, student_id in held.values_list("lab_id", "student_id"):
        if (lab_id, student_id) not in validated:
            out[lab_id].to_validate += 1
    now = timezone.now()
    for lab in labs:
        if lab.slot_id is not None:
            first = dt.datetime.combine(lab.cycle.starts_on, dt.time.min, lab.cycle.centre.zone)
            nxt = (
                Session.objects.filter(
                    slot_id=lab.slot_id,
                    cancelled=False,
                    ends_at__gte=max(now, first),
                    starts_at__lt=dt.datetime.combine(
                        lab.cycle.ends_on + dt.timedelta(days=1),
                        dt.time.min,
                        lab.cycle.centre.zone,
                    ),
                )
                .order_by("starts_at")
                .values_list("starts_at", flat=True)
                .first()
            )
            out[lab.pk].next_at = nxt
        elif lab.holiday_first_day is not None:
            out[lab.pk].next_at = dt.datetime.combine(
                max(lab.holiday_first_day, today), dt.time(9), tzinfo=lab.cycle.centre.zone
            )
    return [out[lab.pk] for lab in labs]
