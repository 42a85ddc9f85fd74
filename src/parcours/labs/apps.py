from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "parcours.labs"
    label = "labs"
    verbose_name = _("Labs and masterlabs")

    def ready(self) -> None:
        # a centre's lab cycles are kept under its stamp (core.stamps)
        from parcours.core import stamps  # noqa: PLC0415 - after the app registry
        from parcours.labs import models  # noqa: PLC0415

        stamps.watch(models.LabCycle, lambda row: stamps.centre(row.centre_id))
