"""The enrolment pages: the public form, the consent link, the set-password link, the staff
review and a request's page, the families' re-enrolment; bad input gets a clear message and
changes nothing."""

from __future__ import annotations

import re

import pytest
from django.core import signing
from django.test import Client
from tests import factories as f
from tests.conftest import login, signs_in
from tests.enrolment.conftest import birth_for, consent_for, form_post, pre_register, ready

from parcours.consents.models import ConsentRecord
from parcours.enrolment import links, services
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.people.models import User

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _public() -> Client:
    return Client(enforce_csrf_checks=False)


def _consent_link(mail) -> str:
    return re.search(r"http://testserver(/enrol/consent/\S+/)", mail.body).group(1)


# --- The public form -------------------------------------------------------------------------


def test_open_centres_are_listed_publicly(world):
    world.liege.is_active = False
    world.liege.save()
    html = _public().get("/enrol/", **EN).content.decode()
    assert "/enrol/paris/" in html and "/enrol/liege/" not in html
    assert _public().get("/enrol/liege/").status_code == 404
    assert _public().get("/enrol/nowhere/").status_code == 404


def test_the_form_shows_slots_with_meetings_and_seats_left(world, slots, texts):
    ready(world.paris, slots["tuesday"], 1)
    services.enrolment_register(actor=world["paris"]["manager"], enrolment=Enrolment.objects.get())
    html = _public().get("/enrol/paris/", **EN).content.decode()
    assert "Mardi soir" in html and "Tuesday 17:00-20:00" in html
    assert "2 seats left" in html and "10 seats left" in html
    assert "Lundi + jeudi" not in html  # another centre's slot
    assert 'name="website"' in html  # the honeypot, hidden from people
    assert '<label for="id_guardian_email">' in html
    assert "<legend>Preferred weekly slot" in html


def test_a_family_pre_registers_through_the_form(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    client = _public()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/enrol/paris/", form_post(slots["tuesday"]), **EN)
    assert response.status_code == 302 and response["Location"] == "/enrol/paris/sent/"
    e = Enrolment.objects.get()
    assert e.student.get_full_name() == "Léa Martin" and e.preferred_slot == slots["tuesday"]
    assert len(mailoutbox) == 1
    html = client.get(response["Location"], **EN).content.decode()
    assert "sonia.martin@example.org" in html and "What happens next" in html
    # The same request again: told clearly, nothing created.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/enrol/paris/", form_post(slots["tuesday"]), follow=True, **EN)
    assert "already exists" in response.content.decode()
    assert Enrolment.objects.count() == 1 and len(mailoutbox) == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"birth_date": birth_for(11).isoformat()}, "12 to 18"),
        ({"birth_date": birth_for(19).isoformat()}, "12 to 18"),
        ({"birth_date": "31/02/2012"}, "Enter a valid date"),
        ({"guardian_email": "sonia-at-example"}, "Enter a valid email"),
        ({"student_first_name": ""}, "This field is required"),
        ({"guardian_phone": "abc"}, "Enter a phone number"),
        ({"postcode": "<script>"}, "Enter a postcode"),
        ({"gender": "robot"}, "Select a valid choice"),
        ({"website": "http://spam.example"}, "could not be sent"),
        ({"preferred_slot": ""}, "This field is required"),
        ({"filled_by": ""}, "This field is required"),
    ],
)
def test_bad_input_on_the_form_is_shown_and_changes_nothing(world, slots, changes, message):
    users = User.objects.count()
    data = form_post(slots["tuesday"])
    data.update(changes)
    response = _public().post("/enrol/paris/", data, **EN)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert not Enrolment.objects.exists() and User.objects.count() == users


def test_a_slot_of_another_centre_is_refused_on_the_form(world, slots):
    response = _public().post("/enrol/paris/", form_post(slots["liege"]), **EN)
    assert response.status_code == 400 and not Enrolment.objects.exists()


