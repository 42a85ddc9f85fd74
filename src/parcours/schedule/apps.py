from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    name = "parcours.schedule"
    label = "schedule"
    verbose_name = _("Schedule")

    def ready(self) -> None:
        # a centre's closed days and slots are kept under its stamp (core.stamps)
        from parcours.core import stamps  # noqa: PLC0415 - after the app registry
        from parcours.schedule import models  # noqa: PLC0415

        stamps.watch(models.ClosedDays, lambda row: stamps.centre(row.centre_id))
        stamps.watch(models.Slot, lambda row: stamps.centre(row.centre_id))
        stamps.watch(models.SlotMeeting, _meeting_stamp)


def _meeting_stamp(row: Any) -> str | None:
    """A meeting's centre, read by its slot's id (in a cascade the slot may be gone: its own
    delete renews the stamp)."""
    from parcours.core import stamps  # noqa: PLC0415 - after the app registry
    from parcours.schedule.models import Slot  # noqa: PLC0415

    centre_id = Slot.objects.filter(pk=row.slot_id).values_list("centre_id", flat=True).first()
    return stamps.centre(centre_id) if centre_id else None
