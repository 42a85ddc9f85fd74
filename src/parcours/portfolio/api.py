"""The portfolio's API: the caller's works and page (a student edits, a guardian reads), and
a published page as anyone sees it (no sign-in), with the same rules as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, UploadedFile
from ninja.responses import Status
from pydantic import Field

from parcours.core.api import ERRORS
from parcours.core.errors import NotFound, ValidationFailed
from parcours.portfolio import selectors, services
from parcours.portfolio.choices import AiUse, ReviewStatus, Visibility

if TYPE_CHECKING:
    from parcours.portfolio.models import PersonalWork, PortfolioExport, PortfolioPage
    from parcours.portfolio.selectors import Item

router = Router(tags=["portfolio"])


class AiOut(Schema):
    use: str = Field(description="'' (not declared), 'none' or 'used'")
    tools: str
    purpose: str
    prompts: str
    generated: str
    by_hand: str


class WorkOut(Schema):
    id: UUID = Field(description="the approved project's id")
    title: str
    description: str
    activity: str
    focus_area: str
    visibility: str
    featured: bool
    position: int
    kind: str
    content_type: str
    file_url: str
    thumbnail_url: str | None = Field(
        description="a WebP of at most 640 px, once the worker made it (pictures only)"
    )
    playable: bool = Field(description="a web build (a game) the pages play in a frame")
    made_at: datetime
    ai: AiOut
    ai_declaration_needed: bool


def work_out(item: Item, file_url: str) -> WorkOut:
    w = item.work
    return WorkOut(
        id=item.uuid,
        title=item.title,
        description=item.description,
        activity=item.submission.activity.key,
        focus_area=getattr(item.submission.activity.focus_area, "slug", ""),
        visibility=item.visibility,
        featured=item.featured,
        position=item.position,
        kind=item.submission.media_kind,
        content_type=item.submission.content_type,
        file_url=file_url,
        thumbnail_url=(
            file_url + ("&" if "?" in file_url else "?") + "size=thumb" if item.thumbnail else None
        ),
        playable=item.web_build is not None,
        made_at=item.made_on,
        ai=AiOut(
            use=item.ai_use,
            tools=w.ai_tools if w else "",
            purpose=w.ai_purpose if w else "",
            prompts=w.ai_prompts if w else "",
            generated=w.ai_generated if w else "",
            by_hand=w.ai_by_hand if w else "",
        ),
        ai_declaration_needed=item.needs_ai_declaration,
    )


class PageOut(Schema):
    slug: str | None
    url: str | None
    bio: str
    full_name: bool
    published: bool
    shown: bool = Field(description="published and the display consent in force")
    credentials: list[UUID]


class PortfolioOut(Schema):
    student: UUID
    first_name: str
    page: PageOut
    works: list[WorkOut]


@router.get("/me/portfolio", response={200: list[PortfolioOut], **ERRORS})
def my_portfolio(request: HttpRequest) -> list[PortfolioOut]:
    """The caller's portfolio (a student) and their children's (a guardian)."""
    students = selectors.portfolio_students(request.user)
    consenting = selectors.consenting([s.pk for s in students])
    out = []
    for s in students:
        page = selectors.page_of(s.pk)
        out.append(
            PortfolioOut(
                student=s.uuid,
                first_name=s.first_name,
                page=PageOut(
                    slug=page.slug if page else None,
                    url=reverse("public_portfolio:public", args=[page.slug]) if page else None,
                    bio=page.bio if page else "",
                    full_name=bool(page and page.full_name),
                    published=bool(page and page.published),
                    shown=bool(page and page.published and s.pk in consenting),
                    credentials=[c.uuid for c in page.credentials.all()] if page else [],
                ),
                works=[
                    work_out(i, reverse("portfolio:file", args=[i.uuid]))
                    for i in selectors.items_of(s.pk)
                ],
            )
        )
    return out


class WorkIn(Schema):
    """What to change (a field left out keeps its value)."""

    title: str | None = Field(None, max_length=services.LIMITS["title"])
    description: str | None = Field(None, max_length=services.LIMITS["description"])
    visibility: Visibility | None = None
    featured: bool | None = None
    position: int | None = Field(None, ge=0, le=1000)
    ai_use: AiUse | None = None
    ai_tools: str | None = Field(None, max_length=services.LIMITS["ai_tools"])
    ai_purpose: str | None = Field(None, max_length=services.LIMITS["ai_purpose"])
    ai_prompts: str | None = Field(None, max_length=services.LIMITS["ai_prompts"])
    ai_generated: str | None = Field(None, max_length=services.LIMITS["ai_generated"])
    ai_by_hand: str | None = Field(None, max_length=services.LIMITS["ai_by_hand"])


def current_fields(item: Item) -> dict[str, object]:
    """A work's fields as they stand (the defaults for a work not described yet)."""
    w = item.work
    texts = ("description", *services.AI_FIELDS)
    return {
        "title": w.title if w else "",
        **{name: getattr(w, name) if w else "" for name in texts},
        "visibility": item.visibility,
        "featured": item.featured,
        "position": item.position,
        "ai_use": item.ai_use,
    }


