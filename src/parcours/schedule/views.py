"""Schedule pages of a centre. Staff read; managers (and network admins) edit.
Thin: parse, call a selector or a service, render."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from parcours.centres import selectors as centres
from parcours.core import timefmt
from parcours.core.errors import Forbidden, ValidationFailed
from parcours.core.forms import add_service_errors, form_status, submit
from parcours.schedule import selectors, services
from parcours.schedule.forms import (
    ClosedDaysForm,
    ExtraSessionForm,
    GenerateForm,
    InviteesForm,
    MeetingForm,
    OpeningHoursForm,
    SlotForm,
    WeekForm,
)
from parcours.schedule.permissions import can_edit_schedule, can_read_schedule

if TYPE_CHECKING:
    from django import forms

    from parcours.centres.models import Centre
    from parcours.schedule.models import Session, Slot


def _centre(request: HttpRequest, slug: str, *, edit: bool = False) -> Centre:
    """The centre, if the user may see it (else 404); its schedule, if staff (else 403)."""
    centre = centres.centre_get(user=request.user, slug=slug)
    allowed = can_edit_schedule if edit else can_read_schedule
    if not allowed(request.user, centre):
        raise Forbidden()
    return centre


def _form_page(
    request: HttpRequest, centre: Centre, form: forms.BaseForm, title: str, **extra: Any
) -> HttpResponse:
    context = {"centre": centre, "form": form, "title": title, **extra}
    return render(request, "schedule/form.html", context, status=form_status(request))


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    centre = _centre(request, slug)
    return render(
        request,
        "schedule/overview.html",
        {
            "centre": centre,
            "can_edit": can_edit_schedule(request.user, centre),
            "hours": selectors.opening_hours(user=request.user, centre=centre),
            "slots": selectors.slot_list(user=request.user, centre=centre),
            "closed": selectors.closed_days_list(user=request.user, centre=centre),
            "extras": selectors.extra_sessions(user=request.user, centre=centre),
        },
    )


@login_required
def hours_edit(request: HttpRequest, slug: str) -> HttpResponse:
    centre = _centre(request, slug, edit=True)
    initial: dict[str, Any] = {}
    for h in selectors.opening_hours(user=request.user, centre=centre):
        initial.setdefault(f"opens_{h.weekday}", h.opens_at)
        initial.setdefault(f"closes_{h.weekday}", h.closes_at)
    form = OpeningHoursForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.opening_hours_set(actor=request.user, centre=centre, hours=form.hours())
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The opening hours are saved."))
            return redirect("schedule:overview", slug=centre.slug)
    return _form_page(request, centre, form, _("Opening hours"))


@login_required
def slot_create(request: HttpRequest, slug: str) -> HttpResponse:
    centre = _centre(request, slug, edit=True)
    form = SlotForm(request.POST or None, initial={"is_open": True})

    def save(data: dict[str, Any], seen: dt.datetime | None) -> Slot:
        return services.slot_create(actor=request.user, centre=centre, data=data)

    if (saved := submit(request, form, save)) is not None:
        messages.success(request, _("The slot is created; now add its weekly meetings."))
        return redirect("schedule:slot", slug=centre.slug, uuid=saved.uuid)
    return _form_page(request, centre, form, _("New weekly slot"))


@login_required
def slot_edit(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    centre = _centre(request, slug, edit=True)
    slot = selectors.slot_get(user=request.user, centre=centre, uuid=uuid)
    form = SlotForm(request.POST or None, instance=slot, initial={"seen": slot.updated_at})

    def save(data: dict[str, Any], seen: dt.datetime | None) -> object:
        return services.slot_update(actor=request.user, slot=slot, data=data, seen=seen)

    if submit(request, form, save) is not None:
        messages.success(request, _("The slot is saved."))
        return redirect("schedule:slot", slug=centre.slug, uuid=slot.uuid)
    return _slot_page(request, centre, slot, form=form, status=form_status(request))


def _slot_page(
    request: HttpRequest,
    centre: Centre,
    slot: Slot,
    *,
    form: SlotForm | None = None,
    meeting_form: MeetingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    row = selectors.slot_detail(user=request.user, uuid=slot.uuid, centre=centre)
    fresh = row.slot  # as stored: a refused edit changed only the form's copy
    return render(
        request,
        "schedule/slot.html",
        {
            "centre": centre,
            "slot": fresh,
            "form": form or SlotForm(instance=fresh, initial={"seen": fresh.updated_at}),
            "meeting_form": meeting_form or MeetingForm(),
            "meetings": row.meetings,
            "held": row.held,
        },
        status=status,
    )


@login_required
@require_POST
def meeting_add(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    centre = _centre(request, slug, edit=True)
    slot = selectors.slot_get(user=request.user, centre=centre, uuid=uuid)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_add(actor=request.user, slot=slot, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The weekly meeting is added."))
            return redirect("schedule:slot", slug=centre.slug, uuid=slot.uuid)
    return _slot_page(request, centre, slot, meeting_form=form, status=400)


@login_required
@require_POST
def meeting_remove(request: HttpRequest, slug: str, uuid: str, meeting: str) -> HttpResponse:
    centre = _centre(request, slug, edit=True)
    slot = selectors.slot_get(user=request.user, centre=centre, uuid=uuid)
    found = selectors.meeting_get(user=request.user, uuid=meeting, slot=slot)
    services.meeting_remove(actor=request.user, meeting=found)
    messages.success(request, _("The weekly meeting is removed."))
    return redirect("schedule:slot", slug=centre.slug, uuid=slot.uuid)


@login_required
def closed_create(request: HttpRequest, slug: str) -> HttpResponse:
    centre = _centre(request, slug, edit=True)
    form = ClosedDaysForm(request.POST or None)

    def save(data: dict[str, Any], seen: dt.datetime | None) -> services.ClosedResult:
        return services.closed_days_create(actor=request.user, centre=centre, data=data)

    if (result := submit(request, form, save)) is not None:
        if result.created:
            text = _("The non-working days are saved.")
            if result.cancelled:
                text += " " + ngettext(
                    "%(n)s session planned then is cancelled.",
                    "%(n)s sessions planned then are cancelled.",
                    result.cancelled,
                ) % {"n": result.cancelled}
            messages.success(request, text)
        else:
            messages.info(request, _("These non-working days were already there."))
        return redirect("schedule:overview", slug=centre.slug)
    return _form_page(request, centre, form, _("Non-working days"))


@login_required
@require_POST
def closed_delete(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    centre = _centre(request, slug, edit=True)
    period = selectors.closed_days_get(user=request.user, uuid=uuid, centre=centre)
    restored = services.closed_days_delete(actor=request.user, period=period)
    text = _("The non-working days are removed.")
    if restored:
        text += " " + ngettext(
            "%(n)s session is planned again.", "%(n)s sessions are planned again.", restored
        ) % {"n": restored}
    messages.success(request, text)
    return redirect("schedule:overview", slug=centre.slug)


@login_required
def extra_create(request: HttpRequest, slug: str) -> HttpResponse:
    centre = _centre(request, slug, edit=True)
    slots = selectors.centre_slots(user=request.user, centre=centre)
    form = ExtraSessionForm(request.POST or None, slots=slots)

    def save(data: dict[str, Any], seen: dt.datetime | None) -> services.ExtraResult:
        return services.extra_session_create(actor=request.user, centre=centre, data=data)

    if (result := submit(request, form, save)) is not None:
        if result.created:
            messages.success(request, _("The extra session is planned."))
        else:
            messages.info(request, _("This extra session was already planned."))
        return redirect("schedule:overview", slug=centre.slug)
    return _form_page(request, centre, form, _("Extra session"))


@login_required
def extra_invitees(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    """Who an extra session is for: its slots, its students by login, or everyone."""
    centre = _centre(request, slug, edit=True)
    session = selectors.extra_get(user=request.user, centre=centre, uuid=uuid)
    slots = selectors.centre_slots(user=request.user, centre=centre)
    form = InviteesForm(
        request.POST or None, slots=slots, initial=selectors.invitees_initial(session)
    )

    def save(data: dict[str, Any], seen: dt.datetime | None) -> Session:
        return services.extra_session_invite(actor=request.user, session=session, data=data)

    if submit(request, form, save) is not None:
        messages.success(request, _("Who the session is for is saved."))
        return redirect("schedule:overview", slug=centre.slug)
    title = _("Who is invited: %(name)s") % {"name": session.label}
    when = timefmt.moment(session.starts_at, centre.zone)
    return _form_page(request, centre, form, title, subtitle=when)


@login_required
def generate(request: HttpRequest, slug: str) -> HttpResponse:
    centre = _centre(request, slug, edit=True)
    today = timezone.localdate(timezone=centre.zone)
    form = GenerateForm(
        request.POST or None,
        initial={"first": today, "last": today + dt.timedelta(weeks=8)},
    )
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.sessions_generate(
                actor=request.user,
                centre=centre,
                first=form.cleaned_data["first"],
                last=form.cleaned_data["last"],
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
    status = 400 if request.method == "POST" and result is None else 200
    return render(
        request,
        "schedule/generate.html",
        {"centre": centre, "form": form, "result": result},
        status=status,
    )


@login_required
def week(request: HttpRequest, slug: str) -> HttpResponse:
    centre = _centre(request, slug)
    today = timezone.localdate(timezone=centre.zone)
    form = WeekForm(request.GET or None)
    status = 200
    day = today
    if request.GET:
        if form.is_valid():
            day = form.cleaned_data.get("week") or today
        else:
            status = 400
    monday = selectors.week_of(day)
    return render(
        request,
        "schedule/week.html",
        {
            "centre": centre,
            "form": form,
            "monday": monday,
            "sunday": monday + dt.timedelta(days=6),
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
            "rows": selectors.week_sessions(user=request.user, centre=centre, monday=monday),
            "can_edit": can_edit_schedule(request.user, centre),
        },
        status=status,
    )


@login_required
@require_POST
def session_cancel(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    centre = _centre(request, slug, edit=True)
    session = selectors.session_get(user=request.user, uuid=uuid, centre=centre)
    cancel = request.POST.get("cancelled", "1") != "0"
    services.session_cancel(actor=request.user, session=session, cancelled=cancel)
    messages.success(
        request, _("The session is cancelled.") if cancel else _("The session is restored.")
    )
    monday = selectors.week_of(session.starts_at.astimezone(centre.zone).date())
    return redirect(f"{reverse('schedule:week', args=[centre.slug])}?week={monday.isoformat()}")
