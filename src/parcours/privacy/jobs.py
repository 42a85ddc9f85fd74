"""The privacy app's periodic job (settings.PARCOURS_PERIODIC_JOBS)."""

from __future__ import annotations

from parcours.privacy import retention


def apply_retention() -> dict[str, int]:
    return retention.apply()
