"""The enrolment app's choice enums, importable without the models (views and API handlers
may use them; they never import a model)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnrolmentStatus(models.TextChoices):
    PRE_REGISTERED = "pre_registered", _("pre-registered")
    REGISTERED = "registered", _("registered")
    WAITING_LIST = "waiting_list", _("waiting list")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_STATUSES = (EnrolmentStatus.PRE_REGISTERED, EnrolmentStatus.WAITING_LIST)
CLOSED_STATUSES = (EnrolmentStatus.REFUSED, EnrolmentStatus.WITHDRAWN)


class Submitter(models.TextChoices):
    STUDENT = "student", _("the young person")
    GUARDIAN = "guardian", _("a parent or guardian")
    STAFF = "staff", _("the centre's staff")


class SlotChangeStatus(models.TextChoices):
    OPEN = "open", _("waiting for the centre")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")
    CANCELLED = "cancelled", _("cancelled")
