"""The portfolio's writes: a student describes and shows their works and curates their public
page. Only the student writes (a guardian reads); public needs the display consent in force;
a work of an activity that involves AI must declare its use before anyone else sees it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from parcours.catalogue import selectors as catalogue
from parcours.catalogue.models import FocusArea
from parcours.core.errors import Conflict, NotFound, ValidationFailed
from parcours.learning.uploads import check_upload
from parcours.notifications.choices import Kind
from parcours.notifications.services import notify
from parcours.people.access import access_for
from parcours.people.models import User
from parcours.people.types import Actor
from parcours.portfolio.choices import AiUse, ExportStatus, ReviewStatus, Visibility
from parcours.portfolio.errors import PortfolioError
from parcours.portfolio.exports import build_export
from parcours.portfolio.models import PersonalWork, PortfolioExport, PortfolioPage, Work
from parcours.portfolio.selectors import Item, consenting, credentials_held, reviewable

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
        if isinstance(submission, PersonalWork):
            work = Work.objects.filter(personal=submission).first()
        else:
            work = Work.objects.filter(submission=submission).first()
        if work is None:
            work = Work(centre_id=submission.centre_id, student_id=submission.student_id)
            if isinstance(submission, PersonalWork):
                work.personal = submission
            else:
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


OUTSIDE_TITLE_MAX = 120
NOTE_MAX = 2000
COMMENT_MAX = 4000


@dataclass(frozen=True)
class OutsideFields:
    title: str = ""
    focus_area: FocusArea | None = None
    made_on: dt.date | None = None
    note: str = ""


def _check_outside(data: OutsideFields, student: User) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    title, note = (data.title or "").strip(), (data.note or "").strip()
    if not title:
        errors["title"] = [_("Give the work a title.")]
    elif len(title) > OUTSIDE_TITLE_MAX:
        errors["title"] = [_("At most %(n)s characters.") % {"n": OUTSIDE_TITLE_MAX}]
    if len(note) > NOTE_MAX:
        errors["note"] = [_("At most %(n)s characters.") % {"n": NOTE_MAX}]
    today = timezone.localdate()
    if data.made_on is None:
        errors["made_on"] = [_("Say when you made it.")]
    elif data.made_on > today or data.made_on < today - dt.timedelta(days=366 * 8):
        errors["made_on"] = [_("A date in the past, within the last years.")]
    if data.focus_area is not None:
        offered = {a.pk for a in catalogue.offered_areas(student.student_profile.centre)}
        if data.focus_area.pk not in offered:
            errors["focus_area"] = [_("One of your centre's focus areas, or none.")]
    if errors:
        raise ValidationFailed(_("Check the highlighted fields."), fields=errors)
    return {"title": title, "note": note, "made_on": data.made_on, "focus_area": data.focus_area}


def outside_send(
    *, actor: Actor, data: OutsideFields, upload: UploadedFile[Any], key: str = ""
) -> PersonalWork:
    """A student sends a work made outside an activity, with its file, for review: it
    counts (and can be shown) once a coach or a manager approves it. The file is checked as
    a project's (kind, size, content). ``key`` (the form's or the API's idempotency key)
    makes a repeated send return the first."""
    student = (
        User.objects.filter(pk=actor.pk or 0, student_profile__isnull=False)
        .select_related("student_profile__centre")
        .first()
    )
    if student is None:
        raise ValidationFailed(
            _("Only a student sends their works."), code=PortfolioError.NOT_OWNER
        )
    clean = _check_outside(data, student)
    kind, content_type = check_upload(upload)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=student.pk).first()
        if key:
            found = PersonalWork.objects.filter(student=student, send_key=key).first()
            if found is not None:
                return found
        work = PersonalWork(
            centre_id=student.student_profile.centre_id,
            student=student,
            media_kind=kind.key,
            content_type=content_type,
            size=int(upload.size or 0),
            original_name=PurePath(str(upload.name or "work")).name[:200],
            send_key=key[:64],
            **clean,
        )
        work.file.save(work.original_name, upload, save=False)
        work.save()
    return work


def outside_resend(*, actor: Actor, work: PersonalWork, upload: UploadedFile[Any]) -> PersonalWork:
    """The student sends a new file for a work whose reviewer asked for changes."""
    if work.student_id != actor.pk:
        raise NotFound()
    kind, content_type = check_upload(upload)
    with transaction.atomic():
        work = PersonalWork.objects.select_for_update().get(pk=work.pk)
        if work.status != ReviewStatus.CHANGES:
            raise Conflict(
                _("This work is not waiting for changes."), code=PortfolioError.NOT_REVIEWABLE
            )
        old = work.file.name
        work.media_kind, work.content_type = kind.key, content_type
        work.size = int(upload.size or 0)
        work.original_name = PurePath(str(upload.name or "work")).name[:200]
        work.file.save(work.original_name, upload, save=False)
        work.status = ReviewStatus.SUBMITTED
        work.save()
        storage = work.file.storage
        transaction.on_commit(lambda: storage.delete(old) if old else None)
    return work


def outside_review(
    *, actor: Actor, work: PersonalWork, decision: str, comment: str = ""
) -> PersonalWork:
    """A coach of the student (or a manager of the centre) approves the work or asks for
    changes (with a comment). Only a work waiting for review is reviewed: a second click
    changes nothing; two reviewers at once, the first one's decision stands."""
    if not reviewable(actor).filter(pk=work.pk).exists():
        raise NotFound()
    comment = (comment or "").strip()
    errors: dict[str, list[str]] = {}
    if decision not in (ReviewStatus.APPROVED, ReviewStatus.CHANGES):
        errors["decision"] = [_("Approve the work or ask for changes.")]
    if decision == ReviewStatus.CHANGES and not comment:
        errors["comment"] = [_("Say what to change: the student reads it.")]
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [_("At most %(n)s characters.") % {"n": COMMENT_MAX}]
    if errors:
        raise ValidationFailed(_("Check the highlighted fields."), fields=errors)
    with transaction.atomic():
        work = PersonalWork.objects.select_for_update().get(pk=work.pk)
        if work.status != ReviewStatus.SUBMITTED:
            raise Conflict(_("This work was already reviewed."), code=PortfolioError.NOT_REVIEWABLE)
        work.status, work.comment = decision, comment
        work.reviewer = actor if isinstance(actor, User) else None
        work.reviewed_at = timezone.now()
        work.save()
        approved = decision == ReviewStatus.APPROVED
        notify(
            recipients=[work.student],
            kind=Kind.PROJECT_APPROVED if approved else Kind.PROJECT_RETURNED,
            params={"activity": work.title, "comment": comment},
            url=reverse("portfolio:mine") + ("" if approved else "#outside"),
            centre_id=work.centre_id,
            dedupe_key=f"outside:{work.uuid}:{work.reviewed_at.isoformat()}",
        )
    return work
