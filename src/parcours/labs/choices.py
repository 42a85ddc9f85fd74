"""The choices of labs (statuses, mechanisms, outcomes) and their constants: what pages and
the API may name without importing the models (``models`` imports them from here)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Mechanism(models.TextChoices):
    """The mechanisms of ``parcours.engine.allocation.MECHANISMS``."""

    # Plain words first, the literature's name in brackets (issue 11: managers read these).
    STABLE = (
        "stable",
        _(
            "fair by priority: nobody passed over for a lower priority "
            "(stable, deferred acceptance)"
        ),
    )
    TUMO_WEEKLY = "tumo-weekly", _("TUMO's weekly rule")
    FCFS = "fcfs", _("first come, first served")
    RSD = (
        "rsd",
        _(
            "one at a time in a drawn order, each taking their best lab left "
            "(random serial dictatorship)"
        ),
    )
    WELFARE = "welfare", _("as many seats and as good ranks as possible (welfare)")


class PriorityRule(models.TextChoices):
    """How a cycle ranks its applicants before the lottery (``labs.allocation``)."""

    TUMO = "tumo", _("newcomers first (no lab held or upcoming), then the flagged lab")
    NEWCOMERS = "newcomers", _("newcomers first, flags ignored")
    FLAG = "flag", _("the flagged lab only")
    LOTTERY = "lottery", _("lottery only")


class CycleStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for applications")
    CLOSED = "closed", _("applications closed")
    PUBLISHED = "published", _("seats published")


class Outcome(models.TextChoices):
    """Where a masterlab application stands once the selection is published."""

    PENDING = "", _("waiting for the selection")
    SELECTED = "selected", _("selected")
    WAITLISTED = "waitlisted", _("on the waiting list")
    GAVE_UP = "gave_up", _("gave up")


SCORE_MAX = 10


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class SeatStatus(models.TextChoices):
    HELD = "held", _("held")
    OFFERED = "offered", _("offered (waiting for an answer)")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


ACTIVE_SEAT = (SeatStatus.HELD, SeatStatus.OFFERED)
