"""Rebalancing caseloads (issue 15): every coach ends within one student of the others, with
the fewest possible changes of coach, never moving a student kept where they are."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parcours.engine.caseload import Move, apply, rebalance, targets


def test_an_uneven_centre_is_evened_with_the_fewest_moves():
    caseloads = {"ana": [f"a{k}" for k in range(10)], "ben": ["b0", "b1"], "cleo": []}
    moves = rebalance(caseloads, unassigned=["new"])
    after, left = apply(caseloads, ["new"], moves)
    assert sorted(len(s) for s in after.values()) == [4, 4, 5]
    assert left == []
    # the newcomer first, then the most recently given of ana's
    assert moves[0] == Move("new", None, "cleo")
    assert all(m.source in (None, "ana") for m in moves)
    assert len(moves) == 1 + (10 - 5)


def test_kept_students_do_not_move_even_if_the_balance_suffers():
    caseloads = {"ana": ["a0", "a1", "a2", "a3"], "ben": []}
    moves = rebalance(caseloads, keep={"a0", "a1", "a2", "a3"})
    assert moves == []
    moves = rebalance(caseloads, keep={"a3", "a2"})
    assert {m.student for m in moves} == {"a1", "a0"}


def test_a_balanced_centre_needs_nothing_and_no_coach_needs_nothing():
    assert rebalance({"ana": ["a"], "ben": ["b", "c"]}) == []
    assert rebalance({}, unassigned=["x"]) == []
    assert targets({"ana": 3, "ben": 1}, 5) == {"ana": 3, "ben": 2}


@given(
    st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=8),
    st.integers(min_value=0, max_value=20),
    st.sets(st.integers(min_value=0, max_value=300), max_size=20),
)
def test_any_centre_ends_balanced_within_one_with_minimal_moves(sizes, newcomers, kept_ids):
    caseloads = {f"c{i}": [f"s{i}-{k}" for k in range(n)] for i, n in enumerate(sizes)}
    unassigned = [f"new{k}" for k in range(newcomers)]
    every = [s for students in caseloads.values() for s in students]
    keep = {every[i] for i in kept_ids if i < len(every)}
    moves = rebalance(caseloads, unassigned, keep)
    after, left = apply(caseloads, unassigned, moves)
    # nobody lost, nobody twice, nobody moved against ``keep`` or to the coach they have
    placed = [s for students in after.values() for s in students]
    assert sorted(placed + left) == sorted(every + unassigned)
    assert len(placed) == len(set(placed))
    assert not {m.student for m in moves} & keep
    assert all(m.source != m.target for m in moves)
    assert len({m.student for m in moves}) == len(moves)
    goal = targets({c: len(s) for c, s in caseloads.items()}, len(every) + len(unassigned))
    if not keep:
        # everyone within one of the others, everyone placed, and no move more than needed
        assert left == []
        assert max(map(len, after.values())) - min(map(len, after.values())) <= 1
        needed = len(unassigned) + sum(max(len(s) - goal[c], 0) for c, s in caseloads.items())
        assert len(moves) == needed
    # whoever was above target ends at it, or with just the students kept with them;
    # whoever was below ends at most at target
    for coach, students in caseloads.items():
        kept_here = len([s for s in students if s in keep])
        if len(students) > goal[coach]:
            assert len(after[coach]) == max(goal[coach], kept_here)
        else:
            assert len(after[coach]) <= goal[coach]
