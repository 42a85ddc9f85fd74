from __future__ import annotations

from django.db.models import QuerySet

from parcours.centres.models import Centre
from parcours.schedule.models import Slot


def open_slots(centre: Centre) -> QuerySet[Slot]:
    """Slots a family may choose at enrolment (public: no personal data)."""
    return Slot.objects.filter(centre=centre, is_open=True).prefetch_related("meetings")


def describe(slot: Slot) -> str:
    return " + ".join(str(m) for m in slot.meetings.all())
