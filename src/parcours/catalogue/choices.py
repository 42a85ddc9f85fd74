"""The catalogue's choice enums, importable by views and the API without the models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    RETIRED = "retired", _("retired")


class ActivityKind(models.TextChoices):
    TUTORIAL = "tutorial", _("tutorial")
    QUIZ = "quiz", _("quiz")
    PROJECT = "project", _("project")
