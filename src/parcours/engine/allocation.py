"""Lab seat allocation: five mechanisms on the same input, with waitlists, reasons and metrics.

Pure Python (OR-Tools for the flows); plain dataclasses in and out. See docs/allocation.md.

Input: labs with seats (and optional seats reserved for groups), students with ranked wishes,
a weak priority class per student and lab (higher first, one class for every lab or one per
lab, 0 when absent) and one lottery number per student (lower wins ties; equal lotteries fall
back on the student id, so results never depend on the input order).

The lab's *priority order* (waitlists, cutoffs, every tie) is: priority class (higher first),
then lottery (lower first), then id.

Mechanisms (``MECHANISMS``):

- ``tumo-weekly``: TUMO's documented weekly rule, one run (see :func:`_tumo_weekly`);
- ``fcfs``: serial dictatorship in application order (``applied_at``, then lottery);
- ``rsd``: random serial dictatorship, the lottery as the order;
- ``stable`` (default): student-proposing deferred acceptance on (class, lottery) - single
  tie-breaking - then stable improvement cycles (Erdil and Ergin, 2008) until none is left;
- ``welfare``: most seats filled, then lowest total rank (then highest classes), by OR-Tools
  min-cost flow; it gives up the no-justified-envy guarantee.

Reserved seats (``Lab.reserved``, group -> seats) are *soft*: in ``stable`` a lab chooses among
its applicants by filling each group's reserved seats (groups in name order) with that group's
best applicants, then every other seat by priority order; reserved seats that no group member
wants go to the others. A group member therefore outranks non-members for the group's reserved
seats only. ``fcfs`` and ``rsd`` hold reserved seats for group members during the serial order,
then give the unused ones to the students still without a lab, in the same order. ``tumo-weekly``
(TUMO's rule has none) and ``welfare`` ignore reservations.
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

MECHANISMS: tuple[str, ...] = ("tumo-weekly", "fcfs", "rsd", "stable", "welfare")

# Group names with a meaning for the engine.
GIRL = "girl"
BOY = "boy"
NO_LAB = "no-lab"  # no lab attended and none upcoming (TUMO's first criterion)
ALUMNI = "alumni"  # TUMO's last criterion: non-alumni before alumni


class InstanceError(ValueError):
    """The instance is malformed; the message says where."""


@dataclass(frozen=True)
class Lab:
    id: str
    capacity: int
    reserved: Mapping[str, int] = field(default_factory=dict)  # group -> seats held for it


@dataclass(frozen=True)
class Student:
    id: str
    wishes: tuple[str, ...]  # lab ids, best first
    priority: int | Mapping[str, int] = 0  # higher first; one class or one per lab (0 if absent)
    lottery: float = 0.0  # lower wins ties
    groups: frozenset[str] = frozenset()
    applied_at: datetime | None = None
    flagged: str | None = None  # the lab the student flagged as their priority


@dataclass(frozen=True)
class Instance:
    labs: tuple[Lab, ...]
    students: tuple[Student, ...]


@dataclass(frozen=True)
class Reason:
    rank: int | None  # 1-based rank of the lab obtained, None if none
    lab: str | None
    waitlist: dict[str, int]  # lab -> 1-based position, for every wished lab better than `lab`
    cutoffs: dict[str, tuple[int, float]]  # wished lab -> (class, lottery) of its last admitted


@dataclass(frozen=True)
class Result:
    mechanism: str
    assignment: dict[str, str | None]
    waitlists: dict[str, list[str]]
    reasons: dict[str, Reason]
    metrics: dict[str, float | int]


# --- the prepared instance: integer indices ---------------------------------------------------


@dataclass
class _Prep:
    instance: Instance
    n: int
    m: int
    sid: list[str]
    lid: list[str]
    lab_index: dict[str, int]
    cap: list[int]
    reserved: list[tuple[tuple[str, int], ...]]  # per lab, groups in name order
    groups: list[frozenset[str]]
    wishes: list[list[int]]
    classes: list[list[int]]  # class of the student at each wished lab
    keys: list[list[int]]  # strict priority key at each wished lab, smaller is better
    rank: list[dict[int, int]]  # lab -> 0-based rank in the student's wishes
    lot_rank: list[int]  # position in (lottery, id) order
    cmax: int


def _class(student: Student, lab: str) -> int:
    if isinstance(student.priority, int):
        return student.priority
    return int(student.priority.get(lab, 0))


def _prepare(instance: Instance) -> _Prep:
    lab_index: dict[str, int] = {}
    for lab in instance.labs:
        if lab.id in lab_index:
            raise InstanceError(f"lab {lab.id!r} appears twice")
        if lab.capacity < 0:
            raise InstanceError(f"lab {lab.id!r}: negative capacity")
        if any(v < 0 for v in lab.reserved.values()) or sum(lab.reserved.values()) > lab.capacity:
            raise InstanceError(f"lab {lab.id!r}: reserved seats must be >= 0 and fit its capacity")
        lab_index[lab.id] = len(lab_index)
    students = instance.students
    n = len(students)
    sid = [s.id for s in students]
    if len(set(sid)) != n:
        raise InstanceError("a student id appears twice")
    order = sorted(range(n), key=lambda i: (students[i].lottery, sid[i]))
    lot_rank = [0] * n
    for pos, i in enumerate(order):
        lot_rank[i] = pos
    wishes: list[list[int]] = []
    classes: list[list[int]] = []
    for s in students:
        seen: list[int] = []
        for w in s.wishes:
            if w not in lab_index:
                raise InstanceError(f"student {s.id!r} wishes for unknown lab {w!r}")
            li = lab_index[w]
            if li not in seen:
                seen.append(li)
        wishes.append(seen)
        classes.append([_class(s, instance.labs[li].id) for li in seen])
    cmax = max((c for cs in classes for c in cs), default=0)
    keys = [[(cmax - c) * (n + 1) + lot_rank[i] for c in classes[i]] for i in range(n)]
    return _Prep(
        instance=instance,
        n=n,
        m=len(instance.labs),
        sid=sid,
        lid=[lab.id for lab in instance.labs],
        lab_index=lab_index,
        cap=[lab.capacity for lab in instance.labs],
        reserved=[
            tuple(sorted((g, v) for g, v in lab.reserved.items() if v > 0)) for lab in instance.labs
        ],
        groups=[s.groups for s in students],
        wishes=wishes,
        classes=classes,
        keys=keys,
        rank=[{li: r for r, li in enumerate(ws)} for ws in wishes],
        lot_rank=lot_rank,
        cmax=cmax,
    )


def _key(p: _Prep, s: int, lab: int) -> int:
    return p.keys[s][p.rank[s][lab]]


def _choose(p: _Prep, lab: int, cands: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The lab's choice among (key, student) candidates: each group's reserved seats to its best
    members (groups in name order), then the other seats by key. Returns the chosen, by key."""
    cands = sorted(cands)
    cap = p.cap[lab]
    if len(cands) <= cap:
        return cands
    reserved_tier: set[int] = set()
    for group, seats in p.reserved[lab]:
        taken = 0
        for _, s in cands:
            if taken == seats:
                break
            if s not in reserved_tier and group in p.groups[s]:
                reserved_tier.add(s)
                taken += 1
    room = cap - len(reserved_tier)
    chosen: list[tuple[int, int]] = []
    for ks in cands:
        if ks[1] in reserved_tier:
            chosen.append(ks)
        elif room > 0:
            chosen.append(ks)
            room -= 1
    return chosen


