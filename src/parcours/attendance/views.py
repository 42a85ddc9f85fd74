"""Pages of attendance: the kiosk, the live board, a session's register, a student's
attendance and badge, the follow-up list, badge printing. Thin: parse, call, render."""

from __future__ import annotations

import hashlib
import uuid as uuid_lib
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.attendance import badges, selectors, services
from parcours.attendance.forms import (
    BulkBadgesForm,
    CorrectionForm,
    DeviceForm,
    FollowUpFilterForm,
    HistoryFilterForm,
    JustifyForm,
    KioskForm,
    LeaveForm,
    SettingsForm,
)
from parcours.attendance.permissions import can_manage, can_reissue_badge, can_run_kiosk
from parcours.centres import selectors as centres
from parcours.centres.permissions import can_manage_centre
from parcours.core import timefmt
from parcours.core.errors import Forbidden, ValidationFailed
from parcours.core.forms import add_service_errors, form_status, submit
from parcours.core.lists import page_of
from parcours.labs import selectors as labs
from parcours.people.audit import record_access
from parcours.schedule import selectors as schedule

if TYPE_CHECKING:
    from parcours.centres.models import Centre

DEVICE_COOKIE = "parcours_kiosk_device"


def _staff_centre(request: HttpRequest, slug: str) -> Centre:
    centre = centres.centre_get(user=request.user, slug=slug)
    if not can_run_kiosk(request.user, centre):
        raise Forbidden(_("The kiosk and the board are for the centre's staff."))
    return centre


def _device(request: HttpRequest) -> str:
    return request.COOKIES.get(DEVICE_COOKIE, "")[:80]


