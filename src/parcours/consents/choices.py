"""The consents app's choice enums, importable without the models (views and API handlers
may use them; they never import a model)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentKind(models.TextChoices):
    ENROLMENT = "enrolment", _("enrolment and data processing (guardian of a minor)")
    IMAGE_USE = "image_use", _("use of the student's image")
    PUBLIC_DISPLAY = "public_display", _("public display of the student's work")


WITHDRAWABLE = (ConsentKind.IMAGE_USE, ConsentKind.PUBLIC_DISPLAY)


class ConsentMethod(models.TextChoices):
    ONLINE = "online", _("online form")
    PAPER = "paper", _("signed paper form")
    IN_PERSON = "in_person", _("in person at the centre")


class Signer(models.TextChoices):
    """Who signed a paper form: a guardian (a minor) or the student themselves (an adult)."""

    GUARDIAN = "guardian", _("a parent or guardian")
    STUDENT = "student", _("the student (18 or over)")
