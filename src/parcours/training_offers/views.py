"""The offers' pages: the public search and an offer's page (anyone), the offers that fit a
student (she, her family, her coaches and centre staff; she and her coaches keep offers for her
plan), and the managers' page to import and export offers with a preview of each import."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.core.errors import DomainError, ValidationFailed
from parcours.core.forms import add_service_errors
from parcours.core.lists import page_of
from parcours.learning.selectors import followed_student_get
from parcours.people.access import access_for
from parcours.people.choices import Role
from parcours.people.types import signed_in
from parcours.training_offers import selectors, services
from parcours.training_offers.forms import ImportForm, SearchForm
from parcours.training_offers.permissions import NETWORK, can_keep_for, owner_of, owners
from parcours.training_offers.tabular import COLUMNS, write_csv, write_xlsx

if TYPE_CHECKING:
    from parcours.centres.models import Centre


FIRST_FITS = 12  # on the page; "Show more" gives selectors.MATCHES


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    rows = selectors.search(form.filters())
    page = page_of(request, rows, size=20)
    return render(
        request,
        "training_offers/search.html",
        {
            "form": form,
            "page": page,
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "student": _own_student(request),
        },
    )


def _own_student(request: HttpRequest) -> object | None:
    user = request.user
    if user.is_authenticated and access_for(user).has(Role.STUDENT):
        return user
    return None


def detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    offer = selectors.offer_get(uuid)
    student = _own_student(request)
    kept = student is not None and selectors.is_kept(request.user, offer)
    return render(
        request,
        "training_offers/detail.html",
        {
            "offer": offer,
            "student": student,
            "kept": kept,
            "ai_axes": _ai_axes(offer),
            "crumbs": [
                (_("Training offers"), reverse("training_offers:search")),
                (offer.title, ""),
            ],
        },
    )


def _ai_axes(offer: object) -> list[tuple[str, int]]:
    names = {
        "ai-technical": _("Technical mastery"),
        "ai-creative": _("Creative use"),
        "ai-fundamentals": _("AI fundamentals"),
        "ai-transverse": _("Transversal issues (law, ethics, environment)"),
        "ai-hybridisation": _("Craft and AI combined"),
        "ai-integration": _("Integration in a workflow"),
    }
    profile = getattr(offer, "ai_profile", {}) or {}
    return [(str(label), int(profile.get(axis, 0))) for axis, label in names.items()]


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    if not access_for(request.user).has(Role.STUDENT):
        raise Http404
    return redirect("training_offers:student", uuid=signed_in(request.user).uuid)


@login_required
def student(request: HttpRequest, uuid: UUID) -> HttpResponse:
    person = followed_student_get(user=request.user, uuid=uuid)
    own = person.pk == request.user.pk
    more = request.GET.get("all") == "1"
    return render(
        request,
        "training_offers/student.html",
        {
            "person": person,
            "own": own,
            "fits": selectors.fits_for(
                person, second_person=own, limit=selectors.MATCHES if more else FIRST_FITS
            ),
            "more": more,
            "kept": selectors.kept_by(person),
            "can_keep": can_keep_for(request.user, person),
        },
    )


@login_required
@require_POST
def keep(request: HttpRequest, uuid: UUID) -> HttpResponse:
    person = followed_student_get(user=request.user, uuid=uuid)
    try:
        offer = selectors.offer_get(request.POST.get("offer", ""))
    except DomainError as exc:
        raise Http404 from exc
    try:
        if request.POST.get("action") == "let_go":
            services.let_go(actor=request.user, student=person, offer=offer)
            messages.success(request, _("The offer is off the plan."))
        else:
            services.keep(actor=request.user, student=person, offer=offer)
            messages.success(request, _("The offer is kept for the action plan."))
    except DomainError as exc:
        raise Http404 from exc
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("training_offers:student", args=[person.uuid])
    return HttpResponseRedirect(back)


def _owner_key(owner: Centre | None) -> str:
    return owner.slug if owner else NETWORK


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    choices = owners(request.user)
    if not choices:
        raise Http404
    allowed, owner = owner_of(request.user, request.GET.get("owner") or request.POST.get("owner"))
    if not allowed:
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                sent, _plan = services.import_send(
                    actor=request.user, owner=owner, filename=upload.name, data=upload.read()
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                return redirect("training_offers:import", uuid=sent.uuid)
    return render(
        request,
        "training_offers/manage.html",
        {
            "owners": [(_owner_key(o), o) for o in choices],
            "owner": owner,
            "owner_key": _owner_key(owner),
            "count": selectors.listed_count(owner),
            "imports": selectors.imports_of(owner),
            "form": form,
            "columns": COLUMNS,
        },
        status=status,
    )


@login_required
def import_page(request: HttpRequest, uuid: UUID) -> HttpResponse:
    sent = services.import_get(actor=request.user, uuid=uuid)
    status = 200
    if request.method == "POST":
        try:
            result = services.import_apply(actor=request.user, uuid=uuid)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            status = 409
        else:
            messages.success(
                request,
                _("Imported: %(c)s new, %(u)s updated, %(n)s unchanged, %(e)s rows left out.")
                % {
                    "c": result["created"],
                    "u": result["updated"],
                    "n": result["unchanged"],
                    "e": len({e["row"] for e in result["errors"]}),
                },
            )
            return redirect(reverse("training_offers:manage") + f"?owner={_owner_key(sent.centre)}")
    plan = services.import_preview(sent) if sent.applied_at is None else None
    return render(
        request,
        "training_offers/import.html",
        {
            "sent": sent,
            "plan": plan,
            "result": sent.result,
            "owner_key": _owner_key(sent.centre),
            "errors": (plan.errors if plan else [])[:500],
            "valid": len(plan.created) + len(plan.updated) if plan else 0,
            "crumbs": [
                (
                    _("Import and export training offers"),
                    reverse("training_offers:manage") + f"?owner={_owner_key(sent.centre)}",
                ),
                (sent.filename, ""),
            ],
        },
        status=status,
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    allowed, owner = owner_of(request.user, request.GET.get("owner"))
    if not allowed:
        raise Http404
    rows = selectors.export_rows(owner)
    name = f"offers-{_owner_key(owner)}"
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            write_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(write_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
