"""Pages of coaching: a student's follow-up (alert, notes, actions, messages to the family),
their timeline, a note's edit and history, the user's actions, and the notes shared with a
student and family. Thin: parse, call, render."""

from __future__ import annotations

import uuid as uuid_lib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from parcours.coaching import selectors, services
from parcours.coaching.choices import ActionStatus
from parcours.coaching.forms import (
    ActionFilterForm,
    ActionForm,
    CaseloadFilterForm,
    FamilyMessageForm,
    NoteEditForm,
    NoteForm,
    TimelineFilterForm,
)
from parcours.core.errors import Conflict, ValidationFailed
from parcours.core.lists import page_of
from parcours.people.audit import record_access


def _tabs(student: Any, current: str) -> list[dict[str, Any]]:
    return [
        {
            "label": _("Follow-up"),
            "url": reverse("coaching:student", args=[student.uuid]),
            "current": current == "file",
        },
        {
            "label": _("Timeline"),
            "url": reverse("coaching:timeline", args=[student.uuid]),
            "current": current == "timeline",
        },
    ]


def _file_page(
    request: HttpRequest,
    student: Any,
    *,
    note_form: NoteForm | None = None,
    action_form: ActionForm | None = None,
    message_form: FamilyMessageForm | None = None,
    status: int = 200,
) -> HttpResponse:
    data = selectors.student_file(user=request.user, student=student)
    return render(
        request,
        "coaching/student.html",
        {
            "person": student,
            "data": data,
            "tabs": _tabs(student, "file"),
            "note_form": note_form or NoteForm(auto_id="note_%s"),
            "action_form": action_form
            or ActionForm(owners=data.owners, me=request.user, auto_id="action_%s"),
            "message_form": message_form or FamilyMessageForm(auto_id="message_%s"),
            "family_reachable": any(g.email for g in data.guardians),
            "open_form": (
                "note"
                if note_form
                else "action"
                if action_form
                else "message"
                if message_form
                else ""
            ),
        },
        status=status,
    )


def _form_failed(form: Any, exc: ValidationFailed) -> None:
    """Put the service's refusal on the form's fields (or on the form)."""
    placed = False
    for name, errors in exc.fields.items():
        if name in form.fields:
            for error in errors:
                form.add_error(name, error)
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