# --- mechanisms -------------------------------------------------------------------------------


def _deferred_acceptance(p: _Prep) -> list[int]:
    """Student-proposing deferred acceptance on the strict keys; lab per student, -1 if none."""
    nxt = [0] * p.n
    heaps: list[list[tuple[int, int]]] = [[] for _ in range(p.m)]  # (-key, student)
    held: list[list[tuple[int, int]]] = [[] for _ in range(p.m)]  # reserve labs: (key, student)
    free = list(range(p.n - 1, -1, -1))
    wishes, keys, cap, reserved = p.wishes, p.keys, p.cap, p.reserved
    while free:
        s = free.pop()
        j = nxt[s]
        if j >= len(wishes[s]):
            continue
        lab = wishes[s][j]
        k = keys[s][j]
        nxt[s] = j + 1
        c = cap[lab]
        if not reserved[lab]:
            h = heaps[lab]
            if len(h) < c:
                heapq.heappush(h, (-k, s))
            elif c and -h[0][0] > k:
                free.append(heapq.heapreplace(h, (-k, s))[1])
            else:
                free.append(s)
        else:
            cands = [*held[lab], (k, s)]
            chosen = _choose(p, lab, cands)
            held[lab] = chosen
            if len(chosen) < len(cands):
                kept = {x for _, x in chosen}
                free.extend(x for _, x in cands if x not in kept)
    out = [-1] * p.n
    for lab in range(p.m):
        for _, s in heaps[lab]:
            out[s] = lab
        for _, s in held[lab]:
            out[s] = lab
    return out


