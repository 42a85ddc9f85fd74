"""From a cycle's applications to ``parcours.engine.allocation`` and back: the instance, the
figures shown side by side in a dry run, and the reason of an outcome in one sentence.

Priorities (higher first), chosen per cycle (``LabCycle.priority_rule``); the default is
TUMO's rule as its staff documentation describes it: a student who holds no lab (none
attended, none upcoming) comes before one who does; within that, the lab the student flagged
as their priority. Ties are broken by one lottery number per student and cycle (the lower
wins), derived from the cycle's random uuid: the dry run and the publication use the same
numbers. Seats reserved for girls and for social-field publics (``Lab.reserved_*``) go to the
engine as the groups ``girls`` and ``social``.

Masterlabs use the same engine: one "lab" with the masterlab's seats, every applicant
wishing it, the priority class (no masterlab before first) then the staff's score inside the
class, the same kind of lottery for ties (``masterlab_instance``)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from parcours.engine import allocation as engine
from parcours.labs.models import (
    SCORE_MAX,
    Application,
    Lab,
    LabCycle,
    Masterlab,
    Outcome,
    PriorityRule,
)
from parcours.people.models import Gender, User


def lottery(cycle: LabCycle | Masterlab, student_id: int) -> float:
    digest = hashlib.sha256(f"{cycle.uuid}:{student_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def priority_class(cycle: LabCycle, *, alumni: bool, flagged: bool) -> int:
    """The priority class of a wish under the cycle's rule (higher first): 2 for a newcomer
    (no lab held or upcoming in another cycle), plus 1 for the flagged lab."""
    rule = cycle.priority_rule
    newcomer = 2 if rule in (PriorityRule.TUMO, PriorityRule.NEWCOMERS) and not alumni else 0
    flag = 1 if flagged and rule in (PriorityRule.TUMO, PriorityRule.FLAG) else 0
    return newcomer + flag


@dataclass(frozen=True)
class CycleInput:
    """What the allocation of a cycle reads (``selectors.cycle_allocation_input`` fetches it):
    the cycle's labs, its active applications (with ``student.student_profile`` loaded) in
    (student, rank) order, and the ids of the applicants who hold or held a lab in another
    cycle (``alumni``)."""

    cycle: LabCycle
    labs: Sequence[Lab]
    applications: Sequence[Application]
    alumni: frozenset[int]


@dataclass
class CycleInstance:
    instance: engine.Instance
    labs: dict[str, Lab]
    applications: dict[tuple[str, str], Application]  # (student id, lab id)


def _groups(student: User) -> frozenset[str]:
    """The reserved-seat groups of an applicant: ``girls``, ``social``."""
    profile = getattr(student, "student_profile", None)
    groups = set()
    if profile is not None and profile.gender == Gender.FEMALE:
        groups.add("girls")
    if profile is not None and profile.social_field:
        groups.add("social")
    return frozenset(groups)


def build_instance(data: CycleInput) -> CycleInstance:
    """The engine's instance of a cycle, from what the selector read (no query here)."""
    cycle = data.cycle
    labs = {str(lab.pk): lab for lab in data.labs}
    by_student: dict[int, list[Application]] = {}
    for a in data.applications:
        by_student.setdefault(a.student_id, []).append(a)
    students = []
    for student_id, rows in sorted(by_student.items()):
        flagged = next((str(a.lab_id) for a in rows if a.flagged), None)
        students.append(
            engine.Student(
                id=str(student_id),
                wishes=tuple(str(a.lab_id) for a in rows),
                priority={
                    str(a.lab_id): priority_class(
                        cycle, alumni=student_id in data.alumni, flagged=a.flagged
                    )
                    for a in rows
                },
                lottery=lottery(cycle, student_id),
                groups=_groups(rows[0].student),
                applied_at=min(a.applied_at for a in rows),
                flagged=flagged,
            )
        )
    instance = engine.Instance(
        labs=tuple(
            engine.Lab(
                id=i,
                capacity=lab.seats,
                reserved={
                    g: n
                    for g, n in (("girls", lab.reserved_girls), ("social", lab.reserved_social))
                    if n
                },
            )
            for i, lab in labs.items()
        ),
        students=tuple(students),
    )
    return CycleInstance(
        instance=instance,
        labs=labs,
        applications={(str(a.student_id), str(a.lab_id)): a for a in data.applications},
    )


def priority_of(student: engine.Student, lab_id: str) -> int:
    """The student's priority class at one lab (one class for all, or one per lab)."""
    p = student.priority
    return int(p.get(lab_id, 0)) if isinstance(p, Mapping) else int(p)


