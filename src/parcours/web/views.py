"""The signed-in home page, one per role, and the public landing page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from parcours.catalogue import selectors as catalogue
from parcours.centres import selectors as centres
from parcours.centres.models import Centre
from parcours.centres.permissions import can_manage_centre
from parcours.consents import selectors as consents
from parcours.enrolment import selectors as enrolment
from parcours.labs import selectors as labs
from parcours.learning import selectors as learning
from parcours.people import selectors as people
from parcours.people.models import Role


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
    builder = HOME_BUILDERS.get(str(role or ""))
    if builder is None:
        return render(request, "web/home_none.html", context)
    context.update(builder(request, access))
    return render(request, f"web/home_{role}.html", context)


def _student(request: HttpRequest, access: people.Access) -> dict[str, Any]:
    profile = getattr(request.user, "student_profile", None)
    if profile is None:
        return {"centre": None}
    return {
        "centre": profile.centre,
        "profile": profile,
        "dashboard": learning.dashboard(request.user),
        "enrolment": enrolment.current_registration(user=request.user),
        "lab_cycles": labs.cycle_list(user=request.user, centre=profile.centre).exclude(
            status="draft"
        ),
        "held_labs": labs.held_labs(request.user),
        "consents": consents.consents_of(user=request.user, student_id=profile.user_id),
    }


def _guardian(request: HttpRequest, access: people.Access) -> dict[str, Any]:
    today = timezone.localdate()
    wards = []
    for link in people.wards_of(request.user):
        profile = link.student.student_profile
        wards.append(
            {
                "link": link,
                "student": link.student,
                "age": profile.age_on(today),
                "consents": consents.consents_of(user=request.user, student_id=link.student_id),
            }
        )
    return {"wards": wards}


def _coach(request: HttpRequest, access: people.Access) -> dict[str, Any]:
    today = timezone.localdate()
    caseload = [(s, s.student_profile.age_on(today)) for s in people.caseload_of(request.user)]
    centre = Centre.objects.filter(pk__in=access.centres(Role.COACH)).first()
    return {
        "caseload": caseload,
        "centre": centre,
        "to_review": learning.review_queue(request.user).count(),
    }


def _expert(request: HttpRequest, access: people.Access) -> dict[str, Any]:
    centre = Centre.objects.filter(pk__in=access.centres(Role.EXPERT)).first()
    areas = list(catalogue.offered_areas(centre)) if centre else []
    templates = (
        catalogue.lab_templates(user=request.user)
        .filter(focus_area__in=areas)
        .order_by("focus_area__order", "level")
    )
    return {
        "centre": centre,
        "areas": areas,
        "lab_templates": templates,
        "to_review": learning.review_queue(request.user).count(),
        "my_labs": labs.labs_led_by(request.user),
    }


def _centre_card(centre: Centre) -> dict[str, Any]:
    today = timezone.localdate()
    figures = people.centre_student_figures(centre.pk, today)
    total = figures["total"] or 1
    return {
        "centre": centre,
        "students": figures["total"],
        "girls_pct": round(100 * figures["girls"] / total),
        "social_pct": round(100 * figures["social"] / total),
        "qpv_pct": round(100 * figures["qpv"] / total),
        "coaches": people.staff_count(centre.pk, Role.COACH),
        "experts": people.staff_count(centre.pk, Role.EXPERT),
        "workstations": centres.centre_workstations(centre),
        "areas": catalogue.offered_areas(centre).count(),
    }


def _manager(request: HttpRequest, access: people.Access) -> dict[str, Any]:
    managed = Centre.objects.filter(pk__in=access.centres(Role.MANAGER)).order_by("name")
    return {"cards": [_centre_card(c) for c in managed]}


def _network_admin(request: HttpRequest, access: people.Access) -> dict[str, Any]:
    all_centres = centres.centre_list(user=request.user)
    cards = [_centre_card(c) for c in all_centres]
    return {
        "cards": cards,
        "total_students": sum(c["students"] for c in cards),
        "frameworks": catalogue.frameworks(user=request.user).count(),
    }


def _mentor(request: HttpRequest, access: people.Access) -> dict[str, Any]:
    return {}


HOME_BUILDERS: dict[str, Any] = {
    Role.STUDENT: _student,
    Role.GUARDIAN: _guardian,
    Role.COACH: _coach,
    Role.EXPERT: _expert,
    Role.MANAGER: _manager,
    Role.NETWORK_ADMIN: _network_admin,
    Role.MENTOR: _mentor,
}
