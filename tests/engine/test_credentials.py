"""Open Badges 3.0 credentials as VC-JWT (issue 16): what Parcours signs validates against the
official OB 3.0 JSON Schema, its signature is checked by an independent library (jwcrypto,
not joserfc that signed it), and a tampered, an expired, a revoked credential, a wrong key,
another issuer's status list are each refused with the reason."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

import jsonschema_rs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from joserfc import jwk as joserfc_jwk
from joserfc import jwt as joserfc_jwt
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jws as jwcrypto_jws

from parcours.engine import credentials as c

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "ob_v3p0_achievementcredential_schema.json").read_text()
)
NOW = dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.UTC)
ISSUER = c.Issuer(
    id="https://parcours.example/credentials/issuers/paris/",
    name="Parcours Paris",
    url="https://parcours.example/",
)
LIST_URL = "https://parcours.example/credentials/issuers/paris/status/1"


def award(**changes: object) -> c.Award:
    base = {
        "id": "urn:uuid:0b7c6c55-8b55-4e8e-9a0c-7f1d5e3a2f10",
        "issuer": ISSUER,
        "achievement": c.Achievement(
            id="https://parcours.example/credentials/achievements/animation-1",
            name="Animation, level 1",
            description="Finished the first level of the animation path.",
            criteria="Every activity of level 1 approved by a reviewer.",
            kind="Competency",
        ),
        "subject_id": "urn:uuid:7d9a1a3e-3c3b-4a7e-8f61-2f5b6c1d0e99",
        "valid_from": NOW - dt.timedelta(days=1),
        "evidence": (
            c.Evidence(id="https://parcours.example/portfolio/w/1/", name="A walk cycle"),
        ),
        "status": c.StatusEntry(list_url=LIST_URL, index=41),
    }
    base.update(changes)
    return c.Award(**base)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def key() -> dict[str, str]:
    return c.new_key("paris-2026-1")


def jwks(*keys: dict[str, str]) -> dict[str, object]:
    return {"keys": [c.public_jwk(k) for k in keys]}


def checker(key: dict[str, str], revoked: tuple[int, ...] = (), list_key=None):  # type: ignore[no-untyped-def]
    listed = c.sign(
        c.status_list_credential(issuer=ISSUER, url=LIST_URL, revoked=revoked, valid_from=NOW),
        list_key or key,
    )

    def run(token: str, now: dt.datetime = NOW) -> c.Verdict:
        return c.verify(
            token,
            keys_for=lambda iss: jwks(key) if iss == ISSUER.id else None,
            status_for=lambda url: listed if url == LIST_URL else None,
            now=now,
        )

    return run


def test_an_issued_credential_validates_against_the_official_ob3_schema(key):
    vc = c.credential(award(valid_until=NOW + dt.timedelta(days=365)))
    validator = jsonschema_rs.Draft201909Validator(SCHEMA, validate_formats=True)
    assert validator.is_valid(vc), list(validator.iter_errors(vc))
    # the schema has teeth: the same credential without its validFrom is refused
    assert not validator.is_valid({k: v for k, v in vc.items() if k != "validFrom"})
    # and what is signed is that credential, with the registered claims the spec maps
    token = c.sign(vc, key)
    header, payload = token.split(".")[:2]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert validator.is_valid(claims)
    assert claims["iss"] == ISSUER.id and claims["jti"] == vc["id"]
    assert claims["sub"] == vc["credentialSubject"]["id"]
    assert claims["nbf"] == int((NOW - dt.timedelta(days=1)).timestamp())
    assert claims["exp"] == int((NOW + dt.timedelta(days=365)).timestamp())
    head = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
    assert head == {"alg": "EdDSA", "typ": "JWT", "kid": "paris-2026-1"}


def test_an_independent_library_verifies_the_signature_with_the_published_key(key):
    token = c.sign(c.credential(award()), key)
    published = jwcrypto_jwk.JWK(**jwks(key)["keys"][0])  # type: ignore[index]
    signed = jwcrypto_jws.JWS()
    signed.deserialize(token)
    signed.verify(published, alg="EdDSA")
    assert json.loads(signed.payload)["id"] == award().id
    other = jwcrypto_jwk.JWK(**c.public_jwk(c.new_key("someone-else")))
    again = jwcrypto_jws.JWS()
    again.deserialize(token)
    with pytest.raises(jwcrypto_jws.InvalidJWSSignature):
        again.verify(other, alg="EdDSA")


def test_a_good_credential_passes_every_check(key):
    verdict = checker(key)(c.sign(c.credential(award()), key))
    assert verdict.valid, verdict.errors
    assert verdict.checks == ["format", "header", "issuer_key", "signature", "structure",
                              "dates", "status"]  # fmt: skip
    assert verdict.credential and verdict.credential["name"] == "Animation, level 1"


def test_a_tampered_credential_is_refused(key):
    token = c.sign(c.credential(award()), key)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["achievement"]["name"] = "Animation, level 3"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    verdict = checker(key)(f"{header}.{forged}.{signature}")
    assert not verdict.valid
    assert verdict.errors == ["signature: the signature does not match the credential"]


def test_an_expired_and_a_not_yet_valid_credential_are_refused(key):
    run = checker(key)
    expired = c.sign(c.credential(award(valid_until=NOW - dt.timedelta(minutes=1))), key)
    assert run(expired).errors == ["dates: expired"]
    later = c.sign(c.credential(award(valid_from=NOW + dt.timedelta(days=2))), key)
    assert run(later).errors == ["dates: not valid yet"]
    assert run(later, NOW + dt.timedelta(days=3)).valid


def test_a_revoked_credential_is_refused_and_its_neighbours_are_not(key):
    run = checker(key, revoked=(41,))
    verdict = run(c.sign(c.credential(award()), key))
    assert not verdict.valid and verdict.revoked
    assert verdict.errors == ["status: revoked by its issuer"]
    neighbour = award(status=c.StatusEntry(list_url=LIST_URL, index=42))
    assert run(c.sign(c.credential(neighbour), key)).valid


def test_a_status_list_signed_by_someone_else_is_not_believed(key):
    run = checker(key, list_key=c.new_key("paris-2026-1"))  # same kid, another key
    verdict = run(c.sign(c.credential(award()), key))
    assert verdict.errors == ["status: the status list is not signed by the issuer"]


def test_unknown_issuer_kid_algorithm_and_garbage_are_refused_with_their_reason(key):
    run = checker(key)
    stranger = c.new_key("paris-2026-1")
    assert run(c.sign(c.credential(award()), stranger)).errors == [
        "signature: the signature does not match the credential"
    ]
    other_kid = c.new_key("paris-2027-1")
    assert run(c.sign(c.credential(award()), other_kid)).errors == [
        "issuer_key: the issuer publishes no key with this kid"
    ]
    elsewhere = c.credential(award(issuer=c.Issuer(id="https://evil.example/", name="Evil")))
    assert run(c.sign(elsewhere, key)).errors == ["issuer_key: the issuer is unknown here"]
    assert run("not.a.jwt").errors[0].startswith("format:")
    assert run("").errors[0].startswith("format:")
    none_alg = ".".join(
        base64.urlsafe_b64encode(json.dumps(part).encode()).decode().rstrip("=")
        for part in ({"alg": "none"}, c.credential(award()))
    )
    assert run(none_alg + ".").errors == ["header: the algorithm is 'none', not EdDSA"]


def test_a_credential_whose_claims_contradict_it_is_refused(key):
    vc = c.credential(award())
    token = c.sign(vc, key)
    assert checker(key)(token).valid
    # signed, but its jti says another credential: the structure check catches it
    bad = dict(vc, id="urn:uuid:00000000-0000-4000-8000-000000000000")
    claims_token = c.sign(bad, key)
    _header, payload, _sig = claims_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["jti"] = vc["id"]
    # signed with the signer's library itself, so only the structure check can catch it
    with c.eddsa_allowed():
        forged = joserfc_jwt.encode(
            {"alg": "EdDSA", "kid": key["kid"]},
            claims,
            joserfc_jwk.OKPKey.import_key(key),
            algorithms=["EdDSA"],
        )
    verdict = checker(key)(forged)
    assert verdict.errors == ["structure: jti is not the credential's id"]


def test_rotating_keys_keeps_what_was_issued_valid(key):
    newer = c.new_key("paris-2027-1")
    old_token = c.sign(c.credential(award()), key)
    new_token = c.sign(c.credential(award()), newer)
    both = {"keys": [c.public_jwk(key), c.public_jwk(newer)]}
    listed = c.sign(
        c.status_list_credential(issuer=ISSUER, url=LIST_URL, revoked=(), valid_from=NOW), newer
    )
    for token in (old_token, new_token):
        verdict = c.verify(
            token, keys_for=lambda _iss: both, status_for=lambda _url: listed, now=NOW
        )
        assert verdict.valid, verdict.errors


@given(st.sets(st.integers(min_value=0, max_value=c.STATUS_LIST_SIZE - 1), max_size=40))
def test_a_status_list_says_exactly_which_indexes_are_revoked(revoked):
    bits = c.decode_status_list(c.encode_status_list(revoked))
    assert len(bits) * 8 == c.STATUS_LIST_SIZE
    for index in revoked:
        assert c.is_set(bits, index)
    probes = {0, 1, 7, 8, c.STATUS_LIST_SIZE - 1} | {i + 1 for i in revoked}
    for index in probes - set(revoked):
        if index < c.STATUS_LIST_SIZE:
            assert not c.is_set(bits, index)


def test_the_status_list_follows_the_w3c_bit_order():
    # index 0 is the left-most bit of the first byte (Bitstring Status List 1.0, section 3.2)
    bits = c.decode_status_list(c.encode_status_list([0, 9], size=16))
    assert bits == bytes([0b1000_0000, 0b0100_0000])
    with pytest.raises(ValueError):
        c.decode_status_list("zABC")
    with pytest.raises(ValueError):
        c.encode_status_list([16], size=16)
