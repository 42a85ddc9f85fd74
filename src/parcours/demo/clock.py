"""The demo's calendar, moved to the day it is built.

The demo tells one coherent story around its reference day, 3 December 2026 (a Thursday of
the 2026-2027 school year): the autumn labs are over, the winter cycle takes applications,
sessions and holidays follow the French and Belgian calendars of that year. Built on any other
day, every fixed date of the story is moved by the same whole number of weeks, so that the
reference day lands on the day of the build (within three days) and weekdays stay weekdays:
the autumn labs are still just over, the winter applications still open, tonight's session
still tonight. Dates written relative to ``timezone.now()`` need no moving. Names that carry a
year ("Labs de l’hiver 2027") take it from the moved dates."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone

REFERENCE_DAY = dt.date(2026, 12, 3)


def shift() -> dt.timedelta:
    """Whole weeks from the reference day to today (the build's day)."""
    days = (timezone.localdate() - REFERENCE_DAY).days
    return dt.timedelta(weeks=round(days / 7))


def day(year: int, month: int, dom: int) -> dt.date:
    """A date of the reference story, moved to the build."""
    return dt.date(year, month, dom) + shift()


def moment(
    year: int,
    month: int,
    dom: int,
    hour: int = 0,
    minute: int = 0,
    tz: dt.tzinfo | zoneinfo.ZoneInfo = dt.UTC,
) -> dt.datetime:
    """A moment of the reference story (wall-clock time in ``tz``), moved to the build."""
    return dt.datetime.combine(day(year, month, dom), dt.time(hour, minute), tzinfo=tz)