def _improvement_cycles(p: _Prep, assign: list[int]) -> tuple[list[int], int]:
    """Stable improvement cycles (Erdil and Ergin, 2008) until none is left.

    A student *desires* every lab they rank above their own; D(lab) is the set of its desirers
    of the highest class among them. A cycle s1 -> s2 -> ... -> s1 where each s_i is in
    D(lab of s_(i+1)) moves every s_i to the lab of s_(i+1): everyone improves, nobody gains
    justified envy. Each round searches the graph student -> lab (when the student is in its D)
    -> its students once, depth first, and applies every student-disjoint cycle it finds. At a
    lab with reserved seats, a student only takes the place of one who has the same membership
    of the lab's reserved groups, so the reserved seats stay with the same groups.
    Returns the new assignment and the number of students moved."""
    assign = list(assign)
    n, m = p.n, p.m
    wishes, classes, rank = p.wishes, p.classes, p.rank
    moved_total = 0
    while True:
        members: list[list[int]] = [[] for _ in range(m)]
        for s in range(n):
            if assign[s] >= 0:
                members[assign[s]].append(s)
        pos = [rank[s][assign[s]] if assign[s] >= 0 else len(wishes[s]) for s in range(n)]
        top = [-(2**62)] * m
        for s in range(n):
            ws, cs = wishes[s], classes[s]
            for j in range(pos[s]):
                if cs[j] > top[ws[j]]:
                    top[ws[j]] = cs[j]
        # lab nodes: (lab, signature); signature = the student's reserved groups of that lab
        node_id: dict[tuple[int, frozenset[str]], int] = {}
        node_members: list[list[int]] = []

        def signature(s: int, lab: int) -> frozenset[str]:
            res = p.reserved[lab]
            if not res:
                return frozenset()
            return frozenset(g for g, _ in res if g in p.groups[s])

        for lab in range(m):
            for s in members[lab]:
                key = (lab, signature(s, lab))
                nid = node_id.get(key)
                if nid is None:
                    nid = node_id[key] = len(node_members)
                    node_members.append([])
                node_members[nid].append(s)
        out: list[list[int]] = [[] for _ in range(n)]
        for s in range(n):
            ws, cs = wishes[s], classes[s]
            for j in range(pos[s]):
                lab = ws[j]
                if cs[j] == top[lab] and members[lab]:
                    nid = node_id.get((lab, signature(s, lab)))
                    if nid is not None:
                        out[s].append(nid)
        # Depth-first search over students (0..n-1) and lab nodes (n + nid).
        total = n + len(node_members)
        it = [0] * total
        state = bytearray(total)  # 0 new, 1 on the stack, 2 dead or removed
        cycles: list[list[int]] = []
        for root in range(n):
            if state[root] or not out[root]:
                continue
            stack = [root]
            state[root] = 1
            where = {root: 0}
            while stack:
                v = stack[-1]
                succ = out[v] if v < n else node_members[v - n]
                nxt = -1
                while it[v] < len(succ):
                    w = succ[it[v]] + (n if v < n else 0)
                    it[v] += 1
                    if state[w] != 2:
                        nxt = w
                        break
                if nxt < 0:
                    stack.pop()
                    del where[v]
                    state[v] = 2
                    continue
                if state[nxt] == 0:
                    state[nxt] = 1
                    where[nxt] = len(stack)
                    stack.append(nxt)
                    continue
                # a cycle: stack[where[nxt]:]
                start = where[nxt]
                cyc = stack[start:]
                cycles.append([x for x in cyc if x < n])  # each moves to the next one's lab
                for x in cyc:
                    del where[x]
                    state[x] = 2 if x < n else 0  # students leave; lab nodes may serve again
                del stack[start:]
        if not cycles:
            return assign, moved_total
        for cyc in cycles:
            new = [assign[cyc[(i + 1) % len(cyc)]] for i in range(len(cyc))]
            for s, lab in zip(cyc, new, strict=True):
                assign[s] = lab
            moved_total += len(cyc)


