"""Prerequisite graphs: activities point at the activities they require."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def creates_cycle(
    edges: Mapping[int, Iterable[int]], node: int, new_targets: Iterable[int]
) -> bool:
    """Would replacing ``node``'s outgoing edges with ``new_targets`` make a cycle?

    ``edges[a]`` is the set of nodes ``a`` requires. A cycle exists after the change if and only
    if ``node`` can be reached from one of its new targets.
    """
    targets = set(new_targets)
    stack = list(targets)
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if current == node:
            return True
        if current in seen:
            continue
        seen.add(current)
        following = targets if current == node else edges.get(current, ())
        stack.extend(following)
    return False


def topological_order(edges: Mapping[int, Iterable[int]], nodes: Iterable[int]) -> list[int]:
    """Nodes ordered so that every node comes after what it requires (Kahn's algorithm,
    ties broken by node id for a stable result). Raises ``ValueError`` on a cycle."""
    all_nodes = set(nodes)
    requires = {n: {m for m in edges.get(n, ()) if m in all_nodes} for n in all_nodes}
    required_by: dict[int, set[int]] = {n: set() for n in all_nodes}
    for n, reqs in requires.items():
        for m in reqs:
            required_by[m].add(n)
    ready = sorted(n for n, reqs in requires.items() if not reqs)
    order: list[int] = []
    remaining = {n: len(reqs) for n, reqs in requires.items()}
    while ready:
        current = ready.pop(0)
        order.append(current)
        for n in sorted(required_by[current]):
            remaining[n] -= 1
            if remaining[n] == 0:
                ready.append(n)
        ready.sort()
    if len(order) != len(all_nodes):
        raise ValueError("the prerequisites make a cycle")
    return order
