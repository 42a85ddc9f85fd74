"""School years. A school year starts on 1 September and is named by the calendar year it
starts in: 2026 is the year 2026-2027. "Today" is read in the centre's time zone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

START_MONTH, START_DAY = 9, 1
MIN_AGE, MAX_AGE = 12, 18


def school_year_of(day: dt.date) -> int:
    return day.year if (day.month, day.day) >= (START_MONTH, START_DAY) else day.year - 1


def year_start(year: int) -> dt.date:
    return dt.date(year, START_MONTH, START_DAY)


def year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def today_at(centre: Any | None = None) -> dt.date:
    zone = getattr(centre, "zone", None)
    return timezone.localdate(timezone=zone) if zone is not None else timezone.localdate()


def current_school_year(centre: Any | None = None) -> int:
    """The school year running today at the centre."""
    return school_year_of(today_at(centre))


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_at_start(birth_date: dt.date, year: int) -> int:
    """The age the 12-18 rule looks at: on 1 September of the school year."""
    return age_on(birth_date, year_start(year))
