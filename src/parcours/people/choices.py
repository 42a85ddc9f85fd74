"""The people app's choice enums, importable without the models (views and API handlers
may use them; they never import a model)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STUDENT = "student", _("student")
    GUARDIAN = "guardian", _("guardian")
    COACH = "coach", _("coach")
    EXPERT = "expert", _("expert")
    MANAGER = "manager", _("centre manager")
    NETWORK_ADMIN = "network_admin", _("network admin")
    MENTOR = "mentor", _("mentor")


STAFF_ROLES = (Role.COACH, Role.EXPERT, Role.MANAGER)


class Gender(models.TextChoices):
    FEMALE = "female", _("girl")
    MALE = "male", _("boy")
    OTHER = "other", _("another identity")
    UNDISCLOSED = "undisclosed", _("prefer not to say")
