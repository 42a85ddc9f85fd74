"""Staff search: students, families, labs and activities matching a query, each list already
filtered by what the user may see. Four queries whatever the size of the data (each list is
cut at ``LIMIT`` rows by the database)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from parcours.catalogue import selectors as catalogue
from parcours.labs.permissions import labs_policy
from parcours.people.models import GuardianLink
from parcours.people.selectors import visible_students

LIMIT = 20
MIN_LENGTH = 2


@dataclass
class Results:
    query: str
    students: list[Any]
    families: list[Any]
    labs: list[Any]
    activities: list[Any]

    @property
    def total(self) -> int:
        return len(self.students) + len(self.families) + len(self.labs) + len(self.activities)


def _name_q(prefix: str, words: list[str]) -> Q:
    q = Q()
    for word in words:
        q &= (
            Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}last_name__icontains": word})
            | Q(**{f"{prefix}username__icontains": word})
        )
    return q


def search(*, user: Any, query: str) -> Results:
    query = " ".join(query.split())[:100]
    if len(query) < MIN_LENGTH:
        return Results(query, [], [], [], [])
    words = query.split()
    seen = visible_students(user)
    students = list(
        seen.filter(_name_q("", words))
        .select_related("student_profile__centre")
        .order_by("first_name", "last_name", "pk")[:LIMIT]
    )
    families = list(
        GuardianLink.objects.filter(student__in=seen.values("pk"))
        .filter(_name_q("guardian__", words) | _name_q("student__", words))
        .select_related("guardian", "student", "centre")
        .order_by("guardian__first_name", "guardian__last_name", "pk")[:LIMIT]
    )
    title = Q()
    for word in words:
        title &= Q(template__title_fr__icontains=word) | Q(template__title_en__icontains=word)
    labs = list(
        labs_policy.visible(user)
        .filter(title)
        .select_related("template__focus_area", "cycle", "centre")
        .order_by("-cycle__starts_on", "pk")[:LIMIT]
    )
    activity_q = Q()
    for word in words:
        activity_q &= Q(title_fr__icontains=word) | Q(title_en__icontains=word)
    activities = list(catalogue.activities(user=user).filter(activity_q)[:LIMIT])
    return Results(query, students, families, labs, activities)
