"""The centres' private signing keys are sealed at rest (issue 16): the database holds no
private key in clear; the sealing key rotates (the command reseals); a key the site can no
longer open (its secret changed) is retired for a new one, and what it signed stays valid."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import Client

from parcours.credentials import sealing, services
from parcours.credentials.models import IssuerKey
from tests.credentials.test_credentials import give, verify_api
from tests.factories import CentreFactory, student

pytestmark = pytest.mark.django_db


def stored(key: IssuerKey) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_sealed FROM credentials_issuerkey WHERE id = %s", [key.pk])
        return str(cursor.fetchone()[0])


def test_the_database_holds_the_private_key_only_sealed():
    centre = CentreFactory()
    credential = give(centre, student(centre))
    key = IssuerKey.objects.get(centre=centre)
    private = key.private_jwk
    assert private["kty"] == "OKP" and "d" in private  # opened for signing
    raw = stored(key)
    assert private["d"] not in raw and '"d"' not in raw and "OKP" not in raw
    assert sealing.unseal(raw) == private
    assert verify_api(Client(), credential.jwt)["valid"] is True


def test_the_sealing_key_rotates_and_the_command_reseals(settings):
    centre = CentreFactory()
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PARCOURS_KEY_ENCRYPTION_KEYS = old
    give(centre, student(centre))
    key = IssuerKey.objects.get(centre=centre)
    sealed_with_old = stored(key)

    settings.PARCOURS_KEY_ENCRYPTION_KEYS = f"{new},{old}"  # the new one first: both open
    assert sealing.unseal(sealed_with_old)["kid"] == key.kid
    out = StringIO()
    call_command("credentials", "reseal", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"resealed": 1, "unavailable": 0}
    settings.PARCOURS_KEY_ENCRYPTION_KEYS = new  # the old one dropped
    key.refresh_from_db()
    assert key.private_jwk["kid"] == key.kid
    assert services.signing_key(centre).pk == key.pk  # still the one that signs


def test_a_key_the_site_cannot_open_is_retired_and_what_it_signed_stays_valid(settings):
    centre = CentreFactory()
    holder = student(centre)
    settings.PARCOURS_KEY_ENCRYPTION_KEYS = Fernet.generate_key().decode()
    first = give(centre, holder, 1)
    lost = IssuerKey.objects.get(centre=centre)

    settings.PARCOURS_KEY_ENCRYPTION_KEYS = Fernet.generate_key().decode()  # secret changed
    with pytest.raises(sealing.KeyUnavailable):
        lost.private_jwk  # noqa: B018
    second = give(centre, holder, 2)
    lost.refresh_from_db()
    assert lost.retired_at is not None
    signer = services.signing_key(centre)
    assert signer.pk != lost.pk
    jwks = Client().get(f"/credentials/issuers/{centre.slug}/jwks.json").json()
    assert {k["kid"] for k in jwks["keys"]} == {lost.kid, signer.kid}  # both published
    for credential in (first, second):
        assert verify_api(Client(), credential.jwt)["valid"] is True