def _serial(p: _Prep, order: Sequence[int]) -> list[int]:
    """Serial dictatorship: each student in turn takes their best lab with a seat for them."""
    assign = [-1] * p.n
    filled = [0] * p.m
    left: list[dict[str, int]] = [dict(r) for r in p.reserved]
    for s in order:
        for lab in p.wishes[s]:
            res = left[lab]
            if not res:
                if filled[lab] < p.cap[lab]:
                    filled[lab] += 1
                    assign[s] = lab
                    break
                continue
            own = next((g for g in sorted(res) if res[g] > 0 and g in p.groups[s]), None)
            if own is not None and filled[lab] < p.cap[lab]:
                res[own] -= 1
                filled[lab] += 1
                assign[s] = lab
                break
            if filled[lab] + sum(res.values()) < p.cap[lab]:
                filled[lab] += 1
                assign[s] = lab
                break
    if any(left):  # unused reserved seats go to those still without a lab
        for s in order:
            if assign[s] >= 0:
                continue
            for lab in p.wishes[s]:
                if filled[lab] < p.cap[lab]:
                    filled[lab] += 1
                    assign[s] = lab
                    break
    return assign


def _timestamp(at: datetime | None) -> float:
    if at is None:
        return math.inf
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.timestamp()


def _tumo_weekly(p: _Prep) -> list[int]:
    """TUMO's weekly rule, one run, as its staff documentation describes it.

    Every wish is a pending application to a lab that has not started. Each lab scores its
    applications and admits the best up to its capacity, independently of the other labs:
    first students with no lab attended and none upcoming (group ``no-lab``), then the
    application the student flagged as their priority (``Student.flagged``), then students who
    applied to only one lab, then non-alumni before alumni (group ``alumni``), then the earliest
    application (``applied_at``; missing last), then the lottery and the id (not in TUMO's text:
    only to make the order total). A student admitted to several labs keeps the best ranked and
    releases the others; released seats stay empty until the next weekly run, which this one
    run does not simulate: they count as unfilled. Priority classes and reserved seats are not
    part of TUMO's rule and are ignored.
    """
    students = p.instance.students
    applicants: list[list[tuple[tuple[int, int, int, int, float, int], int]]] = [
        [] for _ in range(p.m)
    ]
    for s, st in enumerate(students):
        no_lab = NO_LAB in st.groups
        single = len(p.wishes[s]) == 1
        alumni = ALUMNI in st.groups
        at = _timestamp(st.applied_at)
        for lab in p.wishes[s]:
            flagged = st.flagged is not None and p.lab_index.get(st.flagged) == lab
            score = (
                -int(no_lab),
                -int(flagged),
                -int(single),
                int(alumni),
                at,
                p.lot_rank[s],
            )
            applicants[lab].append((score, s))
    best = [-1] * p.n
    for lab in range(p.m):
        for _, s in heapq.nsmallest(p.cap[lab], applicants[lab]):
            if best[s] < 0 or p.rank[s][lab] < p.rank[s][best[s]]:
                best[s] = lab
    return best


def _welfare(p: _Prep) -> list[int]:
    """Max seats, then min total rank, then max total class: OR-Tools min-cost flow."""

    if not any(p.wishes):
        return [-1] * p.n
    tails, heads, caps, costs = _flow_arcs(p)
    spread = p.cmax - min((c for cs in p.classes for c in cs), default=p.cmax)
    big = p.n * spread + 1
    arc_costs = np.zeros(len(tails), dtype=np.int64)
    ns = sum(len(w) for w in p.wishes)
    arc_costs[p.n : p.n + ns] = costs[0] * big + costs[1]
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, arc_costs)
    flow.set_node_supply(0, p.n)
    flow.set_node_supply(p.n + p.m + 1, -p.n)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:  # pragma: no cover - the network is always feasible
        raise RuntimeError(f"min-cost flow failed: {status}")
    flows = flow.flows(np.arange(p.n, p.n + ns, dtype=np.int32))
    assign = [-1] * p.n
    stu = tails[p.n : p.n + ns] - 1
    lab = heads[p.n : p.n + ns] - 1 - p.n
    for i in np.nonzero(flows)[0]:
        assign[int(stu[i])] = int(lab[i])
    return assign


