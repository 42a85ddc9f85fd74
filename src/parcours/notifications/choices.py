"""What can be notified, grouped in the categories people choose an e-mail rhythm for."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    LEARNING = "learning", _("Projects and learning")
    LABS = "labs", _("Labs and masterlabs")
    ATTENDANCE = "attendance", _("Attendance")
    FAMILY = "family", _("Consents and forms")
    WORK = "work", _("Work to do (staff)")


class EmailMode(models.TextChoices):
    IMMEDIATELY = "immediately", _("By e-mail at once")
    DAILY = "daily", _("In a daily e-mail digest")
    NEVER = "never", _("Never by e-mail (in Parcours only)")


class Kind(models.TextChoices):
    PROJECT_RETURNED = "project_returned", _("Project returned with comments")
    PROJECT_APPROVED = "project_approved", _("Project approved")
    REVIEW_WAITING = "review_waiting", _("A project waits for review")
    LAB_SEAT = "lab_seat", _("A lab seat")
    LAB_OFFER = "lab_offer", _("A lab seat offered from the waiting list")
    MASTERLAB_OUTCOME = "masterlab_outcome", _("A masterlab selection")
    CONSENT_NEEDED = "consent_needed", _("A consent is needed")
    ABSENCE_STREAK = "absence_streak", _("Absences in a row")
    REQUEST_TO_PROCESS = "request_to_process", _("A request to process")
    SLOT_CHANGE = "slot_change", _("A change of weekly session")
    PRIVACY_REQUEST = "privacy_request", _("A request about personal data")
    RISK_ALERT = "risk_alert", _("A student may be losing touch")
    ACTION_DUE = "action_due", _("Follow-up actions due")
    NOTE_SHARED = "note_shared", _("A note from the coach")
    ORIENTATION_INVITED = "orientation_invited", _("An invitation to the orientation programme")
    ORIENTATION_STAGE = "orientation_stage", _("A new stage of the orientation programme")
    OTHER = "other", _("Other")
