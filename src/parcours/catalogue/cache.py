"""The published catalogue, cached: what a student's path shows of an area is the same for
every student of a centre until the catalogue changes, so it is built once and kept in the
shared cache (docs/deployment.md).

Invalidation is one *stamp* for the whole catalogue, part of every cached key: any write to a
catalogue model (save, delete, a change of an activity's competencies or prerequisites, from a
service, an import or the admin) gives the stamp a new value once its transaction commits, so
every entry made before is never read again (and expires). Bumping after the commit matters:
a reader between the write and the commit still sees the old rows and would otherwise cache
them under the new stamp. Catalogue writes are rare (a manager publishing, an import); reads
are every student page. ADR 0020.

The stamp is ``core.stamps``' "catalogue" (read once per request, with the centre's stamp
when a page needs both). Each process also keeps the entries it has read in memory
(``LOCAL_ENTRIES`` most recent, keyed like the shared cache, stamp included): reading the
shared cache costs a query and unpickling model instances, about a third of a student's page.
The stamp itself is still read from the shared cache on every request, so a write in any
process is seen at once by all (their next request).
Entries are shared between the requests of a process: readers must not change them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from parcours.core import stamps
from parcours.core.memo import LocalLRU

STAMP = "catalogue"
STAMP_KEY = stamps.key_of(STAMP)
TIMEOUT = 6 * 3600  # cached entries; the stamp itself does not expire
LOCAL_ENTRIES = 256  # a network's centres × areas, in each process

_local: LocalLRU[Any] = LocalLRU(LOCAL_ENTRIES)


def stamp() -> str:
    """The catalogue's current stamp (made on first use)."""
    return stamps.stamp(STAMP)


def changed() -> None:
    """The catalogue changed: nothing cached before is read again. The stamp changes now (this
    transaction's own reads) and again once it commits (what others cached in between, from
    the rows before the commit, is dropped too)."""
    stamps.bump(STAMP)


def _on_write(**_: Any) -> None:
    changed()


def connect() -> None:
    """Bump the stamp on every write to a catalogue model (called by the app's ready())."""
    from parcours.catalogue import models  # noqa: PLC0415 - models are ready only now

    watched: list[type[Model]] = [
        models.FocusArea,
        models.FocusAreaLevel,
        models.CentreFocusArea,  # the areas a centre offers
        models.Activity,
        models.Competency,
        models.LabTemplate,
        models.FrameworkVersion,
        models.Activity.competencies.through,
        models.Activity.prerequisites.through,
    ]
    for model in watched:
        post_save.connect(_on_write, sender=model, dispatch_uid=f"catalogue-stamp-{model}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"catalogue-stamp-d-{model}")
    for through in (models.Activity.competencies.through, models.Activity.prerequisites.through):
        m2m_changed.connect(_on_write, sender=through, dispatch_uid=f"catalogue-stamp-m-{through}")


def get_many(keys: list[str]) -> dict[str, Any]:
    """The entries found, from this process's memory first, then the shared cache."""
    found: dict[str, Any] = {str(k): v for k, v in _local.get_many(keys).items()}
    missing = [key for key in keys if key not in found]
    if missing:
        shared = cache.get_many(missing)
        for key, value in shared.items():
            _local.put(key, value)
        found.update(shared)
    return found


def get_or_make(key: str, make: Callable[[], Any]) -> Any:
    """The entry under ``key`` (this process, then the shared cache), else ``make()``'s,
    kept in both."""
    found = get_many([key])
    if key in found:
        return found[key]
    value = make()
    put(key, value)
    return value


def put(key: str, value: Any) -> None:
    cache.set(key, value, TIMEOUT)
    _local.put(key, value)


def forget_local() -> None:
    """Empty this process's copies (tests that count the shared cache's reads)."""
    _local.clear()
