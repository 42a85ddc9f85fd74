"""The credentials' periodic job (settings.PARCOURS_PERIODIC_JOBS): issue, every night, what
the students' records say they earned (a student's own page does it at once for them)."""

from __future__ import annotations

from parcours.centres.models import Centre
from parcours.credentials import awards


def award_everyone() -> int:
    """``awards.award_centre`` for every centre; how many credentials were issued."""
    return sum(len(awards.award_centre(c).issued) for c in Centre.objects.order_by("slug"))
