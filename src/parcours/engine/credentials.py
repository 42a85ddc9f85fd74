"""Open Badges 3.0 credentials secured as VC-JWT, and their revocation lists (pure: no Django).

A credential is an ``OpenBadgeCredential`` on the W3C Verifiable Credentials Data Model 2.0
and the Open Badges 3.0.3 contexts. Its VC-JWT (OB 3.0, section "JSON Web Token Proof
Format") is a JWS whose payload is the credential itself, with the registered claims the
specification maps: ``iss`` (the issuer's id), ``jti`` (the credential's id), ``sub`` (the
subject's id), ``nbf`` (``validFrom``) and ``exp`` (``validUntil``, when there is one); its
header names the algorithm ``EdDSA`` and the signing key's ``kid``. Keys are Ed25519 JWKs.

Revocation follows the W3C Bitstring Status List 1.0: each credential points at one index
of its issuer's list; the list is a bitstring of at least 131,072 entries (so one set bit
says nothing of who it is), GZIP-compressed and multibase base64url-encoded, published in a
``BitstringStatusListCredential`` that is itself a VC-JWT of the issuer.

The signing and checking of JWS is joserfc's; nothing here hashes or signs by hand
(docs/decisions/0032-open-badges-3-credentials.md)."""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import gzip
import json
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from joserfc import jwk, jws, jwt
from joserfc.errors import JoseError, SecurityWarning

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ALG = "EdDSA"
CURVE: Final = "Ed25519"
STATUS_LIST_SIZE = 131_072  # the W3C minimum (16 KB): a set bit hides among many
REVOCATION = "revocation"


