"""The coaching app's choices, importable without the models (views and API handlers)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    OPEN = "open", _("to do")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class Strand(models.TextChoices):
    """The timeline's filters: what kind of thing happened."""

    ENROLMENT = "enrolment", _("Registration, consents and focus areas")
    ATTENDANCE = "attendance", _("Sessions")
    LEARNING = "learning", _("Activities, quizzes and projects")
    LABS = "labs", _("Labs and masterlabs")
    COACHING = "coaching", _("Notes, actions, messages and alerts")


NOTE_MAX = 4000
TITLE_MAX = 200
SUBJECT_MAX = 150