def _flow_arcs(
    p: _Prep,
) -> tuple[
    np.ndarray[Any, np.dtype[np.int32]],
    np.ndarray[Any, np.dtype[np.int32]],
    np.ndarray[Any, np.dtype[np.int64]],
    tuple[np.ndarray[Any, np.dtype[np.int64]], np.ndarray[Any, np.dtype[np.int64]]],
]:
    """Source 0 -> students 1..n (1 each) -> wished labs -> sink (capacity). Also the rank and
    class-tiebreak cost of each student -> lab arc."""
    n, m = p.n, p.m
    s_idx = np.fromiter((s for s in range(n) for _ in p.wishes[s]), dtype=np.int32)
    l_idx = np.fromiter((lab for ws in p.wishes for lab in ws), dtype=np.int32)
    r = np.fromiter((j for ws in p.wishes for j in range(len(ws))), dtype=np.int64)
    c = np.fromiter((p.cmax - c for cs in p.classes for c in cs), dtype=np.int64)
    sink = n + m + 1
    tails = np.concatenate(
        [np.zeros(n, np.int32), s_idx + 1, np.arange(n + 1, n + m + 1, dtype=np.int32)]
    )
    heads = np.concatenate(
        [np.arange(1, n + 1, dtype=np.int32), l_idx + n + 1, np.full(m, sink, np.int32)]
    )
    caps = np.concatenate(
        [np.ones(n, np.int64), np.ones(len(s_idx), np.int64), np.array(p.cap, np.int64)]
    )
    return tails, heads, caps, (r, c)


def _max_flow(p: _Prep) -> int:

    if not any(p.wishes):
        return 0
    tails, heads, caps, _ = _flow_arcs(p)
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(tails, heads, caps)
    status = flow.solve(0, p.n + p.m + 1)
    if status != flow.OPTIMAL:  # pragma: no cover
        raise RuntimeError(f"max flow failed: {status}")
    return int(flow.optimal_flow())


# --- fairness ---------------------------------------------------------------------------------


