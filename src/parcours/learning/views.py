"""Pages of the learning path. Thin: parse, call a service or a selector, render."""

from __future__ import annotations

import uuid as uuid_lib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.catalogue import selectors as catalogue
from parcours.catalogue.choices import ActivityKind
from parcours.centres import selectors as centres
from parcours.core.errors import DomainError, Forbidden, ValidationFailed
from parcours.core.forms import add_service_errors, form_status
from parcours.core.lists import page_of
from parcours.learning import selectors, services
from parcours.learning.errors import LearningError
from parcours.learning.forms import (
    ChooseAreasForm,
    FocusChangeForm,
    ProjectForm,
    ReviewFilterForm,
    ReviewForm,
)
from parcours.learning.permissions import can_steer, learner, submission_policy
from parcours.learning.uploads import preview_kind
from parcours.people.audit import record_access

if TYPE_CHECKING:
    from parcours.catalogue.models import Activity
    from parcours.people.models import User

T = TypeVar("T")


def _on_form(form: forms.BaseForm, write: Callable[[], T]) -> T | None:
    """Run a service for a valid form. Its refusal is shown on the form (on the fields it
    names, else above them) and the result is None."""
    try:
        return write()
    except ValidationFailed as exc:
        add_service_errors(form, exc)
    except DomainError as exc:
        form.add_error(None, str(exc.message))
    return None


@login_required
def discovery(request: HttpRequest) -> HttpResponse:
    student = learner(request.user)
    centre = student.student_profile.centre
    form = ChooseAreasForm(request.POST or None, offered=catalogue.offered_areas(centre))
    if request.method == "POST" and form.is_valid():
        areas = list(form.cleaned_data["areas"])
        chosen = _on_form(form, lambda: services.focus_choose(student=student, areas=areas))
        if chosen is not None:
            messages.success(request, _("Your focus areas are chosen. Your path starts now!"))
            return redirect("home")
    context = {
        "form": form,
        "rows": selectors.discovery(student),
        "ready": selectors.discovery_done(student),
        "held": selectors.discovery_sessions_held(student),
        "needed": centre.focus_areas_per_student,
        "sessions": centre.discovery_sessions,
        "chosen": selectors.chosen_areas(student),
    }
    return render(request, "learning/discovery.html", context, status=form_status(request))


@login_required
def area_path(request: HttpRequest, slug: str) -> HttpResponse:
    student = learner(request.user)
    area = selectors.offered_area_get(student, slug)
    return render(
        request,
        "learning/path.html",
        {"path": selectors.area_path(student, area), "student": student, "own": True},
    )


