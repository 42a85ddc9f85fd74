"""Enrolment sections for pages other apps render (the guardian's and the manager's home):
``{% load enrolment %}`` then ``{% ward_enrolments student %}`` or ``{% enrolment_review_links %}``.
They read through the selectors, as the signed-in user."""

from __future__ import annotations

from typing import Any

from django import template

from parcours.enrolment import selectors
from parcours.people.types import Actor, AnonymousUser, User

register = template.Library()


def _reader(context: Any) -> Actor:
    """Who reads the page: the request's user (anonymous without a request)."""
    return getattr(context.get("request"), "user", None) or AnonymousUser()


@register.inclusion_tag("enrolment/_ward_years.html", takes_context=True)
def ward_enrolments(context: Any, student: User) -> dict[str, Any]:
    request = context.get("request")
    years = selectors.ward_years(user=_reader(context), student_id=student.pk)
    return {
        "student": student,
        "years": years,
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


@register.inclusion_tag("enrolment/_review_links.html", takes_context=True)
def enrolment_review_links(context: Any) -> dict[str, Any]:
    user = _reader(context)
    return {"links": selectors.review_links(user=user) if user.is_authenticated else []}
