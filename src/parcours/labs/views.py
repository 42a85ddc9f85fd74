"""Pages of labs and masterlabs. Thin: parse, call a selector or a service, render. No model,
no query, no transaction here: reads are ``selectors``, writes are ``services``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.centres import selectors as centres
from parcours.core.errors import Conflict, Forbidden, ValidationFailed
from parcours.core.forms import add_service_errors, form_status, submit
from parcours.core.lists import page_of, search_term
from parcours.labs import allocation, selectors, services
from parcours.labs.choices import CycleStatus, Mechanism, Outcome, RunStatus, SeatStatus
from parcours.labs.errors import LabsError
from parcours.labs.forms import (
    ApplicationsFilterForm,
    CycleForm,
    LabForm,
    LabsFilterForm,
    MasterlabApplyForm,
    MasterlabForm,
    PublishForm,
    ScoresForm,
    StatusForm,
    WishesForm,
)
from parcours.labs.permissions import can_lead, can_manage_labs, student_of
from parcours.people.access import access_for

if TYPE_CHECKING:
    from django import forms

    from parcours.centres.models import Centre
    from parcours.labs.models import LabCycle, Masterlab
    from parcours.people.types import Actor


def _form_page(
    request: HttpRequest, form: forms.BaseForm, title: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "labs/form.html",
        {"form": form, "title": title, **extra},
        status=form_status(request),
    )


def _require_manager(user: Actor, centre: Centre) -> None:
    if not can_manage_labs(user, centre):
        raise Forbidden(code=LabsError.NOT_MANAGER)


def _edit_page(
    request: HttpRequest,
    form: forms.BaseForm,
    update: Callable[[dict[str, Any], dt.datetime | None], object],
    *,
    saved: str,
    back: HttpResponseRedirect,
    title: str,
    delete_url: str,
    **extra: Any,
) -> HttpResponse:
    """An edit page (cycle, lab, masterlab): the form; once valid, the service's ``update``
    (a Conflict, e.g. "published, it cannot change any more", shows as the form's error); on
    success the message and the way back."""

    def save(data: dict[str, Any], seen: dt.datetime | None) -> object:
        try:
            return update(data, seen)
        except Conflict as exc:
            raise ValidationFailed(str(exc.message), code=exc.code) from exc

    if submit(request, form, save) is not None:
        messages.success(request, saved)
        return back
    return _form_page(request, form, title, delete_url=delete_url, **extra)


def _delete(
    request: HttpRequest, delete: Callable[[], None], *, done: str, refused_back: str, back: str
) -> HttpResponse:
    """A delete button: the service refuses what students already used (the message says why
    and the page stays); else the message and the way back to the list."""
    try:
        delete()
    except Conflict as exc:
        messages.error(request, str(exc.message))
        return redirect(refused_back)
    messages.success(request, done)
    return redirect(back)


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
            # the centre's set-up page is its staff's: others get no trail up to it
            "crumbs": [(centre.name, reverse("centre", args=[centre.slug])), (_("Labs"), "")]
            if can_manage_labs(request.user, centre)
            else [],
        },
    )


# --- Cycles and labs --------------------------------------------------------------------------


@login_required
def cycle_create(request: HttpRequest, slug: str) -> HttpResponse:
    centre = centres.centre_get(user=request.user, slug=slug)
    _require_manager(request.user, centre)
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
    if student_of(request.user, cycle.centre) is not None:
        return redirect("labs:wishes", uuid=cycle.uuid)
    manage = can_manage_labs(request.user, cycle.centre)
    if request.method == "POST":
        _require_manager(request.user, cycle.centre)
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
    filters = LabsFilterForm(
        request.GET or None, areas=selectors.cycle_areas(user=request.user, cycle=cycle)
    )
    shown = filters.filters() if request.GET else {"q": "", "area": "", "level": None}
    page = page_of(request, selectors.lab_list_filtered(user=request.user, cycle=cycle, **shown))
    return render(
        request,
        "labs/cycle.html",
        {
            "cycle": cycle,
            "centre": cycle.centre,
            "labs": page.object_list,
            "page": page,
            "filters": filters,
            "filtered": any(shown.values()),
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
def cycle_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    _require_manager(request.user, cycle.centre)
    return _edit_page(
        request,
        CycleForm(request.POST or None, instance=cycle, initial={"seen": cycle.updated_at}),
        lambda data, seen: services.cycle_update(
            actor=request.user, cycle=cycle, data=data, seen=seen
        ),
        saved=_("The cycle is saved."),
        back=redirect("labs:cycle", uuid=cycle.uuid),
        title=_("Edit %(name)s") % {"name": cycle.name},
        delete_url=reverse("labs:cycle_delete", args=[cycle.uuid]),
        centre=cycle.centre,
        cycle=cycle,
    )


@login_required
@require_POST
def cycle_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    return _delete(
        request,
        lambda: services.cycle_delete(actor=request.user, cycle=cycle),
        done=_("The cycle is deleted."),
        refused_back=reverse("labs:cycle", args=[cycle.uuid]),
        back=reverse("labs:centre", args=[cycle.centre.slug]),
    )


@login_required
def lab_create(request: HttpRequest, uuid: str) -> HttpResponse:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    _require_manager(request.user, cycle.centre)
    form = LabForm(request.POST or None, centre=cycle.centre)

    def save(data: dict[str, Any], seen: dt.datetime | None) -> object:
        return services.lab_create(actor=request.user, cycle=cycle, data=data)

    if submit(request, form, save) is not None:
        messages.success(request, _("The lab is added to the cycle."))
        return redirect("labs:cycle", uuid=cycle.uuid)
    return _form_page(request, form, _("New lab"), centre=cycle.centre, cycle=cycle)


@login_required
def lab_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    _require_manager(request.user, lab.centre)
    return _edit_page(
        request,
        LabForm(
            request.POST or None, instance=lab, centre=lab.centre, initial={"seen": lab.updated_at}
        ),
        lambda data, seen: services.lab_update(actor=request.user, lab=lab, data=data, seen=seen),
        saved=_("The lab is saved."),
        back=redirect("labs:lab", uuid=lab.uuid),
        title=_("Edit %(name)s") % {"name": lab.template.title},
        delete_url=reverse("labs:lab_delete", args=[lab.uuid]),
        centre=lab.centre,
        cycle=lab.cycle,
    )


@login_required
@require_POST
def lab_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    return _delete(
        request,
        lambda: services.lab_delete(actor=request.user, lab=lab),
        done=_("The lab is deleted."),
        refused_back=reverse("labs:lab", args=[lab.uuid]),
        back=reverse("labs:cycle", args=[lab.cycle.uuid]),
    )


@login_required
def lab_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    lab = selectors.lab_get(user=request.user, uuid=uuid)
    if request.method == "POST":
        if not can_lead(request.user, lab):
            raise Forbidden(code=LabsError.NOT_LEAD)
        try:
            chosen = {
                seat.student: [int(v) for v in request.POST.getlist(f"v_{seat.student.uuid}")]
                for seat in selectors.roster(user=request.user, lab=lab)
                if seat.status == SeatStatus.HELD
            }
            services.roster_validate(actor=request.user, lab=lab, chosen=chosen)
        except ValueError:
            messages.error(request, _("Choose only competencies this lab covers."))
        except ValidationFailed as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The validated competencies are saved."))
        return redirect("labs:lab", uuid=lab.uuid)
    page = selectors.lab_page(user=request.user, lab=lab)
    return render(
        request,
        "labs/lab.html",
        {
            "lab": lab,
            "cycle": lab.cycle,
            "centre": lab.centre,
            "lead": page.lead,
            "roster": page.roster,
            "sessions": page.sessions,
            "reviews": page.reviews,
            "competencies": page.competencies,
            "can_manage": can_manage_labs(request.user, lab.centre),
            "grid": page.grid,
            "mine": page.mine,
        },
    )


# --- A student's wishes and seat ----------------------------------------------------------------


@login_required
def wishes(request: HttpRequest, uuid: str) -> HttpResponse:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    student = student_of(request.user, cycle.centre)
    if student is None:
        raise Forbidden(_("This page is for the centre's students."), code=LabsError.NOT_STUDENT)
    options = selectors.options_for(student, cycle)
    form = WishesForm(request.POST or None, options=options.open_labs, max_wishes=cycle.max_wishes)
    if request.method == "POST" and form.is_valid():
        try:
            services.wishes_set(
                actor=student,
                cycle=cycle,
                labs=form.cleaned_data["labs"],
                flagged=form.cleaned_data["flagged_lab"],
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your list of labs is saved."))
            return redirect("labs:wishes", uuid=cycle.uuid)
    result = (
        selectors.cycle_result(user=student, student=student, cycle=cycle)
        if cycle.status == CycleStatus.PUBLISHED
        else None
    )
    return render(
        request,
        "labs/wishes.html",
        {
            "cycle": cycle,
            "centre": cycle.centre,
            "options": options,
            "form": form,
            "can_apply": cycle.status == CycleStatus.OPEN,
            "result": result,
            # after its last day a cycle shows its outcome only
            "is_over": cycle.ends_on < timezone.localdate(timezone=cycle.centre.zone),
        },
        status=form_status(request),
    )


@login_required
def seat_withdraw(request: HttpRequest, uuid: str) -> HttpResponse:
    """A confirmation step, then the seat is given up and offered to the next waiting."""
    seat = selectors.seat_get(user=request.user, uuid=uuid)
    if not (
        access_for(request.user).is_family_of(seat.student_id)
        or can_manage_labs(request.user, seat.centre)
    ):
        # Staff who see the seat (the lab's expert, the coach) cannot give it up: no page
        # with a button that can only fail.
        raise Forbidden(
            _("Only the student, their guardians or a manager give up a seat."),
            code=LabsError.NOT_FAMILY,
        )
    back = _back(request, seat.student_id, seat.cycle)
    if request.method == "GET" and seat.cycle.ends_on < timezone.localdate(
        timezone=seat.centre.zone
    ):
        messages.info(request, _("This lab cycle is over: its seats stay as they were."))
        return back
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
        raise ValidationFailed(_("Accept or decline the offer."), code=LabsError.INVALID_CHOICE)
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
    return render(request, "labs/family.html", {"wards": wards, "today": today})


# --- Allocation ---------------------------------------------------------------------------------


@login_required
def allocation_page(request: HttpRequest, uuid: str) -> HttpResponse:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    _require_manager(request.user, cycle.centre)
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
    runs = selectors.runs_of(user=request.user, cycle=cycle, limit=10)
    dry = next((r for r in runs if r.dry_run and r.status == RunStatus.DONE), None)
    context = {
        "cycle": cycle,
        "centre": cycle.centre,
        "runs": runs,
        "dry": dry,
        "rows": _figure_rows(dry.metrics if dry else {}),
        "publication": selectors.publication(cycle),
        "publish_form": publish_form,
        # publishing before the deadline can only be refused: say so at the button
        "still_open": timezone.now() < cycle.applications_close_at,
        "active": next(
            (r for r in runs if r.status in (RunStatus.QUEUED, RunStatus.RUNNING)), None
        ),
    }
    template = "labs/_runs.html" if request.headers.get("HX-Request") else "labs/allocation.html"
    return render(request, template, context, status=form_status(request))


def _figure_rows(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per mechanism of a dry run, named in words (its key kept for the API's users)."""
    labels = dict(Mechanism.choices)
    return [
        {**values, "mechanism": labels.get(name, name), "key": name}
        for name, values in metrics.items()
    ]


# --- Masterlabs ---------------------------------------------------------------------------------


@login_required
def masterlab_create(request: HttpRequest, slug: str) -> HttpResponse:
    centre = centres.centre_get(user=request.user, slug=slug)
    _require_manager(request.user, centre)
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
    _require_manager(request.user, masterlab.centre)
    return _edit_page(
        request,
        MasterlabForm(
            request.POST or None,
            instance=masterlab,
            centre=masterlab.centre,
            initial={"seen": masterlab.updated_at},
        ),
        lambda data, seen: services.masterlab_update(
            actor=request.user, masterlab=masterlab, data=data, seen=seen
        ),
        saved=_("The masterlab is saved."),
        back=redirect("labs:masterlab", uuid=masterlab.uuid),
        title=_("Edit %(name)s") % {"name": masterlab.template.title},
        delete_url=reverse("labs:masterlab_delete", args=[masterlab.uuid]),
        centre=masterlab.centre,
    )


@login_required
@require_POST
def masterlab_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    return _delete(
        request,
        lambda: services.masterlab_delete(actor=request.user, masterlab=masterlab),
        done=_("The masterlab is deleted."),
        refused_back=reverse("labs:masterlab", args=[masterlab.uuid]),
        back=reverse("labs:centre", args=[masterlab.centre.slug]),
    )


@login_required
def masterlab_selection(request: HttpRequest, uuid: str) -> HttpResponse:
    """The managers' page: score every application, see the engine's ranking, publish."""
    masterlab = selectors.masterlab_get(user=request.user, uuid=uuid)
    _require_manager(request.user, masterlab.centre)
    filters = ApplicationsFilterForm(request.GET or None)
    shown = filters.filters() if request.GET else {"q": "", "unscored": False}
    page = page_of(
        request,
        selectors.masterlab_applications(user=request.user, masterlab=masterlab, **shown),
    )
    rows = list(page.object_list)  # the scores of this page's applications only
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
                services.masterlab_scores_set(
                    actor=request.user,
                    scores=[
                        (
                            a,
                            form.cleaned_data[f"score_{a.uuid}"],
                            form.cleaned_data[f"note_{a.uuid}"] or "",
                        )
                        for a in rows
                    ],
                )
            except (Conflict, ValidationFailed) as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("The scores are saved."))
                return redirect(request.get_full_path())  # the same search and page
    return render(
        request,
        "labs/masterlab_selection.html",
        {
            "masterlab": masterlab,
            "centre": masterlab.centre,
            "form": form,
            "filters": filters,
            "page": page,
            "filtered": any(shown.values()),
            "ranking": selectors.masterlab_ranking(user=request.user, masterlab=masterlab),
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
        raise ValidationFailed(
            _("This is not a masterlab application."), code=LabsError.NOT_MASTERLAB
        )
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
    student = student_of(request.user, masterlab.centre)
    manage = can_manage_labs(request.user, masterlab.centre)
    form = None
    mine = None
    if student is not None:
        mine = selectors.masterlab_application(student=student, masterlab=masterlab)
        form = MasterlabApplyForm(
            request.POST or None,
            projects=selectors.approved_projects(student),
            initial={
                "motivation": mine.motivation if mine else "",
                "submissions": list(mine.submissions.all()) if mine else [],
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.masterlab_apply(
                    actor=student,
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
        raise Forbidden(
            _("Only the centre's students apply to its masterlabs."), code=LabsError.NOT_STUDENT
        )
    return render(
        request,
        "labs/masterlab.html",
        {
            "masterlab": masterlab,
            "centre": masterlab.centre,
            "form": form,
            "mine": mine,
            "mine_sentence": allocation.masterlab_sentence(mine) if mine else "",
            # after its last day a masterlab shows its outcome only
            "is_over": masterlab.last_day < timezone.localdate(timezone=masterlab.centre.zone),
            "can_manage": manage,
            "open": masterlab.applications_open_at
            <= timezone.now()
            < masterlab.applications_close_at,
            "Outcome": Outcome,
            "applications": (
                page_of(
                    request,
                    selectors.masterlab_applications(
                        user=request.user, masterlab=masterlab, q=search_term(request)
                    ),
                )
                if manage
                else None
            ),
            "q": search_term(request),
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
