from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternshipsConfig(AppConfig):
    name = "parcours.internships"
    verbose_name = _("prevention internships")
