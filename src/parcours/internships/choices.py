"""Prevention internships' closed lists."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectKind(models.TextChoices):
    PODCAST = "podcast", _("podcast")
    PLATFORM_GAME = "platform_game", _("platform game")
    SHORT_FILM = "short_film", _("short film")
    POSTER = "poster", _("poster")
    OTHER = "other", _("other project")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the centre’s answer")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")


class FollowUp(models.TextChoices):
    REGULAR_PROGRAMME = "regular_programme", _("enrolled in the regular programme")
    BACK_TO_SCHOOL = "back_to_school", _("went back to school")
    TRAINING = "training", _("started a training or a job")
    OTHER = "other", _("other")
    NO_NEWS = "no_news", _("no news")
