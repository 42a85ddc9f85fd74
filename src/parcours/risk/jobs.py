"""Entry points for the worker's periodic jobs (settings.PARCOURS_PERIODIC_JOBS)."""

from __future__ import annotations

from parcours.risk.services import score_due_centres


def score_every_centre() -> int:
    """Each centre scored once a week (the job runs daily; see ``score_due_centres``)."""
    return score_due_centres()
