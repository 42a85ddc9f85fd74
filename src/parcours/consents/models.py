"""Who consented to what, when, how, and on which exact text.

A consent text is never edited once published: a change is a new version. A consent record
points at the text the person actually saw. Withdrawal is recorded, never a deletion.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.centres.models import Centre
from parcours.consents.choices import WITHDRAWABLE, ConsentKind, ConsentMethod, Signer
from parcours.core.models import BaseModel
from parcours.people.models import User

# The choices live in ``choices.py`` (views may import them); named here too for the code
# that has always found them beside the models.
__all__ = [
    "WITHDRAWABLE",
    "ConsentKind",
    "ConsentMethod",
    "ConsentRecord",
    "ConsentText",
    "Signer",
]


class ConsentText(BaseModel):
    kind = models.CharField(_("kind"), max_length=20, choices=ConsentKind.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=5)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["kind", "-version", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "version", "language"], name="consent_text_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version} ({self.language})"


class ConsentRecord(BaseModel):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="consents", verbose_name=_("centre")
    )
    student = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("student")
    )
    text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="records", verbose_name=_("text")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConsentKind.choices)
    given_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="consents_given",
        null=True,
        blank=True,
        verbose_name=_("given by"),
        help_text=_(
            "The account that consented. Empty for a paper form signed by a guardian known "
            "only by the name written on it."
        ),
    )
    method = models.CharField(_("method"), max_length=12, choices=ConsentMethod.choices)
    given_at = models.DateTimeField(_("given at"))
    # A paper (or in-person) consent: the date and the name as written, and who recorded it.
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by_name = models.CharField(_("signed by (name as written)"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("recorded by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("withdrawn by"),
    )
    withdrawal_method = models.CharField(
        _("withdrawal method"), max_length=12, choices=ConsentMethod.choices, blank=True
    )
    withdrawn_by_name = models.CharField(
        _("withdrawn by (name as written)"), max_length=200, blank=True
    )
    withdrawal_recorded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("withdrawal recorded by"),
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["student", "kind", "-given_at"]
        constraints = [
            # At most one consent of a kind in force per student at a time.
            models.UniqueConstraint(
                fields=["student", "kind"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_kind",
            )
        ]

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def signer_name(self) -> str:
        """Who consented: the name written on the paper form, else the account's name."""
        if self.signed_by_name:
            return self.signed_by_name
        return self.given_by.get_full_name() if self.given_by is not None else ""

    @property
    def withdrawer_name(self) -> str:
        if self.withdrawn_by_name:
            return self.withdrawn_by_name
        return self.withdrawn_by.get_full_name() if self.withdrawn_by is not None else ""
