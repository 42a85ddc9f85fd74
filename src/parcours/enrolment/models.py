"""A young person's enrolment in a centre for one school year.

One row per (student, school year): the one-year commitment. Re-enrolling for the next year
adds a row that points at the previous one, so the history is the list of rows. Data kept
beyond the student's profile: who filled the request, the guardian's phone (the one contact
detail the account does not hold), the preferred weekly slot, the decisions and their
reasons, and two one-way keys for duplicate detection (hashes, not the names themselves).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.centres.models import Centre
from parcours.core.models import BaseModel
from parcours.enrolment import years
from parcours.enrolment.choices import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    EnrolmentStatus,
    SlotChangeStatus,
    Submitter,
)
from parcours.people.ages import is_adult
from parcours.people.models import User
from parcours.schedule.models import Slot

# The choices live in ``choices.py`` (views may import them); named here too for the code
# that has always found them beside the models.
__all__ = [
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "Enrolment",
    "EnrolmentStatus",
    "SlotChangeRequest",
    "SlotChangeStatus",
    "Submitter",
]


class Enrolment(BaseModel):
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("centre")
    )
    student = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("student")
    )
    guardian = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("guardian contacted"),
    )
    guardian_phone = models.CharField(_("guardian's phone"), max_length=30, blank=True)
    school_year = models.PositiveSmallIntegerField(
        _("school year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The calendar year the school year starts in (2026 is 2026-2027)."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.PRE_REGISTERED,
    )
    preferred_slot = models.ForeignKey(
        Slot,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preferred weekly slot"),
    )
    slot = models.ForeignKey(
        Slot,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("weekly slot"),
        help_text=_("The seat held (registered) or waited for (waiting list)."),
    )
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    submitted_by = models.CharField(_("filled in by"), max_length=10, choices=Submitter.choices)
    submitted_by_user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by (account)"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("previous year's enrolment"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    refusal_reason = models.CharField(_("reason for refusal"), max_length=500, blank=True)
    withdrawn_by = models.CharField(
        _("withdrawn by"),
        max_length=10,
        choices=Submitter.choices,
        blank=True,
        help_text=_("Who withdrew the request: the family (before it was decided) or the staff."),
    )
    # One-way keys (SHA-256) for duplicate detection; see services.request_keys.
    request_key = models.CharField(
        _("request key"),
        max_length=64,
        help_text=_("Name, birth date and guardian email, normalised and hashed."),
    )
    person_key = models.CharField(
        _("person key"),
        max_length=64,
        help_text=_("Name and birth date, normalised and hashed: flags possible duplicates."),
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-school_year", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "school_year"], name="enrolment_one_per_student_and_year"
            ),
            models.UniqueConstraint(
                fields=["centre", "school_year", "request_key"],
                name="enrolment_unique_request",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="waiting_list")
                | (models.Q(waiting_since__isnull=False) & models.Q(slot__isnull=False)),
                name="enrolment_waiting_list_has_slot_and_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="enrolment_refusal_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["centre", "school_year", "status"]),
            models.Index(fields=["slot", "school_year", "status"]),
            models.Index(fields=["centre", "school_year", "person_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.school_year}-{self.school_year + 1} · {self.status}"

    @property
    def year_label(self) -> str:
        return f"{self.school_year}-{self.school_year + 1}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def withdrawn_by_family(self) -> bool:
        return self.status == EnrolmentStatus.WITHDRAWN and self.withdrawn_by in (
            Submitter.STUDENT,
            Submitter.GUARDIAN,
        )

    @property
    def student_is_minor(self) -> bool:
        """Under 18 today (in the centre's time zone): a guardian gives the consents."""
        return not is_adult(self.student, years.today_at(self.centre))

    @property
    def age_at_start(self) -> int:
        """The age the 12-18 rule looks at: on 1 September of this school year."""
        return years.age_at_start(self.student.student_profile.birth_date, self.school_year)


def _held_slot(self: Enrolment) -> Slot | None:
    """The slot whose seat the student holds: only once registered (a waiting-list entry
    points at the slot it waits for)."""
    return self.slot if self.status == EnrolmentStatus.REGISTERED else None


Enrolment.held_slot = property(_held_slot)  # type: ignore[attr-defined]


class SlotChangeRequest(BaseModel):
    """A registered student (or their guardian) asks to move to another weekly slot of the
    centre; the centre's managers accept (when a seat is left) or refuse."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="slot_changes", verbose_name=_("centre")
    )
    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="slot_changes",
        verbose_name=_("enrolment"),
    )
    student = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="slot_changes", verbose_name=_("student")
    )
    from_slot = models.ForeignKey(
        Slot,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current slot"),
    )
    to_slot = models.ForeignKey(
        Slot, on_delete=models.CASCADE, related_name="+", verbose_name=_("wished slot")
    )
    note = models.CharField(_("why (optional)"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SlotChangeStatus.choices,
        default=SlotChangeStatus.OPEN,
    )
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("asked by")
    )
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("slot change request")
        verbose_name_plural = _("slot change requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["student"],
                condition=models.Q(status="open"),
                name="slot_change_one_open_per_student",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="slot_change_refusal_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["centre", "status"])]

    def __str__(self) -> str:
        return f"{self.student} → {self.to_slot} ({self.status})"
