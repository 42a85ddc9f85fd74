"""The centres' private signing keys are sealed at rest (issue 16): the database holds each
private JWK encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`, already
installed with joserfc), never in clear. A database dump or a backup therefore signs nothing.

The sealing key comes from ``PARCOURS_KEY_ENCRYPTION_KEYS`` (comma-separated Fernet keys: the
first seals, every one opens, so the sealing key itself rotates: put the new one first, run
``parcours credentials reseal``, then drop the old one); without it, one is derived from the
site's ``SECRET_KEY`` by HKDF. A key that no sealing key opens any more (the secret changed) is
retired by ``services.signing_key`` and a new one signs: what the old one signed stays valid,
its public half stays published (ADR 32)."""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class KeyUnavailable(Exception):
    """No sealing key of this site opens the private key (the secret changed)."""


def _derived() -> bytes:
    secret = str(settings.SECRET_KEY).encode()
    raw = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"parcours.credentials.keys"
    ).derive(secret)
    return base64.urlsafe_b64encode(raw)


def _box() -> MultiFernet:
    configured = str(getattr(settings, "PARCOURS_KEY_ENCRYPTION_KEYS", "") or "")
    keys = [k.strip().encode() for k in configured.split(",") if k.strip()] or [_derived()]
    return MultiFernet([Fernet(k) for k in keys])


def seal(private_jwk: dict[str, Any]) -> str:
    return _box().encrypt(json.dumps(private_jwk, sort_keys=True).encode()).decode()


def unseal(sealed: str) -> dict[str, Any]:
    try:
        opened: dict[str, Any] = json.loads(_box().decrypt(sealed.encode()))
    except (InvalidToken, ValueError) as exc:
        raise KeyUnavailable() from exc
    return opened


def reseal(sealed: str) -> str:
    """The same private key sealed with the first sealing key (after a rotation)."""
    try:
        return _box().rotate(sealed.encode()).decode()
    except InvalidToken as exc:
        raise KeyUnavailable() from exc
