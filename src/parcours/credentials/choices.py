from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AchievementKind(models.TextChoices):
    """What a credential recognises (issue 16), with its OB 3.0 ``achievementType``."""

    LEVEL = "level", _("Level finished in a focus area")
    COMPETENCY = "competency", _("Competency validated by an expert")
    LAB = "lab", _("Lab or masterlab completed")
    ORIENTATION = "orientation", _("Orientation programme completed")
    TRAINING = "training", _("Training completed")


OB_TYPES = {
    AchievementKind.LEVEL: "Achievement",
    AchievementKind.COMPETENCY: "Competency",
    AchievementKind.LAB: "Course",
    AchievementKind.ORIENTATION: "Course",
    AchievementKind.TRAINING: "Course",
}
