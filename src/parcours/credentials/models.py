"""Credentials (issue 16): each centre issues Open Badges 3.0 credentials signed with its
Ed25519 keys (every key it ever signed with stays published, so a rotation invalidates
nothing); each credential holds a place in the centre's revocation list."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.centres.models import Centre
from parcours.core.models import BaseModel
from parcours.credentials import sealing
from parcours.credentials.choices import AchievementKind
from parcours.people.models import User


class IssuerKey(BaseModel):
    """One of a centre's signing keys. The newest unretired one signs; retired ones stay in
    the JWKS (what they signed stays valid); a ``withdrawn`` key (leaked) leaves the JWKS."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="issuer_keys")
    kid = models.CharField(_("key id"), max_length=80, unique=True)
    public_jwk = models.JSONField(_("public key (JWK)"))
    # the private JWK, sealed (credentials.sealing): never in clear in the database
    private_sealed = models.TextField(_("private key (sealed)"), editable=False)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("issuer key")
        verbose_name_plural = _("issuer keys")
        ordering = ["centre", "-created_at"]

    @property
    def private_jwk(self) -> dict[str, Any]:
        """The private JWK, opened for signing (``sealing.KeyUnavailable`` if it cannot be)."""
        return sealing.unseal(self.private_sealed)


class Credential(BaseModel):
    """An achievement of a student (or an adult) recognised by a centre, as issued: the
    VC-JWT is kept as signed (what a wallet holds is what we serve)."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="credentials")
    holder = models.ForeignKey(User, on_delete=models.CASCADE, related_name="credentials")
    kind = models.CharField(_("kind"), max_length=20, choices=AchievementKind.choices)
    achievement = models.CharField(_("achievement"), max_length=120)  # e.g. level:<area>:2
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    criteria = models.TextField(_("criteria"))
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    awarded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"))
    status_index = models.PositiveIntegerField(_("place in the revocation list"))
    key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="+")
    jwt = models.TextField(_("VC-JWT"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "achievement"], name="credential_once_per_achievement"
            ),
            models.UniqueConstraint(
                fields=["centre", "status_index"], name="credential_status_index_unique"
            ),
        ]

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
