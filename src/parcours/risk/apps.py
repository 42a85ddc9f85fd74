from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "parcours.risk"
    label = "risk"
    verbose_name = _("Early warning")
