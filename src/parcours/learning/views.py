"""Pages of the learning path. Thin: parse, call a service or a selector, render."""

from __future__ import annotations

import uuid as uuid_lib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.catalogue import selectors as catalogue
from parcours.catalogue.models import Activity, ActivityKind, FocusArea
from parcours.centres import selectors as centres
from parcours.centres.permissions import can_manage_centre
from parcours.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from parcours.core.forms import add_service_errors, form_status
from parcours.learning import selectors, services
from parcours.learning.forms import ChooseAreasForm, FocusChangeForm, ProjectForm, ReviewForm
from parcours.learning.models import MasteryFit
from parcours.learning.permissions import can_follow, can_steer, submission_policy
from parcours.people.models import User


def _student(request: HttpRequest) -> Any:
    user = request.user
    if getattr(user, "student_profile", None) is None:
        raise Forbidden(_("This page is for students."))
    return user


def _activity(request: HttpRequest, uuid: Any) -> Activity:
    student = _student(request)
    activity = catalogue.activity_get(user=student, uuid=uuid)
    offered = catalogue.offered_areas(student.student_profile.centre)
    if not offered.filter(pk=activity.focus_area_id).exists():
        raise NotFound()
    return activity


@login_required
def discovery(request: HttpRequest) -> HttpResponse:
    student = _student(request)
    offered = catalogue.offered_areas(student.student_profile.centre)
    form = ChooseAreasForm(request.POST or None, offered=offered)
    if request.method == "POST" and form.is_valid():
        try:
            services.focus_choose(student=student, areas=list(form.cleaned_data["areas"]))
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Your focus areas are chosen. Your path starts now!"))
            return redirect("home")
    context = {
        "form": form,
        "rows": selectors.discovery(student),
        "ready": services.discovery_done(student),
        "held": selectors.discovery_sessions_held(student),
        "needed": student.student_profile.centre.focus_areas_per_student,
        "sessions": student.student_profile.centre.discovery_sessions,
        "chosen": selectors.chosen_areas(student),
    }
    return render(request, "learning/discovery.html", context, status=form_status(request))


@login_required
def area_path(request: HttpRequest, slug: str) -> HttpResponse:
    student = _student(request)
    area = catalogue.focus_area_get(user=student, slug=slug)
    if not catalogue.offered_areas(student.student_profile.centre).filter(pk=area.pk).exists():
        raise NotFound()
    return render(
        request,
        "learning/path.html",
        {"path": selectors.area_path(student, area), "student": student, "own": True},
    )


@login_required
def activity(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    student = _student(request)
    act = _activity(request, uuid)
    progress = services.activity_start(student=student, activity=act)
    context: dict[str, Any] = {"activity": act, "progress": progress, "batch": uuid_lib.uuid4()}
    if act.kind == ActivityKind.PROJECT:
        context["form"] = ProjectForm()
        context["submissions"] = selectors.submissions_of(student, student, act)
    if act.kind == ActivityKind.QUIZ:
        context["items"] = list(act.quiz_items.order_by("order"))
    return render(request, "learning/activity.html", context)


@login_required
@require_POST
def tutorial_done(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    student = _student(request)
    act = _activity(request, uuid)
    services.tutorial_complete(student=student, activity=act)
    messages.success(request, _("Done! On to the next step."))
    return redirect("learning:area", slug=act.focus_area.slug)


@login_required
@require_POST
def quiz_submit(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    student = _student(request)
    act = _activity(request, uuid)
    items = list(act.quiz_items.order_by("order"))
    answers = {str(i.uuid): request.POST.getlist(f"q-{i.uuid}") for i in items}
    try:
        batch = uuid_lib.UUID(request.POST.get("batch", ""))
    except ValueError:
        batch = uuid_lib.uuid4()
    try:
        seconds = max(0, min(int(request.POST.get("seconds", "0") or 0), 86_400))
    except ValueError:
        seconds = None
    try:
        result = services.quiz_submit(
            student=student, activity=act, answers=answers, batch=batch, seconds=seconds
        )
    except ValidationFailed as exc:
        context = {
            "activity": act,
            "items": items,
            "errors": exc.fields,
            "given": answers,
            "batch": batch,
            "message": exc.message,
            "progress": services.activity_start(student=student, activity=act),
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
    student = _student(request)
    act = _activity(request, uuid)
    form = ProjectForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.project_submit(
                student=student,
                activity=act,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
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
    response = FileResponse(
        submission.file.open("rb"),
        as_attachment=True,
        filename=submission.original_name,
        content_type=submission.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "learning/reviews.html", {"queue": selectors.review_queue(request.user)})


@login_required
def review(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    submission = submission_policy.get_editable(request.user, uuid=uuid)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_review(
                actor=request.user,
                submission=submission,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Your review is sent to the student."))
            return redirect("learning:reviews")
    history = selectors.submissions_of(request.user, submission.student, submission.activity)
    return render(
        request,
        "learning/review.html",
        {"submission": submission, "form": form, "history": history},
        status=form_status(request),
    )


@login_required
def student_path(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    """A student's path as their coach, family or centre staff see it."""
    student = User.objects.filter(uuid=uuid, student_profile__isnull=False).first()
    if student is None or not can_follow(request.user, student):
        raise NotFound()
    offered = catalogue.offered_areas(student.student_profile.centre)
    chosen = FocusArea.objects.filter(pk__in=[a.pk for a in selectors.chosen_areas(student)])
    steer = can_steer(request.user, student)
    form = (
        FocusChangeForm(request.POST or None, chosen=chosen, offered=offered.exclude(pk__in=chosen))
        if steer
        else None
    )
    if request.method == "POST":
        if form is None:
            raise Forbidden()
        if form.is_valid():
            try:
                services.focus_change(
                    actor=request.user,
                    student=student,
                    drop=form.cleaned_data["drop"],
                    add=form.cleaned_data["add"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
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
            "dashboard": selectors.dashboard(student),
        },
        status=form_status(request),
    )


@login_required
def mastery_model(request: HttpRequest, slug: str) -> HttpResponse:
    centre = centres.centre_get(user=request.user, slug=slug)
    if not can_manage_centre(request.user, centre):
        raise Forbidden()
    if request.method == "POST":
        services.mastery_fit_request(actor=request.user, centre=centre)
        messages.success(request, _("The model is being fitted; this page shows its progress."))
        return redirect("learning:mastery", slug=centre.slug)
    fits = MasteryFit.objects.filter(centre=centre)[:10]
    template = (
        "learning/_fit_status.html"
        if request.headers.get("HX-Request")
        else "learning/mastery.html"
    )
    return render(
        request,
        template,
        {
            "centre": centre,
            "fits": fits,
            "active": next((f for f in fits if f.status in ("queued", "running")), None),
        },
    )
