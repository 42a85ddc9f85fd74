"""Entry points for the worker's periodic jobs (settings.PARCOURS_PERIODIC_JOBS)."""

from __future__ import annotations

from parcours.coaching.services import remind_due_actions


def remind_owners() -> int:
    """The owners of follow-up actions due today reminded by e-mail (hourly, once a day)."""
    return remind_due_actions()
