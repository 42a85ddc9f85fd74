from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from parcours.consents.models import ConsentRecord
from parcours.consents.permissions import consent_policy


def consents_of(*, user: Any, student_id: int) -> QuerySet[ConsentRecord]:
    return (
        consent_policy.visible(user)
        .filter(student_id=student_id)
        .select_related("text", "given_by", "withdrawn_by")
        .order_by("kind", "-given_at")
    )


def active_kinds(student_id: int) -> set[str]:
    return set(
        ConsentRecord.objects.filter(student_id=student_id, withdrawn_at__isnull=True).values_list(
            "kind", flat=True
        )
    )
