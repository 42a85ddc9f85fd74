"""Pages of labs and masterlabs. Thin: parse, call a selector or a service, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
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
    ScoresForm,
    StatusForm,
    WishesForm,
)
from parcours.labs.models import CycleStatus, LabCycle, Masterlab, Outcome
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

    def save(data: dict[str, Any], seen: dt.datetime | None) -> LabCycle:
        return services.cycle_create(actor=request.user, centre=centre, data=data)

    if (saved := submit(request, form, save)) is not None:
        messages.success(request, _("The cycle is created as a draft; now add its labs."))
        return redirect("labs:cycle", uuid=saved.uuid)
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

    if submit(request, form, save) is not None:
        messages.success(request, _("The lab is added to the cycle."))
        return redirect("labs:cycle", uuid=cycle.uuid)
    return _form_page(request, form, _("New lab"), centre=cycle.centre, cycle=cycle)


def _conflict_on_form(form: Any, call: Any) -> Any:
    """Run a service call of a form page; a Conflict becomes the form's error."""
    try:
        return call()
    except Conflict as exc:
        raise ValidationFailed(str(exc.message)) from exc


@login_required
def cycle_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    if not can_manage_labs(request.user, cycle.centre):
        raise Forbidden()
    form = CycleForm(request.POST or None, instance=cycle, initial={"seen": cycle.updated_at})

    def save(data: dict[str, Any], seen: dt.datetime | None) -> object:
        return _conflict_on_form(
            form,
            lambda: services.cycle_update(actor=request.user, cycle=cycle, data=data, seen=seen),
        )

    if submit(request, form, save) is not None:
        messages.success(request, _("The cycle is saved."))
        return redirect("labs:cycle", uuid=cycle.uuid)
    return _form_page(
        request,
        form,
        _("Edit %(name)s") % {"name": cycle.name},
        centre=cycle.centre,
        cycle=cycle,
        delete_url=reverse("labs:cycle_delete", args=[cycle.uuid]),
    )


@login_required
@require_POST
def cycle_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    try:
        services.cycle_delete(actor=request.user, cycle=cycle)
    except Conflict as exc:
        messages.error(request, str(exc.message))
        return redirect("labs:cycle", uuid=cycle.uuid)
    messages.success(request, _("The cycle is deleted."))
    return redirect("labs:centre", slug=cycle.centre.slug)


@login_required
def lab_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    if not can_manage_labs(request.user, lab.centre):
        raise Forbidden()
    form = LabForm(
        request.POST or None, instance=lab, centre=lab.centre, initial={"seen": lab.updated_at}
    )

    def save(data: dict[str, Any], seen: dt.datetime | None) -> object:
        return _conflict_on_form(
            form, lambda: services.lab_update(actor=request.user, lab=lab, data=data, seen=seen)
        )

    if submit(request, form, save) is not None:
        messages.success(request, _("The lab is saved."))
        return redirect("labs:lab", uuid=lab.uuid)
    return _form_page(
        request,
        form,
        _("Edit %(name)s") % {"name": lab.template.title},
        centre=lab.centre,
        cycle=lab.cycle,
        delete_url=reverse("labs:lab_delete", args=[lab.uuid]),
    )


@login_required
@require_POST
def lab_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    try:
        services.lab_delete(actor=request.user, lab=lab)
    except Conflict as exc:
        messages.error(request, str(exc.message))
        return redirect("labs:lab", uuid=lab.uuid)
    messages.success(request, _("The lab is deleted."))
    return redirect("labs:cycle", uuid=lab.cycle.uuid)


@login_required
def lab_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    lead = can_lead(request.user, lab)
    roster = list(selectors.roster(user=request.user, lab=lab)) if lead else []
    competencies = list(lab.template.competencies.order_by("order"))
    if request.method == "POST":
        if not lead:
            raise Forbidden()
        held = [s for s in roster if s.status == "held"]
        by_pk = {c.pk: c for c in competencies}
        try:
            with transaction.atomic():
                for seat in held:
                    raw = request.POST.getlist(f"v_{seat.student.uuid}")
                    try:
                        chosen = [by_pk[int(v)] for v in raw]
                    except (KeyError, ValueError) as exc:
                        raise ValidationFailed(
                            _("Choose only competencies this lab covers.")
                        ) from exc
                    services.competencies_validate(
                        actor=request.user, lab=lab, student=seat.student, competencies=chosen
                    )
        except ValidationFailed as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The validated competencies are saved."))
        return redirect("labs:lab", uuid=lab.uuid)
    shown = list(selectors.validations(user=request.user, lab=lab))
    validated = {(v.student_id, v.competency_id) for v in shown}
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
            "competencies": competencies,
            "can_manage": can_manage_labs(request.user, lab.centre),
            "grid": [
                (seat, [(c, (seat.student_id, c.pk) in validated) for c in competencies])
                for seat in roster
                if seat.status == "held"
            ],
            "mine": [v.competency for v in shown if v.student_id == request.user.pk],
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
    result = selectors.cycle_result(user=student, student=student, cycle=cycle)
    return {"seat": result.seat, "offer": result.offer, "sentence": result.sentence}


@login_required
def seat_withdraw(request: HttpRequest, uuid: str) -> HttpResponse:
    """A confirmation step, then the seat is given up and offered to the next waiting."""
    seat = selectors.seat_get(user=request.user, uuid=uuid)
    back = _back(request, seat.student_id, seat.cycle)
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
    return _back(request, seat.student_id, seat.cycle)


