"""The design system's pages: the living style guide (/design/), the staff search (/search/),
and the two shell forms (theme, centre switcher) that work without JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.catalogue.models import FocusArea
from parcours.coaching import selectors as coaching
from parcours.core.errors import NotFound
from parcours.people.selectors import access_for
from parcours.web import search as search_mod
from parcours.web.design_samples import SampleForm, samples
from parcours.web.shell import THEME_COOKIE, THEMES, choose_centre, is_staff_member


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


def wants_modal(request: HttpRequest) -> bool:
    """True when htmx asks for a page to show in the modal root (see the modal-link component):
    the view then renders only the modal component."""
    return request.headers.get("HX-Request") == "true" and (
        request.headers.get("HX-Target") == "modal-root"
    )


@require_POST
def theme(request: HttpRequest) -> HttpResponse:
    """Remember light, dark or the device's theme in a cookie (the theme button without JS)."""
    response = HttpResponseRedirect(_next(request))
    value = request.POST.get("theme")
    if value in THEMES:
        response.set_cookie(THEME_COOKIE, value, max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(THEME_COOKIE, samesite="Lax")
    return response


@require_POST
@login_required
def centre_switch(request: HttpRequest) -> HttpResponse:
    try:
        centre_id = int(request.POST.get("centre", ""))
    except ValueError:
        centre_id = 0
    if choose_centre(request, centre_id) is None:
        raise NotFound()
    return HttpResponseRedirect(_next(request))


def _staff_only(request: HttpRequest) -> None:
    if not is_staff_member(access_for(request.user)):
        raise NotFound()


@login_required
def search(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    query = request.GET.get("q", "")
    results = search_mod.search(user=request.user, query=query)
    return render(
        request,
        "web/search.html",
        {
            "results": results,
            "search_query": results.query,
            "too_short": bool(results.query) and len(results.query) < search_mod.MIN_LENGTH,
            "min_length": search_mod.MIN_LENGTH,
            "can_follow": coaching.may_follow(request.user),
        },
    )


@login_required
def design(request: HttpRequest) -> HttpResponse:
    """The living style guide: every component in its states. Staff only."""
    _staff_only(request)
    form = SampleForm(request.GET if "invalid" in request.GET else None)
    if form.is_bound:
        form.is_valid()
    areas = list(FocusArea.objects.order_by("order", "slug"))
    sample = samples(areas)
    page = Paginator(range(1, 241), 10).get_page(request.GET.get("page") or 7)
    tab = request.GET.get("tab", "overview")
    tabs = [
        {
            "label": _("Overview"),
            "url": "?tab=overview#tabs",
            "current": tab == "overview",
            "count": "",
        },
        {
            "label": _("Students"),
            "url": "?tab=students#tabs",
            "current": tab == "students",
            "count": 42,
        },
        {"label": _("Labs"), "url": "?tab=labs#tabs", "current": tab == "labs", "count": 3},
    ]
    context: dict[str, Any] = {
        "areas": areas,
        "form": form,
        "page": page,
        "tabs": tabs,
        **sample,
    }
    return render(request, "web/design.html", context)


@login_required
def design_modal(request: HttpRequest) -> HttpResponse:
    """A sample of a page that opens in a modal with htmx, and on its own without JS."""
    _staff_only(request)
    context = {
        "drawer": request.GET.get("drawer") == "1",
        "form": SampleForm(auto_id="modal_%s"),
        "crumbs": [(_("Design system"), reverse("design")), (_("A modal"), "")],
    }
    if wants_modal(request):
        return render(request, "web/design_modal.html", context)
    return render(request, "web/design_modal_page.html", context)
