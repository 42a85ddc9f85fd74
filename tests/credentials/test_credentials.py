"""Credentials (issue 16): a centre issues Open Badges 3.0 credentials once per achievement;
anyone checks them at their public addresses and through the verifier; only the centre's
managers revoke them and rotate its keys, and a rotation invalidates nothing."""

from __future__ import annotations

import base64
import json
import re
import threading
from io import StringIO
from pathlib import Path

import jsonschema_rs
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jws as jwcrypto_jws

from parcours.core.errors import Forbidden, ValidationFailed
from parcours.credentials import services
from parcours.credentials.models import Credential, IssuerKey
from parcours.enrolment.years import current_school_year
from parcours.people.models import Role
from parcours.schedule.models import Slot
from tests.attendance.conftest import enrol
from tests.factories import CentreFactory, member, student
from tests.support.queries import queries_of

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (
        Path(__file__).parent.parent
        / "engine"
        / "data"
        / "ob_v3p0_achievementcredential_schema.json"
    ).read_text()
)


def give(centre, holder, n: int = 1) -> Credential:  # type: ignore[no-untyped-def]
    return services.award(
        centre=centre,
        holder=holder,
        kind="competency",
        achievement=f"competency:test-{n}",
        name=f"Rhythm and tempo {n}",
        description="Keeps a steady tempo and varies the rhythm on purpose.",
        criteria="Validated by an expert in a music lab.",
        evidence=[("https://parcours.example/portfolio/1/", "A loop")],
    )


def claims_of(token: str) -> dict:  # type: ignore[type-arg]
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def verify_api(client: Client, token: str) -> dict:  # type: ignore[type-arg]
    response = client.post(
        "/api/credentials/verify", {"credential": token}, content_type="application/json"
    )
    assert response.status_code == 200
    return response.json()


