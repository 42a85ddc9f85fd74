"""The portfolio's writes: a student describes and shows their works and curates their public
page. Only the student writes (a guardian reads); public needs the display consent in force;
a work of an activity that involves AI must declare its use before anyone else sees it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from parcours.core.errors import NotFound, ValidationFailed
from parcours.people.access import access_for
from parcours.people.models import User
from parcours.people.types import Actor
from parcours.portfolio.choices import AiUse, ExportStatus, Visibility
from parcours.portfolio.errors import PortfolioError
from parcours.portfolio.exports import build_export
from parcours.portfolio.models import PortfolioExport, PortfolioPage, Work
from parcours.portfolio.selectors import Item, consenting, credentials_held

LIMITS = {
    "title": 120,
    "description": 2000,
    "ai_tools": 300,
    "ai_purpose": 1000,
    "ai_prompts": 2000,
    "ai_generated": 1000,
    "ai_by_hand": 1000,
}
AI_FIELDS = ("ai_tools", "ai_purpose", "ai_prompts", "ai_generated", "ai_by_hand")
BIO_MAX = 600
SLUG_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: read aloud, typed again


@dataclass(frozen=True)
class WorkFields:
    title: str = ""
    description: str = ""
    visibility: str = Visibility.PRIVATE
    featured: bool = False
    position: int = 100
    ai_use: str = AiUse.UNDECLARED
    ai_tools: str = ""
    ai_purpose: str = ""
    ai_prompts: str = ""
    ai_generated: str = ""
    ai_by_hand: str = ""


def _check(item: Item, data: WorkFields) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    for name, limit in LIMITS.items():
        value = str(getattr(data, name) or "").strip()
        if len(value) > limit:
            errors[name] = [_("At most %(n)s characters.") % {"n": limit}]
        clean[name] = value
    if data.visibility not in Visibility.values:
        errors["visibility"] = [_("Choose who sees the work.")]
    if data.ai_use not in AiUse.values:
        errors["ai_use"] = [_("Say whether you used AI tools.")]
    if not 0 <= int(data.position) <= 1000:
        errors["position"] = [_("A position from 0 to 1000.")]
    if data.ai_use == AiUse.USED:
        for name in ("ai_tools", "ai_purpose"):
            if not clean[name]:
                errors[name] = [_("Say which tools and what for: it is part of the work.")]
    elif data.ai_use == AiUse.NONE:
        clean.update(dict.fromkeys(AI_FIELDS, ""))
    if (
        item.submission.activity.involves_ai
        and data.ai_use == AiUse.UNDECLARED
        and data.visibility != Visibility.PRIVATE
    ):
        errors["ai_use"] = [
            _("This activity involves AI: say how you used it before showing the work to anyone.")
        ]
    if errors:
        code = PortfolioError.AI_UNDECLARED if "ai_use" in errors else None
        raise ValidationFailed(_("Check the highlighted fields."), fields=errors, code=code)
    clean.update(
        visibility=data.visibility,
        featured=bool(data.featured),
        position=int(data.position),
        ai_use=data.ai_use,
    )
    return clean


def work_save(*, actor: Actor, item: Item, data: WorkFields) -> Work:
    """Describe a work and choose who sees it. Saving the same twice changes nothing;
    two saves at once keep one row (the last one's fields)."""
    submission = item.submission
    if submission.student_id != actor.pk:
        raise ValidationFailed(
            _("Only the student describes their work."), code=PortfolioError.NOT_OWNER
        )
    clean = _check(item, data)
    if clean["visibility"] == Visibility.PUBLIC and not consenting([submission.student_id]):
        raise ValidationFailed(
            _(
                "Your work can be public only with the consent to show it (given by a parent "
                "for a minor). Ask for it on “My data”; meanwhile, show it to your centre."
            ),
            fields={"visibility": [_("No public display consent in force.")]},
            code=PortfolioError.NO_CONSENT,
        )
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=submission.student_id).first()
        work = Work.objects.filter(submission=submission).first()
        if work is None:
            work = Work(centre_id=submission.centre_id, student_id=submission.student_id)
            work.submission = submission
        was_public = work.visibility == Visibility.PUBLIC and work.pk is not None
        for name, value in clean.items():
            setattr(work, name, value)
        if work.visibility == Visibility.PUBLIC and not was_public:
            work.public_since = timezone.now()
        elif work.visibility != Visibility.PUBLIC:
            work.public_since = None
        work.save()
    return work


def _new_slug() -> str:
    return get_random_string(10, SLUG_ALPHABET)


def page_get_or_create(student: User) -> PortfolioPage:
    """The student's page, made on first need at a random address that never changes."""
    page = PortfolioPage.objects.filter(student=student).first()
    if page is not None:
        return page
    centre_id = student.student_profile.centre_id
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return PortfolioPage.objects.create(
                    student=student, centre_id=centre_id, slug=_new_slug()
                )
        except IntegrityError:
            page = PortfolioPage.objects.filter(student=student).first()
            if page is not None:  # made at the same moment by another request
                return page
    raise RuntimeError("no free portfolio address after five draws")


def page_save(
    *,
    actor: Actor,
    student: User,
    bio: str,
    full_name: bool,
    published: bool,
    credential_uuids: list[str] | None = None,
) -> PortfolioPage:
    """Curate the public page: a short bio, the name shown, published or not, and which of
    the student's valid credentials it shows."""
    if student.pk != actor.pk:
        raise ValidationFailed(
            _("Only the student curates their page."), code=PortfolioError.NOT_OWNER
        )
    bio = (bio or "").strip()
    if len(bio) > BIO_MAX:
        raise ValidationFailed(
            _("Check the highlighted fields."),
            fields={"bio": [_("At most %(n)s characters.") % {"n": BIO_MAX}]},
        )
    chosen = None
    if credential_uuids is not None:
        held = {str(c.uuid): c for c in credentials_held(student.pk)}
        unknown = [u for u in credential_uuids if str(u) not in held]
        if unknown:
            raise ValidationFailed(
                _("Choose among your own valid credentials."),
                fields={"credentials": [_("Not one of your valid credentials.")]},
                code=PortfolioError.UNKNOWN_CREDENTIAL,
            )
        chosen = [held[str(u)] for u in credential_uuids]
    page = page_get_or_create(student)
    with transaction.atomic():
        page = PortfolioPage.objects.select_for_update().get(pk=page.pk)
        page.bio, page.full_name, page.published = bio, bool(full_name), bool(published)
        page.save()
        if chosen is not None:
            page.credentials.set(chosen)
    return page


def export_request(*, actor: Actor, student: User) -> PortfolioExport:
    """Queue the ZIP of the student's portfolio (the student, their family). One at a time:
    asking again while one is being made returns it."""
    if not access_for(actor).is_family_of(student.pk):
        raise NotFound()
    active = PortfolioExport.objects.filter(
        student=student, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]
    ).first()
    if active is not None:
        return active
    try:
        with transaction.atomic():
            export = PortfolioExport.objects.create(
                student=student, requested_by=actor if isinstance(actor, User) else None
            )
    except IntegrityError:
        return PortfolioExport.objects.get(
            student=student, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]
        )
    transaction.on_commit(lambda: build_export.enqueue(export.pk))
    return export
