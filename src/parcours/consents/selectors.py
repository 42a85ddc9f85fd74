"""Every consents read that serves a user, filtered by what the user may see; and the
published texts (public)."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from parcours.consents.errors import ConsentsError
from parcours.consents.models import ConsentRecord, ConsentText
from parcours.consents.permissions import consent_policy
from parcours.core.errors import NotFound
from parcours.people.types import Actor


def consents_of(*, user: Actor, student_id: int) -> QuerySet[ConsentRecord]:
    return (
        consent_policy.visible(user)
        .filter(student_id=student_id)
        .select_related("text", "given_by", "withdrawn_by")
        .order_by("kind", "-given_at")
    )


def consents_of_students(*, user: Actor, student_ids: list[int]) -> QuerySet[ConsentRecord]:
    """``consents_of`` for several students at once (a family's page)."""
    return (
        consent_policy.visible(user)
        .filter(student_id__in=student_ids)
        .select_related("text", "given_by", "withdrawn_by")
        .order_by("kind", "-given_at")
    )


def in_force(student_ids: Iterable[int], kind: str) -> set[int]:
    """Which of these students have a consent of ``kind`` in force (given, not withdrawn).
    One query; a withdrawal counts from the moment it is recorded."""
    return set(
        ConsentRecord.objects.filter(
            student_id__in=list(student_ids), kind=kind, withdrawn_at__isnull=True
        ).values_list("student_id", flat=True)
    )


def consent_get(*, user: Actor, uuid: UUID | str) -> ConsentRecord:
    return consent_policy.get_visible(user, uuid=uuid)


def current_text(*, kind: str, language: str) -> ConsentText:
    """The latest published text of ``kind`` in ``language`` (else in any language)."""
    text = (
        ConsentText.objects.filter(kind=kind, language=language).order_by("-version").first()
        or ConsentText.objects.filter(kind=kind).order_by("-version").first()
    )
    if text is None:
        raise NotFound(
            _("No consent text is published for this kind yet."), code=ConsentsError.NO_TEXT
        )
    return text
