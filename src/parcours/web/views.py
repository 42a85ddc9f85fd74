"""The signed-in home page, one per role, and a centre's set-up page. Thin: the reads are in
``web.selectors`` (composed from each app's selectors); a view picks the role and renders."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parcours.catalogue import selectors as catalogue
from parcours.centres import selectors as centres
from parcours.centres.permissions import can_manage_centre
from parcours.people import selectors as people
from parcours.web import selectors
from parcours.web.shell import current_centre


@login_required
def centre_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A centre's set-up page: settings, offered focus areas, rooms."""
    centre = centres.centre_get(user=request.user, slug=slug)
    return render(
        request,
        "centres/detail.html",
        {
            "centre": centre,
            "rooms": centres.room_list(user=request.user, centre=centre),
            "workstations": centres.centre_workstations(centre),
            "offers": catalogue.offers_of(user=request.user, centre=centre),
            "can_manage": can_manage_centre(request.user, centre),
        },
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    access = people.access_for(request.user)
    roles = access.roles
    role = request.GET.get("as")
    if role not in roles:
        role = access.primary_role
    context: dict[str, Any] = {"roles": roles, "role": role}
    builder = selectors.HOME_BUILDERS.get(str(role or ""))
    if builder is None:
        return render(request, "web/home_none.html", context)
    context.update(builder(request.user, access, request.GET, current_centre(request)))
    return render(request, f"web/home_{role}.html", context)
