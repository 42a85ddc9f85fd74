"""The allocation engine: properties of every mechanism on random instances (hypothesis), the
fairness and efficiency guarantees of `stable` and `welfare`, deferred acceptance against the
`matching` package, TUMO's weekly rule, reasons and the JSON format."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from bench import allocation as bench
from hypothesis import given, settings
from hypothesis import strategies as st
from matching.games import HospitalResident

from parcours.engine import allocation as a
from parcours.engine.allocation import Instance, Lab, Student, allocate

LABS = ["A", "B", "C", "D", "E"]


@st.composite
def instances(draw: st.DrawFn, reserves: bool = True, strict: bool = False) -> Instance:
    labs_n = draw(st.integers(1, 5))
    labs = []
    for lab in LABS[:labs_n]:
        cap = draw(st.integers(0, 3))
        reserved = {}
        if reserves and cap and draw(st.booleans()):
            reserved = {"girl": draw(st.integers(0, cap))}
            if draw(st.booleans()):
                reserved["social"] = draw(st.integers(0, cap - reserved["girl"]))
        labs.append(Lab(lab, cap, reserved))
    n = draw(st.integers(0, 12))
    lotteries = (
        draw(st.lists(st.floats(0, 1), min_size=n, max_size=n, unique=True))
        if strict
        else draw(st.lists(st.sampled_from([0.1, 0.2, 0.3, 0.5]), min_size=n, max_size=n))
    )
    students = []
    for i in range(n):
        wishes = draw(st.permutations(LABS[:labs_n]))[: draw(st.integers(0, labs_n))]
        if strict:
            priority: int | dict[str, int] = 0
        elif draw(st.booleans()):
            priority = draw(st.integers(0, 2))
        else:
            priority = {w: draw(st.integers(0, 2)) for w in wishes}
        groups = {draw(st.sampled_from(["girl", "boy"]))}
        if draw(st.booleans()):
            groups.add("social")
        if draw(st.booleans()):
            groups.add(a.NO_LAB)
        students.append(
            Student(
                id=f"s{i}",
                wishes=tuple(wishes),
                priority=priority,
                lottery=lotteries[i],
                groups=frozenset(groups),
                applied_at=datetime(2025, 9, 1, draw(st.integers(0, 23)), tzinfo=UTC),
                flagged=wishes[0] if wishes and draw(st.booleans()) else None,
            )
        )
    return Instance(tuple(labs), tuple(students))


def _class_at(student: Student, lab: str) -> int:
    p = student.priority
    return p if isinstance(p, int) else int(p.get(lab, 0))


def _reserved_holders(lab: Lab, admitted: list[Student]) -> dict[str, str]:
    """Who holds the lab's reserved seats, by the documented rule: each group (in name order)
    gets its reserved seats filled by its best admitted members (class, then lottery, then
    id) not holding one already. Student id -> the group whose seat they hold."""
    holders: dict[str, str] = {}
    for group in sorted(lab.reserved):
        members = sorted(
            (t for t in admitted if group in t.groups and t.id not in holders),
            key=lambda t: (-_class_at(t, lab.id), t.lottery, t.id),
        )
        for t in members[: lab.reserved[group]]:
            holders[t.id] = group
    return holders


def envy_pairs(instance: Instance, assignment: dict[str, str | None]) -> list[tuple[str, str, str]]:
    """Brute force, for small instances, independent of the engine's own counter: every
    (student, lab, why) where the student prefers the lab to what they got and the lab has a
    free seat ("free seat") or admitted someone of strictly lower priority class there
    ("lower priority") who does not hold a seat reserved for a group the student is not in."""
    labs = {lab.id: lab for lab in instance.labs}
    admitted: dict[str, list[Student]] = {lab_id: [] for lab_id in labs}
    for student in instance.students:
        got = assignment[student.id]
        if got is not None:
            admitted[got].append(student)
    pairs = []
    for s in instance.students:
        got = assignment[s.id]
        better = s.wishes[: s.wishes.index(got)] if got is not None else s.wishes
        for lab_id in better:
            there = admitted[lab_id]
            if len(there) < labs[lab_id].capacity:
                pairs.append((s.id, lab_id, "free seat"))
                continue
            shielded = _reserved_holders(labs[lab_id], there)
            if any(
                _class_at(t, lab_id) < _class_at(s, lab_id)
                and not (t.id in shielded and shielded[t.id] not in s.groups)
                for t in there
            ):
                pairs.append((s.id, lab_id, "lower priority"))
    return pairs


def ranks(instance: Instance, assignment: dict[str, str | None]) -> dict[str, int]:
    return {
        s.id: s.wishes.index(assignment[s.id]) if assignment[s.id] else len(s.wishes)  # type: ignore[arg-type]
        for s in instance.students
    }


@settings(max_examples=100, deadline=None)
@given(instances(), st.sampled_from(a.MECHANISMS))
def test_every_mechanism_respects_capacities_and_wishes(instance: Instance, mech: str) -> None:
    result = allocate(instance, mech)
    caps = {lab.id: lab.capacity for lab in instance.labs}
    assert set(result.assignment) == {s.id for s in instance.students}
    for lab, cap in caps.items():
        assert sum(1 for x in result.assignment.values() if x == lab) <= cap
    for s in instance.students:
        got = result.assignment[s.id]
        assert got is None or got in s.wishes
        reason = result.reasons[s.id]
        assert reason.lab == got
        assert reason.rank == (s.wishes.index(got) + 1 if got else None)
        better = s.wishes[: reason.rank - 1] if reason.rank else s.wishes
        assert list(reason.waitlist) == list(better)
        for lab, place in reason.waitlist.items():
            assert result.waitlists[lab][place - 1] == s.id
        assert a.explain(reason).endswith(".")
    # identical input, identical result
    again = allocate(instance, mech)
    assert again.assignment == result.assignment
    assert again.waitlists == result.waitlists
    assert again.reasons == result.reasons
    assert {k: v for k, v in again.metrics.items() if k != "seconds"} == {
        k: v for k, v in result.metrics.items() if k != "seconds"
    }
    assert result.metrics["max_flow_seats"] == a.max_flow_seats(instance)
    assert result.metrics["seats_filled"] <= result.metrics["max_flow_seats"]


@settings(max_examples=200, deadline=None)
@given(instances())
def test_stable_has_no_justified_envy_wastes_no_seat_and_improves_on_da(
    instance: Instance,
) -> None:
    result = allocate(instance, "stable")
    assert result.metrics["justified_envy"] == 0
    assert a.justified_envy(instance, result.assignment) == 0
    assert envy_pairs(instance, result.assignment) == []  # the brute force agrees
    # plain deferred acceptance is stable too, and nobody is worse off after the cycles
    da = a.deferred_acceptance(instance)
    assert a.justified_envy(instance, da) == 0
    before, after = ranks(instance, da), ranks(instance, result.assignment)
    assert all(after[s] <= before[s] for s in before)
    # non-wasteful: nobody is refused a wished lab, better than theirs, that has a free seat
    caps = {lab.id: lab.capacity for lab in instance.labs}
    used = {lab: 0 for lab in caps}
    for lab in result.assignment.values():
        if lab:
            used[lab] += 1
    for s in instance.students:
        for lab in s.wishes[: after[s.id]]:
            assert used[lab] == caps[lab], (s.id, lab)


@settings(max_examples=200, deadline=None)
@given(instances(reserves=False), st.sampled_from(a.MECHANISMS))
def test_the_engines_envy_counter_matches_the_brute_force(instance: Instance, mech: str) -> None:
    """Without reserved seats the two definitions coincide: the engine counts the students who
    lost a full lab to a lower priority class; the brute force enumerates every pair."""
    result = allocate(instance, mech)
    envious = {s for s, _lab, why in envy_pairs(instance, result.assignment) if why != "free seat"}
    assert a.justified_envy(instance, result.assignment) == len(envious)
    assert result.metrics["justified_envy"] == len(envious)


def test_the_brute_force_envy_checker_on_small_cases() -> None:
    full = Instance(
        (Lab("A", 1), Lab("B", 1)),
        (Student("hi", ("A", "B"), priority=2), Student("lo", ("A",), priority=1)),
    )
    assert envy_pairs(full, {"hi": "B", "lo": "A"}) == [("hi", "A", "lower priority")]
    assert envy_pairs(full, {"hi": "A", "lo": None}) == []
    # a free seat in a lab one prefers is envy too (waste), whatever the priorities
    assert envy_pairs(full, {"hi": None, "lo": "A"}) == [
        ("hi", "A", "lower priority"),
        ("hi", "B", "free seat"),
    ]
    # equal classes: the lottery decided, nobody lost to a lower priority
    tie = Instance(
        (Lab("A", 1),), (Student("p", ("A",), lottery=0.1), Student("q", ("A",), lottery=0.9))
    )
    assert envy_pairs(tie, {"p": None, "q": "A"}) == []
    # a seat reserved for girls shields its holder from a boy, not from a girl
    res = Instance(
        (Lab("A", 1, {"girl": 1}),),
        (
            Student("boy", ("A",), priority=2, groups=frozenset({"boy"})),
            Student("girl", ("A",), priority=1, groups=frozenset({"girl"})),
            Student("top", ("A",), priority=3, groups=frozenset({"girl"})),
        ),
    )
    assert envy_pairs(res, {"boy": None, "girl": "A", "top": None}) == [
        ("top", "A", "lower priority")
    ]


@settings(max_examples=100, deadline=None)
@given(instances())
def test_welfare_fills_the_max_flow(instance: Instance) -> None:
    result = allocate(instance, "welfare")
    assert result.metrics["seats_filled"] == a.max_flow_seats(instance)
    # ... and, with as many seats as stable, no higher total rank
    stable = allocate(instance, "stable")
    if stable.metrics["seats_filled"] == result.metrics["seats_filled"]:

        def total(assignment: dict[str, str | None]) -> int:
            return sum(s.wishes.index(lab) for s in instance.students if (lab := assignment[s.id]))

        assert total(result.assignment) <= total(stable.assignment)


@settings(max_examples=100, deadline=None)
@given(instances(reserves=False, strict=True))
@pytest.mark.filterwarnings("ignore::UserWarning")
def test_deferred_acceptance_equals_the_matching_package(instance: Instance) -> None:
    # the package takes no lab without seats: such a lab refuses everyone, so leave it out
    open_labs = {lab.id for lab in instance.labs if lab.capacity > 0}
    resident_prefs = {
        s.id: [w for w in s.wishes if w in open_labs]
        for s in instance.students
        if any(w in open_labs for w in s.wishes)
    }
    labs = [lab for lab in instance.labs if any(lab.id in p for p in resident_prefs.values())]
    ours = a.deferred_acceptance(instance)
    if not labs:
        assert all(v is None for v in ours.values())
        return
    order = sorted(instance.students, key=lambda s: s.lottery)  # one class: the lottery decides
    hospital_prefs = {
        lab.id: [s.id for s in order if lab.id in resident_prefs.get(s.id, ())] for lab in labs
    }
    game = HospitalResident.create_from_dictionaries(
        resident_prefs, hospital_prefs, {lab.id: lab.capacity for lab in labs}
    )
    theirs: dict[str, str | None] = {s.id: None for s in instance.students}
    for hospital, residents in game.solve(optimal="resident").items():
        for resident in residents:
            theirs[resident.name] = hospital.name
    assert ours == theirs
    # and with no ties at all there is no improvement cycle: stable is DA
    assert allocate(instance, "stable").assignment == ours


def test_a_stable_improvement_cycle_is_found_and_applied() -> None:
    # One class everywhere except i1 first at s1; the lottery (i2 < i3 < i1) makes DA place
    # i1 and i2 each at the other's first choice.
    inst = Instance(
        (Lab("s1", 1), Lab("s2", 1), Lab("s3", 1)),
        (
            Student("i1", ("s2", "s1", "s3"), priority={"s1": 1, "s2": 0, "s3": 0}, lottery=0.3),
            Student("i2", ("s1", "s2", "s3"), priority={"s1": 0, "s2": 0, "s3": 0}, lottery=0.1),
            Student("i3", ("s1", "s2", "s3"), priority={"s1": 0, "s2": 0, "s3": 0}, lottery=0.2),
        ),
    )
    # DA: i1 -> s2, i2 -> s1, i3 -> s1 loses to i2 (0.1), i3 -> s2 beats i1 (0.2 < 0.3),
    # i1 -> s1 (class 1) displaces i2, i2 -> s2 beats i3, i3 -> s3.
    # i1 desires s2 and is among its top desirers (i1, i3: class 0); i2 desires s1 and is among
    # its top desirers (i2, i3: class 0). The cycle i1 -> s2, i2 -> s1 hurts nobody.
    assert a.deferred_acceptance(inst) == {"i1": "s1", "i2": "s2", "i3": "s3"}
    result = allocate(inst, "stable")
    assert result.assignment == {"i1": "s2", "i2": "s1", "i3": "s3"}
    assert result.metrics["justified_envy"] == 0
    assert result.metrics["first_choice_pct"] == pytest.approx(66.67)


def test_justified_envy_counts_a_lower_class_in_a_full_lab() -> None:
    inst = Instance(
        (Lab("A", 1), Lab("B", 1)),
        (Student("hi", ("A", "B"), priority=2), Student("lo", ("A",), priority=1)),
    )
    assert a.justified_envy(inst, {"hi": "B", "lo": "A"}) == 1
    assert a.justified_envy(inst, {"hi": "A", "lo": None}) == 0
    # equal classes: the lottery decides, nobody "lost to a lower priority"
    tie = Instance(
        (Lab("A", 1),), (Student("p", ("A",), lottery=0.1), Student("q", ("A",), lottery=0.9))
    )
    assert a.justified_envy(tie, {"p": None, "q": "A"}) == 0
    # a reserved seat protects a lower class of the group against a non-member
    res = Instance(
        (Lab("A", 1, {"girl": 1}),),
        (
            Student("boy", ("A",), priority=2, groups=frozenset({"boy"})),
            Student("girl", ("A",), priority=1, groups=frozenset({"girl"})),
        ),
    )
    assert a.justified_envy(res, {"boy": None, "girl": "A"}) == 0
    assert a.justified_envy(res, {"boy": "A", "girl": None}) == 1  # she outranks him there
    assert allocate(res, "stable").assignment == {"boy": None, "girl": "A"}


def test_reserved_seats_are_released_when_unused() -> None:
    inst = Instance(
        (Lab("A", 2, {"girl": 1}),),
        (
            Student("b1", ("A",), priority=1, lottery=0.1, groups=frozenset({"boy"})),
            Student("b2", ("A",), priority=1, lottery=0.2, groups=frozenset({"boy"})),
            Student("b3", ("A",), priority=0, lottery=0.3, groups=frozenset({"boy"})),
        ),
    )
    for mech in ("stable", "rsd", "fcfs"):
        assert allocate(inst, mech).metrics["seats_filled"] == 2, mech
    girl = Student("g", ("A",), priority=0, lottery=0.9, groups=frozenset({"girl"}))
    with_girl = Instance(inst.labs, (*inst.students, girl))
    assert allocate(with_girl, "stable").assignment == {
        "b1": "A",
        "b2": None,
        "b3": None,
        "g": "A",
    }


def test_tumo_weekly_follows_the_documented_order_and_leaves_freed_seats_empty() -> None:
    t = datetime(2025, 9, 1, 10, tzinfo=UTC)
    later = datetime(2025, 9, 2, 10, tzinfo=UTC)
    inst = Instance(
        (Lab("A", 1), Lab("B", 1)),
        (
            # admitted at both A and B: keeps A, B's seat stays empty until next week
            Student("new", ("A", "B"), groups=frozenset({a.NO_LAB}), applied_at=later),
            Student("flag", ("B", "A"), flagged="B", applied_at=t),
            Student("single", ("A",), applied_at=t),
        ),
    )
    result = allocate(inst, "tumo-weekly")
    assert result.assignment == {"new": "A", "flag": None, "single": None}
    assert result.metrics["seats_filled"] == 1
    # the stable mechanism fills both (flag gets B)
    assert allocate(inst, "stable").metrics["seats_filled"] == 2
    # one application before alumni, alumni last, then the earliest application
    order = Instance(
        (Lab("A", 1),),
        (
            Student("alum", ("A",), groups=frozenset({a.ALUMNI}), applied_at=t),
            Student("late", ("A",), applied_at=later),
        ),
    )
    assert allocate(order, "tumo-weekly").assignment["late"] == "A"
    early = Instance(
        (Lab("A", 1),),
        (Student("late", ("A",), applied_at=later), Student("early", ("A",), applied_at=t)),
    )
    assert allocate(early, "tumo-weekly").assignment["early"] == "A"
    assert allocate(early, "fcfs").assignment["early"] == "A"


def test_reasons_and_explanations() -> None:
    inst = Instance(
        (Lab("robots", 1), Lab("games", 1)),
        (
            Student("ana", ("robots", "games"), priority={"robots": 2}, lottery=0.5),
            Student("ben", ("robots", "games"), lottery=0.1),
            Student("cy", ("robots", "games"), lottery=0.2),
        ),
    )
    result = allocate(inst)
    assert result.assignment == {"ana": "robots", "ben": "games", "cy": None}
    assert result.waitlists == {"robots": ["ben", "cy"], "games": ["cy"]}
    ben = result.reasons["ben"]
    assert ben.rank == 2 and ben.waitlist == {"robots": 1}
    assert ben.cutoffs == {"robots": (2, 0.5), "games": (0, 0.1)}
    assert a.explain(ben) == (
        "You got your 2nd choice, games; you are 1st on the waitlist of robots "
        "(last seat: priority class 2, lottery 0.5)."
    )
    assert a.explain(result.reasons["ana"]) == "You got your 1st choice, robots."
    assert a.explain(result.reasons["cy"]).startswith("You got no lab; you are 2nd on the")
    assert a.explain(a.Reason(None, None, {}, {})) == (
        "You got no lab because you did not list any."
    )


def test_json_round_trip_and_errors() -> None:
    data = {
        "labs": [{"id": "A", "capacity": 2, "reserved": {"girl": 1}}, {"id": 7, "capacity": 1}],
        "students": [
            {
                "id": "s1",
                "wishes": ["A", "7"],
                "priority": {"A": 2},
                "lottery": 0.25,
                "groups": ["girl"],
                "applied_at": "2025-09-01T10:00:00",
                "flagged": "A",
            },
            {"id": 2, "wishes": ["7"]},
        ],
    }
    inst = a.instance_from_json(data)
    assert inst.labs[1].id == "7" and inst.students[1].id == "2"
    assert inst.students[0].applied_at == datetime(2025, 9, 1, 10, tzinfo=UTC)
    assert a.instance_from_json(a.instance_to_json(inst)) == inst
    out = a.result_to_json(allocate(inst, "welfare"))
    assert set(out) == {"mechanism", "assignment", "waitlists", "metrics", "reasons"}
    assert out["assignment"] == {"s1": "A", "2": "7"}
    bad = [
        ([], "JSON object"),
        ({"labs": []}, "'students' list"),
        ({"labs": [{"id": "A", "capacity": -1}], "students": []}, "labs[0].capacity"),
        ({"labs": [{"id": "A", "capacity": 1, "reserved": {"g": 2}}], "students": []}, "reserved"),
        ({"labs": [{"id": "A", "capacity": 1}] * 2, "students": []}, "twice"),
        ({"labs": [], "students": [{"id": "s", "wishes": ["X"]}]}, "unknown lab 'X'"),
        ({"labs": [], "students": [{"id": "s", "lottery": "x"}]}, "students[0].lottery"),
        ({"labs": [], "students": [{"id": "s", "applied_at": "soon"}]}, "ISO 8601"),
        ({"labs": [], "students": [{"id": "s"}, {"id": "s"}]}, "twice"),
    ]
    for raw, message in bad:
        with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
            a.instance_from_json(raw)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown mechanism"):
        allocate(inst, "magic")


def test_metrics_on_a_small_case() -> None:
    inst = Instance(
        (Lab("A", 1), Lab("B", 1)),
        (
            Student("g", ("A", "B"), lottery=0.1, groups=frozenset({"girl"})),
            Student("b", ("A", "B"), lottery=0.2, groups=frozenset({"boy"})),
            Student("c", ("A",), lottery=0.3, groups=frozenset({"boy"})),
            Student("none", ()),
        ),
    )
    m = allocate(inst, "stable").metrics
    assert m["first_choice_pct"] == pytest.approx(33.33)
    assert m["top3_pct"] == pytest.approx(66.67)
    assert m["unassigned_pct"] == pytest.approx(33.33)
    assert (m["seats_filled"], m["max_flow_seats"], m["justified_envy"]) == (2, 2, 0)
    assert m["first_choice_gap_pp"] == pytest.approx(100.0)


def test_bench_centre_meets_the_goals() -> None:
    lines: list[str] = []
    bench.run({"scale": "centre", "seed": 0, "json": True}, lines.append)
    rows = {row["mechanism"]: row for row in map(json.loads, lines)}
    assert list(rows) == list(a.MECHANISMS)
    stable, tumo, welfare = rows["stable"], rows["tumo-weekly"], rows["welfare"]
    assert stable["justified_envy"] == 0 and stable["worse_than_da"] == 0
    assert stable["seats_filled"] >= tumo["seats_filled"]
    assert stable["first_choice_pct"] >= tumo["first_choice_pct"]
    assert welfare["seats_filled"] == welfare["max_flow_seats"]
    assert all(row["students"] == 1200 and row["labs"] == 90 for row in rows.values())
