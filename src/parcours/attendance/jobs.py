"""Entry points for the worker's periodic jobs (settings.PARCOURS_PERIODIC_JOBS)."""

from __future__ import annotations

from parcours.attendance.services import sessions_close_ended


def close_ended_sessions() -> int:
    """Record the absences of every session that has ended (idempotent)."""
    return sessions_close_ended()
