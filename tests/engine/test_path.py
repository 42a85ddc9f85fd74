"""The path engine: open activities, suggestion rules, level completion."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.engine.path import (
    MASTERED,
    LevelState,
    Node,
    level_states,
    open_activities,
    suggest,
)


def chain(level: int, start: int, kinds: str, comps: list[int], required: str = "") -> list[Node]:
    nodes = []
    for i, kind in enumerate(kinds):
        nid = start + i
        nodes.append(
            Node(
                id=nid,
                level=level,
                order=i,
                kind={"t": "tutorial", "q": "quiz", "p": "project"}[kind],
                required=(required[i] != "o") if required else True,
                prerequisites=frozenset({nid - 1}) if i else frozenset(),
                competencies=frozenset({comps[i % len(comps)]}),
            )
        )
    return nodes


LEVEL1 = chain(1, 1, "tqtp", [10, 11])
LEVEL2 = chain(2, 5, "tqp", [12])


def test_first_step_is_the_first_activity():
    state = suggest(LEVEL1 + LEVEL2, set(), {})
    assert state.suggestion.activity_id == 1
    assert state.open == {1, 5}  # each level's first activity has no prerequisite


def test_prefers_the_least_mastered_needed_competency():
    nodes = [
        Node(1, 1, 0, True, "quiz", competencies=frozenset({10})),
        Node(2, 1, 1, True, "quiz", competencies=frozenset({11})),
    ]
    state = suggest(nodes, set(), {10: 0.6, 11: 0.2})
    assert state.suggestion.activity_id == 2
    assert state.suggestion.reason == "practise" and state.suggestion.competency_id == 11


def test_level_needs_activities_and_mastery():
    done = {1, 2, 3, 4}
    states = level_states(LEVEL1, done, {10: 0.99, 11: 0.5})
    assert not states[0].complete and states[0].required_done == 4
    state = suggest(LEVEL1 + LEVEL2, done, {10: 0.99, 11: 0.5})
    assert state.current_level == 1 and state.suggestion.reason == "practise_again"
    state = suggest(LEVEL1 + LEVEL2, done, {10: 0.99, 11: 0.97})
    assert state.levels[0].complete and state.current_level == 2
    assert state.suggestion.activity_id == 5


def test_everything_done_means_no_suggestion():
    done = {n.id for n in LEVEL1 + LEVEL2}
    state = suggest(LEVEL1 + LEVEL2, done, {10: 1, 11: 1, 12: 1})
    assert state.suggestion is None and all(s.complete for s in state.levels)


nodes_strategy = st.lists(
    st.tuples(
        st.integers(1, 3),
        st.sampled_from(["tutorial", "quiz", "project"]),
        st.booleans(),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=200)
@given(
    nodes_strategy, st.sets(st.integers(0, 11)), st.dictionaries(st.integers(0, 3), st.floats(0, 1))
)
def test_suggestion_is_always_open_and_undone(spec, done_idx, mastery):
    nodes = []
    for i, (level, kind, required, comp) in enumerate(spec):
        prereq = frozenset({i - 1}) if i and spec[i - 1][0] == level else frozenset()
        nodes.append(Node(i, level, i, required, kind, prereq, frozenset({comp})))
    done = {i for i in done_idx if i < len(nodes)}
    state = suggest(nodes, done, mastery)
    opened = open_activities(nodes, done)
    if state.suggestion is not None:
        s = state.suggestion
        if s.reason == "practise_again":
            assert nodes[s.activity_id].kind in ("quiz", "project")
        else:
            assert s.activity_id in opened and s.activity_id not in done
    else:
        incomplete = [lv for lv in state.levels if not lv.complete]
        # No suggestion only when every level is complete, or nothing at all is reachable.
        assert not incomplete or not opened
    for lv in state.levels:
        assert 0 <= lv.percent <= 100
        assert lv.complete == (lv.required_done == lv.required_total and lv.mastered == lv.assessed)
        assert all(mastery.get(c, 0) >= MASTERED for c in lv.mastered)


def test_a_bar_labelled_with_activities_done_shows_exactly_that_fraction():
    """Issue 11: "0 of 6 activities done" under a bar that had moved (mastered competencies
    counted in the same bar). Each bar now shows its own measure."""
    state = LevelState(
        level=1,
        required_done=0,
        required_total=6,
        assessed=frozenset({1, 2, 3}),
        mastered=frozenset({1, 2}),
        complete=False,
    )
    assert state.activities_percent == 0
    assert state.mastery_percent == 67
    assert state.percent > 0  # the combined figure the dashboard card still shows
    done = LevelState(1, 6, 6, frozenset({1}), frozenset(), False)
    assert done.activities_percent == 100 and done.mastery_percent == 0
    assert LevelState(1, 0, 0, frozenset(), frozenset(), True).activities_percent == 100
