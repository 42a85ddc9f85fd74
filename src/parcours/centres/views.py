"""Centre set-up pages: settings, rooms, offered focus areas. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.centres import selectors, services
from parcours.centres.forms import CentreForm, RoomForm
from parcours.centres.permissions import can_manage_centre, centres_policy, rooms_policy
from parcours.core.errors import Forbidden, ValidationFailed
from parcours.core.forms import add_service_errors


@login_required
def centre_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "centres/list.html", {"centres": selectors.centre_list(user=request.user)}
    )


@login_required
def centre_edit(request: HttpRequest, slug: str) -> HttpResponse:
    centre = selectors.centre_get(user=request.user, slug=slug)
    centres_policy.get_editable(request.user, pk=centre.pk)
    form = CentreForm(request.POST or None, instance=centre, initial={"seen": centre.updated_at})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "seen"}
        try:
            services.centre_update(
                actor=request.user, centre=centre, data=data, seen=form.cleaned_data["seen"]
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The centre's settings are saved."))
            return redirect("centre", slug=centre.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "centres/form.html",
        {"form": form, "centre": centre, "title": _("Centre settings")},
        status=status,
    )


@login_required
def room_create(request: HttpRequest, slug: str) -> HttpResponse:
    centre = selectors.centre_get(user=request.user, slug=slug)
    if not can_manage_centre(request.user, centre):
        raise Forbidden()
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "seen"}
        try:
            services.room_create(actor=request.user, centre=centre, data=data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The room is added."))
            return redirect("centre", slug=centre.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "centres/form.html",
        {"form": form, "centre": centre, "title": _("New room")},
        status=status,
    )


@login_required
def room_edit(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    centre = selectors.centre_get(user=request.user, slug=slug)
    room = rooms_policy.get_editable(request.user, uuid=uuid, centre=centre)
    form = RoomForm(request.POST or None, instance=room, initial={"seen": room.updated_at})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "seen"}
        try:
            services.room_update(
                actor=request.user, room=room, data=data, seen=form.cleaned_data["seen"]
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The room is saved."))
            return redirect("centre", slug=centre.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "centres/form.html",
        {"form": form, "centre": centre, "room": room, "title": _("Edit room")},
        status=status,
    )


@login_required
@require_POST
def room_delete(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    centre = selectors.centre_get(user=request.user, slug=slug)
    room = rooms_policy.get_editable(request.user, uuid=uuid, centre=centre)
    services.room_delete(actor=request.user, room=room)
    messages.success(request, _("The room is removed."))
    return redirect("centre", slug=centre.slug)
