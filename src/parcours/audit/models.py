"""The audit log: one append-only row per change of a minor's data or staff decision, and per
look at a student's file by someone outside their family (ADR 23).

Built on django-auditlog's entry (who, what, when, from where, which fields changed), with
two columns of our own that say whose the row is: the centre (managers read their centre's
log) and the student concerned. The entry never holds a name: its label is the kind of record
and a short id, personal fields are masked, and the student is a link to their account, so
erasing a student (privacy app) anonymises their log without rewriting it."""

from __future__ import annotations

from typing import Any

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.centres.models import Centre


class AppendOnly(Exception):
    """An audit entry was about to be changed or deleted outside the retention job."""


def scope_of(instance: Any) -> tuple[int | None, int | None]:
    """(centre id, student id) of a recorded row: the fields every student record has."""
    centre_id = getattr(instance, "centre_id", None)
    student_id = getattr(instance, "student_id", None)
    if student_id is None and type(instance)._meta.label == "people.StudentProfile":
        student_id = instance.user_id
    if type(instance)._meta.label == "people.User":
        student_id = instance.pk
    return centre_id, student_id


def label_of(instance: Any) -> str:
    """What the entry calls the row: a short id (never a name; its kind is the content type,
    named in the reader's language when shown)."""
    return str(getattr(instance, "uuid", "") or instance.pk)[:8]


class AuditEntryManager(LogEntryManager):
    def log_create(self, instance: Any, force_log: bool = False, **kwargs: Any) -> Any:
        centre_id, student_id = scope_of(instance)
        kwargs.setdefault("centre_id", centre_id)
        kwargs.setdefault("student_id", student_id)
        kwargs.setdefault("object_repr", label_of(instance))
        return super().log_create(instance, force_log, **kwargs)

    def log_m2m_changes(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("no many-to-many field is recorded")


class AuditEntry(AbstractLogEntry):
    centre = models.ForeignKey(
        Centre,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("centre"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("student concerned"),
    )

    objects = AuditEntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["centre", "-timestamp"], name="audit_centre_time"),
            models.Index(fields=["student", "-timestamp"], name="audit_student_time"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnly("audit entries leave only through the retention job")
