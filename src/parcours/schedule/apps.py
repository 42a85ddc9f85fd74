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
        stamps.watch(models.SlotMeeting, lambda row: stamps.centre(row.slot.centre_id))
