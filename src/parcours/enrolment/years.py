"""School years. A school year starts on 1 September and is named by the calendar year it
starts in: 2026 is the year 2026-2027. "Today" is read in the centre's time zone."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from parcours.people.ages import age_on

if TYPE_CHECKING:
    from parcours.centres.models import Centre

START_MONTH, START_DAY = 9, 1
MIN_AGE, MAX_AGE = 12, 18  # the 12-18 rule, on the first day of the school year


def school_year_of(day: dt.date) -> int:
    return day.year if (day.month, day.day) >= (START_MONTH, START_DAY) else day.year - 1


def year_start(year: int) -> dt.date:
    return dt.date(year, START_MONTH, START_DAY)


def year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def today_at(centre: Centre | None = None) -> dt.date:
    return timezone.localdate(timezone=centre.zone) if centre is not None else timezone.localdate()


def current_school_year(centre: Centre | None = None) -> int:
    """The school year running today at the centre."""
    return school_year_of(today_at(centre))


def age_at_start(birth_date: dt.date, year: int) -> int:
    """The age the 12-18 rule looks at: on 1 September of the school year."""
    return age_on(birth_date, year_start(year))
