"""The portfolio's pages: "My portfolio" (the student describes their works and curates their
public page; a guardian reads their children's), a work's form, the centre's gallery, and
the public page (no sign-in) with the works' files."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parcours.core.errors import Conflict, NotFound, ValidationFailed
from parcours.core.forms import add_service_errors
from parcours.portfolio import selectors, services
from parcours.portfolio.choices import ExportStatus
from parcours.portfolio.files import file_response, play_response, play_uuid
from parcours.portfolio.forms import OutsideForm, PageForm, ResendForm, ReviewForm, WorkForm
from parcours.portfolio.selectors import Item

if TYPE_CHECKING:
    from parcours.people.models import User


def _credential_choices(student_id: int) -> list[tuple[str, str]]:
    return [(str(c.uuid), c.name) for c in selectors.credentials_held(student_id)]


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    students = selectors.portfolio_students(request.user)
    own = next((s for s in students if s.pk == request.user.pk), None)
    form = None
    status = 200
    if own is not None:
        page = selectors.page_of(own.pk)
        initial = {
            "bio": page.bio if page else "",
            "full_name": bool(page and page.full_name),
            "published": bool(page and page.published),
            "credentials": [str(c.uuid) for c in page.credentials.all()] if page else [],
        }
        form = PageForm(
            request.POST or None, initial=initial, credential_choices=_credential_choices(own.pk)
        )
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    services.page_save(
                        actor=request.user,
                        student=own,
                        bio=form.cleaned_data["bio"],
                        full_name=form.cleaned_data["full_name"],
                        published=form.cleaned_data["published"],
                        credential_uuids=form.cleaned_data["credentials"],
                    )
                except ValidationFailed as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("Your public page is saved."))
                    return redirect("portfolio:mine")
    sections = []
    consenting = selectors.consenting([s.pk for s in students])
    exports = selectors.latest_exports([s.pk for s in students])
    sent = selectors.outside_sent([s.pk for s in students])
    for s in students:
        page = selectors.page_of(s.pk)
        sections.append(
            {
                "student": s,
                "own": s.pk == request.user.pk,
                "items": selectors.items_of(s.pk),
                "page": page,
                "consent": s.pk in consenting,
                "export": exports.get(s.pk),
                "outside": [w for w in sent if w.student_id == s.pk],
            }
        )
    return render(
        request, "portfolio/mine.html", {"sections": sections, "form": form}, status=status
    )


def _initial(item: Item) -> dict[str, object]:
    w = item.work
    fields = ("title", "description", "ai_tools", "ai_purpose", "ai_prompts", "ai_generated")
    initial: dict[str, object] = {name: getattr(w, name) if w else "" for name in fields}
    initial.update(
        ai_by_hand=w.ai_by_hand if w else "",
        visibility=item.visibility,
        featured=item.featured,
        position=item.position,
        ai_use=item.ai_use,
    )
    return initial


@login_required
def work_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    item = selectors.own_item(user=request.user, uuid=uuid)
    form = WorkForm(request.POST or None, initial=_initial(item))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.work_save(
                    actor=request.user,
                    item=item,
                    data=services.WorkFields(**form.cleaned_data),
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("“%(title)s” is saved.") % {"title": item.title})
                return redirect("portfolio:mine")
    consent = bool(selectors.consenting([item.submission.student_id]))
    return render(
        request,
        "portfolio/work.html",
        {"item": item, "form": form, "consent": consent},
        status=status,
    )


@login_required
@require_GET
def centre_gallery(request: HttpRequest) -> HttpResponse:
    return render(request, "portfolio/centre.html", {"rows": selectors.centre_items(request.user)})


@login_required
@require_GET
def work_file(request: HttpRequest, uuid: UUID) -> FileResponse:
    return file_response(
        selectors.file_item(user=request.user, uuid=uuid), size=request.GET.get("size", "")
    )


@require_GET
def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    shown = selectors.public_page(slug)
    response = render(request, "portfolio/public.html", {"shown": shown})
    response["Cache-Control"] = "no-cache"
    response["X-Robots-Tag"] = "noindex"  # shared by link, not listed by search engines
    return response


@require_GET
def public_file(request: HttpRequest, slug: str, uuid: UUID) -> FileResponse:
    return file_response(selectors.public_item(slug, uuid), size=request.GET.get("size", ""))


@require_GET
def work_address(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """A work's stable address, as a credential names it in its evidence: to the public page
    when the work is public there, else to what the signed-in reader may see, else 404."""
    to = selectors.work_destination(user=request.user, uuid=uuid)
    anchor = f"#work-{uuid}"
    if to.where == "public":
        return redirect(reverse("public_portfolio:public", args=[to.slug]) + anchor)
    if to.where == "family":
        return redirect(reverse("portfolio:mine") + anchor)
    return redirect("portfolio:file", uuid=uuid)


@require_GET
def public_play(request: HttpRequest, slug: str, uuid: UUID, path: str) -> HttpResponse:
    """A file of a public work's web build (a game), checked like the page on each file."""
    return play_response(selectors.public_item(slug, uuid), path)


