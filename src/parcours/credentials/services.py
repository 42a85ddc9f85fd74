"""Issuing, revoking and key rotation (issue 16). Every write locks the centre's row, so
two awards at once neither sign twice nor share a place in the revocation list."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid as uuid_lib
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parcours.centres.models import Centre
from parcours.core.errors import Forbidden, ValidationFailed
from parcours.credentials import sealing, urls_of
from parcours.credentials.choices import OB_TYPES, AchievementKind
from parcours.credentials.models import Credential, IssuerKey
from parcours.credentials.permissions import can_manage
from parcours.engine import credentials as engine
from parcours.people.models import User
from parcours.people.types import Actor

logger = logging.getLogger(__name__)

REASON_MAX = 300


def _locked(centre: Centre) -> Centre:
    return Centre.objects.select_for_update().get(pk=centre.pk)


def _new_key(centre: Centre) -> IssuerKey:
    number = IssuerKey.objects.filter(centre=centre).count() + 1
    kid = f"{centre.slug}-{timezone.now():%Y}-{number}"
    private = engine.new_key(kid)
    return IssuerKey.objects.create(
        centre=centre,
        kid=kid,
        public_jwk=engine.public_jwk(private),
        private_sealed=sealing.seal(private),
    )


@transaction.atomic
def signing_key(centre: Centre) -> IssuerKey:
    """The centre's current signing key, made on first use. A key this site can no longer
    open (its secret changed) is retired, still published, and a new one signs."""
    _locked(centre)
    key = (
        IssuerKey.objects.filter(centre=centre, retired_at=None, withdrawn_at=None)
        .order_by("-created_at")
        .first()
    )
    if key is not None:
        try:
            key.private_jwk  # noqa: B018 - opened once here, so signing never fails later
        except sealing.KeyUnavailable:
            logger.warning("issuer key %s cannot be opened: retired, a new one signs", key.kid)
            IssuerKey.objects.filter(pk=key.pk).update(retired_at=timezone.now())
            key = None
    return key or _new_key(centre)


def reseal_keys() -> dict[str, int]:
    """Seal every private key with the first sealing key (after putting a new one first in
    ``PARCOURS_KEY_ENCRYPTION_KEYS``); keys no sealing key opens are counted, left alone."""
    done = {"resealed": 0, "unavailable": 0}
    for key in IssuerKey.objects.all():
        try:
            sealed = sealing.reseal(key.private_sealed)
        except sealing.KeyUnavailable:
            done["unavailable"] += 1
            continue
        IssuerKey.objects.filter(pk=key.pk).update(private_sealed=sealed)
        done["resealed"] += 1
    return done


@transaction.atomic
def rotate_key(*, actor: Actor, centre: Centre) -> IssuerKey:
    """Retire the current key and sign with a new one from now on; the retired key stays
    published, so every credential it signed stays valid."""
    if not can_manage(actor, centre):
        raise Forbidden(_("Only the centre's managers rotate its keys."))
    _locked(centre)
    IssuerKey.objects.filter(centre=centre, retired_at=None).update(retired_at=timezone.now())
    return _new_key(centre)


def _free_index(centre: Centre) -> int:
    """A random free place in the centre's list (W3C: assigned at random, so an index says
    nothing of when or to whom it was given). The centre's row is locked by the caller."""
    taken = Credential.objects.filter(centre=centre)
    if taken.count() >= engine.STATUS_LIST_SIZE // 2:
        raise ValidationFailed(_("This centre's revocation list is full."))
    while True:  # at most half full: each draw is free with odds of one in two or better
        index = secrets.randbelow(engine.STATUS_LIST_SIZE)
        if not taken.filter(status_index=index).exists():
            return index


