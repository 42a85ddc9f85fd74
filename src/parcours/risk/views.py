"""Pages of the early warning: the alerts of the reader's centres, with their reasons in
words, closed with an outcome. Thin: parse, call, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.core.errors import Conflict, ValidationFailed
from parcours.core.lists import page_of
from parcours.risk import selectors, services
from parcours.risk.forms import AlertFilterForm, CloseForm


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    """The alerts, open ones first by default; searched, filtered to the user's caseload,
    25 a page; each with its reasons and a form to close it."""
    form = AlertFilterForm(request.GET or None)
    shown = form.filters() if request.GET else {"status": "open", "q": "", "mine": False}
    page = page_of(request, selectors.alert_list(user=request.user, **shown))
    rows = [(a, selectors.reasons_text(a.reasons)) for a in page.object_list]
    return render(
        request,
        "risk/alerts.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": bool(shown["q"] or shown["mine"] or shown["status"] != "open"),
            "close_form": CloseForm(),
        },
    )


@login_required
@require_POST
def alert_close(request: HttpRequest, uuid: str) -> HttpResponse:
    """Close an alert with its outcome and note: the service checks them (one message for a
    missing or unknown outcome, or a note too long) and changes nothing when it refuses."""
    alert = selectors.alert_get(user=request.user, uuid=uuid)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    try:
        services.alert_close(
            actor=request.user,
            alert=alert,
            outcome=request.POST.get("outcome", ""),
            note=request.POST.get("note", ""),
        )
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("The alert on %(name)s is closed.") % {"name": alert.student.first_name}
        )
    return redirect(back or "risk:alerts")


@login_required
def model(request: HttpRequest, slug: str) -> HttpResponse:
    """The centre's model for its managers: how well it finds leavers on the centre's past,
    its calibration, whether it finds them as well among girls and boys and in priority
    neighbourhoods; a training run by the worker, its progress shown as it goes."""
    centre = selectors.model_centre(user=request.user, slug=slug)
    if request.method == "POST":
        services.fit_request(actor=request.user, centre=centre)
        messages.success(request, _("The model is being trained; this page shows its progress."))
        return redirect("risk:model", slug=centre.slug)
    page = selectors.model_page(user=request.user, centre=centre)
    template = "risk/_fits.html" if request.headers.get("HX-Request") else "risk/model.html"
    return render(
        request,
        template,
        {
            "centre": centre,
            "page": page,
            "figures": selectors.model_figures(page.latest, min_leavers=services.MIN_LEAVERS),
            "min_leavers": services.MIN_LEAVERS,
            "min_cell": settings.PARCOURS_MIN_CELL_SIZE,
        },
    )
