from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "parcours.attendance"
    label = "attendance"
    verbose_name = _("Attendance")

    def ready(self) -> None:
        # the live board's kept ETags are forgotten when what it shows changes
        from parcours.attendance import models, signals  # noqa: F401, PLC0415
        from parcours.core import stamps  # noqa: PLC0415

        # a centre's rules are kept under its stamp (core.stamps)
        stamps.watch(models.AttendanceSettings, lambda row: stamps.centre(row.centre_id))
