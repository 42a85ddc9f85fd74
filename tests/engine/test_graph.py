"""Property tests of the prerequisite graph algorithms against a brute-force reference."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.engine.graph import creates_cycle, topological_order

graphs = st.dictionaries(st.integers(0, 8), st.sets(st.integers(0, 8), max_size=4), max_size=9)


def reachable(edges, start, goal):
    seen, stack = set(), [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        if node in seen:
            continue
        seen.add(node)
        stack.extend(edges.get(node, ()))
    return False


def has_cycle(edges):
    return any(reachable(edges, m, n) for n, targets in edges.items() for m in targets)


@settings(max_examples=300)
@given(graphs, st.integers(0, 8), st.sets(st.integers(0, 8), max_size=4))
def test_creates_cycle_matches_brute_force(edges, node, targets):
    acyclic = {n: set(t) for n, t in edges.items()}
    # Keep only an acyclic base: drop edges that close a loop, in a fixed order.
    base: dict[int, set[int]] = {}
    for n in sorted(acyclic):
        for m in sorted(acyclic[n]):
            if m != n and not reachable(base, m, n):
                base.setdefault(n, set()).add(m)
    after = {**base, node: set(targets)}
    assert creates_cycle(base, node, targets) == has_cycle(after)


@given(graphs)
def test_topological_order_puts_requirements_first_or_reports_a_cycle(edges):
    nodes = set(edges) | {m for t in edges.values() for m in t}
    try:
        order = topological_order(edges, nodes)
    except ValueError:
        assert has_cycle(edges)
        return
    assert sorted(order) == sorted(nodes)
    position = {n: i for i, n in enumerate(order)}
    for n, targets in edges.items():
        for m in targets:
            assert position[m] < position[n]


def test_self_loop_is_a_cycle():
    assert creates_cycle({}, 1, {1})
    assert not creates_cycle({2: {3}}, 1, {2})
