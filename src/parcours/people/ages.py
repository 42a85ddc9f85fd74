"""Ages, in one place: the 12-18 rule's arithmetic and adulthood (who consents for
themselves). Pure date arithmetic; the caller says which day counts (usually "today" in the
centre's time zone)."""

from __future__ import annotations

import datetime as dt
from typing import Any

ADULT_AGE = 18


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Whole years completed on ``day`` (a birthday on 29 February counts from 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def birth_date_of(person: Any) -> dt.date | None:
    """The birth date of a student (a ``User`` with a profile), a ``StudentProfile``, or a
    date itself; ``None`` for anyone without one (staff, guardians)."""
    if isinstance(person, dt.date):
        return person
    if hasattr(person, "birth_date"):
        return person.birth_date
    profile = getattr(person, "student_profile", None)
    return getattr(profile, "birth_date", None)


def is_adult(person: Any, day: dt.date) -> bool:
    """True when ``person`` (a student, their profile, or a birth date) is 18 or over on
    ``day``. Someone without a birth date (staff, guardians) is an adult."""
    born = birth_date_of(person)
    return born is None or age_on(born, day) >= ADULT_AGE
