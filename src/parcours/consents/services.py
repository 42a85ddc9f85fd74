"""Recording and withdrawing consent. Every record keeps the exact text version shown."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.consents.models import (
    WITHDRAWABLE,
    ConsentKind,
    ConsentMethod,
    ConsentRecord,
    ConsentText,
)
from parcours.consents.permissions import consent_policy
from parcours.core.errors import Conflict, NotFound, ValidationFailed
from parcours.people.models import GuardianLink, User


def current_text(*, kind: str, language: str) -> ConsentText:
    text = (
        ConsentText.objects.filter(kind=kind, language=language).order_by("-version").first()
        or ConsentText.objects.filter(kind=kind).order_by("-version").first()
    )
    if text is None:
        raise NotFound(_("No consent text is published for this kind yet."))
    return text


@transaction.atomic
def consent_give(
    *,
    student: User,
    given_by: User,
    kind: str,
    text: ConsentText,
    method: str = ConsentMethod.ONLINE,
    at: datetime | None = None,
) -> ConsentRecord:
    """Record a consent. Idempotent: a consent of that kind already in force is returned.

    For a minor the giver must be a linked guardian; an adult student consents for
    themselves. Withdrawal (below) is open to the student too: saying no protects them."""
    if kind not in ConsentKind.values or text.kind != kind:
        raise ValidationFailed(_("This text does not match the kind of consent."))
    profile = getattr(student, "student_profile", None)
    if profile is None:
        raise ValidationFailed(_("Consent is recorded for students only."))
    is_guardian = GuardianLink.objects.filter(guardian=given_by, student=student).exists()
    adult_self = given_by.pk == student.pk and profile.age_on(timezone.localdate()) >= 18
    if not (is_guardian or adult_self):
        raise ValidationFailed(
            _(
                "For a minor, a linked guardian must give this consent; an adult student gives "
                "their own."
            )
        )
    existing = ConsentRecord.objects.filter(
        student=student, kind=kind, withdrawn_at__isnull=True
    ).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return ConsentRecord.objects.create(
                centre=profile.centre,
                student=student,
                kind=kind,
                text=text,
                given_by=given_by,
                method=method,
                given_at=at or timezone.now(),
            )
    except IntegrityError:  # a simultaneous identical request won
        return ConsentRecord.objects.get(student=student, kind=kind, withdrawn_at__isnull=True)


@transaction.atomic
def consent_withdraw(*, actor: Any, record: ConsentRecord) -> ConsentRecord:
    """Withdraw image-use or public-display consent. Repeating it changes nothing."""
    consent_policy.get_editable(actor, pk=record.pk)
    locked = ConsentRecord.objects.select_for_update().get(pk=record.pk)
    if locked.kind not in WITHDRAWABLE:
        raise Conflict(
            _("Enrolment consent cannot be withdrawn online; please contact the centre.")
        )
    if locked.withdrawn_at is None:
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = actor
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    return locked
