"""The privacy pages: a family's (or an adult student's) "My data", and the managers' erasure
requests with their decision."""

from __future__ import annotations

import uuid as uuid_lib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.core.errors import DomainError, Forbidden
from parcours.core.lists import page_of
from parcours.privacy import selectors, services
from parcours.privacy.choices import ErasureStatus
from parcours.privacy.erasure_terms import KEPT, REMOVED
from parcours.privacy.forms import ApproveForm, ErasureRequestForm, RefuseForm, RetentionForm
from parcours.privacy.permissions import can_decide, can_request_erasure


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    subjects = selectors.family_subjects(request.user)
    return render(
        request,
        "privacy/mine.html",
        {"subjects": subjects, "form": ErasureRequestForm(), "kept": KEPT, "removed": REMOVED},
    )


@login_required
@require_POST
def download(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    student = selectors.student_get(user=request.user, uuid=uuid)
    made = services.data_export(actor=request.user, student=student)
    response = HttpResponse(made.archive.data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{made.archive.name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def ask(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    student = selectors.student_get(user=request.user, uuid=uuid)
    if not can_request_erasure(request.user, student):
        raise Forbidden()
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erasure_request(
                actor=request.user, student=student, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Your request is sent: the centre decides within a month."))
            return redirect("privacy:mine")
    status = 400 if form.is_bound else 200
    return render(
        request,
        "privacy/ask.html",
        {"student": student, "form": form, "kept": KEPT, "removed": REMOVED},
        status=status,
    )


@login_required
@require_POST
def cancel(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    found = selectors.request_get(user=request.user, uuid=uuid)
    services.erasure_cancel(actor=request.user, request=found)
    messages.success(request, _("Your request is cancelled: nothing was erased."))
    return redirect("privacy:mine")


@login_required
def requests(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ErasureStatus.REQUESTED)
    if status not in ErasureStatus.values and status != "all":
        status = ErasureStatus.REQUESTED
    rows = selectors.requests_visible(request.user, status="" if status == "all" else status)
    if not selectors.can_see_requests(request.user):
        raise Forbidden()
    page = page_of(request, rows)
    tabs = [
        {"label": label, "url": f"?status={value}", "current": value == status, "count": ""}
        for value, label in [*ErasureStatus.choices, ("all", _("All"))]
    ]
    return render(
        request,
        "privacy/requests.html",
        {"page": page, "status": status, "tabs": tabs},
    )


@login_required
def detail(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    found = selectors.request_get(user=request.user, uuid=uuid)
    return _detail(request, found)


def _detail(
    request: HttpRequest,
    found: object,
    *,
    approve: ApproveForm | None = None,
    refuse: RefuseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "privacy/request.html",
        {
            "r": found,
            "can_decide": can_decide(request.user, found),  # type: ignore[arg-type]
            "approve_form": approve or ApproveForm(),
            "refuse_form": refuse or RefuseForm(),
            "kept": KEPT,
            "removed": REMOVED,
        },
        status=status,
    )


@login_required
@require_POST
def approve(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    found = selectors.request_get(user=request.user, uuid=uuid)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _detail(request, found, approve=form, status=400)
    services.erasure_approve(actor=request.user, request=found)
    messages.success(request, _("The student's data is erased; the family is told."))
    return redirect("privacy:request", uuid=found.uuid)


@login_required
@require_POST
def refuse(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    found = selectors.request_get(user=request.user, uuid=uuid)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        return _detail(request, found, refuse=form, status=400)
    services.erasure_refuse(actor=request.user, request=found, reason=form.cleaned_data["reason"])
    messages.success(request, _("The request is refused; the family is told why."))
    return redirect("privacy:request", uuid=found.uuid)


@login_required
def retention_rules(request: HttpRequest) -> HttpResponse:
    """The network's retention rules (network admins): read and change."""
    policy = selectors.retention_get(request.user)
    initial = {name: getattr(policy, name) for name in selectors.RETENTION_FIELDS}
    form = RetentionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_update(actor=request.user, policy=policy, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The retention rules are saved."))
            return redirect("privacy:retention")
    return render(
        request,
        "privacy/retention.html",
        {"form": form, "policy": policy},
        status=400 if form.is_bound else 200,
    )