@login_required
def kiosk(request: HttpRequest, slug: str) -> HttpResponse:
    centre = _staff_centre(request, slug)
    form = KioskForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.checkin_record(
                actor=request.user,
                centre=centre,
                code=form.cleaned_data["code"],
                device=_device(request),
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            form = KioskForm()
    status = 400 if request.method == "POST" and result is None else 200
    context = {
        "centre": centre,
        "form": form,
        "result": result,
        "device": _device(request),
        "device_form": DeviceForm(initial={"device": _device(request)}),
    }
    if request.headers.get("HX-Request"):
        # htmx swaps only 2xx answers: the refusal is shown in the live region all the same.
        return render(request, "attendance/_kiosk_result.html", context)
    return render(request, "attendance/kiosk.html", context, status=status)


@login_required
@require_POST
def kiosk_device(request: HttpRequest, slug: str) -> HttpResponse:
    centre = _staff_centre(request, slug)
    form = DeviceForm(request.POST)
    if not form.is_valid():
        context = {
            "centre": centre,
            "form": KioskForm(),
            "device": _device(request),
            "device_form": form,
        }
        return render(request, "attendance/kiosk.html", context, status=400)
    response = redirect("attendance:kiosk", slug=centre.slug)
    response.set_cookie(
        DEVICE_COOKIE,
        form.cleaned_data["device"].strip()[:80],
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure(),
    )
    messages.success(request, _("This device is named."))
    return response


def _not_modified(etag: str) -> HttpResponse:
    unchanged = HttpResponseNotModified()
    unchanged["ETag"] = etag
    return unchanged


@login_required
def board(request: HttpRequest, slug: str) -> HttpResponse:
    partial = bool(request.headers.get("HX-Request"))
    asked = request.headers.get("If-None-Match", "")
    if partial and asked:
        # The screen polls every few seconds: when nothing changed, a 304 without the page,
        # from the ETag an earlier poll kept (one cache read and the user's roles).
        kept = selectors.board_etag_kept(user=request.user, slug=slug)
        if kept is not None and f'"{kept}"' in asked:
            return _not_modified(f'"{kept}"')
    centre = _staff_centre(request, slug)
    sessions = selectors.board(user=request.user, centre=centre)
    context = {"centre": centre, "sessions": sessions}
    if partial:
        response = render(request, "attendance/_board.html", context)
        # the partial is a function of what it shows (no token, no clock): its hash names it
        tag = hashlib.sha256(response.content).hexdigest()[:32]
        selectors.board_keep(centre=centre, etag=tag, sessions=[b.session for b in sessions])
        if f'"{tag}"' in asked:
            return _not_modified(f'"{tag}"')
        response["ETag"] = f'"{tag}"'
        response["Cache-Control"] = "private, no-cache"
        return response
    context["recent"] = selectors.recent_sessions(user=request.user, centre=centre)[:20]
    return render(request, "attendance/board.html", context)


@login_required
def session_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    session = selectors.session_get(user=request.user, uuid=uuid)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            correction = services.checkin_correct(
                actor=request.user,
                session=session,
                student=selectors.student_at(centre=session.centre, uuid=data["student"]),
                state=data["state"],
                late_minutes=data["late_minutes"],
                reason=data["reason"],
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The record is corrected.") if correction else _("Nothing changed."),
            )
            return redirect("attendance:session", uuid=session.uuid)
    register = selectors.session_register(user=request.user, session=session)
    return render(
        request,
        "attendance/session.html",
        {
            "register": register,
            "session": session,
            "form": form,
            "when": timefmt.moment(session.starts_at, session.centre.zone),
        },
        status=form_status(request),
    )


@login_required
@require_POST
def session_leave(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    session = selectors.session_get(user=request.user, uuid=uuid)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("Unknown student."))
    checkin = services.checkin_leave(
        actor=request.user,
        session=session,
        student=selectors.student_at(centre=session.centre, uuid=form.cleaned_data["student"]),
    )
    messages.success(
        request, _("Early leave recorded.") if checkin.left_early else _("Departure recorded.")
    )
    return redirect("attendance:session", uuid=session.uuid)


@login_required
def student(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    person = selectors.student_get(user=request.user, uuid=uuid)
    record_access(request.user, person)
    form = HistoryFilterForm(request.GET)
    data = selectors.student_attendance(
        user=request.user,
        student=person,
        state=form.state_wanted(),
        page=request.GET.get("page"),
    )
    editable = selectors.editable_absence_ids(user=request.user, student=person)
    return render(
        request,
        "attendance/student.html",
        {
            "data": data,
            "person": person,
            "form": form,
            "filtered": bool(form.state_wanted()),
            "editable": editable,
            "can_reissue": can_reissue_badge(request.user, person),
            "is_self": person.pk == request.user.pk,
        },
    )


@login_required
@require_POST
def absence_justify(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    absence = selectors.absence_get(user=request.user, uuid=uuid)
    form = JustifyForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("The reason is too long."))
    try:
        services.absence_justify(
            actor=request.user,
            absence=absence,
            justified=form.cleaned_data["justified"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationFailed as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The absence is updated."))
    return redirect("attendance:student", uuid=absence.student.uuid)


@login_required
@require_POST
def badge_reissue(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    """A new badge for one student, printed at once (the old one stops working)."""
    person = selectors.student_get(user=request.user, uuid=uuid)
    issued = services.badge_issue(actor=request.user, student=person)
    return _pdf(
        badges.badges_pdf([(person, issued.code)], centre_name=issued.badge.centre.name),
        f"badge-{person.first_name or 'student'}.pdf",
    )


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # the codes are on it
    return response


@login_required
def badges_print(request: HttpRequest, slug: str) -> HttpResponse:
    """Managers print the badges of a slot at once."""
    centre = centres.centre_get(user=request.user, slug=slug)
    if not can_manage(request.user, centre):
        raise Forbidden()
    form = BulkBadgesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            slot = schedule.slot_get(
                user=request.user, centre=centre, uuid=form.cleaned_data["slot"], field="slot"
            )
            issued = services.badges_issue_for_slot(
                actor=request.user,
                centre=centre,
                slot=slot,
                only_missing=form.cleaned_data["only_missing"],
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return _pdf(
                badges.badges_pdf(
                    [(i.badge.student, i.code) for i in issued], centre_name=centre.name
                ),
                f"badges-{centre.slug}.pdf",
            )
    return render(
        request,
        "attendance/badges.html",
        {
            "centre": centre,
            "form": form,
            "slots": schedule.slots_of(user=request.user, centre=centre),
        },
        status=form_status(request),
    )


@login_required
def my_badge(request: HttpRequest) -> HttpResponse:
    """The student's badge on their phone: a QR code that changes and expires, and stops
    working when the badge is reissued."""
    badge = selectors.own_badge(user=request.user)
    context: dict[str, Any] = {"badge": badge, "person": request.user}
    if badge is not None:
        context["qr"] = badges.qr_svg(services.phone_token(badge), title=_("Your badge's QR code"))
        context["minutes"] = services.PHONE_MAX_AGE // 60
    if request.headers.get("HX-Request"):
        return render(request, "attendance/_my_qr.html", context)
    context["rate"] = selectors.own_rate(user=request.user)
    return render(request, "attendance/my_badge.html", context)


@login_required
def follow_up(request: HttpRequest) -> HttpResponse:
    """Open streaks of absences, searched by name, sorted and paged (25 a page)."""
    form = FollowUpFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {"q": "", "sort": "most"}
    rows = selectors.followups_filtered(user=request.user, **filters)
    page = page_of(request, rows)
    return render(
        request,
        "attendance/follow_up.html",
        {"form": form, "page": page, "rows": page.object_list, "filtered": bool(filters["q"])},
    )


@login_required
def settings_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The centre's attendance rules: check-in window, lateness, absences before a notice."""
    centre = centres.centre_get(user=request.user, slug=slug)
    if not can_manage_centre(request.user, centre):
        raise Forbidden()
    form = SettingsForm(request.POST or None, instance=selectors.settings_for(centre))

    def save(data: dict[str, Any], seen: datetime | None) -> object:
        return services.settings_update(actor=request.user, centre=centre, data=data)

    if submit(request, form, save) is not None:
        messages.success(request, _("The attendance rules are saved."))
        return redirect("attendance:settings", slug=centre.slug)
    return render(
        request,
        "attendance/settings.html",
        {"form": form, "centre": centre},
        status=form_status(request),
    )


@login_required
def lab_register(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    """A lab's weekly attendance: its roster at each of its sessions."""
    lab = labs.lab_get(user=request.user, uuid=uuid)
    register = selectors.lab_register(user=request.user, lab=lab)
    return render(
        request,
        "attendance/lab_register.html",
        {"lab": lab, "centre": lab.centre, "cycle": lab.cycle, "register": register},
    )
