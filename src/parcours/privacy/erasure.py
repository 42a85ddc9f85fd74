"""Erasing a student's personal data once the centre approved the request (RGPD art. 17).

What the centre's anonymous figures need stays, with nothing that names the student: the
account row (no name, contact, password; counted as before), gender, birth month, grade,
priority neighbourhood and partner flags of the profile, enrolments' statuses, check-ins,
absences, progress and mastery, lab seats. Everything else is deleted, files included:
badges, consents, notes and free text, projects' files and words, the portfolio's words and
public page (so also the works' places in exhibitions), notifications, tokens,
sessions, the guardian links (and a guardian's account when it has no other child), the
coach's caseload entry. Returns what was done, kept on the request as its record."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from parcours.people import sessions
from parcours.people.models import SignInSession, User

HIDDEN = "•••"
ENROLMENT_BLANKS = {"guardian": None, "guardian_phone": "", "request_key": "", "person_key": ""}


def _model(label: str) -> Any:
    return apps.get_model(label)


def _anonymise_account(user: User, now: Any) -> None:
    user.username = f"erased-{user.pk}"
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.set_unusable_password()
    user.erased_at = now
    user.save(
        update_fields=["username", "first_name", "last_name", "email", "password", "erased_at"]
    )


def erase(student: User) -> dict[str, int]:
    """Erase ``student``'s personal data (in the caller's transaction). Idempotent."""
    now = timezone.now()
    done: Counter[str] = Counter()
    files: list[Any] = []

    def deleted(key: str, rows: Any) -> None:
        count = rows.delete()[0]
        if count:
            done[key] += count

    def blanked(key: str, rows: Any, **values: Any) -> None:
        count = rows.update(**values)
        if count:
            done[key] += count

    mine = {"student": student}
    Submission = _model("learning.Submission")
    for sub in Submission.objects.filter(**mine).exclude(file=""):
        files.append(sub.file.name)
    # A file no other project points to (the demo's projects share a few generated pieces).
    shared = set(
        Submission.objects.filter(file__in=files).exclude(**mine).values_list("file", flat=True)
    )
    files = [name for name in files if name not in shared]
    blanked(
        "projects_emptied",
        Submission.objects.filter(**mine),
        file="",
        original_name="",
        note="",
        comment="",
    )
    blanked("quiz_answers_emptied", _model("learning.Attempt").objects.filter(**mine), answer=None)
    blanked(
        "focus_reasons_emptied", _model("learning.FocusChoice").objects.filter(**mine), reason=""
    )
    blanked("mastery_traces_emptied", _model("learning.Mastery").objects.filter(**mine), trace=None)
    blanked(
        "absence_reasons_emptied",
        _model("attendance.Absence").objects.filter(**mine).exclude(reason=""),
        reason="",
    )
    blanked(
        "corrections_emptied",
        _model("attendance.CheckInCorrection").objects.filter(**mine),
        reason="",
    )
    blanked(
        "check_in_devices_emptied", _model("attendance.CheckIn").objects.filter(**mine), device=""
    )
    # A refusal keeps a reason (a database rule): the erased one reads as the mask.
    for label, key, extra in (
        ("enrolment.Enrolment", "enrolments_emptied", ENROLMENT_BLANKS),
        ("enrolment.SlotChangeRequest", "slot_changes_emptied", {"note": ""}),
    ):
        rows = _model(label).objects.filter(**mine)
        blanked(key, rows.exclude(status="refused"), refusal_reason="", **extra)
        blanked(key, rows.filter(status="refused"), refusal_reason=HIDDEN, **extra)
    blanked(
        "lab_applications_emptied",
        _model("labs.Application").objects.filter(**mine),
        motivation="",
        score_note="",
    )
    deleted("badges", _model("attendance.Badge").objects.filter(**mine))
    deleted("consents", _model("consents.ConsentRecord").objects.filter(**mine))
    deleted("notifications", _model("notifications.Notification").objects.filter(recipient=student))
    deleted(
        "notification_settings",
        _model("notifications.NotificationSettings").objects.filter(user=student),
    )
    deleted("calendar_links", _model("calendars.CalendarToken").objects.filter(user=student))
    deleted("api_tokens", _model("people.PersonalToken").objects.filter(user=student))
    deleted("coach_assignments", _model("people.CoachAssignment").objects.filter(**mine))
    deleted("risk_scores", _model("risk.RiskScore").objects.filter(**mine))
    deleted("risk_alerts", _model("risk.Alert").objects.filter(**mine))
    deleted("coaching_notes", _model("coaching.Note").objects.filter(**mine))
    deleted("coaching_actions", _model("coaching.Action").objects.filter(**mine))
    deleted("family_messages", _model("coaching.FamilyMessage").objects.filter(**mine))
    # The portfolio's words, and its public page (its address stops answering).
    deleted("portfolio_works", _model("portfolio.Work").objects.filter(**mine))
    outside = _model("portfolio.PersonalWork").objects.filter(**mine)
    files += [w.file.name for w in outside.exclude(file="")]
    deleted("works_made_outside_activities", outside)
    deleted("training_offers_kept", _model("training_offers.SavedOffer").objects.filter(**mine))
    # the orientation programme: her participation, its notes, plan, steps and outcome
    deleted("orientation", _model("orientation.Participant").objects.filter(**mine))
    deleted("prevention_internships", _model("internships.Referral").objects.filter(**mine))
    # the works' thumbnails and 3D previews: their files unless another project's points there
    for label, key in (
        ("portfolio.Thumbnail", "portfolio_thumbnails"),
        ("portfolio.ModelPreview", "portfolio_3d_previews"),
    ):
        Derived = _model(label)
        derived = Derived.objects.filter(submission__student=student)
        derived_files = set(derived.exclude(file="").values_list("file", flat=True))
        derived_files -= set(
            Derived.objects.filter(file__in=derived_files)
            .exclude(submission__student=student)
            .values_list("file", flat=True)
        )
        files += sorted(derived_files)
        deleted(key, derived)
    deleted("portfolio_pages", _model("portfolio.PortfolioPage").objects.filter(**mine))
    exports = _model("portfolio.PortfolioExport").objects.filter(**mine)
    files += [e.file.name for e in exports.exclude(file="")]
    deleted("portfolio_exports", exports)
    # invited by name to extra sessions: not expected any more (nor marked absent there)
    invited = _model("schedule.Session").invited_students.through
    deleted("session_invitations", invited.objects.filter(user=student))

    GuardianLink = _model("people.GuardianLink")
    guardian_ids = set(GuardianLink.objects.filter(**mine).values_list("guardian_id", flat=True))
    deleted("guardian_links", GuardianLink.objects.filter(**mine))
    alone = guardian_ids - set(
        GuardianLink.objects.filter(guardian_id__in=guardian_ids).values_list(
            "guardian_id", flat=True
        )
    )
    for guardian in User.objects.filter(pk__in=alone, erased_at__isnull=True):
        _anonymise_account(guardian, now)
        _model("people.Membership").objects.filter(user=guardian).update(is_active=False)
        _model("notifications.Notification").objects.filter(recipient=guardian).delete()
        done["guardian_accounts_erased"] += 1

    profile = _model("people.StudentProfile").objects.filter(user=student).first()
    if profile is not None:
        profile.birth_date = profile.birth_date.replace(day=1)
        profile.school = ""
        profile.postcode = ""
        profile.save(update_fields=["birth_date", "school", "postcode"])
        done["profile_emptied"] = 1
    if student.erased_at is None:
        _anonymise_account(student, now)
        done["account_erased"] = 1
    # Their devices are signed out (people.sessions keeps which sessions are whose).
    done["sessions_ended"] += sessions.end(
        SignInSession.objects.filter(user_id__in={student.pk, *alone})
    )

    def remove_files() -> None:
        storage = Submission._meta.get_field("file").storage
        for name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
    done["files_deleted"] += len(files)
    return dict(done)
