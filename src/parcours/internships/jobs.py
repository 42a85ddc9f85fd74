"""Prevention internships' periodic job (settings.PARCOURS_PERIODIC_JOBS): remind each
centre's managers to follow up an internship's young people one and three months after it."""

from __future__ import annotations

from parcours.internships import services


def remind_follow_ups() -> int:
    """How many young people became due for a follow-up now (each told once)."""
    return services.remind_follow_ups()
