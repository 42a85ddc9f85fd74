"""The privacy app's periodic job (settings.PARCOURS_PERIODIC_JOBS)."""

from __future__ import annotations

from parcours.privacy import retention


def apply_retention() -> int:
    """Apply the retention rules; how many rows were erased, blanked or deleted."""
    return sum(retention.apply().values())
