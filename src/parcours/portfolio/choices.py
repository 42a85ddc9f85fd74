from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Only me, my family and my coaches")
    CENTRE = "centre", _("My centre (signed-in members)")
    PUBLIC = "public", _("Everyone, on my public page")


class AiUse(models.TextChoices):
    UNDECLARED = "", _("Not declared yet")
    NONE = "none", _("I used no AI tool")
    USED = "used", _("I used AI tools")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("being prepared")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class ReviewStatus(models.TextChoices):
    """A work made outside an activity, reviewed like a project before it counts."""

    SUBMITTED = "submitted", _("waiting for review")
    CHANGES = "changes", _("changes requested")
    APPROVED = "approved", _("approved")
