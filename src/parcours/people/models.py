"""Accounts, roles in centres, and the minimum Parcours needs to know about a student.

Data minimisation: a student profile holds only what the school needs to run (birth date for the
12-18 rule, school and grade for orientation) and what funders require in aggregate, collected
lawfully: gender is self-declared and optional, with "prefer not to say".
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_lib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel
from parcours.people import ages
from parcours.people.choices import STAFF_ROLES, Gender, Role
from parcours.people.devices import device_name

# The choices live in ``choices.py`` (views may import them); named here for the code that
# has always found them beside the models.
__all__ = [
    "STAFF_ROLES",
    "CoachAssignment",
    "Gender",
    "GuardianLink",
    "Membership",
    "PersonalToken",
    "Role",
    "StudentProfile",
    "User",
]


class User(AbstractUser):
    # What leaves the system (URLs, API, exports) is the uuid, never the id nor the username.
    uuid = models.UUIDField(_("public id"), default=uuid_lib.uuid4, unique=True, editable=False)
    # Only first names are shown to other students and at the door; full names to staff.
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("fr", "Français"), ("en", "English")],
        default="fr",
    )
    # Set when the account's personal data was erased (privacy app): the row stays for the
    # centre's anonymous figures, with no name, contact nor way to sign in.
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        if self.erased_at is not None:
            return str(_("Erased account"))
        full = self.get_full_name()
        return full or self.username


class Membership(BaseModel):
    """A role held by a user in a centre; a network admin's membership has no centre."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    centre = models.ForeignKey(
        "centres.Centre",
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("centre"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "centre", "role"], name="membership_unique_role_in_centre"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(centre__isnull=True),
                name="membership_unique_network_role",
            ),
            models.CheckConstraint(
                condition=(models.Q(role="network_admin") & models.Q(centre__isnull=True))
                | (~models.Q(role="network_admin") & models.Q(centre__isnull=False)),
                name="membership_centre_iff_not_network_admin",
            ),
        ]
        indexes = [models.Index(fields=["centre", "role"])]

    def __str__(self) -> str:
        where = self.centre.name if self.centre else _("network")
        return f"{self.user} · {self.get_role_display()} · {where}"


class StudentProfile(BaseModel):
    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="student_profile", verbose_name=_("user")
    )
    centre = models.ForeignKey(
        "centres.Centre",
        on_delete=models.PROTECT,
        related_name="students",
        verbose_name=_("centre"),
    )
    birth_date = models.DateField(_("birth date"))
    gender = models.CharField(
        _("gender (self-declared, optional)"),
        max_length=12,
        choices=Gender.choices,
        default=Gender.UNDISCLOSED,
    )
    school = models.CharField(_("school"), max_length=200, blank=True)
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    priority_neighbourhood = models.BooleanField(
        _("lives in a priority neighbourhood"),
        default=False,
        help_text=_("Derived from the postcode where the centre provides the list (QPV)."),
    )
    referred_by_partner = models.CharField(
        _("referred by a social partner"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("student profile")
        verbose_name_plural = _("student profiles")
        indexes = [models.Index(fields=["centre", "gender"])]

    def __str__(self) -> str:
        return str(self.user)

    def age_on(self, day: dt.date) -> int:
        return ages.age_on(self.birth_date, day)

    @property
    def social_field(self) -> bool:
        """A 'social-field public' in the seeds' sense: referred by a partner or from a QPV."""
        return bool(self.referred_by_partner) or self.priority_neighbourhood


class GuardianLink(BaseModel):
    centre = models.ForeignKey(
        "centres.Centre",
        on_delete=models.CASCADE,
        related_name="guardian_links",
        verbose_name=_("centre"),
    )
    guardian = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="wards", verbose_name=_("guardian")
    )
    student = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="guardians", verbose_name=_("student")
    )
    relationship = models.CharField(
        _("relationship"),
        max_length=20,
        choices=[
            ("parent", _("parent")),
            ("legal_guardian", _("legal guardian")),
            ("other", _("other")),
        ],
        default="parent",
    )

    class Meta:
        verbose_name = _("guardian link")
        verbose_name_plural = _("guardian links")
        constraints = [
            models.UniqueConstraint(fields=["guardian", "student"], name="guardian_link_unique")
        ]


class CoachAssignment(BaseModel):
    """A student in a coach's caseload."""

    centre = models.ForeignKey(
        "centres.Centre",
        on_delete=models.CASCADE,
        related_name="coach_assignments",
        verbose_name=_("centre"),
    )
    coach = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="caseload", verbose_name=_("coach")
    )
    student = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="coaches", verbose_name=_("student")
    )

    class Meta:
        verbose_name = _("caseload entry")
        verbose_name_plural = _("caseload")
        constraints = [
            models.UniqueConstraint(fields=["coach", "student"], name="coach_assignment_unique")
        ]


class PersonalToken(BaseModel):
    """A personal API token, for a staff member's scripts: ``Authorization: Bearer <token>``
    acts as its user, with exactly that user's permissions. Only the SHA-256 of the secret is
    stored: the secret is shown once, when made. It expires (90 days by default, a year at
    most) and can be revoked; ``last_used_at`` is updated at most once a minute."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(_("token (SHA-256)"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal API token")
        verbose_name_plural = _("personal API tokens")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    def status_at(self, now: dt.datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= now else "active"


class SignInSession(BaseModel):
    """One place where someone is signed in: which device (its browser, a shortened address),
    since when, last seen. Listed on "My sessions", where each can be ended (people.sessions);
    the Django session it stands for is deleted then, which signs that device out."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="sign_in_sessions", verbose_name=_("user")
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    address = models.CharField(_("address (shortened)"), max_length=45, blank=True)
    last_seen_at = models.DateTimeField(_("last seen at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {str(self.uuid)[:8]}"

    @property
    def device(self) -> str:
        """ "Firefox · Windows": the browser and system it was opened with, when known."""
        return device_name(self.user_agent) or self.user_agent[:60]
