"""Reads of the home pages: what each role sees first, composed from the apps' own selectors
(the web app is the top layer: it reads every app through its selectors, already filtered by
what the user may see). The views only pick the role and render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from parcours.catalogue import selectors as catalogue
from parcours.centres import selectors as centres
from parcours.centres.models import Centre
from parcours.consents import selectors as consents
from parcours.enrolment import selectors as enrolment
from parcours.labs import selectors as labs
from parcours.labs.models import CycleStatus
from parcours.learning import selectors as learning
from parcours.people import selectors as people
from parcours.people.models import Role
from parcours.people.selectors import Access
from parcours.people.types import Actor


def centres_where(user: Actor, access: Access, role: str) -> QuerySet[Centre]:
    """The centres the user sees where they hold ``role``, by name."""
    return centres.centre_list(user=user).filter(pk__in=access.centres(role))


def student_home(user: Actor, access: Access) -> dict[str, Any]:
    profile = getattr(user, "student_profile", None)
    if profile is None:
        return {"centre": None}
    return {
        "centre": profile.centre,
        "profile": profile,
        "dashboard": learning.dashboard(user),
        "enrolment": enrolment.current_registration(user=user),
        "lab_cycles": labs.cycle_list(user=user, centre=profile.centre).exclude(
            status=CycleStatus.DRAFT
        ),
        "held_labs": labs.held_labs(user),
        "consents": consents.consents_of(user=user, student_id=profile.user_id),
    }


def guardian_home(user: Actor, access: Access) -> dict[str, Any]:
    today = timezone.localdate()
    wards = [
        {
            "link": link,
            "student": link.student,
            "age": link.student.student_profile.age_on(today),
            "consents": consents.consents_of(user=user, student_id=link.student_id),
        }
        for link in people.wards_of(user)
    ]
    return {"wards": wards}


def coach_home(user: Actor, access: Access) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "caseload": [(s, s.student_profile.age_on(today)) for s in people.caseload_of(user)],
        "centre": centres_where(user, access, Role.COACH).first(),
        "to_review": learning.review_queue(user).count(),
    }


def expert_home(user: Actor, access: Access) -> dict[str, Any]:
    centre = centres_where(user, access, Role.EXPERT).first()
    areas = list(catalogue.offered_areas(centre)) if centre else []
    templates = (
        catalogue.lab_templates(user=user)
        .filter(focus_area__in=areas)
        .order_by("focus_area__order", "level")
    )
    return {
        "centre": centre,
        "areas": areas,
        "lab_templates": templates,
        "to_review": learning.review_queue(user).count(),
        "my_labs": labs.labs_led_by(user),
    }


def centre_cards(listed: QuerySet[Centre]) -> list[dict[str, Any]]:
    """Each centre's figures on a manager's or the network's home: students (girls, priority
    neighbourhoods, social field), staff, workstations, focus areas offered. Four grouped
    queries after the centres, whatever their number."""
    rows = list(listed)
    ids = [c.pk for c in rows]
    figures = people.centres_student_figures(ids, timezone.localdate())
    staff = people.staff_counts(ids)
    seats = centres.centres_workstations(ids)
    areas = catalogue.offered_area_counts(ids)
    cards = []
    for centre in rows:
        f = figures[centre.pk]
        total = f["total"] or 1
        cards.append(
            {
                "centre": centre,
                "students": f["total"],
                "girls_pct": round(100 * f["girls"] / total),
                "social_pct": round(100 * f["social"] / total),
                "qpv_pct": round(100 * f["qpv"] / total),
                "coaches": staff.get((centre.pk, Role.COACH), 0),
                "experts": staff.get((centre.pk, Role.EXPERT), 0),
                "workstations": seats.get(centre.pk, 0),
                "areas": areas.get(centre.pk, 0),
            }
        )
    return cards


def manager_home(user: Actor, access: Access) -> dict[str, Any]:
    return {"cards": centre_cards(centres_where(user, access, Role.MANAGER))}


def network_admin_home(user: Actor, access: Access) -> dict[str, Any]:
    cards = centre_cards(centres.centre_list(user=user))
    return {
        "cards": cards,
        "total_students": sum(c["students"] for c in cards),
        "frameworks": catalogue.frameworks(user=user).count(),
    }


def mentor_home(user: Actor, access: Access) -> dict[str, Any]:
    return {}


HomeBuilder = Callable[[Actor, Access], dict[str, Any]]

# What each role's home page shows, built by the functions above.
HOME_BUILDERS: dict[str, HomeBuilder] = {
    Role.STUDENT: student_home,
    Role.GUARDIAN: guardian_home,
    Role.COACH: coach_home,
    Role.EXPERT: expert_home,
    Role.MANAGER: manager_home,
    Role.NETWORK_ADMIN: network_admin_home,
    Role.MENTOR: mentor_home,
}
