"""Which rows the audit log records, and which of their fields it never writes down.

Recorded: the data about a minor and every decision staff take about one (enrolment, slot
changes, consents, attendance corrections and absences, follow-ups, project reviews, lab
wishes, seats and validations, roles and caseloads), and the privacy requests themselves.
Not recorded: what a student does alone (check-ins at the kiosk, quiz answers, progress),
which would drown the decisions in noise.

Personal values (names, contacts, birth date, school, free text) are masked: the entry says
that the field changed, not what it holds, so the log is no second copy of a minor's file."""

from __future__ import annotations

from typing import Any

from auditlog.context import auditlog_value
from auditlog.registry import auditlog
from auditlog.signals import pre_log
from django.apps import apps

HIDDEN = "•••"

# label -> fields whose values are masked in the recorded changes
RECORDED: dict[str, tuple[str, ...]] = {
    "people.User": ("username", "first_name", "last_name", "email"),
    "people.StudentProfile": ("birth_date", "school", "grade", "postcode"),
    "people.GuardianLink": (),
    "people.Membership": (),
    "people.CoachAssignment": (),
    "enrolment.Enrolment": ("guardian_phone", "refusal_reason", "request_key", "person_key"),
    "enrolment.SlotChangeRequest": ("note", "refusal_reason"),
    "consents.ConsentRecord": ("signed_by_name", "withdrawn_by_name"),
    "attendance.Badge": ("code_hash",),
    "attendance.CheckInCorrection": ("reason", "before", "after"),
    "attendance.Absence": ("reason",),
    "attendance.FollowUp": (),
    "learning.Submission": ("file", "original_name", "note", "comment"),
    "learning.FocusChoice": ("reason",),
    "labs.Application": (),
    "labs.Seat": (),
    "labs.CompetencyValidation": (),
    "labs.AllocationRun": (),
    "coaching.Note": ("body", "key"),
    "coaching.Action": ("title", "key"),
    "coaching.FamilyMessage": ("subject", "body", "recipients", "key"),
    "privacy.ErasureRequest": ("reason", "refusal_reason"),
    "privacy.DataExport": (),
}

# A student's own doings on these (sending a project, ranking lab wishes, choosing areas) are
# not recorded; what staff do to them (a review, a score, a change of areas) is.
SELF_SERVICE = {"learning.Submission", "labs.Application", "learning.FocusChoice"}

# Never compared: bookkeeping, and the secrets a user row carries.
SKIPPED = ("created_at", "updated_at", "password", "last_login")


def hide(value: object) -> str:
    """The masked value written in place of a personal one."""
    return HIDDEN


def _actor_id() -> int | None:
    try:
        actor = auditlog_value.get().get("actor")
    except LookupError:
        return None
    return getattr(actor, "pk", None) if actor else None


def skip_self_service(sender: Any, instance: Any, action: int, **kwargs: Any) -> bool | None:
    """pre_log receiver: False (do not record) for a student's own write on a self-service
    record."""
    if sender._meta.label in SELF_SERVICE and action != 3:  # 3: ACCESS
        actor_id = _actor_id()
        if actor_id is not None and actor_id == getattr(instance, "student_id", None):
            return False
    return None


def register_all() -> None:
    pre_log.connect(skip_self_service, dispatch_uid="parcours.audit.self_service")
    for label, masked in RECORDED.items():
        if not apps.is_installed(f"parcours.{label.split('.')[0]}"):
            continue
        model = apps.get_model(label)
        auditlog.register(
            model,
            exclude_fields=list(SKIPPED),
            mask_fields=list(masked),
            mask_callable="parcours.audit.registry.hide",
        )
