"""Each rule of enrolment said once (issue 9): the family read through ``access.family_ids``,
adulthood through ``people.ages``, e-mails through ``core.mail``, a slot named by its uuid
through ``schedule.selectors.slot_get``, and the consent e-mail speaking French with one
voice."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from tests.conftest import Api, assert_error, login
from tests.enrolment.conftest import api_body, pre_register, ready

from parcours.consents.permissions import consent_policy
from parcours.enrolment import services
from parcours.enrolment.permissions import enrolment_policy, slot_change_policy
from parcours.people.models import User

# French words that say "tu" to the reader; a consent text says "vous", to a guardian and to
# an adult student alike.
TU = re.compile(r"\b(tu|te|toi|ton|ta|tes|t’)\b", re.IGNORECASE)
VOUS = re.compile(r"\b(vous|votre|vos)\b", re.IGNORECASE)


def _born(age: int) -> dt.date:
    """A birth date giving ``age`` today (and 12-18 on the last 1 September)."""
    today = timezone.localdate()
    return today.replace(year=today.year - age, day=min(today.day, 28)) - dt.timedelta(days=10)


# --- The consent e-mail in French ------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "to"),
    [
        ({}, "sonia.martin@example.org"),  # a minor: the guardian consents
        ({"birth_date": _born(18), "student_email": "lea@example.org"}, "lea@example.org"),
    ],
    ids=["guardian", "adult-student"],
)
def test_the_french_consent_email_says_vous_throughout(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks, changes, to
):
    with django_capture_on_commit_callbacks(execute=True):
        pre_register(world.paris, preferred_slot=slots["tuesday"], language="fr", **changes)
    (mail,) = mailoutbox
    assert mail.to == [to]
    assert mail.subject.startswith("Paris · ")  # the centre's name, then the subject
    body = mail.body
    assert "/enrol/consent/" in body and VOUS.search(body)
    assert not TU.search(body), TU.findall(body)
    # The page the link opens says vous too.
    link = re.search(r"http://testserver(/enrol/consent/\S+/)", body).group(1)
    page = Client().get(link, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    main = re.sub(r"<[^>]+>", " ", page.split("<main", 1)[1].split("</main>", 1)[0])
    assert VOUS.search(main) and not TU.search(main), TU.findall(main)


# --- One slot lookup, one message ------------------------------------------------------------

UNAVAILABLE = "This slot is not available at this centre."


def test_a_slot_of_another_centre_gets_one_answer_everywhere(world, slots, texts):
    foreign = str(slots["liege"].uuid)
    # The public form: a slot must be one of the centre's open slots.
    body = {**api_body(world.paris, slots["tuesday"]), "preferred_slot": foreign}
    err = assert_error(Api(None).post("/enrolments/pre-register", body), 400, "invalid")
    assert err["fields"] == {"preferred_slot": [UNAVAILABLE]}
    # The staff's decisions.
    (e,) = ready(world.paris, slots["tuesday"], 1)
    manager = Api(world["paris"]["manager"])
    err = assert_error(manager.post(f"/enrolments/{e.uuid}/register", {"slot": foreign}), 400)
    assert err["fields"] == {"slot": [UNAVAILABLE]}
    assign = {"slot": foreign, "uuids": [str(e.uuid)]}
    err = assert_error(manager.post("/centres/paris/enrolments/assign-slot", assign), 400)
    assert err["fields"] == {"slot": [UNAVAILABLE]}
    # The family's change of slot.
    services.enrolment_register(actor=world["paris"]["manager"], enrolment=e)
    guardian = User.objects.get(pk=e.guardian_id)
    User.objects.filter(pk=guardian.pk).update(is_active=True)
    guardian.refresh_from_db()
    asked = Api(guardian).post(f"/enrolments/{e.uuid}/slot-change", {"slot": foreign})
    assert assert_error(asked, 400)["fields"] == {"slot": [UNAVAILABLE]}
    # A page names the slot in its address: not found.
    page = login(world["paris"]["manager"]).post(f"/enrol/review/paris/slots/{foreign}/fill/")
    assert page.status_code == 404


def test_a_closed_slot_is_not_offered_to_the_public_nor_to_the_family(world, slots, texts):
    slots["saturday"].is_open = False
    slots["saturday"].save()
    body = {
        **api_body(world.paris, slots["tuesday"]),
        "preferred_slot": str(slots["saturday"].uuid),
    }
    err = assert_error(Api(None).post("/enrolments/pre-register", body), 400, "invalid")
    assert err["fields"] == {"preferred_slot": [UNAVAILABLE]}
    # Staff still register into it: it is the centre's.
    (e,) = ready(world.paris, slots["tuesday"], 1)
    manager = Api(world["paris"]["manager"])
    body = {"slot": str(slots["saturday"].uuid)}
    response = manager.post(f"/enrolments/{e.uuid}/register", body)
    assert response.status_code == 200, response.content
    assert response.json()["enrolment"]["slot"] == "Samedi matin"


def test_the_api_says_it_in_the_readers_language(world, slots):
    body = {**api_body(world.paris, slots["tuesday"]), "preferred_slot": str(slots["liege"].uuid)}
    api = Api(None)
    response = api.client.post(
        "/api/enrolments/pre-register",
        data=body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    err = assert_error(response, 400, "invalid")
    assert err["fields"] == {"preferred_slot": ["Ce créneau n’est pas disponible dans ce centre."]}


# --- The family, read once -------------------------------------------------------------------


def test_family_filters_use_the_ids_read_once_not_a_guardian_subquery(
    world, django_assert_num_queries
):
    guardian = world["paris"]["guardian"]
    rows = [
        enrolment_policy.visible(guardian),
        enrolment_policy.personal(guardian),
        slot_change_policy.visible(guardian),
        consent_policy.visible(guardian),
        consent_policy.editable(guardian),
    ]
    for qs in rows:
        sql = str(qs.query).lower()
        assert "guardianlink" not in sql, sql
        assert str(world["paris"]["student"].pk) in sql  # the ward's id, read once
    with django_assert_num_queries(len(rows)):  # one query per list, none for the family
        for qs in rows:
            list(qs.all())


def test_family_and_staff_lists_keep_their_query_counts(
    world, slots, texts, django_assert_max_num_queries
):
    """The family's ids are one query, read once per request, and only for a guardian; the
    staff's lists cost what they did when the wards were a subquery."""
    rows = ready(world.paris, slots["tuesday"], 3)
    for e in rows[:2]:
        services.enrolment_register(actor=world["paris"]["manager"], enrolment=e)
    guardian = User.objects.get(pk=rows[0].guardian_id)
    User.objects.filter(pk=guardian.pk).update(is_active=True)
    guardian.refresh_from_db()
    family, manager = Api(guardian), Api(world["paris"]["manager"])
    for api, path, most in (
        (family, "/me/enrolments", 7),  # was 6 with the wards as a subquery
        (family, "/me/slot-changes", 7),
        (manager, "/centres/paris/enrolments", 8),  # unchanged: staff read no wards
        (manager, "/centres/paris/slot-changes", 7),
        (manager, f"/enrolments/{rows[0].uuid}", 7),
    ):
        with django_assert_max_num_queries(most):
            assert api.get(path).status_code == 200
