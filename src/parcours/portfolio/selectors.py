"""The portfolio's reads. A student's works are their approved projects, each with what the
student added (``Work``) if anything; the family reads them too; a centre's members see the
works shown to the centre; anyone sees a published page's public works, and only while the
display consent is in force (checked on every read: a withdrawal hides them at once)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Q, QuerySet

from parcours.catalogue import selectors as catalogue
from parcours.catalogue.models import FocusArea
from parcours.consents.choices import ConsentKind
from parcours.consents.selectors import in_force
from parcours.core.errors import NotFound
from parcours.credentials.models import Credential
from parcours.learning.models import Submission, SubmissionStatus
from parcours.learning.permissions import submission_policy
from parcours.learning.uploads import preview_kind
from parcours.people.access import access_for
from parcours.people.choices import Role
from parcours.people.models import User
from parcours.people.selectors import family_students
from parcours.people.types import Actor
from parcours.portfolio import code, webbuild
from parcours.portfolio.choices import AiUse, ReviewStatus, Visibility
from parcours.portfolio.models import (
    ModelPreview,
    PersonalWork,
    PortfolioExport,
    PortfolioPage,
    Thumbnail,
    Work,
)

# A work's source: an approved project, or a work made outside an activity (approved too, for
# the portfolio). Both carry the same field names (``PersonalWork``'s say so).
Source = Submission | PersonalWork


@dataclass
class Item:
    """A work of the portfolio: the approved project (or the work made outside an activity)
    and what the student added to it."""

    submission: Source
    work: Work | None

    @property
    def outside(self) -> bool:
        """Made outside an activity (its title is the student's, its area optional)."""
        return isinstance(self.submission, PersonalWork)

    @property
    def uuid(self) -> UUID:
        return self.submission.uuid

    @property
    def title(self) -> str:
        if isinstance(self.submission, PersonalWork):
            return (self.work.title if self.work else "") or self.submission.title
        return (self.work.title if self.work else "") or self.submission.activity.title

    @property
    def description(self) -> str:
        return self.work.description if self.work else ""

    @property
    def visibility(self) -> str:
        return self.work.visibility if self.work else Visibility.PRIVATE

    @property
    def visibility_label(self) -> str:
        return str(Visibility(self.visibility).label)

    @property
    def featured(self) -> bool:
        return bool(self.work and self.work.featured)

    @property
    def position(self) -> int:
        return self.work.position if self.work else 100

    @property
    def ai_use(self) -> str:
        return self.work.ai_use if self.work else AiUse.UNDECLARED

    @property
    def needs_ai_declaration(self) -> bool:
        return self.submission.activity.involves_ai and self.ai_use == AiUse.UNDECLARED

    @property
    def preview(self) -> str:
        """'image', 'audio' or 'video' when the browser plays it in the page, else ''."""
        return preview_kind(self.submission.content_type)

    @property
    def viewer_3d(self) -> bool:
        """A binary glTF (GLB), or an STL/OBJ model once converted: turned and zoomed in the
        page (model-viewer, vendored)."""
        return self.submission.content_type == "model/gltf-binary" or self.model_preview is not None

    @property
    def model_preview(self) -> ModelPreview | None:
        """The GLB made from an STL or OBJ model by the worker (None until then)."""
        if isinstance(self.submission, PersonalWork):
            return None
        try:
            made = self.submission.model_preview
        except ObjectDoesNotExist:
            return None
        return made if made.file else None

    @property
    def made_on(self) -> dt.datetime:
        return self.submission.reviewed_at or self.submission.created_at

    @property
    def thumbnail(self) -> Thumbnail | None:
        """The picture's thumbnail, once the worker made it (the original until then)."""
        if isinstance(self.submission, PersonalWork):
            return None  # shown as sent
        try:
            made = self.submission.thumbnail
        except ObjectDoesNotExist:
            return None
        return made if made.file and made.width else None

    @cached_property
    def web_build(self) -> webbuild.Build | None:
        """A ZIP with an ``index.html``: a game or web work played in a sandboxed frame."""
        if self.submission.content_type != "application/zip":
            return None
        try:
            with self.submission.file.storage.open(self.submission.file.name or "", "rb") as opened:
                return webbuild.find_build(opened)
        except (FileNotFoundError, OSError, ValueError):
            return None

    @cached_property
    def code(self) -> tuple[str, bool] | None:
        """A code file: its first lines highlighted, and whether they were cut."""
        if self.submission.content_type != "text/plain":
            return None
        try:
            with self.submission.file.storage.open(self.submission.file.name or "", "rb") as opened:
                return code.highlighted(opened, self.submission.original_name)
        except (FileNotFoundError, OSError, ValueError):
            return None


def _ordered(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (not i.featured, i.position, -i.made_on.timestamp()))


def _approved() -> QuerySet[Submission]:
    return Submission.objects.filter(status=SubmissionStatus.APPROVED).select_related(
        "activity__focus_area", "work", "thumbnail", "model_preview"
    )


def _approved_outside() -> QuerySet[PersonalWork]:
    return PersonalWork.objects.filter(status=ReviewStatus.APPROVED).select_related(
        "focus_area", "work"
    )


def _sources(**filters: object) -> list[Source]:
    """Approved projects and approved works made outside an activity (two queries)."""
    return [*_approved().filter(**filters), *_approved_outside().filter(**filters)]


def _one(uuid: UUID | str, **filters: object) -> Source:
    """The approved project or work made outside an activity of this id, or ``NotFound``."""
    try:
        return _approved().get(uuid=uuid, **filters)
    except Submission.DoesNotExist:
        pass
    except (ValueError, ValidationError) as exc:
        raise NotFound() from exc
    try:
        return _approved_outside().get(uuid=uuid, **filters)
    except (PersonalWork.DoesNotExist, ValueError, ValidationError) as exc:
        raise NotFound() from exc


def items_of(student_id: int) -> list[Item]:
    """Every work of the student, featured first, then in the student's order, newest
    first. Two queries, however many works."""
    return _ordered([Item(s, _work(s)) for s in _sources(student_id=student_id)])


def _work(submission: Source) -> Work | None:
    try:
        return submission.work
    except ObjectDoesNotExist:
        return None


def portfolio_students(user: Actor) -> list[User]:
    """Whose portfolio the user reads on "My portfolio": their own (a student) and their
    children's (a guardian)."""
    return family_students(user)


def own_item(*, user: Actor, uuid: UUID | str) -> Item:
    """A work the user may edit: only the student's own (a guardian reads, does not edit)."""
    submission = _one(uuid, student_id=user.pk)
    return Item(submission, _work(submission))


def played_item(uuid: UUID | str) -> Item:
    """The work a signed play address was issued for, while it is still an approved work."""
    submission = _one(uuid, student__erased_at__isnull=True)
    return Item(submission, _work(submission))


def page_of(student_id: int) -> PortfolioPage | None:
    return PortfolioPage.objects.filter(student_id=student_id).first()


def shown_credential_ids(page: PortfolioPage | None) -> set[int]:
    return set(page.credentials.values_list("pk", flat=True)) if page else set()


def credentials_held(student_id: int) -> QuerySet[Credential]:
    return Credential.objects.filter(holder_id=student_id, revoked_at__isnull=True).order_by(
        "-issued_at"
    )


def consenting(student_ids: list[int]) -> set[int]:
    """The students whose public display consent is in force (for a minor, given by a
    guardian; for an adult, by themselves): only their works may be public."""
    return in_force(student_ids, ConsentKind.PUBLIC_DISPLAY)


def display_name(student: User, page: PortfolioPage | None) -> str:
    """The first name and the initial, unless the student chose to show their full name."""
    if page is not None and page.full_name:
        return f"{student.first_name} {student.last_name}".strip()
    initial = f" {student.last_name[:1]}." if student.last_name else ""
    return f"{student.first_name}{initial}"


@dataclass
class PublicPage:
    page: PortfolioPage
    name: str
    items: list[Item]
    credentials: list[Credential]


def public_page(slug: str) -> PublicPage:
    """A published page with its public works and chosen credentials, or ``NotFound`` when
    it is not published, the student left, or the display consent is not (or no longer)
    in force. Five queries, however many works."""
    page = (
        PortfolioPage.objects.select_related("student", "centre")
        .filter(slug=slug, published=True, student__erased_at__isnull=True)
        .first()
    )
    if page is None or not consenting([page.student_id]):
        raise NotFound()
    rows = _sources(student_id=page.student_id, work__visibility=Visibility.PUBLIC)
    items = _ordered([Item(s, _work(s)) for s in rows])
    shown = list(
        page.credentials.filter(revoked_at__isnull=True)
        .select_related("centre")
        .order_by("-issued_at")
    )
    return PublicPage(page, display_name(page.student, page), items, shown)


def public_item(slug: str, uuid: UUID | str) -> Item:
    shown = public_page(slug)
    for item in shown.items:
        if str(item.uuid) == str(uuid):
            return item
    raise NotFound()


def centre_items(user: Actor) -> list[tuple[Item, str]]:
    """The works shown to the user's centres (by their students, to the centre or the
    public), newest first, with each student's first name and initial; at most 200."""
    access = access_for(user)
    centre_ids = access.centres(*access.by_role.keys())
    shown: list[Source] = []
    for rows in (
        _approved().select_related("student"),
        _approved_outside().select_related("student"),
    ):
        if not access.network_admin:
            rows = rows.filter(centre_id__in=centre_ids)
        rows = rows.filter(
            work__visibility__in=[Visibility.CENTRE, Visibility.PUBLIC],
            student__erased_at__isnull=True,
        )
        shown += list(rows.order_by("-work__updated_at")[:200])
    shown = sorted(shown, key=lambda s: s.work.updated_at, reverse=True)[:200]
    pages = {
        p.student_id: p
        for p in PortfolioPage.objects.filter(
            student_id__in={s.student_id for s in shown}, full_name=True
        )
    }
    return [(Item(s, _work(s)), display_name(s.student, pages.get(s.student_id))) for s in shown]


def file_item(*, user: Actor, uuid: UUID | str) -> Item:
    """A work's file for a signed-in reader: the student, their family and staff who see
    the project; and the centre's members when it is shown to the centre."""
    access = access_for(user)
    try:
        submission = _one(uuid)
    except NotFound:
        # a work made outside an activity still in review: its student, family, reviewers
        return Item(outside_for_review(user=user, uuid=uuid), None)
    work = _work(submission)
    shared = work is not None and work.visibility in (Visibility.CENTRE, Visibility.PUBLIC)
    if access.is_family_of(submission.student_id):
        return Item(submission, work)
    if shared and (access.network_admin or submission.centre_id in access.centres(*access.by_role)):
        return Item(submission, work)
    if isinstance(submission, PersonalWork):
        if reviewable(user).filter(pk=submission.pk).exists():
            return Item(submission, work)
    elif submission_policy.visible(user).filter(Q(pk=submission.pk)).exists():
        return Item(submission, work)
    raise NotFound()


def reviewable(user: Actor) -> QuerySet[PersonalWork]:
    """The works made outside an activity the user reviews: their caseload's (a coach), their
    centres' (a manager), every centre's (a network admin)."""
    access = access_for(user)
    rows = PersonalWork.objects.filter(student__erased_at__isnull=True)
    if access.network_admin:
        return rows
    return rows.filter(
        Q(student__coaches__coach_id=user.pk, centre_id__in=access.centres(Role.COACH))
        | Q(centre_id__in=access.centres(Role.MANAGER))
    ).distinct()


def review_queue(user: Actor) -> QuerySet[PersonalWork]:
    """Works made outside an activity waiting for the user's review, oldest first."""
    return (
        reviewable(user)
        .filter(status=ReviewStatus.SUBMITTED)
        .select_related("student", "focus_area")
        .order_by("created_at")
    )


def outside_for_review(*, user: Actor, uuid: UUID | str) -> PersonalWork:
    """A work made outside an activity, in any state, for its student, their family or a
    reviewer; else ``NotFound``."""
    try:
        work = PersonalWork.objects.select_related("student", "focus_area").get(
            uuid=uuid, student__erased_at__isnull=True
        )
    except (PersonalWork.DoesNotExist, ValueError, ValidationError) as exc:
        raise NotFound() from exc
    if access_for(user).is_family_of(work.student_id):
        return work
    if reviewable(user).filter(pk=work.pk).exists():
        return work
    raise NotFound()


def outside_sent(student_ids: list[int]) -> list[PersonalWork]:
    """The students' works made outside an activity not approved yet (waiting, or to fix),
    newest first: My portfolio lists them apart."""
    return list(
        PersonalWork.objects.filter(student_id__in=student_ids)
        .exclude(status=ReviewStatus.APPROVED)
        .select_related("focus_area")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class Destination:
    """Where a work's stable address leads this reader: ``public`` (the page ``slug``),
    ``family`` (My portfolio) or ``file`` (the work itself, for staff who see it)."""

    where: str
    slug: str = ""


def work_destination(*, user: Actor, uuid: UUID | str) -> Destination:
    """A work's stable address (a credential's evidence): its public page while it is public
    there (published, consent in force), else what the signed-in reader may see of it, else
    ``NotFound``. The address itself says nothing of the student."""
    submission = _one(uuid, student__erased_at__isnull=True)
    work = _work(submission)
    if work is not None and work.visibility == Visibility.PUBLIC:
        page = PortfolioPage.objects.filter(
            student_id=submission.student_id, published=True
        ).first()
        if page is not None and consenting([submission.student_id]):
            return Destination("public", page.slug)
    if not user.is_authenticated:
        raise NotFound()
    file_item(user=user, uuid=uuid)  # NotFound unless the reader sees the work
    if access_for(user).is_family_of(submission.student_id):
        return Destination("family")
    return Destination("file")


def outside_areas(student: User) -> list[FocusArea]:
    """The focus areas a work made outside an activity may name: the student's centre's."""
    return list(catalogue.offered_areas(student.student_profile.centre))


def latest_exports(student_ids: list[int]) -> dict[int, PortfolioExport]:
    """Each student's latest export (one query)."""
    latest: dict[int, PortfolioExport] = {}
    for export in PortfolioExport.objects.filter(student_id__in=student_ids).order_by(
        "student_id", "-created_at"
    ):
        latest.setdefault(export.student_id, export)
    return latest


def export_get(*, user: Actor, uuid: UUID | str) -> PortfolioExport:
    """An export the user may see: of their own portfolio or their child's."""
    try:
        export = PortfolioExport.objects.select_related("student").get(uuid=uuid)
    except (PortfolioExport.DoesNotExist, ValueError, ValidationError) as exc:
        raise NotFound() from exc
    if not access_for(user).is_family_of(export.student_id):
        raise NotFound()
    return export