def award(
    *,
    centre: Centre,
    holder: User,
    kind: AchievementKind | str,
    achievement: str,
    name: str,
    description: str,
    criteria: str,
    evidence: Sequence[tuple[str, str]] = (),
    awarded_by: User | None = None,
    at: dt.datetime | None = None,
) -> Credential:
    """Issue the credential of ``achievement`` (a stable key: ``level:<area>:<n>``,
    ``competency:<uuid>``, ...) to ``holder``, once: awarding it again returns the first.
    ``evidence``: (address, name) pairs, e.g. portfolio items; ``at``: when it was earned
    (now by default; the credential is valid from then)."""
    kind = AchievementKind(kind)
    with transaction.atomic():
        _locked(centre)
        existing = Credential.objects.filter(holder=holder, achievement=achievement).first()
        if existing is not None:
            return existing
        key = signing_key(centre)
        now = at or timezone.now()
        credential = Credential(
            uuid=uuid_lib.uuid4(),
            centre=centre,
            holder=holder,
            kind=kind,
            achievement=achievement,
            name=name,
            description=description,
            criteria=criteria,
            evidence=[{"id": url, "name": label} for url, label in evidence],
            awarded_by=awarded_by,
            issued_at=now,
            status_index=_free_index(centre),
            key=key,
        )
        vc = engine.credential(
            engine.Award(
                id=f"urn:uuid:{credential.uuid}",
                issuer=issuer_of(centre),
                achievement=engine.Achievement(
                    id=urls_of.achievement(centre.slug, achievement),
                    name=name,
                    description=description,
                    criteria=criteria,
                    kind=OB_TYPES[kind],
                ),
                subject_id=f"urn:uuid:{holder.uuid}",
                valid_from=now,
                evidence=tuple(engine.Evidence(id=url, name=label) for url, label in evidence),
                status=engine.StatusEntry(
                    list_url=urls_of.status_list(centre.slug), index=credential.status_index
                ),
            )
        )
        credential.jwt = engine.sign(vc, key.private_jwk)
        credential.save()
        return credential


def issuer_of(centre: Centre) -> engine.Issuer:
    return engine.Issuer(
        id=urls_of.issuer(centre.slug), name=centre.name, url=urls_of.absolute("/")
    )


@transaction.atomic
def revoke(*, actor: Actor, credential: Credential, reason: str) -> Credential:
    """Revoke a credential (its place in the list is set at once); again: nothing more."""
    if not can_manage(actor, credential.centre):
        raise Forbidden(_("Only the centre's managers revoke its credentials."))
    reason = (reason or "").strip()
    if not reason:
        message = _("Say why the credential is revoked.")
        raise ValidationFailed(message, fields={"reason": [message]})
    if len(reason) > REASON_MAX:
        message = _("Keep the reason under %(n)d characters.") % {"n": REASON_MAX}
        raise ValidationFailed(message, fields={"reason": [message]})
    locked = Credential.objects.select_for_update().get(pk=credential.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
    return locked


MANUAL_KINDS = (AchievementKind.LAB, AchievementKind.ORIENTATION, AchievementKind.TRAINING)
TEXT_MAX = {"name": 200, "description": 2000, "criteria": 2000}


def award_by_manager(
    *,
    actor: Actor,
    centre: Centre,
    holder: User,
    kind: str,
    name: str,
    description: str,
    criteria: str,
    evidence_url: str = "",
) -> Credential:
    """A credential a centre's manager awards by hand: a lab or masterlab completed, an
    orientation programme, a training (adults too: staff, youth workers). The same name to
    the same person again returns the first."""
    if not can_manage(actor, centre):
        raise Forbidden(_("Only the centre's managers award its credentials."))
    errors: dict[str, list[str]] = {}
    if kind not in MANUAL_KINDS:
        errors["kind"] = [_("Choose what the credential recognises.")]
    texts = {"name": name.strip(), "description": description.strip(), "criteria": criteria.strip()}
    for field, value in texts.items():
        if not value:
            errors[field] = [_("This field is required.")]
        elif len(value) > TEXT_MAX[field]:
            errors[field] = [_("At most %(n)s characters.") % {"n": TEXT_MAX[field]}]
    evidence_url = evidence_url.strip()
    if evidence_url and not evidence_url.startswith(("https://", "http://")):
        errors["evidence_url"] = [_("An address starting with https://.")]
    if errors:
        raise ValidationFailed(_("Check the highlighted fields."), fields=errors)
    achievement = f"{kind}:{slugify(texts['name'])[:80] or 'award'}"
    return award(
        centre=centre,
        holder=holder,
        kind=kind,
        achievement=achievement,
        name=texts["name"],
        description=texts["description"],
        criteria=texts["criteria"],
        evidence=[(evidence_url, texts["name"])] if evidence_url else (),
        awarded_by=actor if isinstance(actor, User) else None,
    )
