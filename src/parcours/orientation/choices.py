"""The ADVP programme's closed lists: its four stages (the four vocational tasks of the
method), how a student is in the programme, and what they did next."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    EXPLORATION = "exploration", _("exploration")
    CRYSTALLISATION = "crystallisation", _("crystallisation")
    SPECIFICATION = "specification", _("specification")
    REALISATION = "realisation", _("realisation")


STAGE_ORDER = [s.value for s in Stage]


def next_stage(stage: str) -> str | None:
    i = STAGE_ORDER.index(stage)
    return STAGE_ORDER[i + 1] if i + 1 < len(STAGE_ORDER) else None


class Status(models.TextChoices):
    INVITED = "invited", _("invited")
    ENROLLED = "enrolled", _("in the programme")
    WAITLISTED = "waitlisted", _("on the waiting list")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")
    COMPLETED = "completed", _("completed")


class Source(models.TextChoices):
    VOLUNTEERED = "volunteered", _("volunteered")
    INVITED = "invited", _("invited by the coach")


class Kind(models.TextChoices):
    INTERVIEW = "interview", _("individual interview guide")
    WORKSHOP = "workshop", _("collective workshop plan")


MEETING_LABELS = {"interview": _("interview"), "workshop": _("workshop")}


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    COMPLETED = "completed", _("completed")


class OutcomeKind(models.TextChoices):
    SCHOOL_CHOSEN = "school_chosen", _("chose a school or training")
    ACCEPTED = "accepted", _("accepted in a school or training")
    APPRENTICESHIP = "apprenticeship", _("apprenticeship")
    JOB = "job", _("job")
    STILL_DECIDING = "still_deciding", _("still deciding")
    OTHER = "other", _("other")
