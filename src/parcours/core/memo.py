"""A bounded, thread-safe memory of the most recently used values, kept in each process.

For what many requests of a process read and that is keyed by everything it depends on (the
catalogue's entries under its stamp, a rendered path map under its data's fingerprint): no
invalidation is needed, old keys are simply no longer asked for and fall off the end. Values
are shared between requests: readers must not change them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

V = TypeVar("V")


class LocalLRU(Generic[V]):
    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("size is at least 1")
        self.size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get_many(self, keys: Iterable[Hashable]) -> dict[Hashable, V]:
        found = {}
        with self._lock:
            for key in keys:
                if key in self._items:
                    self._items.move_to_end(key)
                    found[key] = self._items[key]
        return found

    def get(self, key: Hashable) -> V | None:
        return self.get_many([key]).get(key)

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept for ``key``, else ``make()``'s (kept). Two requests missing the same
        key at once both make it; the values are equal, the last one is kept."""
        found = self.get_many([key])
        if key in found:
            return found[key]
        value = make()
        self.put(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
