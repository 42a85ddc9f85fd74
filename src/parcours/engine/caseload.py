"""Caseloads: spreading a centre's students evenly among its coaches with as few changes of
coach as possible (a student keeps the adult who knows them unless the balance needs it).

Pure: coaches and students are opaque keys, ordered as given."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Move:
    student: str
    source: str | None  # None: the student had no coach
    target: str


def targets(loads: Mapping[str, int], total: int) -> dict[str, int]:
    """How many students each coach should follow: ``total // coaches`` or one more, the
    extra ones going to the coaches who already follow the most (fewer moves)."""
    coaches = sorted(loads, key=lambda c: -loads[c])  # stable: ties keep the given order
    if not coaches:
        return {}
    base, extra = divmod(total, len(coaches))
    return {c: base + (1 if k < extra else 0) for k, c in enumerate(coaches)}


def rebalance(
    caseloads: Mapping[str, Sequence[str]],
    unassigned: Sequence[str] = (),
    keep: Collection[str] = (),
) -> list[Move]:
    """The moves that bring every coach to their target (``targets``): the students without a
    coach first, then students taken from the coaches above their target, the last listed
    first (the most recently given), never those in ``keep`` (say, a student with an open
    alert, whose coach is following them closely). When ``keep`` holds too many students of a
    coach, that coach stays above target: nobody is moved against it. Every move is
    necessary: no student moves twice, none moves to the coach they have."""
    loads = {c: len(s) for c, s in caseloads.items()}
    total = sum(loads.values()) + len(unassigned)
    goal = targets(loads, total)
    if not goal:
        return []
    pool: list[tuple[str, str | None]] = [(s, None) for s in unassigned]
    for coach, students in caseloads.items():
        surplus = loads[coach] - goal[coach]
        movable = [s for s in reversed(students) if s not in keep]
        pool.extend((s, coach) for s in movable[: max(surplus, 0)])
    moves: list[Move] = []
    space = {c: goal[c] - loads[c] for c in caseloads if goal[c] > loads[c]}
    for student, source in pool:
        if not space:
            break
        # the coach furthest below target (ties: the given order)
        target = max(space, key=lambda c: space[c])
        moves.append(Move(student, source, target))
        space[target] -= 1
        if space[target] == 0:
            del space[target]
    return moves


def apply(
    caseloads: Mapping[str, Sequence[str]], unassigned: Sequence[str], moves: Sequence[Move]
) -> tuple[dict[str, list[str]], list[str]]:
    """The caseloads after ``moves`` (for previews and tests)."""
    after = {c: list(s) for c, s in caseloads.items()}
    left = list(unassigned)
    for move in moves:
        if move.source is None:
            left.remove(move.student)
        else:
            after[move.source].remove(move.student)
        after.setdefault(move.target, []).append(move.student)
    return after, left
