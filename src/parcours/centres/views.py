"""Centre set-up pages: settings and rooms. Thin: parse, call a service, render.
(The centre's page itself, which also shows the catalogue's offers, lives in ``web``.)"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.centres import selectors, services
from parcours.centres.forms import CentreForm, RoomForm
from parcours.centres.permissions import can_manage_centre, centres_policy, rooms_policy
from parcours.core.errors import Forbidden
from parcours.core.forms import form_status, submit


@login_required
def centre_list(request: HttpRequest) -> HttpResponse:
    centres = selectors.centre_list(user=request.user)
    return render(request, "centres/list.html", {"centres": centres})


@login_required
def centre_edit(request: HttpRequest, slug: str) -> HttpResponse:
    centre = centres_policy.get_editable(request.user, slug=slug)
    form = CentreForm(request.POST or None, instance=centre, initial={"seen": centre.updated_at})

    def save(data: dict[str, Any], seen: datetime | None) -> object:
        return services.centre_update(actor=request.user, centre=centre, data=data, seen=seen)

    if submit(request, form, save) is not None:
        messages.success(request, _("The centre's settings are saved."))
        return redirect("centre", slug=centre.slug)
    context = {"form": form, "centre": centre, "title": _("Centre settings")}
    return render(request, "centres/form.html", context, status=form_status(request))


@login_required
def room_create(request: HttpRequest, slug: str) -> HttpResponse:
    centre = selectors.centre_get(user=request.user, slug=slug)
    if not can_manage_centre(request.user, centre):
        raise Forbidden()
    form = RoomForm(request.POST or None)

    def save(data: dict[str, Any], seen: datetime | None) -> object:
        return services.room_create(actor=request.user, centre=centre, data=data)

    if submit(request, form, save) is not None:
        messages.success(request, _("The room is added."))
        return redirect("centre", slug=centre.slug)
    context = {"form": form, "centre": centre, "title": _("New room")}
    return render(request, "centres/form.html", context, status=form_status(request))


@login_required
def room_edit(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    centre = selectors.centre_get(user=request.user, slug=slug)
    room = rooms_policy.get_editable(request.user, uuid=uuid, centre=centre)
    form = RoomForm(request.POST or None, instance=room, initial={"seen": room.updated_at})

    def save(data: dict[str, Any], seen: datetime | None) -> object:
        return services.room_update(actor=request.user, room=room, data=data, seen=seen)

    if submit(request, form, save) is not None:
        messages.success(request, _("The room is saved."))
        return redirect("centre", slug=centre.slug)
    context = {"form": form, "centre": centre, "room": room, "title": _("Edit room")}
    return render(request, "centres/form.html", context, status=form_status(request))


@login_required
@require_POST
def room_delete(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    centre = selectors.centre_get(user=request.user, slug=slug)
    room = rooms_policy.get_editable(request.user, uuid=uuid, centre=centre)
    services.room_delete(actor=request.user, room=room)
    messages.success(request, _("The room is removed."))
    return redirect("centre", slug=centre.slug)
