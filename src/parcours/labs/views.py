"""Pages of labs and masterlabs. Thin: parse, call a selector or a service, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.centres import selectors as centres
from parcours.core.errors import Conflict, Forbidden, ValidationFailed
from parcours.core.forms import add_service_errors, form_status, submit
from parcours.labs import allocation, selectors, services
from parcours.labs.forms import (
    CycleForm,
    LabForm,
    MasterlabApplyForm,
    MasterlabForm,
    PublishForm,
    StatusForm,
    WishesForm,
)
from parcours.labs.models import CycleStatus, LabCycle
from parcours.labs.permissions import can_lead, can_manage_labs, is_student_of
from parcours.learning.models import Submission, SubmissionStatus
from parcours.learning.permissions import submission_policy
from parcours.schedule.models import Session


def _form_page(request: HttpRequest, form: Any, title: str, **extra: Any) -> HttpResponse:
    return render(
        request,
        "labs/form.html",
        {"form": form, "title": title, **extra},
        status=form_status(request),
    )


@login_required
def centre_labs(request: HttpRequest, slug: str) -> HttpResponse:
    centre = centres.centre_get(user=request.user, slug=slug)
    return render(
        request,
        "labs/centre.html",
        {
            "centre": centre,
            "cycles": selectors.cycle_list(user=request.user, centre=centre),
            "masterlabs": selectors.masterlab_list(user=request.user, centre=centre),
            "can_manage": can_manage_labs(request.user, centre),
        },
    )


@login_required
def cycle_create(request: HttpRequest, slug: str) -> HttpResponse:
    centre = centres.centre_get(user=request.user, slug=slug)
    if not can_manage_labs(request.user, centre):
        raise Forbidden()
    form = CycleForm(request.POST or None)
    made: list[LabCycle] = []

    def save(data: dict[str, Any], seen: dt.datetime | None) -> object:
        made.append(services.cycle_create(actor=request.user, centre=centre, data=data))
        return made[0]

    if submit(request, form, save):
        messages.success(request, _("The cycle is created as a draft; now add its labs."))
        return redirect("labs:cycle", uuid=made[0].uuid)
    return _form_page(request, form, _("New lab cycle"), centre=centre)


@login_required
def cycle_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    if is_student_of(request.user, cycle.centre):
        return redirect("labs:wishes", uuid=cycle.uuid)
    manage = can_manage_labs(request.user, cycle.centre)
    if request.method == "POST":
        if not manage:
            raise Forbidden()
        status_form = StatusForm(request.POST)
        if status_form.is_valid():
            try:
                services.cycle_set_status(
                    actor=request.user, cycle=cycle, status=status_form.cleaned_data["status"]
                )
            except ValidationFailed as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(request, _("The cycle's status is changed."))
        return redirect("labs:cycle", uuid=cycle.uuid)
    return render(
        request,
        "labs/cycle.html",
        {
            "cycle": cycle,
            "centre": cycle.centre,
            "labs": selectors.lab_list(user=request.user, cycle=cycle),
            "can_manage": manage,
            "statuses": [c for c in CycleStatus.choices if c[0] != CycleStatus.PUBLISHED],
            "waitlists": (
                selectors.waitlists(user=request.user, cycle=cycle)
                if manage and cycle.status == CycleStatus.PUBLISHED
                else []
            ),
        },
    )


@login_required
def lab_create(request: HttpRequest, uuid: str) -> HttpResponse:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    if not can_manage_labs(request.user, cycle.centre):
        raise Forbidden()
    form = LabForm(request.POST or None, centre=cycle.centre)

    def save(data: dict[str, Any], seen: dt.datetime | None) -> object:
        return services.lab_create(actor=request.user, cycle=cycle, data=data)

    if submit(request, form, save):
        messages.success(request, _("The lab is added to the cycle."))
        return redirect("labs:cycle", uuid=cycle.uuid)
    return _form_page(request, form, _("New lab"), centre=cycle.centre, cycle=cycle)


@login_required
def lab_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    lead = can_lead(request.user, lab)
    roster = list(selectors.roster(user=request.user, lab=lab)) if lead else []
    students = [s.student_id for s in roster]
    sessions: list[Session] = []
    if lead and lab.slot_id:
        sessions = list(
            Session.objects.filter(
                slot_id=lab.slot_id,
                starts_at__date__gte=lab.cycle.starts_on,
                starts_at__date__lte=lab.cycle.ends_on,
            ).order_by("starts_at")[:20]
        )
    reviews = (
        submission_policy.editable(request.user)
        .filter(student_id__in=students, status=SubmissionStatus.SUBMITTED)
        .select_related("student", "activity")
        .order_by("created_at")
        if lead
        else Submission.objects.none()
    )
    return render(
        request,
        "labs/lab.html",
        {
            "lab": lab,
            "cycle": lab.cycle,
            "centre": lab.centre,
            "lead": lead,
            "roster": roster,
            "sessions": sessions,
            "reviews": reviews,
            "competencies": lab.template.competencies.order_by("order"),
        },
    )


@login_required
def wishes(request: HttpRequest, uuid: str) -> HttpResponse:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    if not is_student_of(request.user, cycle.centre):
        raise Forbidden(_("This page is for the centre's students."))
    options = selectors.options_for(request.user, cycle)
    form = WishesForm(request.POST or None, options=options.open_labs, max_wishes=cycle.max_wishes)
    if request.method == "POST" and form.is_valid():
        try:
            services.wishes_set(
                actor=request.user,
                cycle=cycle,
                labs=form.cleaned_data["labs"],
                flagged=form.cleaned_data["flagged_lab"],
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your list of labs is saved."))
            return redirect("labs:wishes", uuid=cycle.uuid)
    return render(
        request,
        "labs/wishes.html",
        {
            "cycle": cycle,
            "centre": cycle.centre,
            "options": options,
            "form": form,
            "can_apply": cycle.status == CycleStatus.OPEN,
            "result": _result(request.user, cycle),
        },
        status=form_status(request),
    )


def _result(student: Any, cycle: LabCycle) -> dict[str, Any] | None:
    if cycle.status != CycleStatus.PUBLISHED:
        return None
    seat = selectors.seat_of(user=student, student=student, cycle=cycle)
    titles = {str(lab.pk): lab.template.title for lab in cycle.labs.select_related("template")}
    if seat is not None:
        data = seat.reason
    else:
        data = selectors.unassigned_reason(student=student, cycle=cycle)
    return {
        "seat": seat,
        "offer": selectors.offer_of(user=student, student=student, cycle=cycle),
        "sentence": allocation.sentence(data, titles),
    }


@login_required
def seat_withdraw(request: HttpRequest, uuid: str) -> HttpResponse:
    """A confirmation step, then the seat is given up and offered to the next waiting."""
    seat = selectors.seat_get(user=request.user, uuid=uuid)
    back = (
        redirect("labs:wishes", uuid=seat.cycle.uuid)
        if seat.student_id == request.user.pk
        else redirect("labs:cycle", uuid=seat.cycle.uuid)
    )
    if request.method == "POST":
        try:
            services.seat_withdraw(actor=request.user, seat=seat)
        except Conflict as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request, _("You gave up your seat; it is offered to the next on the waiting list.")
            )
        return back
    return render(
        request,
        "labs/withdraw.html",
        {"seat": seat, "cycle": seat.cycle, "centre": seat.centre, "back": back.url},
    )


@login_required
@require_POST
def offer_answer(request: HttpRequest, uuid: str) -> HttpResponse:
    seat = selectors.seat_get(user=request.user, uuid=uuid)
    action = request.POST.get("action")
    if action not in ("accept", "decline"):
        raise ValidationFailed(_("Accept or decline the offer."))
    try:
        if action == "accept":
            services.offer_accept(actor=request.user, seat=seat)
            messages.success(request, _("The seat is yours."))
        else:
            services.offer_decline(actor=request.user, seat=seat)
            messages.success(request, _("You declined the offer; it goes to the next student."))
    except Conflict as exc:
        messages.error(request, str(exc.message))
    return redirect("labs:wishes", uuid=seat.cycle.uuid)


@login_required
def allocation_page(request: HttpRequest, uuid: str) -> HttpResponse:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    if not can_manage_labs(request.user, cycle.centre):
        raise Forbidden()
    publish_form = PublishForm(request.POST or None, initial={"mechanism": cycle.mechanism})
    if request.method == "POST":
        if request.POST.get("action") == "dry_run":
            services.dry_run_request(actor=request.user, cycle=cycle)
            messages.success(request, _("The dry run is running; this page shows its progress."))
            return redirect("labs:allocation", uuid=cycle.uuid)
        if publish_form.is_valid():
            services.publish_request(
                actor=request.user, cycle=cycle, mechanism=publish_form.cleaned_data["mechanism"]
            )
            messages.success(
                request, _("The seats are being published; this page shows the progress.")
            )
            return redirect("labs:allocation", uuid=cycle.uuid)
    runs = list(selectors.runs_of(user=request.user, cycle=cycle)[:10])
    dry = next((r for r in runs if r.dry_run and r.status == "done"), None)
    context = {
        "cycle": cycle,
        "centre": cycle.centre,
        "runs": runs,
        "dry": dry,
        "rows": _figure_rows(dry.metrics if dry else {}),
        "publication": selectors.publication(cycle),
        "publish_form": publish_form,
        "active": next((r for r in runs if r.status in ("queued", "running")), None),
    }
    template = "labs/_runs.html" if request.headers.get("HX-Request") else "labs/allocation.html"
    return render(request, template, context, status=form_status(request))


def _figure_rows(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"mechanism": name, **values} for name, values in metrics.items()]


@login_required
def masterlab_create(request: HttpRequest, slug: str) -> HttpResponse:
    centre = centres.centre_get(user=request.user, slug=slug)
    if not can_manage_labs(request.user, centre):
        raise Forbidden()
    form = MasterlabForm(request.POST or None, centre=centre)
    made: list[Any] = []

    def save(data: dict[str, Any], seen: dt.datetime | None) -> object:
        made.append(services.masterlab_create(actor=request.user, centre=centre, data=data))
        return made[0]

    if submit(request, form, save):
        messages.success(request, _("The masterlab is created."))
        return redirect("labs:masterlab", uuid=made[0].uuid)
    return _form_page(request, form, _("New masterlab"), centre=centre)


@login_required
def masterlab_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    student = is_student_of(request.user, masterlab.centre)
    form = None
    mine = None
    if student:
        mine = selectors.masterlab_application(student=request.user, masterlab=masterlab)
        projects = Submission.objects.filter(
            student_id=request.user.pk, status=SubmissionStatus.APPROVED
        ).select_related("activity")
        form = MasterlabApplyForm(
            request.POST or None,
            projects=projects,
            initial={
                "motivation": mine.motivation if mine else "",
                "submissions": list(mine.submissions.all()) if mine else [],
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.masterlab_apply(
                    actor=request.user,
                    masterlab=masterlab,
                    motivation=form.cleaned_data["motivation"],
                    submissions=list(form.cleaned_data["submissions"]),
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your application is saved."))
                return redirect("labs:masterlab", uuid=masterlab.uuid)
    elif request.method == "POST":
        raise Forbidden()
    return render(
        request,
        "labs/masterlab.html",
        {
            "masterlab": masterlab,
            "centre": masterlab.centre,
            "form": form,
            "mine": mine,
            "applications": (
                selectors.masterlab_applications(user=request.user, masterlab=masterlab)
                if can_manage_labs(request.user, masterlab.centre)
                else []
            ),
        },
        status=form_status(request),
    )


@login_required
@require_POST
def masterlab_withdraw(request: HttpRequest, uuid: str) -> HttpResponse:
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    services.masterlab_withdraw(actor=request.user, masterlab=masterlab)
    messages.success(request, _("Your application is withdrawn."))
    return redirect("labs:masterlab", uuid=masterlab.uuid)
