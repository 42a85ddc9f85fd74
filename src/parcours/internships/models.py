"""Prevention internships (issue 17): four days in a school holiday for a small group of
young people dropping out of school or in great precarity, referred by social partners; a
theme and a creative project presented in public on the last day. A referral is made by a
partner through the internship's referral link (no account): the young person, the referrer,
the guardian's consent for a minor, the needs; the partner follows its status by a private
link. The centre accepts or refuses with a reason, takes the attendance and a short log each
day, prints certificates, and follows up at one and three months."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.centres.models import Centre, Room
from parcours.core.models import BaseModel
from parcours.internships.choices import FollowUp, ProjectKind, ReferralStatus

USER = settings.AUTH_USER_MODEL


class Internship(BaseModel):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="internships", verbose_name=_("centre")
    )
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=300)
    project_kind = models.CharField(_("project"), max_length=16, choices=ProjectKind.choices)
    starts_on = models.DateField(_("first day"))
    days = models.PositiveSmallIntegerField(
        _("days"), default=4, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"), default=10, validators=[MinValueValidator(4), MaxValueValidator(16)]
    )
    lead = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("led by"),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("room"),
    )
    presentation = models.CharField(
        _("public presentation"),
        max_length=300,
        blank=True,
        help_text=_("When and where the group shows its project, on the last day."),
    )
    referral_key = models.SlugField(_("referral link key"), max_length=40, unique=True)
    referrals_open = models.BooleanField(_("partners may refer young people"), default=True)

    class Meta:
        verbose_name = _("prevention internship")
        verbose_name_plural = _("prevention internships")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_on(self) -> dt.date:
        return self.starts_on + dt.timedelta(days=self.days - 1)

    def day_date(self, n: int) -> dt.date:
        return self.starts_on + dt.timedelta(days=n - 1)


class Referral(BaseModel):
    internship = models.ForeignKey(
        Internship,
        on_delete=models.CASCADE,
        related_name="referrals",
        verbose_name=_("internship"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    contact = models.CharField(_("young person’s phone or e-mail"), max_length=200, blank=True)
    guardian_name = models.CharField(_("guardian’s name"), max_length=200, blank=True)
    guardian_contact = models.CharField(_("guardian’s phone or e-mail"), max_length=200, blank=True)
    guardian_consent = models.BooleanField(_("guardian’s consent given"), default=False)
    consent_text = models.TextField(_("consent as stated"), blank=True)
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    referrer_name = models.CharField(_("referrer"), max_length=200)
    referrer_organisation = models.CharField(_("organisation"), max_length=200)
    referrer_email = models.EmailField(_("referrer’s e-mail"))
    referrer_phone = models.CharField(_("referrer’s phone"), max_length=40, blank=True)
    needs = models.TextField(_("needs and what to know"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReferralStatus.choices,
        default=ReferralStatus.PENDING,
    )
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    tracking_token = models.CharField(max_length=48, unique=True, editable=False)
    student = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("Parcours student"),
        help_text=_("When they enrolled in the regular programme."),
    )
    follow_up = models.CharField(
        _("what next"), max_length=20, choices=FollowUp.choices, blank=True
    )
    follow_up_note = models.CharField(_("follow-up note"), max_length=500, blank=True)
    followed_up_at = models.DateTimeField(_("followed up at"), null=True, blank=True)
    reminded_1m_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_3m_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["internship", "first_name", "last_name", "birth_date"],
                name="referral_once_per_internship",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Day(BaseModel):
    """One day of an internship: its short log and who came."""

    internship = models.ForeignKey(
        Internship,
        on_delete=models.CASCADE,
        related_name="day_records",
        verbose_name=_("internship"),
    )
    number = models.PositiveSmallIntegerField(_("day"))
    log = models.TextField(_("the day in a few lines"), max_length=2000, blank=True)
    present = models.ManyToManyField(
        Referral, blank=True, related_name="days_present", verbose_name=_("present")
    )
    taken_at = models.DateTimeField(_("attendance taken at"), null=True, blank=True)

    class Meta:
        verbose_name = _("internship day")
        verbose_name_plural = _("internship days")
        ordering = ["internship", "number"]
        constraints = [
            models.UniqueConstraint(fields=["internship", "number"], name="internship_day_once")
        ]

    def __str__(self) -> str:
        return f"{self.internship} · {self.number}"