@router.patch("/me/portfolio/works/{uuid}", response={200: WorkOut, **ERRORS})
def save_work(request: HttpRequest, uuid: UUID, payload: WorkIn) -> WorkOut:
    """Describe one of the caller's works and choose who sees it ('public' needs the display
    consent; a work of an activity that involves AI declares its use before it is shown)."""
    item = selectors.own_item(user=request.user, uuid=uuid)
    data = current_fields(item)
    data.update(
        {
            k: str(v) if k in ("visibility", "ai_use") else v
            for k, v in payload.dict(exclude_none=True).items()
        }
    )
    services.work_save(actor=request.user, item=item, data=services.WorkFields(**data))  # type: ignore[arg-type]
    fresh = selectors.own_item(user=request.user, uuid=uuid)
    return work_out(fresh, reverse("portfolio:file", args=[uuid]))


class PageIn(Schema):
    """What to change (a field left out keeps its value)."""

    bio: str | None = Field(None, max_length=services.BIO_MAX)
    full_name: bool | None = None
    published: bool | None = None
    credentials: list[UUID] | None = Field(None, description="the credentials shown")


def page_out(page: PortfolioPage, shown: bool) -> PageOut:
    return PageOut(
        slug=page.slug,
        url=reverse("public_portfolio:public", args=[page.slug]),
        bio=page.bio,
        full_name=page.full_name,
        published=page.published,
        shown=shown,
        credentials=[c.uuid for c in page.credentials.all()],
    )


@router.patch("/me/portfolio/page", response={200: PageOut, **ERRORS})
def save_page(request: HttpRequest, payload: PageIn) -> PageOut:
    """Curate the caller's public page (a student only)."""
    own = [s for s in selectors.portfolio_students(request.user) if s.pk == request.user.pk]
    if not own:
        raise NotFound()
    current = selectors.page_of(own[0].pk)
    page = services.page_save(
        actor=request.user,
        student=own[0],
        bio=payload.bio if payload.bio is not None else (current.bio if current else ""),
        full_name=payload.full_name
        if payload.full_name is not None
        else bool(current and current.full_name),
        published=payload.published
        if payload.published is not None
        else bool(current and current.published),
        credential_uuids=None
        if payload.credentials is None
        else [str(u) for u in payload.credentials],
    )
    return page_out(page, page.published and bool(selectors.consenting([own[0].pk])))


class PublicOut(Schema):
    name: str
    centre: str
    bio: str
    works: list[WorkOut]
    credentials: list[UUID]


@router.get("/portfolios/{address}", response={200: PublicOut, **ERRORS}, auth=None)
def public_portfolio(request: HttpRequest, address: str) -> PublicOut:
    """A published page as anyone sees it: 404 when it is not published or the display
    consent is not in force."""
    shown = selectors.public_page(address)
    return PublicOut(
        name=shown.name,
        centre=shown.page.centre.name,
        bio=shown.page.bio,
        works=[
            work_out(i, reverse("public_portfolio:public_file", args=[address, i.uuid]))
            for i in shown.items
        ],
        credentials=[c.uuid for c in shown.credentials],
    )


class ExportIn(Schema):
    student: UUID | None = Field(None, description="a child's (a guardian); yours if left out")


class ExportOut(Schema):
    id: UUID
    status: str
    progress: int
    size: int
    download_url: str | None


def export_out(e: PortfolioExport) -> ExportOut:
    done = e.status == "done" and bool(e.file)
    return ExportOut(
        id=e.uuid,
        status=e.status,
        progress=e.progress,
        size=e.size,
        download_url=reverse("portfolio:export_download", args=[e.uuid]) if done else None,
    )


@router.post("/me/portfolio/exports", response={202: ExportOut, **ERRORS})
def request_export(request: HttpRequest, payload: ExportIn) -> Status:
    """Queue the ZIP of a portfolio (built in the background; one at a time)."""
    students = selectors.portfolio_students(request.user)
    wanted = str(payload.student) if payload.student else str(request.user.uuid)  # type: ignore[union-attr]
    student = next((s for s in students if str(s.uuid) == wanted), None)
    if student is None:
        raise NotFound()
    return Status(202, export_out(services.export_request(actor=request.user, student=student)))


