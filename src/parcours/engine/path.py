"""The personal learning path: which activities are open, which one to propose next and why,
and when a level is finished. Pure: plain data in, plain data out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

MASTERED = 0.95


@dataclass(frozen=True)
class Node:
    id: int
    level: int
    order: int
    required: bool
    kind: str  # tutorial | quiz | project
    prerequisites: frozenset[int] = frozenset()
    competencies: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Suggestion:
    activity_id: int
    reason: str  # a code the page turns into one sentence
    competency_id: int | None = None


@dataclass(frozen=True)
class LevelState:
    level: int
    required_done: int
    required_total: int
    assessed: frozenset[int]  # competencies checked by a quiz or a project of the level
    mastered: frozenset[int]
    complete: bool
    activities_done: int = 0
    activities_total: int = 0

    @property
    def percent(self) -> int:
        """Progress shown to the student: required activities and mastered competencies."""
        parts = self.required_total + len(self.assessed)
        if parts == 0:
            return 100
        return round(100 * (self.required_done + len(self.mastered)) / parts)

    @property
    def activities_percent(self) -> int:
        """The required activities done, alone: a bar labelled "d of t activities done"
        shows exactly that fraction (0 at 0 done)."""
        if self.required_total == 0:
            return 100
        return round(100 * self.required_done / self.required_total)

    @property
    def mastery_percent(self) -> int:
        """The level's assessed competencies mastered, alone."""
        if not self.assessed:
            return 100
        return round(100 * len(self.mastered & self.assessed) / len(self.assessed))


@dataclass(frozen=True)
class PathState:
    levels: tuple[LevelState, ...]
    open: frozenset[int]
    suggestion: Suggestion | None
    current_level: int | None = field(default=None)


def open_activities(nodes: Iterable[Node], done: set[int] | frozenset[int]) -> frozenset[int]:
    """Not done yet, with every prerequisite done."""
    return frozenset(n.id for n in nodes if n.id not in done and n.prerequisites <= done)


def level_states(
    nodes: Iterable[Node],
    done: set[int] | frozenset[int],
    mastery: Mapping[int, float],
    threshold: float = MASTERED,
) -> tuple[LevelState, ...]:
    by_level: dict[int, list[Node]] = {}
    for n in nodes:
        by_level.setdefault(n.level, []).append(n)
    states = []
    for level in sorted(by_level):
        items = by_level[level]
        required = [n for n in items if n.required]
        assessed = frozenset(
            c for n in items if n.kind in ("quiz", "project") for c in n.competencies
        )
        mastered = frozenset(c for c in assessed if mastery.get(c, 0.0) >= threshold)
        required_done = sum(1 for n in required if n.id in done)
        states.append(
            LevelState(
                level=level,
                required_done=required_done,
                required_total=len(required),
                assessed=assessed,
                mastered=mastered,
                complete=required_done == len(required) and mastered == assessed,
                activities_done=sum(1 for n in items if n.id in done),
                activities_total=len(items),
            )
        )
    return tuple(states)


def suggest(
    nodes: Iterable[Node],
    done: set[int] | frozenset[int],
    mastery: Mapping[int, float],
    threshold: float = MASTERED,
) -> PathState:
    """The path's state and the one activity that best fits the student now.

    Rules, in order: work in the lowest level not yet complete; among its open activities,
    prefer a required one that practises the least-mastered competency the level still needs;
    else the next required activity in order; else an open optional one; when every activity
    of the level is done but a competency is not yet mastered, propose redoing a quiz or
    project that practises it."""
    node_list = sorted(nodes, key=lambda n: (n.level, n.order, n.id))
    done_set = frozenset(done)
    states = level_states(node_list, done_set, mastery, threshold)
    opened = open_activities(node_list, done_set)
    current = next((s for s in states if not s.complete), None)
    if current is None:
        return PathState(levels=states, open=opened, suggestion=None, current_level=None)
    level_nodes = [n for n in node_list if n.level == current.level]
    needed = current.assessed - current.mastered
    candidates = [n for n in level_nodes if n.id in opened]
    required = [n for n in candidates if n.required]

    def weakest(n: Node) -> tuple[float, int]:
        covered = n.competencies & needed
        if not covered:
            return (2.0, 0)
        comp = min(covered, key=lambda c: (mastery.get(c, 0.0), c))
        return (mastery.get(comp, 0.0), comp)

    practising = [n for n in required if n.competencies & needed]
    if practising:
        best = min(practising, key=lambda n: (weakest(n)[0], n.order, n.id))
        return PathState(
            states, opened, Suggestion(best.id, "practise", weakest(best)[1]), current.level
        )
    if required:
        return PathState(states, opened, Suggestion(required[0].id, "next_in_order"), current.level)
    if current.required_done == current.required_total and needed:
        # All done but not yet mastered: practise again with an assessed activity.
        retry = [
            n for n in level_nodes if n.kind in ("quiz", "project") and n.competencies & needed
        ]
        if retry:
            best = min(retry, key=lambda n: (weakest(n)[0], n.order, n.id))
            return PathState(
                states,
                opened,
                Suggestion(best.id, "practise_again", weakest(best)[1]),
                current.level,
            )
    if candidates:
        return PathState(states, opened, Suggestion(candidates[0].id, "optional"), current.level)
    return PathState(states, opened, None, current.level)
