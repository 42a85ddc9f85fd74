"""Named version stamps: what many requests read and few writes change, kept without going
stale (ADR 31).

A *stamp* is a random value in the shared cache under a name ("catalogue", "centre:3"). A
write to what it covers gives it a new value, at once and again once the transaction commits
(a reader between the write and the commit would otherwise keep the old rows under the new
stamp). A read kept under the stamp in its key (``cached``) is therefore never served after
the data changed: the next request reads the new stamp and misses. Nothing is deleted: old
keys are no longer asked for and fall off the end of each process's memory.

Each request reads each stamp once (``request_scope``, opened by ``StampsMiddleware``), and
``read`` takes several at once in one cache read: a student's home reads the catalogue's and
its centre's stamps in one query, then the centre's closed days, lab cycles and catalogue
from the process's memory. Outside a request (tasks, commands, tests) every read asks the
shared cache.

Writes are seen through ``watch``: the model's ``post_save`` and ``post_delete``. A bulk write
(``bulk_create``, ``QuerySet.update``) sends no signal: its caller calls ``bump``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse

from parcours.core.memo import LocalLRU

V = TypeVar("V")

LOCAL_ENTRIES = 2048  # a network's centres × a few reads × the days a process lives

_memo: ContextVar[dict[str, str] | None] = ContextVar("parcours_stamps", default=None)
_local: LocalLRU[Any] = LocalLRU(LOCAL_ENTRIES)


def key_of(name: str) -> str:
    """The shared cache's key of a stamp ("parcours:catalogue:stamp")."""
    return f"parcours:{name}:stamp"


def read(*names: str) -> dict[str, str]:
    """The current value of each stamp: from this request's memory, else in one cache read
    for all the missing ones (a stamp never set is made)."""
    memo = _memo.get()
    found = {name: memo[name] for name in names if memo is not None and name in memo}
    missing = [name for name in names if name not in found]
    if missing:
        got = cache.get_many([key_of(name) for name in missing])
        for name in missing:
            value = got.get(key_of(name))
            if value is None:
                fresh = uuid4().hex
                value = (
                    fresh
                    if cache.add(key_of(name), fresh, None)
                    else cache.get(key_of(name), fresh)
                )
            found[name] = str(value)
            if memo is not None:
                memo[name] = found[name]
    return found


def stamp(name: str) -> str:
    return read(name)[name]


def _renew(name: str) -> None:
    value = uuid4().hex
    cache.set(key_of(name), value, None)
    memo = _memo.get()
    if memo is not None:
        memo[name] = value


def bump(name: str) -> None:
    """What ``name`` covers changed: a new stamp now (this transaction's own reads) and once
    the transaction commits (what others kept in between, from the rows before it)."""
    _renew(name)
    transaction.on_commit(lambda: _renew(name))


def cached(name: str, key: Hashable, make: Callable[[], V]) -> V:
    """``make()``'s value kept in this process under the stamp ``name`` and ``key`` (which
    must hold everything else the value depends on: the centre, the day). Shared between
    requests: callers must not change it."""
    value: V = _local.get_or_make((name, stamp(name), key), make)
    return value


def forget_local() -> None:
    """Empty this process's kept values (tests that count the queries of a cold read)."""
    _local.clear()


def watch(model: type[Model], name_of: Callable[[Any], str | None]) -> None:
    """Bump the stamp ``name_of(instance)`` on every save and delete of ``model``."""

    def on_write(sender: Any, instance: Any, **_: Any) -> None:
        name = name_of(instance)
        if name:
            bump(name)

    uid = f"stamps-{model._meta.label}"
    post_save.connect(on_write, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(on_write, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def centre(centre_id: int) -> str:
    """The stamp of what a centre's pages share (closed days, lab cycles, slots' meetings)."""
    return f"centre:{centre_id}"


@contextlib.contextmanager
def request_scope() -> Iterator[None]:
    """Each stamp read once in the block (a request), unless bumped in it."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


class StampsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_scope():
            return self.get_response(request)