@router.get("/me/portfolio/exports/{uuid}", response={200: ExportOut, **ERRORS})
def get_export(request: HttpRequest, uuid: UUID) -> ExportOut:
    """An export's progress, and where to download it once ready."""
    return export_out(selectors.export_get(user=request.user, uuid=uuid))


# --- Works made outside an activity: sent by the student, reviewed like projects ----------


class OutsideOut(Schema):
    id: UUID
    title: str
    focus_area: str = Field(description="the focus area's slug, '' for none")
    made_on: date
    status: ReviewStatus
    note: str
    comment: str = Field(description="the reviewer's")
    file_url: str
    sent_at: datetime
    reviewed_at: datetime | None
    student: UUID
    student_name: str


def outside_out(work: PersonalWork) -> OutsideOut:
    return OutsideOut(
        id=work.uuid,
        title=work.title,
        focus_area=work.focus_area.slug if work.focus_area else "",
        made_on=work.made_on,
        status=ReviewStatus(work.status),
        note=work.note,
        comment=work.comment,
        file_url=reverse("portfolio:file", args=[work.uuid]),
        sent_at=work.created_at,
        reviewed_at=work.reviewed_at,
        student=work.student.uuid,
        student_name=f"{work.student.first_name} {work.student.last_name}".strip(),
    )


@router.get("/me/portfolio/outside", response={200: list[OutsideOut], **ERRORS})
def my_outside_works(request: HttpRequest) -> list[OutsideOut]:
    """The caller's works made outside an activity not approved yet (and their children's,
    for a guardian): waiting for review or to fix. Approved ones are portfolio works."""
    ids = [s.pk for s in selectors.portfolio_students(request.user)]
    return [outside_out(w) for w in selectors.outside_sent(ids)]


class OutsideIn(Schema):
    title: str = Field(min_length=1, max_length=services.OUTSIDE_TITLE_MAX)
    made_on: date
    focus_area: str = Field("", max_length=60, description="a focus area's slug, or ''")
    note: str = Field("", max_length=services.NOTE_MAX)


@router.post("/me/portfolio/outside", response={201: OutsideOut, **ERRORS})
def send_outside_work(
    request: HttpRequest, file: File[UploadedFile], payload: Form[OutsideIn]
) -> Status:
    """Send a work made outside an activity, with its file (checked as a project's), for
    review by a coach. An ``Idempotency-Key`` header makes a repeated send return the first."""
    student = next(
        (s for s in selectors.portfolio_students(request.user) if s.pk == request.user.pk), None
    )
    if student is None:
        raise NotFound()
    areas = {a.slug: a for a in selectors.outside_areas(student)}
    if payload.focus_area and payload.focus_area not in areas:
        raise ValidationFailed(
            _("Check the highlighted fields."),
            fields={"focus_area": [_("One of your centre's focus areas, or none.")]},
        )
    work = services.outside_send(
        actor=request.user,
        data=services.OutsideFields(
            title=payload.title,
            focus_area=areas.get(payload.focus_area),
            made_on=payload.made_on,
            note=payload.note,
        ),
        upload=file,
        key=request.headers.get("Idempotency-Key", "")[:64],
    )
    return Status(201, outside_out(work))


@router.get("/portfolio/reviews", response={200: list[OutsideOut], **ERRORS})
def outside_reviews(request: HttpRequest) -> list[OutsideOut]:
    """The works made outside an activity waiting for the caller's review, oldest first."""
    return [outside_out(w) for w in selectors.review_queue(request.user)[:200]]


class OutsideReviewIn(Schema):
    decision: ReviewStatus = Field(description="'approved' or 'changes'")
    comment: str = Field("", max_length=services.COMMENT_MAX)


@router.post("/portfolio/reviews/{uuid}", response={200: OutsideOut, **ERRORS})
def review_outside_work(request: HttpRequest, uuid: UUID, payload: OutsideReviewIn) -> OutsideOut:
    """Approve a work made outside an activity (it joins the portfolio) or ask for changes
    (a comment required); a work already reviewed is refused (409)."""
    work = selectors.outside_for_review(user=request.user, uuid=uuid)
    if work.student_id == request.user.pk:
        raise NotFound()  # nobody reviews their own
    reviewed = services.outside_review(
        actor=request.user, work=work, decision=str(payload.decision), comment=payload.comment
    )
    return outside_out(reviewed)