@contextlib.contextmanager
def eddsa_allowed() -> Iterator[None]:
    """Where joserfc accepts ``EdDSA``. RFC 9864 (2025) deprecates the name in favour of the
    fully specified ``Ed25519``, the same signature; Open Badges 3.0 and today's wallets ask
    for ``EdDSA``, so Parcours keeps it and silences only that warning, only here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SecurityWarning)
        yield


# --- Keys ----------------------------------------------------------------------------------


def new_key(kid: str) -> dict[str, str]:
    """A new Ed25519 signing key as a private JWK (``d`` is the secret)."""
    key = jwk.OKPKey.generate_key(CURVE, parameters={"kid": kid}, private=True)
    return {k: str(v) for k, v in key.as_dict(private=True).items()}


def public_jwk(private: Mapping[str, str]) -> dict[str, str]:
    """The public half of a JWK (what the issuer's JWKS publishes)."""
    key = jwk.OKPKey.import_key(dict(private))
    out = {k: str(v) for k, v in key.as_dict(private=False).items()}
    out.update({"use": "sig", "alg": ALG})
    return out


# --- Credentials ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Issuer:
    id: str  # a URL: the issuer profile's address
    name: str
    url: str = ""
    email: str = ""


@dataclass(frozen=True)
class Achievement:
    id: str
    name: str
    description: str
    criteria: str  # the narrative: what was asked to earn it
    kind: str = "Achievement"  # OB 3.0 achievementType: Competency, Course, Badge, ...
    image: str = ""


@dataclass(frozen=True)
class Evidence:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class StatusEntry:
    list_url: str  # the issuer's status list credential
    index: int


@dataclass(frozen=True)
class Award:
    """What a credential says: this issuer recognises this achievement of this subject."""

    id: str  # urn:uuid:...
    issuer: Issuer
    achievement: Achievement
    subject_id: str  # urn:uuid:... of the learner (no name, no e-mail: minors)
    valid_from: dt.datetime
    name: str = ""  # the credential's name in wallets (the achievement's by default)
    valid_until: dt.datetime | None = None
    evidence: tuple[Evidence, ...] = ()
    status: StatusEntry | None = None


def iso(moment: dt.datetime) -> str:
    """A date-time with its zone, in UTC, to the second (``2026-12-05T09:00:00Z``)."""
    if moment.tzinfo is None:
        raise ValueError("a credential's dates carry their time zone")
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_iso(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def credential(award: Award) -> dict[str, Any]:
    """The award as an ``OpenBadgeCredential`` (a JSON object)."""
    a = award.achievement
    achievement: dict[str, Any] = {
        "id": a.id,
        "type": ["Achievement"],
        "achievementType": a.kind,
        "name": a.name,
        "description": a.description,
        "criteria": {"narrative": a.criteria},
    }
    if a.image:
        achievement["image"] = {"id": a.image, "type": "Image"}
    issuer: dict[str, Any] = {"id": award.issuer.id, "type": ["Profile"], "name": award.issuer.name}
    if award.issuer.url:
        issuer["url"] = award.issuer.url
    if award.issuer.email:
        issuer["email"] = award.issuer.email
    out: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": award.id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": award.name or a.name,
        "issuer": issuer,
        "validFrom": iso(award.valid_from),
        "credentialSubject": {
            "id": award.subject_id,
            "type": ["AchievementSubject"],
            "achievement": achievement,
        },
    }
    if award.valid_until is not None:
        out["validUntil"] = iso(award.valid_until)
    if award.evidence:
        out["evidence"] = [
            {"id": e.id, "type": ["Evidence"], "name": e.name}
            | ({"description": e.description} if e.description else {})
            for e in award.evidence
        ]
    if award.status is not None:
        out["credentialStatus"] = status_entry(award.status)
    return out


def status_entry(entry: StatusEntry) -> dict[str, str]:
    return {
        "id": f"{entry.list_url}#{entry.index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": REVOCATION,
        "statusListIndex": str(entry.index),
        "statusListCredential": entry.list_url,
    }


def _claims(vc: Mapping[str, Any]) -> dict[str, Any]:
    claims = dict(vc)
    issuer = vc["issuer"]
    claims["iss"] = issuer["id"] if isinstance(issuer, Mapping) else issuer
    claims["jti"] = vc["id"]
    subject = vc.get("credentialSubject") or {}
    if subject.get("id"):
        claims["sub"] = subject["id"]
    start = parse_iso(vc.get("validFrom"))
    if start is None:
        raise ValueError("a credential needs a validFrom date with its zone")
    claims["nbf"] = int(start.timestamp())
    end = parse_iso(vc.get("validUntil"))
    if end is not None:
        claims["exp"] = int(end.timestamp())
    return claims


def sign(vc: Mapping[str, Any], private: Mapping[str, str]) -> str:
    """The credential's VC-JWT, signed with the issuer's private JWK (its ``kid`` in the
    header)."""
    key = jwk.OKPKey.import_key(dict(private))
    header = {"alg": ALG, "typ": "JWT", "kid": str(private["kid"])}
    with eddsa_allowed():
        return jwt.encode(header, _claims(vc), key, algorithms=[ALG])


# --- Status lists --------------------------------------------------------------------------


def encode_status_list(revoked: Iterable[int], size: int = STATUS_LIST_SIZE) -> str:
    """The ``encodedList`` of a bitstring with the ``revoked`` indexes set: bit 0 is the
    first byte's most significant bit; GZIP, then multibase base64url without padding."""
    bits = bytearray((size + 7) // 8)
    for index in revoked:
        if not 0 <= index < size:
            raise ValueError(f"status index {index} outside a list of {size}")
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def decode_status_list(encoded: str) -> bytes:
    """The bitstring of an ``encodedList``; ValueError when it is not one."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("not a multibase base64url string")
    body = encoded[1:]
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return gzip.decompress(packed)
    except (binascii.Error, OSError, EOFError) as exc:
        raise ValueError("not a GZIP-compressed bitstring") from exc


def is_set(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise ValueError(f"status index {index} outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(
    *, issuer: Issuer, url: str, revoked: Iterable[int], valid_from: dt.datetime
) -> dict[str, Any]:
    """The issuer's ``BitstringStatusListCredential`` (to sign and publish at ``url``)."""
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.id,
        "validFrom": iso(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": REVOCATION,
            "encodedList": encode_status_list(revoked),
        },
    }


# --- Verification --------------------------------------------------------------------------


@dataclass
class Verdict:
    """What a verifier says of a VC-JWT: the checks passed and the errors, each
    ``"<check>: <reason>"``; valid when every check passed."""

    checks: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    credential: dict[str, Any] | None = None
    revoked: bool = False

    @property
    def valid(self) -> bool:
        return not self.errors and "signature" in self.checks

    def fail(self, check: str, reason: str) -> Verdict:
        self.errors.append(f"{check}: {reason}")
        return self


# An issuer's published keys: its id -> its JWKS ({"keys": [...]}), or None when unknown.
KeysFor = Callable[[str], Mapping[str, Any] | None]
# A status list's address -> its VC-JWT, or None when it cannot be had.
StatusFor = Callable[[str], str | None]


def _unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and the payload of a compact JWS, not yet trusted."""
    try:
        parts = jws.extract_compact(token.encode("ascii"))
        payload = json.loads(parts.payload)
    except (JoseError, ValueError, UnicodeError) as exc:
        raise ValueError("not a compact JWS") from exc
    if not isinstance(payload, dict):
        raise ValueError("its payload is not a JSON object")
    return dict(parts.protected), payload


def _checked(token: str, keys: Mapping[str, Any], kid: str) -> dict[str, Any]:
    """The payload once the signature is checked with the key ``kid`` of ``keys``."""
    found = [k for k in keys.get("keys", []) if isinstance(k, Mapping) and k.get("kid") == kid]
    if not found:
        raise LookupError(kid)
    key = jwk.OKPKey.import_key(dict(found[0]))
    with eddsa_allowed():
        return dict(jwt.decode(token, key, algorithms=[ALG]).claims)


def _structure(vc: Mapping[str, Any]) -> list[str]:
    problems = []
    context = vc.get("@context")
    if not isinstance(context, list) or context[:1] != [VC_CONTEXT]:
        problems.append("the first @context is not the VC Data Model 2.0's")
    elif not any(isinstance(c, str) and "/spec/ob/v3p0/context" in c for c in context):
        problems.append("no Open Badges 3.0 @context")
    types = vc.get("type")
    if not isinstance(types, list) or "VerifiableCredential" not in types:
        problems.append("type lacks VerifiableCredential")
    elif "OpenBadgeCredential" not in types and "AchievementCredential" not in types:
        problems.append("type lacks OpenBadgeCredential")
    subject = vc.get("credentialSubject")
    if not isinstance(subject, Mapping) or not isinstance(subject.get("achievement"), Mapping):
        problems.append("no credentialSubject with an achievement")
    issuer = vc.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    if not isinstance(issuer_id, str) or not issuer_id:
        problems.append("no issuer id")
    elif vc.get("iss") != issuer_id:
        problems.append("iss is not the issuer's id")
    if not isinstance(vc.get("id"), str) or vc.get("jti") != vc.get("id"):
        problems.append("jti is not the credential's id")
    if isinstance(subject, Mapping) and subject.get("id") and vc.get("sub") != subject["id"]:
        problems.append("sub is not the subject's id")
    start = parse_iso(vc.get("validFrom"))
    if start is None:
        problems.append("no validFrom date with its zone")
    elif vc.get("nbf") != int(start.timestamp()):
        problems.append("nbf is not validFrom")
    if "validUntil" in vc:
        end = parse_iso(vc.get("validUntil"))
        if end is None:
            problems.append("validUntil is not a date with its zone")
        elif vc.get("exp") != int(end.timestamp()):
            problems.append("exp is not validUntil")
    return problems


def _issuer_id(vc: Mapping[str, Any]) -> str:
    issuer = vc.get("issuer")
    value = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    return value if isinstance(value, str) else ""


def _status(
    vc: Mapping[str, Any], keys: Mapping[str, Any], status_for: StatusFor
) -> tuple[bool | None, str]:
    """(revoked, reason): None when the status cannot be read, with the reason."""
    entry = vc.get("credentialStatus")
    if not isinstance(entry, Mapping) or entry.get("type") != "BitstringStatusListEntry":
        return None, "no BitstringStatusListEntry"
    url = entry.get("statusListCredential")
    try:
        index = int(str(entry.get("statusListIndex")))
    except ValueError:
        return None, "the status index is not a number"
    token = status_for(url) if isinstance(url, str) else None
    if token is None:
        return None, "the status list cannot be read"
    try:
        header, _payload = _unverified(token)
        listed = _checked(token, keys, str(header.get("kid", "")))
    except (ValueError, LookupError, JoseError):
        return None, "the status list is not signed by the issuer"
    if _issuer_id(listed) != _issuer_id(vc):
        return None, "the status list is another issuer's"
    subject = listed.get("credentialSubject")
    if not isinstance(subject, Mapping) or subject.get("statusPurpose") != REVOCATION:
        return None, "the status list is not a revocation list"
    try:
        return is_set(decode_status_list(str(subject.get("encodedList", ""))), index), ""
    except ValueError as exc:
        return None, str(exc)


def verify(token: str, *, keys_for: KeysFor, status_for: StatusFor, now: dt.datetime) -> Verdict:
    """Check a VC-JWT as any verifier would: its form, the issuer's published key, the
    signature, the credential's structure, its dates and its revocation status."""
    verdict = Verdict()
    try:
        header, payload = _unverified(token.strip())
    except ValueError as exc:
        return verdict.fail("format", str(exc))
    verdict.checks.append("format")
    if header.get("alg") != ALG:
        return verdict.fail("header", f"the algorithm is {header.get('alg')!r}, not {ALG}")
    if not header.get("kid"):
        return verdict.fail("header", "no kid names the signing key")
    verdict.checks.append("header")
    issuer = _issuer_id(payload)
    keys = keys_for(issuer) if issuer else None
    if keys is None:
        return verdict.fail("issuer_key", "the issuer is unknown here")
    try:
        claims = _checked(token.strip(), keys, str(header["kid"]))
    except LookupError:
        return verdict.fail("issuer_key", "the issuer publishes no key with this kid")
    except (JoseError, ValueError):
        return verdict.fail("signature", "the signature does not match the credential")
    verdict.checks += ["issuer_key", "signature"]
    verdict.credential = claims
    problems = _structure(claims)
    if problems:
        return verdict.fail("structure", "; ".join(problems))
    verdict.checks.append("structure")
    start = parse_iso(claims["validFrom"])
    end = parse_iso(claims.get("validUntil"))
    if start is not None and now < start:
        verdict.fail("dates", "not valid yet")
    elif end is not None and now >= end:
        verdict.fail("dates", "expired")
    else:
        verdict.checks.append("dates")
    if "credentialStatus" in claims:
        revoked, reason = _status(claims, keys, status_for)
        if revoked is None:
            verdict.fail("status", reason)
        elif revoked:
            verdict.revoked = True
            verdict.fail("status", "revoked by its issuer")
        else:
            verdict.checks.append("status")
    return verdict
