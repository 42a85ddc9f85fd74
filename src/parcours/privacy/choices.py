"""The states of an erasure request."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the centre's decision")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")
    DONE = "done", _("Erased")
