"""The network's panel of focus areas, each centre's offer, competency frameworks (versioned),
self-learning activities, lab templates and masterlab templates.

Ownership: a catalogue row with ``centre`` empty is shared by the whole network and edited by
network admins; a row with a centre is that centre's own and edited by its managers.
Texts shown to users are translated with django-modeltranslation (``title_fr``, ``title_en``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.catalogue.choices import ActivityKind, VersionStatus
from parcours.centres.models import Centre
from parcours.core.models import BaseModel

LEVELS = [(1, _("level 1")), (2, _("level 2")), (3, _("level 3"))]
level_validators = [MinValueValidator(1), MaxValueValidator(3)]


class FocusArea(BaseModel):
    """One of the network's creative technologies (programming, animation, ...)."""

    if TYPE_CHECKING:  # columns added by modeltranslation (translation.py)
        name_fr: str
        name_en: str
        description_fr: str
        description_en: str

    slug = models.SlugField(_("short name"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    colour = models.CharField(_("colour"), max_length=7, default="#1d4ed8")

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name


class FocusAreaLevel(BaseModel):
    if TYPE_CHECKING:  # columns added by modeltranslation (translation.py)
        name_fr: str
        name_en: str

    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="levels", verbose_name=_("focus area")
    )
    number = models.PositiveSmallIntegerField(
        _("level"), choices=LEVELS, validators=level_validators
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["focus_area", "number"]
        constraints = [
            models.UniqueConstraint(fields=["focus_area", "number"], name="area_level_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CentreFocusArea(BaseModel):
    """A focus area as a centre offers it: on or off, its order and its local pitch."""

    if TYPE_CHECKING:  # columns added by modeltranslation (translation.py)
        pitch_fr: str
        pitch_en: str

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="offers", verbose_name=_("centre")
    )
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.PROTECT, related_name="offers", verbose_name=_("focus area")
    )
    is_offered = models.BooleanField(_("offered"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    pitch = models.TextField(
        _("local pitch"),
        blank=True,
        max_length=1000,
        help_text=_("How this centre presents the focus area to teenagers and families."),
    )

    class Meta:
        verbose_name = _("focus area offered by a centre")
        verbose_name_plural = _("focus areas offered by centres")
        ordering = ["centre", "order", "focus_area__order"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "focus_area"], name="centre_offer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.centre} · {self.focus_area}"


class Framework(BaseModel):
    """A competency framework. ``focus_area`` empty means a transversal one (the AI grid)."""

    if TYPE_CHECKING:  # columns added by modeltranslation (translation.py)
        name_fr: str
        name_en: str
        description_fr: str
        description_en: str

    key = models.SlugField(_("key"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        related_name="frameworks",
        null=True,
        blank=True,
        verbose_name=_("focus area"),
    )

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class FrameworkVersion(BaseModel):
    """An immutable-once-published version. Earned competencies point at a version's rows, so a
    new version never rewrites what students already earned."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="versions", verbose_name=_("framework")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    notes = models.TextField(_("what changed"), blank=True)

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="framework_version_unique"
            ),
            models.UniqueConstraint(
                fields=["framework"],
                condition=models.Q(status="published"),
                name="framework_one_published_version",
            ),
            models.UniqueConstraint(
                fields=["framework"],
                condition=models.Q(status="draft"),
                name="framework_one_draft_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework} v{self.number}"


class Competency(BaseModel):
    if TYPE_CHECKING:  # columns added by modeltranslation (translation.py)
        name_fr: str
        name_en: str
        description_fr: str
        description_en: str

    version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.CASCADE,
        related_name="competencies",
        verbose_name=_("framework version"),
    )
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["version", "order", "key"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="competency_key_in_version")
        ]

    def __str__(self) -> str:
        return self.name


class CompetencyLevel(BaseModel):
    if TYPE_CHECKING:  # columns added by modeltranslation (translation.py)
        name_fr: str
        name_en: str
        descriptor_fr: str
        descriptor_en: str

    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="levels", verbose_name=_("competency")
    )
    number = models.PositiveSmallIntegerField(
        _("level"), choices=LEVELS, validators=level_validators
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    descriptor = models.TextField(_("descriptor"))

    class Meta:
        verbose_name = _("competency level")
        verbose_name_plural = _("competency levels")
        ordering = ["competency", "number"]
        constraints = [
            models.UniqueConstraint(fields=["competency", "number"], name="competency_level_unique")
        ]

    def __str__(self) -> str:
        return f"{self.competency} · {self.number}"


class CatalogueItem(BaseModel):
    """Shared fields of what a centre can teach: owned by the network or by one centre."""

    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("focus area")
    )
    centre = models.ForeignKey(
        Centre,
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("owned by centre"),
        help_text=_("Empty: shared by the whole network."),
    )
    key = models.SlugField(_("key"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class Activity(CatalogueItem):
    if TYPE_CHECKING:  # columns added by modeltranslation (translation.py)
        title_fr: str
        title_en: str
        description_fr: str
        description_en: str
        instructions_fr: str
        instructions_en: str

    level = models.PositiveSmallIntegerField(
        _("level"), choices=LEVELS, validators=level_validators
    )
    order = models.PositiveSmallIntegerField(_("order in level"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    instructions = models.TextField(_("instructions"), blank=True)
    minutes = models.PositiveSmallIntegerField(
        _("estimated time (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
    )
    required = models.BooleanField(_("required to finish the level"), default=True)
    # The work made in it must say how AI was used (the portfolio's declaration, issue 16).
    involves_ai = models.BooleanField(
        _("involves AI tools"),
        default=False,
        help_text=_("A project's work must then declare how AI was used (tools, purpose)."),
    )
    # A quiz's items are its bank: each sitting draws this many (0: all of them), spread over
    # the competencies, in a shuffled order with shuffled choices (docs/learning.md).
    quiz_draw = models.PositiveSmallIntegerField(
        _("questions per sitting"),
        default=0,
        validators=[MaxValueValidator(50)],
        help_text=_("Drawn from the quiz's questions for each try; 0 asks them all."),
    )
    # An item's explanation gives its answer away: shown once the item is answered right, or
    # after this many wrong answers to it (0: only once right).
    quiz_reveal_after = models.PositiveSmallIntegerField(
        _("explanation after wrong answers"),
        default=3,
        validators=[MaxValueValidator(20)],
        help_text=_(
            "The explanation of a question shows once it is answered right, or after this "
            "many wrong answers to it; 0: only once right."
        ),
    )
    competencies = models.ManyToManyField(
        Competency, related_name="activities", blank=True, verbose_name=_("competencies covered")
    )
    prerequisites = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="unlocks",
        blank=True,
        verbose_name=_("prerequisites"),
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["focus_area__order", "level", "order", "key"]
        indexes = [models.Index(fields=["focus_area", "level", "order"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1) & models.Q(level__lte=3),
                name="activity_level_range",
            ),
            models.CheckConstraint(
                condition=models.Q(minutes__gte=5) & models.Q(minutes__lte=600),
                name="activity_minutes_range",
            ),
        ]


class QuizItem(BaseModel):
    """One auto-checked item of a quiz. ``spec`` holds the bilingual prompt, choices and
    answers (see docs/catalogue.md); checking lives in the learning app."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="quiz_items", verbose_name=_("activity")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The competency the item checks (one of the activity's): a sitting draws from each
    # competency's items, and an answer is evidence about that competency only. Empty: the
    # item is evidence about every competency of the activity.
    competency = models.ForeignKey(
        Competency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quiz_items",
        verbose_name=_("competency checked"),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=[
            ("single", _("single choice")),
            ("multiple", _("multiple choice")),
            ("numeric", _("number")),
            ("text", _("short text")),
        ],
    )
    spec = models.JSONField(_("content and answers"))

    class Meta:
        verbose_name = _("quiz item")
        verbose_name_plural = _("quiz items")
        ordering = ["activity", "order"]


class LabTemplate(CatalogueItem):
    if TYPE_CHECKING:  # columns added by modeltranslation (translation.py)
        title_fr: str
        title_en: str
        description_fr: str
        description_en: str

    level = models.PositiveSmallIntegerField(
        _("level"), choices=LEVELS, validators=level_validators
    )
    weeks = models.PositiveSmallIntegerField(
        _("weeks"), default=5, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    seats = models.PositiveSmallIntegerField(
        _("default seats"), default=12, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    software = models.CharField(_("software"), max_length=200, blank=True)
    competencies = models.ManyToManyField(
        Competency, related_name="lab_templates", blank=True, verbose_name=_("competencies")
    )

    class Meta:
        verbose_name = _("lab template")
        verbose_name_plural = _("lab templates")
        ordering = ["focus_area__order", "level", "key"]


class MasterlabTemplate(CatalogueItem):
    if TYPE_CHECKING:  # columns added by modeltranslation (translation.py)
        title_fr: str
        title_en: str
        description_fr: str
        description_en: str
        guest_profile_fr: str
        guest_profile_en: str

    days = models.PositiveSmallIntegerField(
        _("days"), default=4, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    seats = models.PositiveSmallIntegerField(
        _("default seats"), default=15, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    guest_profile = models.CharField(_("invited professional"), max_length=300, blank=True)
    competencies = models.ManyToManyField(
        Competency, related_name="masterlab_templates", blank=True, verbose_name=_("competencies")
    )

    class Meta:
        verbose_name = _("masterlab template")
        verbose_name_plural = _("masterlab templates")
        ordering = ["focus_area__order", "key"]
