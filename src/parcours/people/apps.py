from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "parcours.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        # Sign-in and sign-out make and close the rows of "My sessions" (people.sessions).
        from parcours.people import sessions, twofactor  # noqa: F401, PLC0415
