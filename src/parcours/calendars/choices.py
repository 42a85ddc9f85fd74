"""The calendars app's choice enums, importable without the models (views and API handlers
use them; they never import a model)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedPurpose(models.TextChoices):
    STUDENT = "student", _("my sessions (student or family)")
    STAFF = "staff", _("my centre's sessions (staff)")
