"""What forgets a live board's kept ETag (``selectors.board_keep``): a saved or
deleted check-in, session, registration or lab seat, and a change of an extra session's
invitees, once its transaction commits. Changes made in bulk (``QuerySet.update``) send no
signal: the ETag is kept ``BOARD_STAMP_SECONDS`` at most, so they show within that."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from parcours.attendance import selectors
from parcours.attendance.models import CheckIn
from parcours.enrolment.models import Enrolment
from parcours.labs.models import Seat
from parcours.schedule.models import Session


def _forget(instance: Any) -> None:
    """Once the change is committed (a poll before that keeps the board as it was, and is
    forgotten here). The centre's slug names the kept ETag: taken from the instance
    when it holds its centre (a kiosk scan does), else read."""
    centre_id = getattr(instance, "centre_id", None)
    if centre_id is None:
        return
    field = type(instance).centre
    slug = instance.centre.slug if field.is_cached(instance) else None
    transaction.on_commit(lambda: selectors.board_forget(centre_id, slug=slug))


@receiver([post_save, post_delete], sender=CheckIn)
@receiver([post_save, post_delete], sender=Session)
@receiver([post_save, post_delete], sender=Enrolment)
@receiver([post_save, post_delete], sender=Seat)
def board_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    _forget(instance)


@receiver(m2m_changed, sender=Session.invited_slots.through)
@receiver(m2m_changed, sender=Session.invited_students.through)
def board_invitees_changed(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, Session):
        _forget(instance)