def _back(request: HttpRequest, student_id: int, cycle: LabCycle) -> HttpResponseRedirect:
    """Where a seat's page returns: the student's own labs page, the family's page, or the
    managers' cycle page."""
    if student_id == request.user.pk:
        return redirect("labs:wishes", uuid=cycle.uuid)
    if can_manage_labs(request.user, cycle.centre):
        return redirect("labs:cycle", uuid=cycle.uuid)
    return redirect("labs:family")


@login_required
def family(request: HttpRequest) -> HttpResponse:
    """A guardian's page: each ward's seats, open offers and masterlab outcomes."""
    today = timezone.localdate()
    wards = selectors.family_labs(user=request.user, today=today)
    for ward in wards:
        for seat in ward.seats:
            titles = {str(seat.lab_id): seat.lab.template.title}
            seat.sentence = allocation.sentence(seat.reason, titles)  # type: ignore[attr-defined]
        for a in ward.masterlabs:
            a.sentence = allocation.masterlab_sentence(a)  # type: ignore[attr-defined]
    return render(request, "labs/family.html", {"wards": wards})


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

    def save(data: dict[str, Any], seen: dt.datetime | None) -> Masterlab:
        return services.masterlab_create(actor=request.user, centre=centre, data=data)

    if (saved := submit(request, form, save)) is not None:
        messages.success(request, _("The masterlab is created."))
        return redirect("labs:masterlab", uuid=saved.uuid)
    return _form_page(request, form, _("New masterlab"), centre=centre)


@login_required
def masterlab_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    if not can_manage_labs(request.user, masterlab.centre):
        raise Forbidden()
    form = MasterlabForm(
        request.POST or None,
        instance=masterlab,
        centre=masterlab.centre,
        initial={"seen": masterlab.updated_at},
    )

    def save(data: dict[str, Any], seen: dt.datetime | None) -> object:
        return _conflict_on_form(
            form,
            lambda: services.masterlab_update(
                actor=request.user, masterlab=masterlab, data=data, seen=seen
            ),
        )

    if submit(request, form, save) is not None:
        messages.success(request, _("The masterlab is saved."))
        return redirect("labs:masterlab", uuid=masterlab.uuid)
    return _form_page(
        request,
        form,
        _("Edit %(name)s") % {"name": masterlab.template.title},
        centre=masterlab.centre,
        delete_url=reverse("labs:masterlab_delete", args=[masterlab.uuid]),
    )


@login_required
@require_POST
def masterlab_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    try:
        services.masterlab_delete(actor=request.user, masterlab=masterlab)
    except Conflict as exc:
        messages.error(request, str(exc.message))
        return redirect("labs:masterlab", uuid=masterlab.uuid)
    messages.success(request, _("The masterlab is deleted."))
    return redirect("labs:centre", slug=masterlab.centre.slug)


@login_required
def masterlab_selection(request: HttpRequest, uuid: str) -> HttpResponse:
    """The managers' page: score every application, see the engine's ranking, publish."""
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    if not can_manage_labs(request.user, masterlab.centre):
        raise Forbidden()
    rows = list(selectors.masterlab_applications(user=request.user, masterlab=masterlab))
    form = ScoresForm(request.POST or None, applications=rows)
    if request.method == "POST":
        if request.POST.get("action") == "publish":
            try:
                services.masterlab_select(actor=request.user, masterlab=masterlab)
            except Conflict as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(request, _("The selection is published; the students are told."))
            return redirect("labs:masterlab_selection", uuid=masterlab.uuid)
        if form.is_valid():
            try:
                with transaction.atomic():
                    for a in rows:
                        services.masterlab_score(
                            actor=request.user,
                            application=a,
                            score=form.cleaned_data[f"score_{a.uuid}"],
                            note=form.cleaned_data[f"note_{a.uuid}"] or "",
                        )
            except (Conflict, ValidationFailed) as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("The scores are saved."))
                return redirect("labs:masterlab_selection", uuid=masterlab.uuid)
    ranking = selectors.masterlab_ranking(user=request.user, masterlab=masterlab)
    for a in [*ranking.selected, *ranking.waitlist]:
        a.key = ranking.keys[a.pk]  # type: ignore[attr-defined]
    return render(
        request,
        "labs/masterlab_selection.html",
        {
            "masterlab": masterlab,
            "centre": masterlab.centre,
            "form": form,
            "ranking": ranking,
            "closed": timezone.now() >= masterlab.applications_close_at,
            "published": masterlab.selected_at is not None,
        },
        status=form_status(request),
    )


@login_required
@require_POST
def masterlab_give_up(request: HttpRequest, uuid: str) -> HttpResponse:
    application = selectors.application_get(user=request.user, uuid=uuid)
    masterlab = application.masterlab
    if masterlab is None:
        raise ValidationFailed(_("This is not a masterlab application."))
    try:
        services.masterlab_give_up(actor=request.user, application=application)
    except Conflict as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The place is given up; the next on the waiting list gets it."))
    if application.student_id == request.user.pk:
        return redirect("labs:masterlab", uuid=masterlab.uuid)
    if can_manage_labs(request.user, masterlab.centre):
        return redirect("labs:masterlab_selection", uuid=masterlab.uuid)
    return redirect("labs:family")


@login_required
def masterlab_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    student = is_student_of(request.user, masterlab.centre)
    form = None
    mine = None
    if student:
        mine = selectors.masterlab_application(student=request.user, masterlab=masterlab)
        if mine is not None:
            mine.sentence = allocation.masterlab_sentence(mine)  # type: ignore[attr-defined]
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
            "can_manage": can_manage_labs(request.user, masterlab.centre),
            "open": masterlab.applications_open_at
            <= timezone.now()
            < masterlab.applications_close_at,
            "Outcome": Outcome,
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
