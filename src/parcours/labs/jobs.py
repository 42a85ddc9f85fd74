"""Entry points for the worker's periodic jobs (settings.PARCOURS_PERIODIC_JOBS)."""

from __future__ import annotations

from parcours.labs.services import offers_expire


def expire_offers() -> int:
    """Decline every waitlist offer past its deadline and pass the place on (idempotent)."""
    return offers_expire()
