"""The portfolio (issue 16): every approved project is a work of the student's portfolio. A
``Work`` row holds what the student adds to it (a title, a description, who may see it, the
declaration of AI use); a ``PortfolioPage`` is the student's public page at a stable,
unguessable address."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.catalogue.models import FocusArea
from parcours.centres.models import Centre
from parcours.core.models import BaseModel
from parcours.credentials.models import Credential
from parcours.learning.models import Submission
from parcours.people.models import User
from parcours.portfolio.choices import AiUse, ExportStatus, ReviewStatus, Visibility


def personal_path(instance: PersonalWork, filename: str) -> str:
    return f"works/{instance.centre_id}/{instance.student_id}/{instance.uuid}/{filename}"


class OutsideActivity:
    """What a work made outside an activity shows where a project shows its activity."""

    involves_ai = False
    key = ""

    def __init__(self, focus_area: FocusArea | None) -> None:
        self.focus_area = focus_area

    @property
    def title(self) -> str:
        return str(_("Made outside an activity"))


class PersonalWork(BaseModel):
    """A work the student made outside an activity (at home, in a club, in a lab's spare
    time): sent with its file, reviewed by a coach (or a manager) like a project, and a work
    of the portfolio once approved. Its fields carry the names of a project's
    (``learning.Submission``) so that the portfolio reads both alike."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(User, on_delete=models.CASCADE, related_name="personal_works")
    title = models.CharField(_("title"), max_length=120)
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("focus area"),
    )
    made_on = models.DateField(_("made on"))
    file = models.FileField(_("file"), upload_to=personal_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    media_kind = models.CharField(_("kind of work"), max_length=10)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    note = models.TextField(_("note to the reviewer"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.SUBMITTED
    )
    reviewer = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("reviewer's comment"), blank=True, max_length=4000)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    send_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("work made outside an activity")
        verbose_name_plural = _("works made outside an activity")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["centre", "status"])]

    @property
    def activity(self) -> OutsideActivity:
        return OutsideActivity(self.focus_area)


class Work(BaseModel):
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(User, on_delete=models.CASCADE, related_name="works")
    submission = models.OneToOneField(
        Submission,
        on_delete=models.CASCADE,
        related_name="work",
        verbose_name=_("project"),
        null=True,
        blank=True,
    )
    # or a work made outside an activity (one of the two, a database rule)
    personal = models.OneToOneField(
        PersonalWork,
        on_delete=models.CASCADE,
        related_name="work",
        verbose_name=_("work made outside an activity"),
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    visibility = models.CharField(
        _("who sees it"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    featured = models.BooleanField(_("featured"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    ai_use = models.CharField(
        _("use of AI"), max_length=5, choices=AiUse.choices, blank=True, default=""
    )
    ai_tools = models.CharField(_("AI tools used"), max_length=300, blank=True)
    ai_purpose = models.TextField(_("what for"), max_length=1000, blank=True)
    ai_prompts = models.TextField(_("prompts tried"), max_length=2000, blank=True)
    ai_generated = models.TextField(_("what the AI generated"), max_length=1000, blank=True)
    ai_by_hand = models.TextField(_("what I made by hand"), max_length=1000, blank=True)
    public_since = models.DateTimeField(_("public since"), null=True, blank=True)

    class Meta:
        verbose_name = _("portfolio work")
        verbose_name_plural = _("portfolio works")
        ordering = ["student", "-featured", "position", "-created_at"]
        indexes = [models.Index(fields=["centre", "visibility"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(submission__isnull=False, personal__isnull=True)
                | models.Q(submission__isnull=True, personal__isnull=False),
                name="work_of_a_project_or_a_personal_work",
            )
        ]

    @property
    def source_uuid(self) -> object:
        """The id the pages and the API give the work: its project's or its own."""
        source = self.submission or self.personal
        return source.uuid if source is not None else None


class PortfolioPage(BaseModel):
    student = models.OneToOneField(User, on_delete=models.CASCADE, related_name="portfolio_page")
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    slug = models.CharField(_("address"), max_length=24, unique=True)
    bio = models.TextField(_("a few words about me"), max_length=600, blank=True)
    full_name = models.BooleanField(_("show my full name"), default=False)
    published = models.BooleanField(_("page published"), default=False)
    credentials = models.ManyToManyField(
        Credential, blank=True, related_name="+", verbose_name=_("credentials shown")
    )

    class Meta:
        verbose_name = _("public portfolio page")
        verbose_name_plural = _("public portfolio pages")


def export_path(instance: PortfolioExport, filename: str) -> str:
    return f"exports/portfolio/{instance.student.uuid}/{instance.uuid}.zip"


class PortfolioExport(BaseModel):
    """Everything of a student's portfolio as a ZIP (the works' files, their words and AI
    declarations, the page, the credentials), built in the background."""

    student = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("portfolio export")
        verbose_name_plural = _("portfolio exports")
        ordering = ["-created_at"]
        constraints = [
            # one export at a time per student: a second click doubles nothing
            models.UniqueConstraint(
                fields=["student"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_portfolio_export",
            )
        ]


def thumbnail_path(instance: Thumbnail, filename: str) -> str:
    return f"thumbnails/{instance.submission.uuid}.webp"


class Thumbnail(BaseModel):
    """A picture work's smaller copy (WebP, at most ``thumbnails.SIZE`` px wide), made in the
    background for the pages that list works; the original opens on a click."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="thumbnail", verbose_name=_("project")
    )
    file = models.FileField(_("file"), upload_to=thumbnail_path, max_length=300)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))

    class Meta:
        verbose_name = _("thumbnail")
        verbose_name_plural = _("thumbnails")


def model_preview_path(instance: ModelPreview, filename: str) -> str:
    return f"previews/{instance.submission.uuid}.glb"


class ModelPreview(BaseModel):
    """A 3D work sent as STL or OBJ, converted to binary glTF (GLB) in the background so that
    it turns in the page like a GLB; an empty file marks a model that could not be read."""

    submission = models.OneToOneField(
        Submission,
        on_delete=models.CASCADE,
        related_name="model_preview",
        verbose_name=_("project"),
    )
    file = models.FileField(_("file"), upload_to=model_preview_path, max_length=300, blank=True)

    class Meta:
        verbose_name = _("3D preview")
        verbose_name_plural = _("3D previews")
