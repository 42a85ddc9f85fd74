"""From a cycle's applications to ``parcours.engine.allocation`` and back: the instance, the
figures shown side by side in a dry run, and the reason of an outcome in one sentence.

Priorities (higher first), as TUMO's staff documentation describes its rule: a student who
holds no lab (none attended, none upcoming) comes before one who does; within that, the lab
the student flagged as their priority. Ties are broken by one lottery number per student and
cycle (the lower wins), derived from the cycle's random uuid: the dry run and the
publication use the same numbers."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from parcours.engine import allocation as engine
from parcours.labs.models import ACTIVE_SEAT, Application, Lab, LabCycle, Seat
from parcours.people.models import Gender

FIGURES = ("first_choice_pct", "top3_pct", "unassigned_pct", "seats_filled", "justified_envy")


def lottery(cycle: LabCycle, student_id: int) -> float:
    digest = hashlib.sha256(f"{cycle.uuid}:{student_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass
class CycleInstance:
    instance: engine.Instance
    labs: dict[str, Lab]
    applications: dict[tuple[str, str], Application]  # (student id, lab id)


def build_instance(cycle: LabCycle) -> CycleInstance:
    labs = {
        str(lab.pk): lab
        for lab in Lab.objects.filter(cycle=cycle).select_related("template").order_by("id")
    }
    apps = list(
        Application.objects.filter(cycle=cycle, withdrawn_at__isnull=True)
        .select_related("student__student_profile")
        .order_by("student_id", "rank")
    )
    alumni = set(
        Seat.objects.filter(student_id__in={a.student_id for a in apps}, status__in=ACTIVE_SEAT)
        .exclude(cycle=cycle)
        .values_list("student_id", flat=True)
    )
    by_student: dict[int, list[Application]] = {}
    for a in apps:
        by_student.setdefault(a.student_id, []).append(a)
    students = []
    for student_id, rows in sorted(by_student.items()):
        base = 0 if student_id in alumni else 2
        profile = getattr(rows[0].student, "student_profile", None)
        groups = set()
        if profile is not None and profile.gender == Gender.FEMALE:
            groups.add("girls")
        if profile is not None and profile.social_field:
            groups.add("social")
        flagged = next((str(a.lab_id) for a in rows if a.flagged), None)
        students.append(
            engine.Student(
                id=str(student_id),
                wishes=tuple(str(a.lab_id) for a in rows),
                priority={str(a.lab_id): base + (1 if a.flagged else 0) for a in rows},
                lottery=lottery(cycle, student_id),
                groups=frozenset(groups),
                applied_at=min(a.applied_at for a in rows),
                flagged=flagged,
            )
        )
    instance = engine.Instance(
        labs=tuple(engine.Lab(id=i, capacity=lab.seats) for i, lab in labs.items()),
        students=tuple(students),
    )
    return CycleInstance(
        instance=instance,
        labs=labs,
        applications={(str(a.student_id), str(a.lab_id)): a for a in apps},
    )


def _priority(student: Any, lab_id: str) -> int:
    p = student.priority
    return int(p.get(lab_id, 0)) if isinstance(p, Mapping) else int(p)


def figures(instance: engine.Instance, result: engine.Result) -> dict[str, Any]:
    """The figures of a result, computed here the same way for every mechanism."""
    students = [s for s in instance.students if s.wishes]
    n = len(students) or 1
    first = top3 = unassigned = 0
    holders: dict[str, list[Any]] = {}
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
            _priority(t, lab) < _priority(s, lab) for lab in better for t in holders.get(lab, [])
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


def reason_data(result: engine.Result, instance: engine.Instance, student_id: str) -> dict:
    """The engine's reason for one student as plain JSON (lab ids are database ids)."""
    reason = result.reasons.get(student_id)
    student = next(s for s in instance.students if s.id == student_id)
    data: dict[str, Any] = {
        "rank": None,
        "lab": result.assignment.get(student_id),
        "waitlist": {},
        "cutoffs": {},
        "priority": {lab: _priority(student, lab) for lab in student.wishes},
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
        parts.append(
            _(
                "“%(lab)s” was full: its last admitted student had priority %(p)s and "
                "lottery number %(l)s; you had priority %(mine)s and lottery number %(mylot)s."
            )
            % {
                "lab": titles.get(other, "?"),
                "p": cutoff[0],
                "l": f"{cutoff[1]:.4f}",
                "mine": data.get("priority", {}).get(other, 0),
                "mylot": f"{float(data.get('lottery', 0)):.4f}",
            }
        )
    for other, position in data.get("waitlist", {}).items():
        if other in better:
            parts.append(
                _("You are number %(n)s on the waiting list of “%(lab)s”.")
                % {"n": position, "lab": titles.get(other, "?")}
            )
    return " ".join(parts)
