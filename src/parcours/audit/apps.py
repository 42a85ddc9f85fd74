from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "parcours.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # The models whose changes are recorded, said in one place (registry.py).
        from parcours.audit.registry import register_all  # noqa: PLC0415 (apps not ready before)

        register_all()
