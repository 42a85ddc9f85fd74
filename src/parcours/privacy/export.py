"""A student's data as a ZIP: everything Parcours holds about them, as JSON (one file), the
files they sent, and a summary a family can read (RGPD art. 15 and 20).

The sections below are the whole list of what is kept about a student; a test checks that
every model with a ``student`` field is in it, so a new kind of record cannot be left out.
Secrets (password, token and badge hashes, duplicate-detection keys) are never written."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import get_valid_filename

from parcours.people.models import User

# section name -> (model label, field naming the student)
SECTIONS: dict[str, tuple[str, str]] = {
    "profile": ("people.StudentProfile", "user"),
    "guardians": ("people.GuardianLink", "student"),
    "coaches": ("people.CoachAssignment", "student"),
    "enrolments": ("enrolment.Enrolment", "student"),
    "slot_changes": ("enrolment.SlotChangeRequest", "student"),
    "consents": ("consents.ConsentRecord", "student"),
    "badges": ("attendance.Badge", "student"),
    "check_ins": ("attendance.CheckIn", "student"),
    "check_in_corrections": ("attendance.CheckInCorrection", "student"),
    "absences": ("attendance.Absence", "student"),
    "follow_ups": ("attendance.FollowUp", "student"),
    "session_invitations": ("schedule.Session_invited_students", "user"),
    "focus_areas": ("learning.FocusChoice", "student"),
    "progress": ("learning.ActivityProgress", "student"),
    "quiz_answers": ("learning.Attempt", "student"),
    "quiz_sittings": ("learning.QuizSitting", "student"),
    "mastery": ("learning.Mastery", "student"),
    "projects": ("learning.Submission", "student"),
    "lab_applications": ("labs.Application", "student"),
    "lab_seats": ("labs.Seat", "student"),
    "competency_validations": ("labs.CompetencyValidation", "student"),
    "credentials": ("credentials.Credential", "holder"),
    "portfolio_works": ("portfolio.Work", "student"),
    "works_made_outside_activities": ("portfolio.PersonalWork", "student"),
    "portfolio_page": ("portfolio.PortfolioPage", "student"),
    "training_offers_kept": ("training_offers.SavedOffer", "student"),
    "orientation_programme": ("orientation.Participant", "student"),
    "orientation_notes_shared_with_you": ("orientation.StageNote", "participant__student"),
    "orientation_action_plan": ("orientation.ActionPlan", "participant__student"),
    "orientation_next_steps": ("orientation.PlanStep", "plan__participant__student"),
    "orientation_outcome": ("orientation.Outcome", "participant__student"),
    "prevention_internships": ("internships.Referral", "student"),
    "portfolio_exports": ("portfolio.PortfolioExport", "student"),
    "notes_shared_with_you": ("coaching.Note", "student"),
    "messages_to_the_family": ("coaching.FamilyMessage", "student"),
    "notifications": ("notifications.Notification", "recipient"),
    "erasure_requests": ("privacy.ErasureRequest", "student"),
    "data_downloads": ("privacy.DataExport", "student"),
}

# Records about a student kept out of the family's download (issue 15: students and families
# never see risk scores nor the staff's notes on them, so that a score never becomes a label
# the student reads about themselves). The erasure deletes them; a request under GDPR art. 15
# for them goes to the centre's data protection contact, who answers it by hand (docs/privacy.md).
STAFF_ONLY = {"risk.RiskScore", "risk.Alert", "coaching.Action"}

# Sections that hold only some of a model's rows: of the notes, those shared with the family
# (the staff-only ones are kept out, as above).
ONLY: dict[str, dict[str, Any]] = {
    "notes_shared_with_you": {"shared": True},
    "orientation_notes_shared_with_you": {"shared": True},
}

# Never exported: secrets and internal bookkeeping.
SECRET_FIELDS = {"password", "code_hash", "token_hash", "request_key", "person_key", "trace", "key"}


def _value(obj: models.Model, field: models.Field[Any, Any]) -> Any:
    if field.is_relation and (field.many_to_one or field.one_to_one):
        related = getattr(obj, field.name, None)
        return str(related) if related is not None else None
    value = field.value_from_object(obj)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    if hasattr(value, "hex") and not isinstance(value, bytes | float | int):
        return str(value)
    return value


def _rows(
    label: str, key: str, student: User, only: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    model = apps.get_model(label)
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name not in SECRET_FIELDS and f.name not in {"id", key}
    ]
    related = [f.name for f in fields if f.is_relation]
    rows = model._default_manager.filter(**{key: student}, **(only or {}))
    rows = rows.select_related(*related).order_by("pk")
    return [{f.name: _value(obj, f) for f in fields} for obj in rows]


@dataclass(frozen=True)
class Built:
    data: bytes
    files: int
    name: str


def account_of(student: User) -> dict[str, Any]:
    return {
        "username": student.username,
        "first_name": student.first_name,
        "last_name": student.last_name,
        "email": student.email,
        "preferred_language": student.preferred_language,
        "date_joined": timezone.localtime(student.date_joined).isoformat(timespec="seconds"),
        "public_id": str(student.uuid),
    }


def access_log_of(student: User) -> list[dict[str, Any]]:
    """Who outside the family looked at or changed the student's file (the audit log)."""
    entry_model = apps.get_model("audit", "AuditEntry")
    rows = entry_model.objects.filter(student=student).select_related("actor").order_by("timestamp")
    return [
        {
            "when": timezone.localtime(e.timestamp).isoformat(timespec="seconds"),
            "who": str(e.actor) if e.actor else "Parcours",
            "action": ["created", "changed", "deleted", "viewed"][e.action],
            "record": e.object_repr,
        }
        for e in rows
    ]


def build(student: User, *, language: str) -> Built:
    """The ZIP of ``student``'s data: data.json, files/…, and README.html (in ``language``)."""
    sections = {
        name: _rows(label, key, student, ONLY.get(name)) for name, (label, key) in SECTIONS.items()
    }
    data = {
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "account": account_of(student),
        **sections,
        "access_log": access_log_of(student),
    }
    buffer = io.BytesIO()
    files = 0
    submission_model = apps.get_model("learning", "Submission")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        outside_model = apps.get_model("portfolio", "PersonalWork")
        # the projects' files, then the works made outside an activity
        stored = [
            (sub.file, f"{sub.activity.key}-v{sub.version}-{sub.original_name}")
            for sub in submission_model.objects.filter(student=student)
            .exclude(file="")
            .select_related("activity")
        ] + [
            (own.file, f"outside-{own.uuid.hex[:8]}-{own.original_name}")
            for own in outside_model.objects.filter(student=student).exclude(file="")
        ]
        for stored_file, label in stored:
            try:
                with stored_file.open("rb") as handle:
                    content = handle.read()
            except OSError:
                continue
            archive.writestr(f"files/{get_valid_filename(label)}", content)
            files += 1
        counts = {name: len(rows) for name, rows in sections.items()}
        counts["access_log"] = len(data["access_log"])
        with translation.override(language):
            readme = render_to_string(
                "privacy/export_readme.html",
                {"student": student, "counts": counts, "files": files, "data": data},
            )
        archive.writestr("README.html", readme)
    stamp = timezone.localdate().isoformat()
    return Built(
        data=buffer.getvalue(),
        files=files,
        name=f"parcours-{get_valid_filename(student.username)}-{stamp}.zip",
    )