@login_required
def student(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    """A student's follow-up: who coaches them and their family, the open alert and its
    reasons, the notes (pinned first), the actions to do, messages to the family."""
    person = selectors.student_get(user=request.user, uuid=uuid)
    record_access(request.user, person)
    return _file_page(request, person)


@login_required
def timeline(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    """Everything that happened to the student, newest first, filtered by kind, 25 a page."""
    person = selectors.student_get(user=request.user, uuid=uuid)
    record_access(request.user, person)
    form = TimelineFilterForm(request.GET)
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    data = selectors.timeline(student=person, strands=form.strands(), page=min(page, 400))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "coaching/timeline.html",
        {
            "person": person,
            "form": form,
            "data": data,
            "tabs": _tabs(person, "timeline"),
            "query": query.urlencode(),
            "filtered": bool(form.strands()),
        },
    )


@login_required
@require_POST
def note_add(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    person = selectors.student_get(user=request.user, uuid=uuid)
    form = NoteForm(request.POST, auto_id="note_%s")
    if not form.is_valid():
        return _file_page(request, person, note_form=form, status=400)
    try:
        note = services.note_create(
            actor=request.user,
            student=person,
            body=form.cleaned_data["body"],
            shared=form.cleaned_data["shared"],
            pinned=form.cleaned_data["pinned"],
            key=form.cleaned_data["key"],
        )
    except ValidationFailed as exc:
        _form_failed(form, exc)
        return _file_page(request, person, note_form=form, status=400)
    messages.success(
        request,
        _("Note saved, shared with the student and family.")
        if note.shared
        else _("Note saved (staff only)."),
    )
    return redirect(reverse("coaching:student", args=[person.uuid]) + "#notes")


def _note_page(
    request: HttpRequest, note: Any, form: NoteEditForm | None = None, status: int = 200
) -> HttpResponse:
    form = form or NoteEditForm(
        initial={"body": note.body, "shared": note.shared, "revision": note.revision}
    )
    return render(
        request,
        "coaching/note.html",
        {
            "note": note,
            "person": note.student,
            "form": form,
            "history": selectors.note_history(note),
        },
        status=status,
    )


@login_required
def note_edit(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    """A note's edit form and its earlier versions."""
    note = selectors.note_get(user=request.user, uuid=uuid)
    if request.method != "POST":
        return _note_page(request, note)
    form = NoteEditForm(request.POST)
    if not form.is_valid():
        return _note_page(request, note, form, status=400)
    try:
        services.note_edit(
            actor=request.user,
            note=note,
            body=form.cleaned_data["body"],
            shared=form.cleaned_data["shared"],
            revision=form.cleaned_data["revision"],
        )
    except ValidationFailed as exc:
        _form_failed(form, exc)
        return _note_page(request, note, form, status=400)
    except Conflict as exc:
        form.add_error(None, str(exc.message))
        fresh = selectors.note_get(user=request.user, uuid=uuid)
        return _note_page(request, fresh, form, status=409)
    messages.success(request, _("Note changed; its earlier text is kept in its history."))
    return redirect(reverse("coaching:student", args=[note.student.uuid]) + "#notes")


@login_required
@require_POST
def note_pin(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    note = selectors.note_get(user=request.user, uuid=uuid)
    pinned = request.POST.get("pinned") == "1"
    services.note_pin(actor=request.user, note=note, pinned=pinned)
    messages.success(request, _("Note pinned.") if pinned else _("Note unpinned."))
    return redirect(reverse("coaching:student", args=[note.student.uuid]) + "#notes")


@login_required
@require_POST
def action_add(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    person = selectors.student_get(user=request.user, uuid=uuid)
    owners = selectors.student_file(user=request.user, student=person).owners
    form = ActionForm(request.POST, owners=owners, auto_id="action_%s")
    if not form.is_valid():
        return _file_page(request, person, action_form=form, status=400)
    try:
        action = services.action_create(
            actor=request.user,
            student=person,
            title=form.cleaned_data["title"],
            due_on=form.cleaned_data["due_on"],
            owner=form.cleaned_data["owner"] or None,
            key=form.cleaned_data["key"],
        )
    except ValidationFailed as exc:
        _form_failed(form, exc)
        return _file_page(request, person, action_form=form, status=400)
    messages.success(request, _("Action planned: %(title)s.") % {"title": action.title})
    return redirect(reverse("coaching:student", args=[person.uuid]) + "#actions")


@login_required
@require_POST
def action_close(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    action = selectors.action_get(user=request.user, uuid=uuid)
    status = request.POST.get("status", "")
    try:
        services.action_close(actor=request.user, action=action, status=status)
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Done: %(title)s.") % {"title": action.title}
            if status == ActionStatus.DONE
            else _("Cancelled: %(title)s.") % {"title": action.title},
        )
    back = request.POST.get("next", "")
    if back == "actions":
        return redirect("coaching:actions")
    if back == "home":
        return redirect("home")
    return redirect(reverse("coaching:student", args=[action.student.uuid]) + "#actions")


@login_required
def actions(request: HttpRequest) -> HttpResponse:
    """The user's follow-up actions (or everyone's), soonest due first, 25 a page."""
    form = ActionFilterForm(request.GET or None)
    shown = form.filters() if request.GET else {"status": "open", "q": "", "mine": True}
    rows = selectors.action_list(user=request.user, **shown)
    page = page_of(request, rows)
    return render(
        request,
        "coaching/actions.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(shown["q"]) or shown["status"] != "open" or not shown["mine"],
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def message_send(request: HttpRequest, uuid: uuid_lib.UUID) -> HttpResponse:
    person = selectors.student_get(user=request.user, uuid=uuid)
    form = FamilyMessageForm(request.POST, auto_id="message_%s")
    if not form.is_valid():
        return _file_page(request, person, message_form=form, status=400)
    try:
        message = services.family_message_send(
            actor=request.user,
            student=person,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            key=form.cleaned_data["key"],
        )
    except ValidationFailed as exc:
        _form_failed(form, exc)
        return _file_page(request, person, message_form=form, status=400)
    messages.success(request, _("Message sent to %(to)s.") % {"to": message.recipients})
    return redirect(reverse("coaching:student", args=[person.uuid]) + "#messages")


@login_required
def shared(request: HttpRequest) -> HttpResponse:
    """The notes the coaches shared with the signed-in student or guardian, 25 a page."""
    page = page_of(request, selectors.shared_notes(request.user))
    return render(request, "coaching/shared.html", {"page": page})


@login_required
def caseloads(request: HttpRequest, slug: str) -> HttpResponse:
    """A centre's caseloads for its managers: each coach's count, the students (searched,
    by coach or without one), ticked and given to a coach, or the whole centre evened out;
    every change is previewed (who moves, each coach's count before and after) before it is
    saved."""
    centre = selectors.caseload_centre(user=request.user, slug=slug)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "confirm":
            return _caseloads_confirm(request, centre)
        try:
            if action == "rebalance":
                plan = selectors.caseload_plan_rebalance(user=request.user, centre=centre)
            else:
                plan = selectors.caseload_plan_assign(
                    user=request.user,
                    centre=centre,
                    students=request.POST.getlist("student"),
                    coach=request.POST.get("coach", ""),
                )
        except ValidationFailed as exc:
            messages.error(request, str(exc.message))
            return _caseloads_page(request, centre, status=400)
        return render(
            request,
            "coaching/caseload_preview.html",
            {"centre": centre, "plan": plan, "rebalance": action == "rebalance"},
        )
    return _caseloads_page(request, centre)


def _caseloads_page(request: HttpRequest, centre: Any, status: int = 200) -> HttpResponse:
    board = selectors.caseload_board(user=request.user, centre=centre)
    coaches = [load.coach for load in board.coaches]
    form = CaseloadFilterForm(request.GET or None, coaches=coaches)
    shown = form.filters() if request.GET else {"q": "", "coach": ""}
    page = page_of(request, selectors.caseload_students(user=request.user, centre=centre, **shown))
    return render(
        request,
        "coaching/caseloads.html",
        {
            "centre": centre,
            "board": board,
            "form": form,
            "page": page,
            "filtered": bool(shown["q"] or shown["coach"]),
            "coaches": coaches,
        },
        status=status,
    )


def _caseloads_confirm(request: HttpRequest, centre: Any) -> HttpResponse:
    moves: list[tuple[uuid_lib.UUID | str, uuid_lib.UUID | str]] = []
    for value in request.POST.getlist("move"):
        student, _sep, coach = value.partition(":")
        moves.append((student, coach))
    try:
        changed = services.caseload_apply(actor=request.user, centre=centre, moves=moves)
    except ValidationFailed as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            ngettext("%(n)s student has a new coach.", "%(n)s students have a new coach.", changed)
            % {"n": changed},
        )
    return redirect("coaching:caseloads", slug=centre.slug)