def test_requests_are_rate_limited_per_email_and_per_ip(world, slots, settings):
    settings.PARCOURS_ENROL_LIMITS = {"ip": (4, 3600), "email": (2, 3600)}
    client = _public()
    statuses = [
        client.post("/enrol/paris/", form_post(slots["tuesday"]), **EN).status_code
        for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    response = client.post(
        "/enrol/paris/", form_post(slots["tuesday"], guardian_email="b@example.org"), **EN
    )
    assert response.status_code == 302  # 4th from this address, another email
    response = client.post(
        "/enrol/paris/", form_post(slots["tuesday"], guardian_email="c@example.org"), **EN
    )
    assert response.status_code == 429 and "Too many requests" in response.content.decode()
    assert Enrolment.objects.count() == 2


# --- The consent link ------------------------------------------------------------------------


def _request_with_link(world, slots, django_capture_on_commit_callbacks, mailoutbox, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        e = pre_register(world.paris, preferred_slot=slots["tuesday"], **changes).enrolment
    return e, _consent_link(mailoutbox[-1])


def test_the_guardian_consents_from_the_link_on_the_exact_texts(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    e, link = _request_with_link(
        world, slots, django_capture_on_commit_callbacks, mailoutbox, language="en"
    )
    client = _public()
    page = client.get(link)
    html = page.content.decode()
    assert page.status_code == 200
    # The guardian's language: the English texts, each tied to its version.
    assert texts[("enrolment", "en")].body in html and texts[("enrolment", "fr")].body not in html
    assert str(texts[("enrolment", "en")].uuid) in html
    # Without the enrolment box: refused, nothing recorded.
    data = {
        "text_enrolment": texts[("enrolment", "en")].uuid,
        "text_image_use": texts[("image_use", "en")].uuid,
        "text_public_display": texts[("public_display", "en")].uuid,
        "image_use": "on",
    }
    response = client.post(link, data)
    assert response.status_code == 400 and "cannot go ahead" in response.content.decode()
    assert not ConsentRecord.objects.exists()
    response = client.post(link, {**data, "enrolment": "on"})
    assert response.status_code == 302
    records = {r.kind: r for r in ConsentRecord.objects.filter(student=e.student)}
    assert set(records) == {"enrolment", "image_use"}
    assert records["enrolment"].text == texts[("enrolment", "en")]
    assert records["enrolment"].method == "online" and records["enrolment"].given_by == e.guardian
    # The link again: the recorded state, and only what is left to give.
    html = client.get(link).content.decode()
    assert "Already recorded" in html and "text version 1" in html
    assert 'name="enrolment"' not in html and 'name="public_display"' in html
    response = client.post(link, {**data, "enrolment": "on"})  # a stale form re-sent
    assert ConsentRecord.objects.filter(student=e.student).count() == 2


def test_a_text_published_meanwhile_is_not_consented_blindly(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    _e, link = _request_with_link(world, slots, django_capture_on_commit_callbacks, mailoutbox)
    f.consent_text("enrolment", version=2, language="fr")
    response = _public().post(
        link, {"enrolment": "on", "text_enrolment": texts[("enrolment", "fr")].uuid}
    )
    assert response.status_code == 409 and not ConsentRecord.objects.exists()


def test_bad_or_expired_links_are_refused(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks, settings
):
    e, link = _request_with_link(world, slots, django_capture_on_commit_callbacks, mailoutbox)
    client = _public()
    assert client.get(link[:-5] + "xxxx/").status_code == 404
    assert client.get("/enrol/consent/nonsense/").status_code == 404
    forged = signing.dumps({"e": str(e.uuid), "g": world["paris"]["guardian"].pk}, salt="other")
    assert client.get(f"/enrol/consent/{forged}/").status_code == 404
    # A genuine link to another guardian's request does not open this one.
    other = signing.dumps(
        {"e": str(e.uuid), "g": world["paris"]["guardian"].pk}, salt=links.CONSENT_SALT
    )
    assert client.get(f"/enrol/consent/{other}/").status_code == 404
    settings.PARCOURS_CONSENT_LINK_DAYS = 0
    response = client.get(link, **EN)
    assert response.status_code == 400 and "expired" in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_a_closed_request_asks_no_consent(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    e, link = _request_with_link(world, slots, django_capture_on_commit_callbacks, mailoutbox)
    services.enrolment_refuse(actor=world["paris"]["manager"], enrolment=e, reason="Too far")
    html = _public().get(link, **EN).content.decode()
    # The page speaks the guardian's language (French here) until they switch.
    assert "aucun consentement n’est plus" in html
    response = _public().post(
        link, {"enrolment": "on", "text_enrolment": texts[("enrolment", "fr")].uuid}
    )
    assert response.status_code == 409 and not ConsentRecord.objects.exists()


# --- The staff review ------------------------------------------------------------------------


def test_the_review_lists_filters_and_flags(world, slots, texts):
    manager = world["paris"]["manager"]
    consented = ready(world.paris, slots["tuesday"], 2)
    waiting = pre_register(
        world.paris,
        preferred_slot=slots["saturday"],
        student_first_name="Noé",
        guardian_email="noe@example.org",
    ).enrolment
    twin = pre_register(
        world.paris,
        preferred_slot=slots["saturday"],
        student_first_name="Noé",
        guardian_email="other-parent@example.org",
    ).enrolment
    services.enrolment_register(actor=manager, enrolment=consented[0])
    client = login(manager)
    # Issue 11: opened from the home, the review shows the requests to decide first...
    html = client.get("/enrol/review/paris/", **EN).content.decode()
    for e in (consented[1], waiting, twin):
        assert str(e.uuid) in html
    assert str(consented[0].uuid) not in html  # registered: under its own tab and "All"
    assert 'status=pre_registered" aria-current="page"' in html
    # ... and "All" is a tab of its own
    html = client.get("/enrol/review/paris/?status=", **EN).content.decode()
    for e in (*consented, waiting, twin):
        assert str(e.uuid) in html
    assert "possible duplicate (1)" in html and "consent missing" in html
    assert "Pre-registered (3)" in html or "pre-registered (3)" in html
    html = client.get("/enrol/review/paris/?status=registered", **EN).content.decode()
    assert str(consented[0].uuid) in html and str(waiting.uuid) not in html
    html = client.get("/enrol/review/paris/?q=noé", **EN).content.decode()
    assert str(waiting.uuid) in html and str(consented[1].uuid) not in html
    html = client.get("/enrol/review/paris/?consent=missing", **EN).content.decode()
    assert str(waiting.uuid) in html and str(consented[1].uuid) not in html
    html = client.get("/enrol/review/paris/?duplicates=on", **EN).content.decode()
    assert str(twin.uuid) in html and str(consented[1].uuid) not in html
    html = client.get(f"/enrol/review/paris/?slot={slots['saturday'].pk}", **EN).content.decode()
    assert str(twin.uuid) in html and str(consented[1].uuid) not in html


@pytest.mark.parametrize(
    "query", ["?year=abc", "?status=lost", "?slot=999999", "?consent=maybe", "?q=" + "x" * 101]
)
def test_bad_filters_get_a_400_with_the_message(world, slots, query):
    response = login(world["paris"]["manager"]).get(f"/enrol/review/paris/{query}", **EN)
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()


def test_bulk_actions_from_the_review_report_counts(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    rows = ready(world.paris, slots["tuesday"], 4)
    missing = pre_register(
        world.paris, preferred_slot=slots["tuesday"], guardian_email="x@example.org"
    ).enrolment
    client = login(world["paris"]["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/enrol/review/paris/",
            {"action": "register", "e": [str(e.uuid) for e in [*rows, missing]]},
            follow=True,
            **EN,
        )
    html = response.content.decode()
    assert "3 registered, 1 on the waiting list, 1 needs consent." in html
    assert Enrolment.objects.filter(status="registered").count() == 3
    # back on the requests still to decide; the waiting list has its own tab
    assert "consent missing" in html and "waiting list (1)" in html
    waiting = client.get("/enrol/review/paris/?status=waiting_list", **EN).content.decode()
    assert "position 1" in waiting


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "register"}, "Select at least one request"),
        ({"action": "refuse", "e": "UUID"}, "Give the reason"),
        ({"action": "launch", "e": "UUID"}, "Select a valid choice"),
        ({"action": "register", "e": "not-a-uuid"}, "is not a request id"),
    ],
)
def test_bad_bulk_input_is_shown_and_changes_nothing(world, slots, texts, data, message):
    (e,) = ready(world.paris, slots["tuesday"], 1)
    if data.get("e") == "UUID":
        data = {**data, "e": str(e.uuid)}
    response = login(world["paris"]["manager"]).post("/enrol/review/paris/", data, **EN)
    assert response.status_code == 400 and message in response.content.decode()
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.PRE_REGISTERED


def test_bulk_with_another_centres_request_is_refused_whole(world, slots, texts):
    (mine,) = ready(world.paris, slots["tuesday"], 1)
    (theirs,) = ready(world.liege, slots["liege"], 1, guardian_last_name="Dupont")
    response = login(world["paris"]["manager"]).post(
        "/enrol/review/paris/", {"action": "register", "e": [str(mine.uuid), str(theirs.uuid)]}
    )
    assert response.status_code == 404
    assert set(Enrolment.objects.values_list("status", flat=True)) == {"pre_registered"}


def test_one_by_one_decisions_from_the_request_page(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    manager = world["paris"]["manager"]
    client = login(manager)
    e = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    html = client.get(f"/enrol/requests/{e.uuid}/", **EN).content.decode()
    assert "Léa Martin" in html and "sonia.martin@example.org" in html and "consent missing" in html
    # Without consent: a clear refusal, nothing changed.
    response = client.post(f"/enrol/requests/{e.uuid}/register/", **EN)
    assert response.status_code == 409 and "consent" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/enrol/requests/{e.uuid}/resend-consent/").status_code == 302
    assert len(mailoutbox) == 1
    consent_for(e)
    # A slot of another centre is refused on the form.
    response = client.post(f"/enrol/requests/{e.uuid}/register/", {"slot": slots["liege"].pk}, **EN)
    assert response.status_code == 400
    response = client.post(
        f"/enrol/requests/{e.uuid}/register/",
        {"slot": slots["saturday"].pk, "next": "/enrol/review/paris/"},
        follow=True,
        **EN,
    )
    assert "is registered" in response.content.decode()
    e.refresh_from_db()
    assert e.status == "registered" and e.slot == slots["saturday"]
    # Refusing a registered student is not possible; withdrawing is.
    response = client.post(f"/enrol/requests/{e.uuid}/refuse/", {"reason": "no"}, **EN)
    assert response.status_code == 409
    assert client.post(f"/enrol/requests/{e.uuid}/withdraw/").status_code == 302
    e.refresh_from_db()
    assert e.status == "withdrawn"


def test_refusing_without_a_reason_is_shown_on_the_page(world, slots):
    e = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    client = login(world["paris"]["manager"])
    response = client.post(f"/enrol/requests/{e.uuid}/refuse/", {"reason": "  "}, **EN)
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    response = client.post(f"/enrol/requests/{e.uuid}/refuse/", {"reason": "Full"}, **EN)
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.status == "refused" and e.refusal_reason == "Full"


def test_fill_freed_seats_from_the_review(world, slots, texts):
    manager = world["paris"]["manager"]
    rows = ready(world.paris, slots["tuesday"], 4)
    for e in rows:
        services.enrolment_register(actor=manager, enrolment=e)
    slots["tuesday"].seats = 4
    slots["tuesday"].save()
    client = login(manager)
    html = client.get("/enrol/review/paris/", **EN).content.decode()
    assert "Fill from the waiting list" in html
    url = f"/enrol/review/paris/slots/{slots['tuesday'].uuid}/fill/"
    response = client.post(url, follow=True, **EN)
    assert "1 moved from the waiting list" in response.content.decode()
    assert Enrolment.objects.filter(status="registered").count() == 4
    assert client.post(url, {"year": "abc"}).status_code == 400
    other = f"/enrol/review/paris/slots/{slots['liege'].uuid}/fill/"
    assert client.post(other).status_code == 404


# --- Registered: the set-password link -------------------------------------------------------


def test_the_family_sets_passwords_from_the_emailed_links(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    (e,) = ready(world.paris, slots["tuesday"], 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_register(
            actor=world["paris"]["manager"], enrolment=e, site_url="http://testserver"
        )
    body = mailoutbox[-1].body
    student_link, guardian_link = re.findall(r"http://testserver(/enrol/password/\S+/\S+/)", body)
    client = _public()
    response = client.get(student_link, follow=True, **EN)
    assert response.status_code == 200 and e.student.username in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "short", "new_password2": "short"},
        **EN,
    )
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    response = client.post(
        form_url, {"new_password1": "Tr3s-bon-mot", "new_password2": "Tr3s-bon-mot"}
    )
    assert response.status_code == 302 and response["Location"] == "/enrol/password/done/"
    assert signs_in(e.student.username, "Tr3s-bon-mot")
    # Used once: the link no longer works.
    assert "no longer works" in client.get(student_link, follow=True, **EN).content.decode()
    assert client.get(guardian_link, follow=True).status_code == 200


# --- Families: history and re-enrolment ------------------------------------------------------


def test_guardian_home_shows_the_years_and_re_enrols_in_one_click(world, slots, texts):
    (e,) = ready(world.paris, slots["tuesday"], 1)
    services.enrolment_register(actor=world["paris"]["manager"], enrolment=e)
    e.guardian.refresh_from_db()
    client = login(e.guardian)
    html = client.get("/", **EN).content.decode()
    assert e.year_label in html and "Re-enrol for" in html
    url = f"/enrol/requests/{e.uuid}/reenrol/"
    assert url in html
    response = client.post(url, follow=True, **EN)
    assert "is sent to the centre" in response.content.decode()
    response = client.post(url, follow=True, **EN)
    assert "already exists" in response.content.decode()
    assert Enrolment.objects.filter(student=e.student).count() == 2
    html = client.get("/", **EN).content.decode()
    assert "Re-enrol for" not in html
    assert f"{e.school_year + 1}-{e.school_year + 2}" in html
    # Another family cannot.
    assert login(world["liege"]["guardian"]).post(url).status_code == 404


def test_manager_home_links_to_the_review_with_counts(world, slots, texts):
    ready(world.paris, slots["tuesday"], 2)
    html = login(world["paris"]["manager"]).get("/", **EN).content.decode()
    assert "/enrol/review/paris/" in html and "2 requests to decide" in html
    assert "/enrol/review/liege/" not in html


def test_the_admin_lists_searches_and_filters_enrolments(world, slots, texts):
    ready(world.paris, slots["tuesday"], 2)
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client = login(world.admin)
    assert client.get("/admin/enrolment/enrolment/?q=eleve1").status_code == 200
    assert client.get("/admin/enrolment/enrolment/?status__exact=pre_registered").status_code == 200
    e = Enrolment.objects.first()
    assert client.get(f"/admin/enrolment/enrolment/{e.pk}/change/").status_code == 200
    assert login(world["paris"]["manager"]).get("/admin/enrolment/enrolment/").status_code == 404


def test_one_seat_left_is_said_in_the_singular(world, slots, texts):
    """Issue 11: "1 seats left" in English; French says "1 place restante"."""
    ready(world.paris, slots["tuesday"], 2)
    for enrolment in Enrolment.objects.all():
        services.enrolment_register(actor=world["paris"]["manager"], enrolment=enrolment)
    html = _public().get("/enrol/paris/", **EN).content.decode()
    assert "1 seat left" in html and "1 seats left" not in html
    french = _public().get("/enrol/paris/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "1 place restante" in french


def test_register_is_disabled_with_its_reason_while_consent_is_missing(world, slots, texts):
    """Issue 11: a Register button that could only lead to a 409 page."""
    (ok,) = ready(world.paris, slots["tuesday"], 1)
    missing = pre_register(
        world.paris, preferred_slot=slots["tuesday"], guardian_email="late@example.org"
    ).enrolment
    html = login(world["paris"]["manager"]).get("/enrol/review/paris/", **EN).content.decode()
    assert f'formaction="/enrol/requests/{ok.uuid}/register/"' in html
    assert f"/enrol/requests/{missing.uuid}/register/" not in html
    assert f'disabled aria-describedby="why-{missing.uuid}"' in html
    assert f'id="why-{missing.uuid}">Waiting for the family' in html


def test_the_request_page_disables_register_too_while_consent_is_missing(world, slots, texts):
    missing = pre_register(
        world.paris, preferred_slot=slots["tuesday"], guardian_email="late@example.org"
    ).enrolment
    (ok,) = ready(world.paris, slots["tuesday"], 1)
    client = login(world["paris"]["manager"])
    html = client.get(f"/enrol/requests/{missing.uuid}/", **EN).content.decode()
    assert f"/enrol/requests/{missing.uuid}/register/" not in html
    assert 'disabled aria-describedby="why-register"' in html
    html = client.get(f"/enrol/requests/{ok.uuid}/", **EN).content.decode()
    assert f"/enrol/requests/{ok.uuid}/register/" in html