@login_required
def activity(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    student = learner(request.user)
    act = selectors.activity_for(student, uuid)
    progress = services.activity_start(student=student, activity=act)
    context: dict[str, Any] = {
        "activity": act,
        "progress": progress,
        "crumbs": [
            (_("My path"), reverse("home")),
            (act.focus_area.name, reverse("learning:area", args=[act.focus_area.slug])),
            (act.title, ""),
        ],
    }
    if act.kind == ActivityKind.PROJECT:
        context["form"] = ProjectForm()
        context["submissions"] = selectors.submissions_of(student, student, act)
    if act.kind == ActivityKind.QUIZ:
        context.update(_sitting(student, act))
    return render(request, "learning/activity.html", context)


def _sitting(
    student: User, act: Activity, given: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """The student's open sitting of the quiz, as shown (drawn now if none is open)."""
    try:
        sitting = services.quiz_sitting_open(student=student, activity=act)
    except ValidationFailed as exc:  # a quiz with no question yet: said on the page
        return {"sitting": None, "shown": [], "message": exc.message}
    shown = selectors.sitting_shown(sitting, catalogue.quiz_items(act), given)
    return {"sitting": sitting, "shown": shown}


@login_required
@require_POST
def tutorial_done(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    student = learner(request.user)
    act = selectors.activity_for(student, uuid)
    services.tutorial_complete(student=student, activity=act)
    messages.success(request, _("Done! On to the next step."))
    return redirect("learning:area", slug=act.focus_area.slug)


@login_required
@require_POST
def quiz_submit(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    student = learner(request.user)
    act = selectors.activity_for(student, uuid)
    answers = {key[2:]: request.POST.getlist(key) for key in request.POST if key.startswith("q-")}
    try:
        seconds = max(0, min(int(request.POST.get("seconds", "0") or 0), 86_400))
    except ValueError:
        seconds = None
    try:
        result = services.quiz_submit(
            student=student,
            activity=act,
            answers=answers,
            sitting=request.POST.get("sitting", ""),
            seconds=seconds,
        )
    except ValidationFailed as exc:
        stale = exc.code == LearningError.SITTING_UNKNOWN
        context = {
            "activity": act,
            "errors": {} if stale else exc.fields,
            "message": exc.message,
            "progress": services.activity_start(student=student, activity=act),
            **_sitting(student, act, None if stale else answers),
        }
        return render(request, "learning/activity.html", context, status=400)
    return render(
        request,
        "learning/quiz_result.html",
        {"activity": act, "result": result, "path": selectors.area_path(student, act.focus_area)},
    )


@login_required
@require_POST
def project_submit(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    student = learner(request.user)
    act = selectors.activity_for(student, uuid)
    form = ProjectForm(request.POST, request.FILES)
    if form.is_valid():
        upload, note = form.cleaned_data["file"], form.cleaned_data["note"]
        sent = _on_form(
            form,
            lambda: services.project_submit(
                student=student, activity=act, upload=upload, note=note
            ),
        )
        if sent is not None:
            messages.success(request, _("Your work is sent. A coach or an expert will review it."))
            return redirect("learning:activity", uuid=act.uuid)
    context = {
        "activity": act,
        "form": form,
        "progress": services.activity_start(student=student, activity=act),
        "submissions": selectors.submissions_of(student, student, act),
    }
    return render(request, "learning/activity.html", context, status=400)


@login_required
def submission_file(request: HttpRequest, uuid: uuid_lib.UUID) -> FileResponse:
    submission = submission_policy.get_visible(request.user, uuid=uuid)
    # Shown in place (the review page's preview) only for images, sound and video.
    inline = request.GET.get("view") == "1" and bool(preview_kind(submission.content_type))
    response = FileResponse(
        submission.file.open("rb"),
        as_attachment=not inline,
        filename=submission.original_name,
        content_type=submission.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser showed it in place, an uploaded file runs nothing and reaches nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Projects waiting for the user's review, filtered, sorted and paged (25 a page)."""
    areas = selectors.review_queue_areas(request.user)
    form = ReviewFilterForm(request.GET or None, areas=areas)
    filters = form.filters() if request.GET else {"area": "", "q": "", "sort": "oldest"}
    queue = selectors.review_queue_filtered(request.user, **filters)
    page = page_of(request, queue)
    now = timezone.now()
    return render(
        request,
        "learning/reviews.html",
        {
            "form": form,
            "page": page,
            "rows": [(s, (now - s.created_at).days) for s in page.object_list],
            "filtered": any(v for k, v in filters.items() if k != "sort"),
        },
    )


@login_required
def review(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    submission = submission_policy.get_editable(request.user, uuid=uuid)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        comment = form.cleaned_data["comment"]
        reviewed = _on_form(
            form,
            lambda: services.submission_review(
                actor=request.user, submission=submission, approve=approve, comment=comment
            ),
        )
        if reviewed is not None:
            messages.success(request, _("Your review is sent to the student."))
            return redirect("learning:reviews")
    history = selectors.submissions_of(request.user, submission.student, submission.activity)
    return render(
        request,
        "learning/review.html",
        {
            "submission": submission,
            "form": form,
            "history": history,
            "preview": preview_kind(submission.content_type),
            "crumbs": [
                (_("Work to review"), reverse("learning:reviews")),
                (submission.activity.title, ""),
            ],
        },
        status=form_status(request),
    )


@login_required
def student_path(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    """A student's path as their coach, family or centre staff see it."""
    student = selectors.followed_student_get(user=request.user, uuid=uuid)
    if request.method == "GET":
        record_access(request.user, student)
    form = None
    if can_steer(request.user, student):
        chosen, others = selectors.focus_change_choices(student)
        form = FocusChangeForm(request.POST or None, chosen=chosen, offered=others)
    if request.method == "POST":
        if form is None:
            raise Forbidden()
        if form.is_valid():
            change = form.cleaned_data
            changed = _on_form(
                form,
                lambda: services.focus_change(
                    actor=request.user,
                    student=student,
                    drop=change["drop"],
                    add=change["add"],
                    reason=change["reason"],
                ),
            )
            if changed is not None:
                messages.success(
                    request, _("The focus areas are changed; progress in the dropped one is kept.")
                )
                return redirect("learning:student", uuid=student.uuid)
    return render(
        request,
        "learning/student.html",
        {
            "student": student,
            "form": form,
            "dashboard": (dashboard := selectors.dashboard(student)),
            "reviewable": selectors.reviewable_ids(request.user, dashboard.waiting),
        },
        status=form_status(request),
    )


@login_required
def mastery_model(request: HttpRequest, slug: str) -> HttpResponse:
    centre = centres.centre_get(user=request.user, slug=slug)
    if request.method == "POST":
        services.mastery_fit_request(actor=request.user, centre=centre)
        messages.success(request, _("The model is being fitted; this page shows its progress."))
        return redirect("learning:mastery", slug=centre.slug)
    history = selectors.mastery_fits(user=request.user, centre=centre, limit=10)
    template = (
        "learning/_fit_status.html"
        if request.headers.get("HX-Request")
        else "learning/mastery.html"
    )
    return render(
        request, template, {"centre": centre, "fits": history.fits, "active": history.active}
    )