def figures(instance: engine.Instance, result: engine.Result) -> dict[str, Any]:
    """The figures of a result, computed here the same way for every mechanism."""
    students = [s for s in instance.students if s.wishes]
    n = len(students) or 1
    first = top3 = unassigned = 0
    holders: dict[str, list[engine.Student]] = {}
    by_id = {s.id: s for s in students}
    for s in students:
        got = result.assignment.get(s.id)
        if got is None:
            unassigned += 1
            continue
        holders.setdefault(got, []).append(s)
        if s.wishes and got == s.wishes[0]:
            first += 1
        if got in s.wishes[:3]:
            top3 += 1
    envy = 0
    for s in by_id.values():
        got = result.assignment.get(s.id)
        better = s.wishes if got is None else s.wishes[: s.wishes.index(got)]
        if any(
            priority_of(t, lab) < priority_of(s, lab)
            for lab in better
            for t in holders.get(lab, [])
        ):
            envy += 1
    return {
        "students": len(students),
        "seats": sum(lab.capacity for lab in instance.labs),
        "first_choice_pct": round(100 * first / n, 1),
        "top3_pct": round(100 * top3 / n, 1),
        "unassigned_pct": round(100 * unassigned / n, 1),
        "seats_filled": sum(len(v) for v in holders.values()),
        "justified_envy": envy,
    }


def reason_data(
    result: engine.Result, instance: engine.Instance, student_id: str
) -> dict[str, Any]:
    """The engine's reason for one student as plain JSON (lab ids are database ids)."""
    reason = result.reasons.get(student_id)
    student = next(s for s in instance.students if s.id == student_id)
    data: dict[str, Any] = {
        "rank": None,
        "lab": result.assignment.get(student_id),
        "waitlist": {},
        "cutoffs": {},
        "priority": {lab: priority_of(student, lab) for lab in student.wishes},
        "lottery": round(student.lottery, 4),
        "wishes": list(student.wishes),
    }
    if reason is not None:
        data["rank"] = reason.rank
        data["waitlist"] = {str(k): int(v) for k, v in reason.waitlist.items()}
        data["cutoffs"] = {
            str(k): [int(v[0]), round(float(v[1]), 4)] for k, v in reason.cutoffs.items()
        }
    return data


def lab_titles(labs: Iterable[Lab]) -> dict[str, str]:
    """Each lab's name as a reason names it: its template's title, with its weekly slot when
    the cycle has two labs of that title (two sessions of one lab: "Stop motion (Samedi
    matin)"), else its number among them. Reads ``template`` and ``slot`` (select them)."""
    rows = list(labs)
    counts = Counter(lab.template.title for lab in rows)
    seen: Counter[str] = Counter()
    titles = {}
    for lab in rows:
        title = lab.template.title
        if counts[title] > 1:
            seen[title] += 1
            title = f"{title} ({lab.slot.label if lab.slot is not None else seen[title]})"
        titles[str(lab.pk)] = title
    return titles


def sentence(data: Mapping[str, Any], titles: Mapping[str, str]) -> str:
    """The reason of an outcome in words, in the active language."""
    if not data:
        return ""
    wishes = list(data.get("wishes", []))
    lab = data.get("lab")
    parts = []
    if lab is not None:
        rank = wishes.index(lab) + 1 if lab in wishes else data.get("rank")
        parts.append(
            _("You have a seat in “%(lab)s”, your choice number %(rank)s.")
            % {"lab": titles.get(lab, "?"), "rank": rank}
        )
    else:
        parts.append(_("No seat this time: every lab you chose was full."))
    better = wishes[: wishes.index(lab)] if lab in wishes else wishes
    for other in better:
        cutoff = data.get("cutoffs", {}).get(other)
        if cutoff is None:
            continue
        mine = data.get("priority", {}).get(other, 0)
        values = {"lab": titles.get(other, "?")}
        if mine < cutoff[0]:
            parts.append(
                _(
                    "“%(lab)s” was full: its seats went to students with a higher priority "
                    "than yours (students new to the labs, or who named it as their priority)."
                )
                % values
            )
        elif mine == cutoff[0]:
            parts.append(
                _(
                    "“%(lab)s” was full: the students who got its seats had the same priority "
                    "as you and came before you in the draw."
                )
                % values
            )
        else:
            parts.append(_("“%(lab)s” was full when your turn came.") % values)
    waiting = False
    for other, position in data.get("waitlist", {}).items():
        if other in better:
            waiting = True
            parts.append(
                _("You are number %(n)s on the waiting list of “%(lab)s”.")
                % {"n": position, "lab": titles.get(other, "?")}
            )
    if waiting and lab is not None:
        parts.append(
            _(
                "If a seat frees in a lab you ranked higher, it is offered to you: you may "
                "take it in place of yours."
            )
        )
    return " ".join(parts)


