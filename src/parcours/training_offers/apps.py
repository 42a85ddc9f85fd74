from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingOffersConfig(AppConfig):
    name = "parcours.training_offers"
    verbose_name = _("next-step training offers")
