"""Centre set-up pages: settings and rooms. Thin: parse, call a service, render.
(The centre's page itself, which also shows the catalogue's offers, lives in ``web``.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.centres import selectors, services
from parcours.centres.forms import CentreForm, RoomForm
from parcours.centres.permissions import can_manage_centre
from parcours.core.errors import Forbidden
from parcours.core.forms import form_status, submit
from parcours.core.lists import page_of, search_term

if TYPE_CHECKING:
    from parcours.centres.models import Centre


@login_required
def centre_list(request: HttpRequest) -> HttpResponse:
    q = search_term(request)
    page = page_of(request, selectors.centre_list(user=request.user, q=q))
    return render(request, "centres/list.html", {"centres": page.object_list, "page": page, "q": q})


def _form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any], datetime | None], object],
    *,
    centre: Centre,
    title: str,
    done: str,
    **context: Any,
) -> HttpResponse:
    """The one shape of the set-up forms: save through the service, say so and go back to
    the centre's page; else show the form again (400 after a refused POST)."""
    if submit(request, form, save) is not None:
        messages.success(request, done)
        return redirect("centre", slug=centre.slug)
    context.update(form=form, centre=centre, title=title)
    return render(request, "centres/form.html", context, status=form_status(request))


@login_required
def centre_edit(request: HttpRequest, slug: str) -> HttpResponse:
    centre = selectors.centre_get_editable(user=request.user, slug=slug)
    form = CentreForm(request.POST or None, instance=centre, initial={"seen": centre.updated_at})

    def save(data: dict[str, Any], seen: datetime | None) -> object:
        return services.centre_update(actor=request.user, centre=centre, data=data, seen=seen)

    return _form_page(
        request,
        form,
        save,
        centre=centre,
        title=_("Centre settings"),
        done=_("The centre's settings are saved."),
    )


@login_required
def room_create(request: HttpRequest, slug: str) -> HttpResponse:
    centre = selectors.centre_get(user=request.user, slug=slug)
    if not can_manage_centre(request.user, centre):
        raise Forbidden()
    form = RoomForm(request.POST or None)

    def save(data: dict[str, Any], seen: datetime | None) -> object:
        return services.room_create(actor=request.user, centre=centre, data=data)

    return _form_page(
        request, form, save, centre=centre, title=_("New room"), done=_("The room is added.")
    )


@login_required
def room_edit(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    centre = selectors.centre_get(user=request.user, slug=slug)
    room = selectors.room_get_editable(user=request.user, uuid=uuid, centre=centre)
    form = RoomForm(request.POST or None, instance=room, initial={"seen": room.updated_at})

    def save(data: dict[str, Any], seen: datetime | None) -> object:
        return services.room_update(actor=request.user, room=room, data=data, seen=seen)

    return _form_page(
        request,
        form,
        save,
        centre=centre,
        title=_("Edit room"),
        done=_("The room is saved."),
        room=room,
    )


@login_required
@require_POST
def room_delete(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    centre = selectors.centre_get(user=request.user, slug=slug)
    room = selectors.room_get_editable(user=request.user, uuid=uuid, centre=centre)
    services.room_delete(actor=request.user, room=room)
    messages.success(request, _("The room is removed."))
    return redirect("centre", slug=centre.slug)
