"""The per-process memory of recent values (core.memo.LocalLRU): it behaves like a dictionary
that forgets the least recently used keys beyond its size, and nothing else."""

from __future__ import annotations

from collections import OrderedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.core.memo import LocalLRU

ops = st.lists(
    st.tuples(st.sampled_from(["put", "get"]), st.integers(0, 9), st.integers()), max_size=60
)


@settings(max_examples=200, deadline=None)
@given(size=st.integers(1, 5), steps=ops)
def test_it_is_a_dictionary_that_forgets_the_least_recently_used(size: int, steps) -> None:
    lru: LocalLRU[int] = LocalLRU(size)
    model: OrderedDict[int, int] = OrderedDict()
    for op, key, value in steps:
        if op == "put":
            lru.put(key, value)
            model[key] = value
            model.move_to_end(key)
            while len(model) > size:
                model.popitem(last=False)
        else:
            expected = model.get(key)
            if key in model:
                model.move_to_end(key)
            assert lru.get(key) == expected
        assert len(lru) == len(model) <= size


def test_get_or_make_makes_once_per_key() -> None:
    lru: LocalLRU[str] = LocalLRU(2)
    made: list[str] = []

    def make(v: str) -> str:
        made.append(v)
        return v

    assert lru.get_or_make("a", lambda: make("A")) == "A"
    assert lru.get_or_make("a", lambda: make("other")) == "A"
    assert made == ["A"]
    lru.get_or_make("b", lambda: make("B"))
    lru.get_or_make("c", lambda: make("C"))  # "a" falls off
    assert lru.get_or_make("a", lambda: make("A2")) == "A2"
    assert made == ["A", "B", "C", "A2"]


def test_a_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        LocalLRU(0)