@require_GET
def play(request: HttpRequest, token: str, path: str) -> HttpResponse:
    """A file of a work's web build for a signed-in reader's frame: the address carries the
    right (signed for that work when the page was shown to them, for 6 hours), as the
    sandboxed frame sends no cookie."""
    return play_response(selectors.played_item(play_uuid(token)), path)


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """Ask for the ZIP of a portfolio (one's own, a child's): built in the background."""
    student = next(
        (
            s
            for s in selectors.portfolio_students(request.user)
            if str(s.uuid) == request.POST.get("student", "")
        ),
        None,
    )
    if student is None:
        raise NotFound()
    services.export_request(actor=request.user, student=student)
    messages.success(
        request, _("The ZIP is being prepared: it appears here in a moment, ready to download.")
    )
    return redirect(reverse("portfolio:mine") + f"#export-{student.uuid}")


@login_required
@require_GET
def export_download(request: HttpRequest, uuid: UUID) -> FileResponse:
    done = selectors.export_get(user=request.user, uuid=uuid)
    if done.status != ExportStatus.DONE or not done.file:
        raise NotFound()
    name = f"portfolio-{done.student.first_name or 'export'}-{done.created_at:%Y-%m-%d}.zip"
    response = FileResponse(done.file.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response


def _student_of(request: HttpRequest) -> User:
    """The signed-in student (a work made outside an activity is sent by its student)."""
    student = next(
        (s for s in selectors.portfolio_students(request.user) if s.pk == request.user.pk), None
    )
    if student is None:
        raise NotFound()
    return student


@login_required
def outside_new(request: HttpRequest) -> HttpResponse:
    """A student sends a work made outside an activity, for review."""
    student = _student_of(request)
    areas = selectors.outside_areas(student)
    form = OutsideForm(
        request.POST or None,
        request.FILES or None,
        areas=[(a.slug, a.name) for a in areas],
        initial={"made_on": timezone.localdate()},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                work = services.outside_send(
                    actor=request.user,
                    data=services.OutsideFields(
                        title=data["title"],
                        focus_area=next((a for a in areas if a.slug == data["focus_area"]), None),
                        made_on=data["made_on"],
                        note=data["note"],
                    ),
                    upload=data["file"],
                    key=request.POST.get("send_key", ""),
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("“%(title)s” is sent: your coach reviews it, then it joins your portfolio.")
                    % {"title": work.title},
                )
                return redirect(reverse("portfolio:mine") + "#outside")
    return render(
        request,
        "portfolio/outside_new.html",
        {"form": form, "send_key": get_random_string(24)},
        status=status,
    )


@login_required
def outside(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """A work made outside an activity: its student follows its review (and sends a new file
    when changes are asked); a reviewer approves it or asks for changes."""
    work = selectors.outside_for_review(user=request.user, uuid=uuid)
    own = work.student_id == request.user.pk
    reviewer = selectors.reviewable(request.user).filter(pk=work.pk).exists()
    review = ReviewForm(request.POST or None) if reviewer and not own else None
    resend = ResendForm(request.POST or None, request.FILES or None) if own else None
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if review is not None and review.is_valid():
                services.outside_review(
                    actor=request.user,
                    work=work,
                    decision=review.cleaned_data["decision"],
                    comment=review.cleaned_data["comment"],
                )
                messages.success(request, _("Your review is saved; the student is told."))
                return redirect("portfolio:reviews")
            if resend is not None and resend.is_valid():
                services.outside_resend(
                    actor=request.user, work=work, upload=resend.cleaned_data["file"]
                )
                messages.success(request, _("The new file is sent for review."))
                return redirect(reverse("portfolio:mine") + "#outside")
        except Conflict as exc:  # reviewed meanwhile by someone else: shown as it is now
            messages.error(request, str(exc.message))
            return redirect("portfolio:outside", uuid=uuid)
        except ValidationFailed as exc:
            target = review if review is not None else resend
            if target is not None:
                add_service_errors(target, exc)
    return render(
        request,
        "portfolio/outside.html",
        {
            "work": work,
            "item": Item(work, None),
            "own": own,
            "review": review,
            "resend": resend,
        },
        status=status,
    )


@login_required
@require_GET
def reviews(request: HttpRequest) -> HttpResponse:
    """The works made outside an activity waiting for the user's review, oldest first."""
    queue = list(selectors.review_queue(request.user)[:200])
    return render(request, "portfolio/reviews.html", {"queue": queue, "now": timezone.now()})