def _envious(p: _Prep, assign: Sequence[int]) -> int:
    """Students with a wished lab, better than theirs and full, whose choice among its students
    and them would take them even if they lost every tie of their class: they lost a seat to
    someone of strictly lower priority (not holding a seat reserved for a group of theirs)."""
    members: list[list[tuple[int, int]]] = [[] for _ in range(p.m)]
    for s, lab in enumerate(assign):
        if lab >= 0:
            members[lab].append((_key(p, s, lab), s))
    worst_class = [
        max((k // (p.n + 1) for k, _ in mem), default=-1) for mem in members
    ]  # in (cmax - class) units: the lowest admitted class
    count = 0
    for s in range(p.n):
        own = p.rank[s].get(assign[s], len(p.wishes[s])) if assign[s] >= 0 else len(p.wishes[s])
        for j in range(own):
            lab = p.wishes[s][j]
            mem = members[lab]
            if len(mem) < p.cap[lab] or not mem:
                continue
            level = p.cmax - p.classes[s][j]  # smaller is better
            if not p.reserved[lab]:
                if worst_class[lab] > level:
                    count += 1
                    break
                continue
            worst_key = level * (p.n + 1) + p.n  # loses every tie of its class
            chosen = _choose(p, lab, [*mem, (worst_key, s)])
            if any(x == s for _, x in chosen):
                count += 1
                break
    return count


# --- public API -------------------------------------------------------------------------------


def allocate(instance: Instance, mechanism: str = "stable") -> Result:
    """Run one mechanism; the result carries the waitlists, every student's reason and the
    metrics (``seconds`` is the mechanism's own time, without waitlists, reasons and metrics)."""
    if mechanism not in MECHANISMS:
        raise InstanceError(
            f"unknown mechanism {mechanism!r}: choose among {', '.join(MECHANISMS)}"
        )
    start = time.perf_counter()
    p = _prepare(instance)
    assign = _run(p, mechanism)
    seconds = time.perf_counter() - start
    return _result(p, mechanism, assign, seconds)


def deferred_acceptance(instance: Instance) -> dict[str, str | None]:
    """Plain student-proposing deferred acceptance (``stable`` without improvement cycles)."""
    p = _prepare(instance)
    return _named(p, _deferred_acceptance(p))


def _run(p: _Prep, mechanism: str) -> list[int]:
    if mechanism == "stable":
        return _improvement_cycles(p, _deferred_acceptance(p))[0]
    if mechanism == "rsd":
        return _serial(p, sorted(range(p.n), key=lambda s: p.lot_rank[s]))
    if mechanism == "fcfs":
        stamps = [_timestamp(s.applied_at) for s in p.instance.students]
        return _serial(p, sorted(range(p.n), key=lambda s: (stamps[s], p.lot_rank[s])))
    if mechanism == "tumo-weekly":
        return _tumo_weekly(p)
    return _welfare(p)


def _named(p: _Prep, assign: Sequence[int]) -> dict[str, str | None]:
    return {p.sid[s]: (p.lid[lab] if lab >= 0 else None) for s, lab in enumerate(assign)}


def _indices(p: _Prep, assignment: Mapping[str, str | None]) -> list[int]:
    out = [-1] * p.n
    for s, name in enumerate(p.sid):
        lab = assignment.get(name)
        if lab is not None:
            if lab not in p.lab_index:
                raise InstanceError(f"student {name!r} is assigned to unknown lab {lab!r}")
            out[s] = p.lab_index[lab]
    return out


def _result(p: _Prep, mechanism: str, assign: list[int], seconds: float) -> Result:
    students = p.instance.students
    pos = [p.rank[s][assign[s]] if assign[s] >= 0 else len(p.wishes[s]) for s in range(p.n)]
    # waitlists: applicants who rank the lab above what they got, in the lab's priority order
    waiting: list[list[tuple[int, int]]] = [[] for _ in range(p.m)]
    last: list[tuple[int, int] | None] = [None] * p.m
    for s in range(p.n):
        for j in range(pos[s]):
            waiting[p.wishes[s][j]].append((p.keys[s][j], s))
        if assign[s] >= 0:
            k = p.keys[s][pos[s]]
            cur = last[assign[s]]
            if cur is None or k > cur[0]:
                last[assign[s]] = (k, s)
    place: dict[tuple[int, int], int] = {}
    waitlists: dict[str, list[str]] = {}
    for lab in range(p.m):
        waiting[lab].sort()
        waitlists[p.lid[lab]] = [p.sid[s] for _, s in waiting[lab]]
        for i, (_, s) in enumerate(waiting[lab]):
            place[(s, lab)] = i + 1
    cut: list[tuple[int, float] | None] = [
        None if x is None else (p.classes[x[1]][p.rank[x[1]][lab]], students[x[1]].lottery)
        for lab, x in enumerate(last)
    ]
    reasons: dict[str, Reason] = {}
    for s in range(p.n):
        ws = p.wishes[s]
        cutoffs: dict[str, tuple[int, float]] = {}
        for lab in ws:
            c = cut[lab]
            if c is not None:
                cutoffs[p.lid[lab]] = c
        reasons[p.sid[s]] = Reason(
            rank=pos[s] + 1 if assign[s] >= 0 else None,
            lab=p.lid[assign[s]] if assign[s] >= 0 else None,
            waitlist={p.lid[ws[j]]: place[(s, ws[j])] for j in range(pos[s])},
            cutoffs=cutoffs,
        )
    return Result(
        mechanism=mechanism,
        assignment=_named(p, assign),
        waitlists=waitlists,
        reasons=reasons,
        metrics=_metrics(p, assign, pos, seconds),
    )


def _metrics(p: _Prep, assign: list[int], pos: list[int], seconds: float) -> dict[str, float | int]:
    applicants = [s for s in range(p.n) if p.wishes[s]]

    def pct(people: list[int], ok: Any) -> float:
        return round(100.0 * sum(1 for s in people if ok(s)) / len(people), 2) if people else 0.0

    def first(s: int) -> bool:
        return assign[s] >= 0 and pos[s] == 0

    girls = [s for s in applicants if GIRL in p.groups[s]]
    boys = [s for s in applicants if BOY in p.groups[s]]
    gap = round(pct(girls, first) - pct(boys, first), 2) if girls and boys else 0.0
    return {
        "seconds": round(seconds, 4),
        "first_choice_pct": pct(applicants, first),
        "top3_pct": pct(applicants, lambda s: assign[s] >= 0 and pos[s] < 3),
        "unassigned_pct": pct(applicants, lambda s: assign[s] < 0),
        "seats_filled": sum(1 for lab in assign if lab >= 0),
        "max_flow_seats": _max_flow(p),
        "justified_envy": _envious(p, assign),
        "first_choice_gap_pp": gap,
    }


def justified_envy(instance: Instance, assignment: Mapping[str, str | None]) -> int:
    """Students who lost a seat to someone of strictly lower priority for that lab: a wished lab
    better than theirs, full, that would take them even if they lost every tie of their class
    (with reserved seats, through the lab's choice: a group member outranks non-members for the
    group's reserved seats)."""
    p = _prepare(instance)
    return _envious(p, _indices(p, assignment))


def max_flow_seats(instance: Instance) -> int:
    """The most students that can be seated in wished labs, capacities respected."""
    return _max_flow(_prepare(instance))


def _ordinal(k: int) -> str:
    if 10 <= k % 100 <= 20:
        return f"{k}th"
    return f"{k}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th') }"


def explain(reason: Reason) -> str:
    """One English sentence (the Django side translates its own)."""
    parts = []
    for lab, place in reason.waitlist.items():
        text = f"{_ordinal(place)} on the waitlist of {lab}"
        cutoff = reason.cutoffs.get(lab)
        if cutoff is not None:
            text += f" (last seat: priority class {cutoff[0]}, lottery {cutoff[1]:g})"
        parts.append(text)
    better = "; you are " + ", and ".join(parts) if parts else ""
    if reason.lab is None:
        if not reason.waitlist:
            return "You got no lab because you did not list any."
        return "You got no lab" + better + "."
    assert reason.rank is not None
    if reason.rank == 1:
        return f"You got your 1st choice, {reason.lab}."
    return f"You got your {_ordinal(reason.rank)} choice, {reason.lab}{better}."


# --- JSON -------------------------------------------------------------------------------------


def _fail(where: str, what: str) -> InstanceError:
    return InstanceError(f"{where}: {what}")


def _str_id(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        raise _fail(where, "an id must be a non-empty string or an integer")
    return str(value)


def _int(value: Any, where: str, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(where, f"expected an integer, got {value!r}")
    if minimum is not None and value < minimum:
        raise _fail(where, f"must be at least {minimum}")
    return value


def instance_from_json(data: dict[str, Any]) -> Instance:
    """Parse the plain format (docs/allocation.md); InstanceError (a ValueError) says what and
    where when the input is malformed."""
    if not isinstance(data, dict):
        raise InstanceError("the instance must be a JSON object with 'labs' and 'students'")
    raw_labs, raw_students = data.get("labs"), data.get("students")
    if not isinstance(raw_labs, list) or not isinstance(raw_students, list):
        raise InstanceError("the instance needs a 'labs' list and a 'students' list")
    labs: list[Lab] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_labs):
        where = f"labs[{i}]"
        if not isinstance(raw, dict):
            raise _fail(where, "expected an object")
        lab_id = _str_id(raw.get("id"), where + ".id")
        if lab_id in seen:
            raise _fail(where, f"lab {lab_id!r} appears twice")
        seen.add(lab_id)
        capacity = _int(raw.get("capacity"), where + ".capacity", 0)
        reserved_raw = raw.get("reserved") or {}
        if not isinstance(reserved_raw, dict):
            raise _fail(where + ".reserved", "expected an object {group: seats}")
        reserved = {str(g): _int(v, f"{where}.reserved.{g}", 0) for g, v in reserved_raw.items()}
        if sum(reserved.values()) > capacity:
            raise _fail(where + ".reserved", "more reserved seats than the capacity")
        labs.append(Lab(lab_id, capacity, reserved))
    students: list[Student] = []
    ids: set[str] = set()
    for i, raw in enumerate(raw_students):
        where = f"students[{i}]"
        if not isinstance(raw, dict):
            raise _fail(where, "expected an object")
        student_id = _str_id(raw.get("id"), where + ".id")
        if student_id in ids:
            raise _fail(where, f"student {student_id!r} appears twice")
        ids.add(student_id)
        wishes_raw = raw.get("wishes", [])
        if not isinstance(wishes_raw, list):
            raise _fail(where + ".wishes", "expected a list of lab ids, best first")
        wishes = tuple(_str_id(w, f"{where}.wishes") for w in wishes_raw)
        for w in wishes:
            if w not in seen:
                raise _fail(where + ".wishes", f"unknown lab {w!r}")
        if len(set(wishes)) != len(wishes):
            raise _fail(where + ".wishes", "a lab is listed twice")
        priority_raw = raw.get("priority", 0)
        priority: int | dict[str, int]
        if isinstance(priority_raw, dict):
            priority = {str(k): _int(v, f"{where}.priority.{k}") for k, v in priority_raw.items()}
        else:
            priority = _int(priority_raw, where + ".priority")
        lottery_raw = raw.get("lottery", 0.0)
        if isinstance(lottery_raw, bool) or not isinstance(lottery_raw, int | float):
            raise _fail(where + ".lottery", f"expected a number, got {lottery_raw!r}")
        if not math.isfinite(lottery_raw):
            raise _fail(where + ".lottery", "must be finite")
        groups_raw = raw.get("groups", [])
        if not isinstance(groups_raw, list) or not all(isinstance(g, str) for g in groups_raw):
            raise _fail(where + ".groups", "expected a list of strings")
        applied_raw = raw.get("applied_at")
        applied_at = None
        if applied_raw is not None:
            if not isinstance(applied_raw, str):
                raise _fail(where + ".applied_at", "expected an ISO 8601 time")
            try:
                applied_at = datetime.fromisoformat(applied_raw)
            except ValueError:
                raise _fail(
                    where + ".applied_at", f"not an ISO 8601 time: {applied_raw!r}"
                ) from None
            if applied_at.tzinfo is None:
                applied_at = applied_at.replace(tzinfo=UTC)
        flagged_raw = raw.get("flagged")
        flagged = None
        if flagged_raw is not None:
            flagged = _str_id(flagged_raw, where + ".flagged")
            if flagged not in wishes:
                raise _fail(where + ".flagged", f"{flagged!r} is not one of the wishes")
        students.append(
            Student(
                id=student_id,
                wishes=wishes,
                priority=priority,
                lottery=float(lottery_raw),
                groups=frozenset(groups_raw),
                applied_at=applied_at,
                flagged=flagged,
            )
        )
    return Instance(tuple(labs), tuple(students))


def instance_to_json(instance: Instance) -> dict[str, Any]:
    """The plain format back (benchmarks and tests write instances with it)."""
    return {
        "labs": [
            {"id": lab.id, "capacity": lab.capacity, "reserved": dict(lab.reserved)}
            for lab in instance.labs
        ],
        "students": [
            {
                "id": s.id,
                "wishes": list(s.wishes),
                "priority": s.priority if isinstance(s.priority, int) else dict(s.priority),
                "lottery": s.lottery,
                "groups": sorted(s.groups),
                "applied_at": s.applied_at.isoformat() if s.applied_at else None,
                "flagged": s.flagged,
            }
            for s in instance.students
        ],
    }


def result_to_json(result: Result) -> dict[str, Any]:
    return {
        "mechanism": result.mechanism,
        "assignment": dict(result.assignment),
        "waitlists": {lab: list(ids) for lab, ids in result.waitlists.items()},
        "metrics": dict(result.metrics),
        "reasons": {
            sid: {
                "rank": r.rank,
                "lab": r.lab,
                "waitlist": dict(r.waitlist),
                "cutoffs": {lab: [c, lot] for lab, (c, lot) in r.cutoffs.items()},
                "explanation": explain(r),
            }
            for sid, r in result.reasons.items()
        },
    }
