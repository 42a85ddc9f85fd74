from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "parcours.web"
    label = "web"
    verbose_name = _("Web pages")

    def ready(self) -> None:
        # Count failed sign-ins per address (web.signin): connects its signal receiver.
        from parcours.web import signin  # noqa: F401, PLC0415