def sentence_figures(data: Mapping[str, Any], titles: Mapping[str, str]) -> list[str]:
    """The figures behind ``sentence``, for whoever wants to check them: for each full lab
    ranked higher, its last admitted student's priority and lottery number, and the
    student's own (the lottery draws a number between 0 and 1; the lower goes first)."""
    if not data:
        return []
    wishes = list(data.get("wishes", []))
    lab = data.get("lab")
    better = wishes[: wishes.index(lab)] if lab in wishes else wishes
    figures = []
    for other in better:
        cutoff = data.get("cutoffs", {}).get(other)
        if cutoff is None:
            continue
        figures.append(
            _(
                "“%(lab)s”: its last admitted student had priority %(p)s and lottery number "
                "%(l)s; you had priority %(mine)s and lottery number %(mylot)s."
            )
            % {
                "lab": titles.get(other, "?"),
                "p": cutoff[0],
                "l": f"{cutoff[1]:.4f}",
                "mine": data.get("priority", {}).get(other, 0),
                "mylot": f"{float(data.get('lottery', 0)):.4f}",
            }
        )
    return figures


# --- Masterlabs -------------------------------------------------------------------------------

SCORE_BASE = SCORE_MAX + 1


@dataclass
class MasterlabRanking:
    """The selection of a masterlab by the engine: who is selected, the waiting list in
    order, and each applicant's (class, score, lottery)."""

    selected: list[Application]
    waitlist: list[Application]
    keys: dict[int, tuple[int, int, float]]  # application pk -> (class, score, lottery)
    unscored: int

    @property
    def selected_rows(self) -> list[tuple[Application, tuple[int, int, float]]]:
        """The selected applications, each with its (class, score, lottery)."""
        return [(a, self.keys[a.pk]) for a in self.selected]

    @property
    def waitlist_rows(self) -> list[tuple[Application, tuple[int, int, float]]]:
        """The waiting list in order, each with its (class, score, lottery)."""
        return [(a, self.keys[a.pk]) for a in self.waitlist]


def masterlab_instance(
    masterlab: Masterlab, applications: Sequence[Application], alumni: Set[int]
) -> tuple[engine.Instance, dict[int, tuple[int, int, float]]]:
    """One lab with the masterlab's seats; every applicant wishes it. The priority class: 0
    for a student already selected for another masterlab (``alumni``, read by
    ``selectors.masterlab_alumni``), 1 otherwise; inside the class, the staff's score (0 when
    not scored yet); then the lottery."""
    keys: dict[int, tuple[int, int, float]] = {}
    rows = []
    for a in applications:
        klass = 0 if a.student_id in alumni else 1
        score = a.score or 0
        draw = lottery(masterlab, a.student_id)
        keys[a.pk] = (klass, score, draw)
        rows.append(
            engine.Student(
                id=str(a.pk),
                wishes=("m",),
                priority=klass * SCORE_BASE + score,
                lottery=draw,
                applied_at=a.applied_at,
            )
        )
    instance = engine.Instance(
        labs=(engine.Lab(id="m", capacity=masterlab.seats),), students=tuple(rows)
    )
    return instance, keys


def rank_masterlab(
    masterlab: Masterlab, applications: Sequence[Application], alumni: Set[int]
) -> MasterlabRanking:
    """The engine's selection of a masterlab (no query here)."""
    instance, keys = masterlab_instance(masterlab, applications, alumni)
    result = engine.allocate(instance, "stable")
    by_pk = {str(a.pk): a for a in applications}
    selected = sorted(
        (by_pk[i] for i, lab in result.assignment.items() if lab is not None),
        key=lambda a: (-keys[a.pk][0], -keys[a.pk][1], keys[a.pk][2], a.pk),
    )
    waitlist = [by_pk[i] for i in result.waitlists.get("m", ())]
    return MasterlabRanking(
        selected=selected,
        waitlist=waitlist,
        keys=keys,
        unscored=sum(1 for a in applications if a.score is None),
    )


def masterlab_sentence(application: Application) -> str:
    """The outcome of a masterlab application in words, in the active language."""
    data = application.reason or {}
    if application.outcome == Outcome.SELECTED:
        return _("You are selected for this masterlab.")
    if application.outcome == Outcome.GAVE_UP:
        return _("You gave up your place.")
    if application.outcome != Outcome.WAITLISTED:
        return ""
    parts = [_("You are number %(n)s on the waiting list.") % {"n": application.waitlist_position}]
    cutoff = data.get("cutoff")
    mine = data.get("key")
    if cutoff and mine:
        parts.append(
            _(
                "The last selected student had priority %(p)s and score %(s)s/%(max)s; you "
                "had priority %(mp)s and score %(ms)s/%(max)s (ties go to the lower lottery "
                "number: theirs %(l)s, yours %(ml)s)."
            )
            % {
                "p": cutoff[0],
                "s": cutoff[1],
                "l": f"{float(cutoff[2]):.4f}",
                "mp": mine[0],
                "ms": mine[1],
                "ml": f"{float(mine[2]):.4f}",
                "max": SCORE_MAX,
            }
        )
    return " ".join(parts)
