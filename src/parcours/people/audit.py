"""Looks at a minor's file, for the audit log (parcours.audit, ADR 23).

A page or API operation that shows staff (or anyone outside the student's family) a
student's record calls :func:`record_access` with the row it shows; the audit log keeps who,
when, from where and through which page. The student and their guardians reading their own
file are not recorded."""

from __future__ import annotations

from typing import Any

from auditlog.signals import accessed

from parcours.people.access import access_for
from parcours.people.models import StudentProfile, User
from parcours.people.types import Actor


def record_access(viewer: Actor, record: Any) -> None:
    """Record that ``viewer`` looked at ``record``: a row about one student (``student_id``)
    or the student themselves (a ``User``: their profile is recorded)."""
    student_id: int | None
    if isinstance(record, User):
        student_id = record.pk
        record = StudentProfile.objects.filter(user_id=record.pk).first()
        if record is None:
            return
    else:
        student_id = getattr(record, "student_id", None) or getattr(record, "user_id", None)
    if access_for(viewer).is_family_of(student_id):
        return
    accessed.send(sender=type(record), instance=record)
