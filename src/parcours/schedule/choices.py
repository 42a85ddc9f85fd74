"""The schedule's choice enums, importable without the models (views and API handlers use
them; they never import a model). The models import them from here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Weekday(models.IntegerChoices):
    # A label on its own ("Lundi"), hence a context of its own: Django's plain "Monday" is the
    # one dates use inside a sentence ("depuis le lundi 4 novembre").
    MONDAY = 0, pgettext_lazy("weekday label", "Monday")
    TUESDAY = 1, pgettext_lazy("weekday label", "Tuesday")
    WEDNESDAY = 2, pgettext_lazy("weekday label", "Wednesday")
    THURSDAY = 3, pgettext_lazy("weekday label", "Thursday")
    FRIDAY = 4, pgettext_lazy("weekday label", "Friday")
    SATURDAY = 5, pgettext_lazy("weekday label", "Saturday")
    SUNDAY = 6, pgettext_lazy("weekday label", "Sunday")


class ClosedDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("school holidays")
    PUBLIC = "public", _("public holiday")
    CLOSURE = "closure", _("centre closed")


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("weekly session")
    EXTRA = "extra", _("extra session")
