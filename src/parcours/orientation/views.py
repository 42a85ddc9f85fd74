"""The orientation programme's pages: the programme of a centre (figures, participants,
the coach's students to invite; a manager opens the year's programme), a participant for the
staff (move to the next stage, notes, plan, next steps, outcome), the student's own page and
her family's (join or answer the invitation, her stage, the notes shared with her, the plan she
builds with her coach), the plan as a PDF, the stage templates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parcours.centres.selectors import centre_get
from parcours.core.errors import DomainError, ValidationFailed
from parcours.core.forms import add_service_errors
from parcours.core.lists import page_of
from parcours.core.mail import language_of
from parcours.learning.selectors import followed_student_get
from parcours.orientation import permissions as can
from parcours.orientation import plan_pdf, selectors, services
from parcours.orientation.choices import STAGE_ORDER, Stage, Status, next_stage
from parcours.orientation.forms import (
    MeetingForm,
    NoteForm,
    OutcomeForm,
    ParticipantFilters,
    PlanForm,
    ProgrammeForm,
    StepForm,
)
from parcours.people.access import access_for
from parcours.people.choices import Role
from parcours.people.selectors import family_students
from parcours.people.types import signed_in
from parcours.training_offers import selectors as offer_selectors

if TYPE_CHECKING:
    from parcours.orientation.models import Participant


@login_required
def home(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if access.has(Role.STUDENT):
        return redirect("orientation:student", uuid=signed_in(request.user).uuid)
    run = selectors.programmes_run(request.user).order_by("-year", "centre__name").first()
    if run is not None:
        return redirect("orientation:centre", slug=run.centre.slug)
    if access.ward_ids:
        return redirect("orientation:family")
    raise Http404


@login_required
def family(request: HttpRequest) -> HttpResponse:
    """A guardian's way in: their children's orientation pages."""
    children = family_students(request.user)
    if not children:
        raise Http404
    rows = [(child, selectors.participation_of(child)) for child in children[:10]]
    return render(request, "orientation/family.html", {"rows": rows})


def _centre(request: HttpRequest, slug: str) -> Any:
    """The centre whose programme the user runs; 404 for any other."""
    try:
        place = centre_get(user=request.user, slug=slug)
    except DomainError as exc:
        raise Http404 from exc
    if not can.runs(request.user, place.pk):
        raise Http404
    return place


@login_required
def centre(request: HttpRequest, slug: str) -> HttpResponse:
    place = _centre(request, slug)
    programme = selectors.current_programme(place)
    year = services.school_year(timezone.localdate(timezone=place.zone))
    form = ProgrammeForm(
        request.POST or None,
        initial={"title": _("Orientation programme %(y)s–%(z)s") % {"y": year, "z": year + 1}},
    )
    lang = translation.get_language() or "fr"
    plans = [t for t in selectors.templates_for(place) if t.kind == "workshop"]
    workshop_form = MeetingForm(
        request.POST if request.POST.get("action") == "workshop" else None,
        templates=[(str(t.uuid), selectors.text_of(t.title, lang)) for t in plans],
        stage_choice=True,
        initial={"minutes": 100},
    )
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if request.POST.get("action") == "workshop" and programme is not None:
                if workshop_form.is_valid():
                    d = workshop_form.cleaned_data
                    made = services.meeting_schedule(
                        actor=request.user,
                        programme=programme,
                        kind="workshop",
                        stage=d["stage"],
                        starts_at=d["starts_at"],
                        minutes=d["minutes"],
                        participants=selectors.participants_at(programme, d["stage"]),
                        template=_template(plans, d["template"])
                        or next((t for t in plans if t.stage == d["stage"]), None),
                    )
                    messages.success(
                        request,
                        _("The workshop is scheduled; it is in the invited students’ calendars."),
                    )
                    return redirect("orientation:meeting", uuid=made.uuid)
            elif request.POST.get("action") == "invite" and programme is not None:
                student = followed_student_get(
                    user=request.user, uuid=_uuid(request.POST.get("student"))
                )
                services.invite(actor=request.user, programme=programme, student=student)
                messages.success(
                    request,
                    _("%(name)s is invited; the family is told.") % {"name": student.first_name},
                )
                return redirect("orientation:centre", slug=slug)
            if programme is None and form.is_valid():
                services.programme_create(
                    actor=request.user, centre=place, year=year, **form.cleaned_data
                )
                messages.success(request, _("The programme is open."))
                return redirect("orientation:centre", slug=slug)
        except ValidationFailed as exc:
            add_service_errors(
                workshop_form if request.POST.get("action") == "workshop" else form, exc
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
    context: dict[str, Any] = {
        "centre": place,
        "workshop_form": workshop_form,
        "programme": programme,
        "form": form,
        "manages": can.manages(request.user, place.pk),
        "year": year,
    }
    if programme is not None:
        filters = ParticipantFilters(request.GET or None)
        f = filters.cleaned_data if filters.is_valid() else {}
        rows = selectors.participants(
            programme, stage=f.get("stage", ""), status=f.get("status", ""), q=f.get("q", "")
        )
        context.update(
            figures=selectors.figures(programme),
            filters=filters,
            page=page_of(request, rows),
            filtered=bool(
                request.GET.get("q") or request.GET.get("stage") or request.GET.get("status")
            ),
            invitable=selectors.invitable(request.user, programme),
            meetings=selectors.meetings_list(programme)[:8],
        )
    return render(request, "orientation/centre.html", context, status=status)


def _forms(p: Participant, post: Any, action: str) -> dict[str, Any]:
    view = selectors.plan_view(p)
    plan = view.plan
    return {
        "note_form": NoteForm(post if action == "note" else None),
        "plan_form": PlanForm(
            post if action == "plan" else None,
            initial={
                "interests": plan.interests if plan else "",
                "strengths": plan.strengths if plan else "",
                "targets": plan.targets if plan else "",
                "status": plan.status if plan else "draft",
            },
        ),
        "step_form": StepForm(post if action == "step" else None),
        "outcome_form": OutcomeForm(
            post if action == "outcome" else None,
            initial={"kind": getattr(getattr(p, "outcome", None), "kind", "")},
        ),
        "view": view,
    }


def _act(request: HttpRequest, p: Participant, forms: dict[str, Any]) -> bool:
    """Run the posted action; True when done (the caller redirects)."""
    action = request.POST.get("action", "")
    actor = request.user
    try:
        if action == "move":
            to = request.POST.get("to", "")
            services.move(actor=actor, participant=p, seen=request.POST.get("seen", ""), to=to)
            messages.success(request, _("The stage is saved; the student and family are told."))
            return True
        if action == "note" and forms["note_form"].is_valid():
            services.note_add(actor=actor, participant=p, **forms["note_form"].cleaned_data)
            messages.success(request, _("The note is saved."))
            return True
        if action == "plan" and forms["plan_form"].is_valid():
            services.plan_update(actor=actor, participant=p, **forms["plan_form"].cleaned_data)
            messages.success(request, _("The plan is saved."))
            return True
        if action == "step" and forms["step_form"].is_valid():
            services.step_add(actor=actor, participant=p, **forms["step_form"].cleaned_data)
            messages.success(request, _("The step is added."))
            return True
        if action in ("step_done", "step_undo", "step_remove"):
            done = {"step_done": True, "step_undo": False}.get(action)
            services.step_set(
                actor=actor, participant=p, uuid=_uuid(request.POST.get("step")), done=done
            )
            return True
        if action == "outcome" and forms["outcome_form"].is_valid():
            services.outcome_record(
                actor=actor, participant=p, offer=None, **forms["outcome_form"].cleaned_data
            )
            messages.success(request, _("What comes next is recorded."))
            return True
        if action == "answer":
            services.answer(actor=actor, participant=p, accept=request.POST.get("accept") == "1")
            return True
        if action == "withdraw":
            services.withdraw(actor=actor, participant=p)
            messages.success(request, _("The participation is withdrawn."))
            return True
    except ValidationFailed as exc:
        target = {
            "note": "note_form",
            "plan": "plan_form",
            "step": "step_form",
            "outcome": "outcome_form",
        }.get(action)
        if target:
            add_service_errors(forms[target], exc)
        else:
            messages.error(request, str(exc.message))
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, str(exc.message))
    return False


def _uuid(text: Any) -> UUID:
    try:
        return UUID(str(text))
    except ValueError as exc:
        raise Http404 from exc


def _stages(p: Participant) -> list[dict[str, Any]]:
    done = p.status == Status.COMPLETED
    here = STAGE_ORDER.index(p.stage)
    return [
        {
            "code": code,
            "label": Stage(code).label,
            "state": "done" if done or i < here else ("now" if i == here else "next"),
        }
        for i, code in enumerate(STAGE_ORDER)
    ]


@login_required
def participant(request: HttpRequest, uuid: UUID) -> HttpResponse:
    p = selectors.participant_get(user=request.user, uuid=uuid)
    if not can.runs(request.user, p.programme.centre_id):
        return redirect("orientation:student", uuid=p.student.uuid)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = _forms(p, request.POST, action)
    lang = translation.get_language() or "fr"
    guides = [t for t in selectors.templates_for(p.programme.centre) if t.kind == "interview"]
    meeting_form = MeetingForm(
        request.POST if action == "interview" else None,
        templates=[(str(t.uuid), selectors.text_of(t.title, lang)) for t in guides],
        initial={"template": next((str(t.uuid) for t in guides if t.stage == p.stage), "")},
    )
    status = 200
    if request.method == "POST":
        if action == "interview":
            if meeting_form.is_valid():
                d = meeting_form.cleaned_data
                try:
                    made = services.meeting_schedule(
                        actor=request.user,
                        programme=p.programme,
                        kind="interview",
                        stage=p.stage,
                        starts_at=d["starts_at"],
                        minutes=d["minutes"],
                        participants=[p],
                        template=_template(guides, d["template"]),
                    )
                except ValidationFailed as exc:
                    add_service_errors(meeting_form, exc)
                else:
                    messages.success(
                        request, _("The interview is scheduled; it is in the student’s calendar.")
                    )
                    return redirect("orientation:meeting", uuid=made.uuid)
        elif _act(request, p, forms):
            return redirect(reverse("orientation:participant", args=[p.uuid]) + _anchor(action))
        status = 400
        p = selectors.participant_get(user=request.user, uuid=uuid)
    return render(
        request,
        "orientation/participant.html",
        {
            "p": p,
            "stages": _stages(p),
            "next": next_stage(p.stage) if p.status == Status.ENROLLED else None,
            "notes": selectors.notes_for(request.user, p),
            "templates": [
                (t.key, selectors.text_of(t.title, lang))
                for t in selectors.templates_for(p.programme.centre)
                if t.stage == p.stage
            ],
            "next_label": _stage_label(next_stage(p.stage)),
            "meeting_form": meeting_form,
            "meetings": selectors.meetings_of(p),
            "staff": True,
            "can_write": True,
            "crumbs": [
                (
                    _("Orientation programme"),
                    reverse("orientation:centre", args=[p.programme.centre.slug]),
                ),
                (f"{p.student.first_name} {p.student.last_name}", ""),
            ],
            **forms,
        },
        status=status,
    )


def _template(rows: list[Any], key: str) -> Any:
    return next((t for t in rows if str(t.uuid) == key), None)


def _stage_label(code: str | None) -> str:
    return str(Stage(code).label) if code else ""


def _anchor(action: str) -> str:
    return {
        "note": "#notes-title",
        "plan": "#plan-title",
        "step": "#steps-title",
        "step_done": "#steps-title",
        "step_undo": "#steps-title",
        "step_remove": "#steps-title",
        "outcome": "#outcome-title",
        "move": "#stages-title",
    }.get(action, "")


@login_required
def student(request: HttpRequest, uuid: UUID) -> HttpResponse:
    person = followed_student_get(user=request.user, uuid=uuid)
    if not can.is_family(request.user, person.pk):
        p = selectors.participation_of(person)
        if p is not None and can.runs(request.user, p.programme.centre_id):
            return redirect("orientation:participant", uuid=p.uuid)
        raise Http404
    p = selectors.participation_of(person)
    programme = selectors.current_programme(person.student_profile.centre)
    own = can.is_student(request.user, person.pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    status = 200
    if request.method == "POST":
        if not own:
            raise Http404  # the family reads; the student and her coach write
        if action == "join" and programme is not None:
            try:
                joined = services.volunteer(actor=request.user, programme=programme)
            except DomainError as exc:
                messages.error(request, str(exc.message))
            else:
                if joined.status == Status.WAITLISTED:
                    messages.info(request, _("The programme is full: you are on the waiting list."))
                else:
                    messages.success(request, _("Welcome to the orientation programme!"))
            return redirect("orientation:student", uuid=person.uuid)
        if p is None:
            raise Http404
        forms = _forms(p, request.POST, action)
        if _act(request, p, forms):
            return redirect(reverse("orientation:student", args=[person.uuid]) + _anchor(action))
        status = 400
    context: dict[str, Any] = {
        "person": person,
        "p": p,
        "programme": programme,
        "own": own,
        "can_write": own,
        "staff": False,
    }
    if p is not None:
        context.update(
            stages=_stages(p),
            notes=selectors.notes_for(request.user, p),
            fits=offer_selectors.fits_for(person, limit=3, second_person=own) if own else [],
            **(forms if request.method == "POST" else _forms(p, None, "")),
        )
    return render(request, "orientation/student.html", context, status=status)


@login_required
def pdf(request: HttpRequest, uuid: UUID) -> HttpResponse:
    p = selectors.participant_get(user=request.user, uuid=uuid)
    language = language_of(p.student)
    shared = [n for n in selectors.notes_for(request.user, p) if n.shared]
    data = plan_pdf.render(p, selectors.plan_view(p), shared, language)
    response = HttpResponse(data, content_type="application/pdf")
    name = f"plan-{p.student.first_name}-{p.programme.year}.pdf".replace(" ", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def templates(request: HttpRequest, slug: str) -> HttpResponse:
    place = _centre(request, slug)
    lang = translation.get_language() or "fr"
    return render(
        request,
        "orientation/templates.html",
        {
            "centre": place,
            "templates": [
                {
                    "key": t.key,
                    "stage": Stage(t.stage).label,
                    "kind": t.get_kind_display(),
                    "title": selectors.text_of(t.title, lang),
                    "goal": selectors.text_of(t.goal, lang),
                    "steps": [selectors.text_of(x, lang) for x in t.steps],
                    "resources": [selectors.text_of(x, lang) for x in t.resources],
                    "minutes": t.duration_minutes,
                    "own": bool(t.centre_id),
                }
                for t in selectors.templates_for(place)
            ],
        },
    )


@login_required
def meeting(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """An interview or a workshop: when, who, the guide to follow, and its attendance."""
    m = selectors.meeting_get(user=request.user, uuid=uuid)
    rows = selectors.attendees(m)
    status = 200
    if request.method == "POST":
        marks: dict[str, bool] = {}
        for row in rows:
            value = request.POST.get(f"present-{row.participant.uuid}", "")
            if value in ("1", "0"):
                marks[str(row.participant.uuid)] = value == "1"
        try:
            services.attendance_take(actor=request.user, meeting=m, present=marks)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            status = 400
        else:
            messages.success(request, _("The attendance is saved."))
            return redirect("orientation:meeting", uuid=m.uuid)
    lang = translation.get_language() or "fr"
    t = m.template
    return render(
        request,
        "orientation/meeting.html",
        {
            "m": m,
            "rows": rows,
            "guide": {
                "title": selectors.text_of(t.title, lang),
                "goal": selectors.text_of(t.goal, lang),
                "steps": [selectors.text_of(x, lang) for x in t.steps],
                "resources": [selectors.text_of(x, lang) for x in t.resources],
            }
            if t
            else None,
            "crumbs": [
                (
                    _("Orientation programme"),
                    reverse("orientation:centre", args=[m.programme.centre.slug]),
                ),
                (m.kind_label.capitalize(), ""),
            ],
        },
        status=status,
    )