def test_an_award_is_issued_once_and_anyone_can_check_it():
    centre = CentreFactory()
    ines = student(centre)
    first = give(centre, ines)
    again = give(centre, ines)
    assert again.pk == first.pk and Credential.objects.count() == 1
    vc = claims_of(first.jwt)
    assert jsonschema_rs.Draft201909Validator(SCHEMA, validate_formats=True).is_valid(vc)
    assert vc["credentialSubject"]["id"] == f"urn:uuid:{ines.uuid}"
    assert ines.first_name not in first.jwt and ines.username not in json.dumps(vc)

    anyone = Client()
    keys = anyone.get(f"/credentials/issuers/{centre.slug}/jwks.json").json()["keys"]
    served = anyone.get(f"/credentials/{first.uuid}.jwt").content.decode()
    assert served == first.jwt
    signed = jwcrypto_jws.JWS()
    signed.deserialize(served)
    signed.verify(jwcrypto_jwk.JWK(**keys[0]), alg="EdDSA")  # an independent library
    assert verify_api(anyone, served) == {
        "valid": True,
        "checks": ["format", "header", "issuer_key", "signature", "structure", "dates", "status"],
        "errors": [],
    }
    page = anyone.get(f"/credentials/{first.uuid}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert b"Valid" in page.content and b"Rhythm and tempo 1" in page.content
    assert ines.last_name.encode() not in page.content  # first name and initial only
    profile = anyone.get(f"/credentials/issuers/{centre.slug}/").json()
    assert profile["id"] == vc["issuer"]["id"] and profile["type"] == ["Profile"]


def test_a_tampered_or_foreign_credential_is_refused_by_the_verifier():
    centre = CentreFactory()
    token = give(centre, student(centre)).jwt
    head, _payload, sig = token.split(".")
    claims = claims_of(token)
    claims["name"] = "Something else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    answer = verify_api(Client(), f"{head}.{forged}.{sig}")
    assert answer["valid"] is False
    assert answer["errors"] == ["signature: the signature does not match the credential"]
    assert verify_api(Client(), "garbage")["errors"][0].startswith("format:")
    missing = Client().post("/api/credentials/verify", {}, content_type="application/json")
    assert missing.status_code == 422 and "credential" in missing.json()["error"]["fields"]


def test_only_the_centres_managers_revoke_and_a_revocation_shows_at_once():
    paris, liege = CentreFactory(), CentreFactory()
    ines = student(paris)
    credential = give(paris, ines)
    other_manager = member(Role.MANAGER, liege)
    coach = member(Role.COACH, paris)
    for actor in (ines, coach, other_manager):
        with pytest.raises(Forbidden):
            services.revoke(actor=actor, credential=credential, reason="no")
        api = Client()
        api.force_login(actor)
        response = api.post(
            f"/api/credentials/{credential.uuid}/revoke",
            {"reason": "no"},
            content_type="application/json",
        )
        assert response.status_code == 403 and "error" in response.json()
    credential.refresh_from_db()
    assert credential.revoked_at is None

    manager = member(Role.MANAGER, paris)
    with pytest.raises(ValidationFailed):
        services.revoke(actor=manager, credential=credential, reason="  ")
    api = Client()
    api.force_login(manager)
    response = api.post(
        f"/api/credentials/{credential.uuid}/revoke",
        {"reason": "Entered by mistake"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    credential.refresh_from_db()
    first_time = credential.revoked_at
    assert first_time is not None
    services.revoke(actor=manager, credential=credential, reason="again")  # nothing more
    credential.refresh_from_db()
    assert credential.revoked_at == first_time and credential.revoked_reason == "Entered by mistake"

    answer = verify_api(Client(), credential.jwt)
    assert answer["valid"] is False and answer["errors"] == ["status: revoked by its issuer"]
    page = Client().get(f"/credentials/{credential.uuid}/", HTTP_ACCEPT_LANGUAGE="en")
    assert b"Revoked" in page.content and b"Entered by mistake" in page.content
    # its neighbours in the list are untouched
    assert verify_api(Client(), give(paris, ines, 2).jwt)["valid"] is True


def test_rotating_the_key_keeps_every_issued_credential_valid():
    centre = CentreFactory()
    ines = student(centre)
    old = give(centre, ines, 1)
    with pytest.raises(Forbidden):
        services.rotate_key(actor=ines, centre=centre)
    new_key = services.rotate_key(actor=member(Role.MANAGER, centre), centre=centre)
    new = give(centre, ines, 2)
    assert json.loads(base64.urlsafe_b64decode(new.jwt.split(".")[0] + "=="))["kid"] == new_key.kid
    assert new_key.kid != old.key.kid
    kids = {
        k["kid"]
        for k in Client().get(f"/credentials/issuers/{centre.slug}/jwks.json").json()["keys"]
    }
    assert kids == {old.key.kid, new_key.kid}
    assert verify_api(Client(), old.jwt)["valid"] and verify_api(Client(), new.jwt)["valid"]
    # a withdrawn (leaked) key leaves the JWKS and what it signed is refused
    IssuerKey.objects.filter(pk=old.key.pk).update(withdrawn_at=new_key.created_at)
    assert verify_api(Client(), old.jwt)["errors"] == [
        "issuer_key: the issuer publishes no key with this kid"
    ]


@pytest.mark.django_db(transaction=True)
def test_awards_fired_at_once_issue_one_credential():
    """Eight awards of one achievement at once: on PostgreSQL in threads released together
    (each with its connection); on SQLite (one writer at a time) one after the other."""
    centre = CentreFactory()
    ines = student(centre)
    services.signing_key(centre)
    results: list[object] = []
    lock = threading.Lock()
    threaded = connection.vendor == "postgresql"
    workers = 8
    barrier = threading.Barrier(workers)

    def award() -> None:
        try:
            if threaded:
                barrier.wait(timeout=30)
            pk = give(centre, ines).pk
            with lock:
                results.append(pk)
        except BaseException as exc:  # reported below
            with lock:
                results.append(exc)
        finally:
            if threaded:
                connection.close()

    if threaded:
        threads = [threading.Thread(target=award) for _ in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    else:
        for _ in range(workers):
            award()
    assert Credential.objects.count() == 1
    assert results == [Credential.objects.get().pk] * workers


def test_the_command_lists_every_credential_as_json():
    centre = CentreFactory()
    ines = student(centre)
    kept, revoked = give(centre, ines, 1), give(centre, ines, 2)
    services.revoke(actor=member(Role.MANAGER, centre), credential=revoked, reason="mistake")
    out = StringIO()
    call_command("credentials", "list", "--json", stdout=out)
    rows = {r["id"]: r for r in map(json.loads, out.getvalue().splitlines())}
    assert set(rows) == {str(kept.uuid), str(revoked.uuid)}
    assert rows[str(revoked.uuid)]["status"] == "revoked"
    row = rows[str(kept.uuid)]
    assert row["status"] == "active" and row["centre"] == centre.slug
    assert row["jwt_url"].endswith(f"/credentials/{kept.uuid}.jwt")
    assert row["page_url"].endswith(f"/credentials/{kept.uuid}/")
    assert row["achievement"] == "competency:test-1"


def test_the_public_page_and_the_lists_cost_the_same_with_many_credentials():
    centre = CentreFactory()
    ines = student(centre)
    first = give(centre, ines, 1)
    client = Client()
    urls = [
        f"/credentials/{first.uuid}/",
        f"/credentials/issuers/{centre.slug}/status/revocation",
        f"/credentials/issuers/{centre.slug}/jwks.json",
    ]
    small = [queries_of(client, url) for url in urls]
    manager = member(Role.MANAGER, centre)
    for n in range(2, 12):
        c = give(centre, student(centre), n)
        if n % 3 == 0:
            services.revoke(actor=manager, credential=c, reason="mistake")
    services.rotate_key(actor=manager, centre=centre)
    assert [queries_of(client, url) for url in urls] == small


def test_each_holder_sees_their_own_credentials_and_a_guardian_their_childs():
    centre = CentreFactory()
    guardian = member(Role.GUARDIAN, centre)
    ines = student(centre, guardian=guardian)
    mehdi = student(centre)
    hers, his = give(centre, ines, 1), give(centre, mehdi, 2)
    for user, expected in ((ines, hers), (guardian, hers), (mehdi, his)):
        client = Client()
        client.force_login(user)
        page = client.get("/credentials/mine/", HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200
        assert str(expected.uuid).encode() in page.content
        other = his if expected == hers else hers
        assert str(other.uuid).encode() not in page.content
        assert [r["id"] for r in client.get("/api/me/credentials").json()] == [str(expected.uuid)]
    nobody = Client()
    nobody.force_login(member(Role.COACH, centre))
    assert (
        b"No credential yet" in nobody.get("/credentials/mine/", HTTP_ACCEPT_LANGUAGE="en").content
    )
    assert Client().get("/credentials/mine/").status_code == 302


def pages_of(pdf: bytes) -> int:
    assert pdf.startswith(b"%PDF-")
    return len(re.findall(rb"/Type /Page\b", pdf))


def test_an_attestation_prints_for_its_holder_their_family_and_the_centres_managers():
    paris, liege = CentreFactory(), CentreFactory()
    parent = member(Role.GUARDIAN, paris)
    ines = student(paris, guardian=parent)
    credential = give(paris, ines)
    for reader in (ines, parent, member(Role.MANAGER, paris)):
        client = Client()
        client.force_login(reader)
        page = client.get(f"/credentials/{credential.uuid}/attestation.pdf")
        assert page.status_code == 200 and page["Content-Type"] == "application/pdf"
        assert pages_of(page.content) == 1
        api = client.get(f"/api/credentials/{credential.uuid}/attestation")
        assert api.status_code == 200 and pages_of(api.content) == 1
    for outsider in (
        student(paris),
        member(Role.COACH, paris),
        member(Role.MANAGER, liege),
        member(Role.GUARDIAN, paris),
    ):
        client = Client()
        client.force_login(outsider)
        assert client.get(f"/credentials/{credential.uuid}/attestation.pdf").status_code == 404
        refused = client.get(f"/api/credentials/{credential.uuid}/attestation")
        assert refused.status_code == 404 and "error" in refused.json()
    assert Client().get(f"/credentials/{credential.uuid}/attestation.pdf").status_code == 302


def test_managers_print_a_years_attestations_for_a_group_without_the_revoked_ones():
    paris, liege = CentreFactory(), CentreFactory()
    manager = member(Role.MANAGER, paris)
    group = Slot.objects.create(centre=paris, label="Mardi", seats=20)
    year = current_school_year(paris)
    registered = [student(paris) for _ in range(3)]
    for s in registered[:2]:
        enrol(s, group, year)
    for n, s in enumerate(registered):
        give(paris, s, n)
    services.revoke(actor=manager, credential=give(paris, registered[0], 9), reason="mistake")
    client = Client()
    client.force_login(manager)
    page = client.get(f"/credentials/attestations/{paris.slug}/")
    assert page.status_code == 200 and b"Mardi" in page.content
    everyone = client.get(f"/credentials/attestations/{paris.slug}/?print=1&year={year}")
    assert pages_of(everyone.content) == 3  # the revoked one left out
    tuesday = client.get(
        f"/credentials/attestations/{paris.slug}/?print=1&year={year}&slot={group.uuid}"
    )
    assert pages_of(tuesday.content) == 2
    api = client.get(f"/api/centres/{paris.slug}/attestations?slot={group.uuid}")
    assert api.status_code == 200 and pages_of(api.content) == 2
    last_year = client.get(f"/credentials/attestations/{paris.slug}/?print=1&year={year - 1}")
    assert pages_of(last_year.content) == 1  # "No credential to print."
    bad = client.get(f"/credentials/attestations/{paris.slug}/?print=1&year=1900")
    assert bad.status_code == 400 and bad["Content-Type"].startswith("text/html")
    assert client.get(f"/api/centres/{paris.slug}/attestations?year=abc").status_code == 422
    unknown = client.get(f"/api/centres/{paris.slug}/attestations?slot={liege.uuid}")
    assert unknown.status_code == 404
    other = Client()
    other.force_login(member(Role.MANAGER, liege))
    assert other.get(f"/credentials/attestations/{paris.slug}/").status_code == 404
    assert other.get(f"/api/centres/{paris.slug}/attestations").status_code == 404


def test_managers_award_by_hand_list_and_revoke_on_the_centres_page():
    paris, liege = CentreFactory(), CentreFactory()
    manager = member(Role.MANAGER, paris)
    worker = member(Role.COACH, paris, username="youth-worker")  # an adult trained there
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(manager)
    body = {
        "action": "award",
        "username": "youth-worker",
        "kind": "training",
        "name": "AI, ethics and the EU AI Act",
        "description": "Three days of training for youth workers.",
        "criteria": "Attended the three days and led a workshop.",
    }
    assert client.post(f"/credentials/centres/{paris.slug}/", body).status_code == 302
    assert client.post(f"/credentials/centres/{paris.slug}/", body).status_code == 302
    made = Credential.objects.get(holder=worker)  # the same award again doubles nothing
    assert made.kind == "training" and made.awarded_by == manager
    vc = claims_of(made.jwt)
    assert jsonschema_rs.Draft201909Validator(SCHEMA, validate_formats=True).is_valid(vc)
    assert vc["credentialSubject"]["achievement"]["achievementType"] == "Course"

    api = client.post(
        f"/api/centres/{paris.slug}/credentials",
        {
            "person": "youth-worker",
            "kind": "orientation",
            "name": "Orientation programme 2026",
            "description": "The four stages of the ADVP programme.",
            "criteria": "Took part in the interviews and workshops.",
            "evidence_url": "https://example.org/plan",
        },
        content_type="application/json",
    )
    assert api.status_code == 201 and api.json()["kind"] == "orientation"
    listed = client.get(f"/api/centres/{paris.slug}/credentials?q=orientation").json()
    assert listed["count"] == 1 and listed["items"][0]["holder_name"] == worker.get_full_name()

    # bad input: a clear message, nothing issued
    for bad in (
        {**body, "username": "nobody"},
        {**body, "kind": "competency", "name": "Other"},
        {**body, "name": "", "description": ""},
        {**body, "name": "Other", "evidence_url": "javascript:alert(1)"},
    ):
        response = client.post(f"/credentials/centres/{paris.slug}/", bad)
        assert response.status_code == 400, bad
    assert Credential.objects.count() == 2
    assert (
        client.post(
            f"/api/centres/{paris.slug}/credentials",
            {**body, "person": "nobody"},
            content_type="application/json",
        ).status_code
        == 400
    )

    # revoke with a reason from the page; without one, nothing changes
    url = f"/credentials/centres/{paris.slug}/"
    assert client.post(url, {"action": "revoke", "credential": made.uuid}).status_code == 400
    made.refresh_from_db()
    assert made.revoked_at is None
    client.post(url, {"action": "revoke", "credential": made.uuid, "reason": "Entered twice"})
    made.refresh_from_db()
    assert made.revoked_reason == "Entered twice"
    assert b"Entered twice" in client.get(url).content

    for outsider in (worker, member(Role.MANAGER, liege), student(paris)):
        other = Client()
        other.force_login(outsider)
        assert other.get(url).status_code == 404
        assert other.post(url, body).status_code == 404
        refused = other.post(
            f"/api/centres/{paris.slug}/credentials",
            {**body, "person": "youth-worker"},
            content_type="application/json",
        )
        assert refused.status_code == 404
    assert Credential.objects.count() == 2


def test_the_centres_credentials_page_queries_do_not_grow_with_the_credentials():
    paris = CentreFactory()
    manager = member(Role.MANAGER, paris)
    client = Client()
    client.force_login(manager)
    for n in range(2):
        give(paris, student(paris), n)
    url = f"/credentials/centres/{paris.slug}/"
    small = queries_of(client, url)
    for n in range(2, 12):
        give(paris, student(paris), n)
    assert queries_of(client, url) == small


def test_the_public_page_names_its_checks_in_the_readers_language():
    centre = CentreFactory()
    credential = give(centre, student(centre))
    services.revoke(actor=member(Role.MANAGER, centre), credential=credential, reason="erreur")
    french = Client().get(f"/credentials/{credential.uuid}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "✗ son statut de révocation".encode() in french.content
    assert "✓ la signature de l’émetteur".encode() in french.content
    english = Client().get(f"/credentials/{credential.uuid}/", HTTP_ACCEPT_LANGUAGE="en")
    assert b"its revocation status" in english.content
