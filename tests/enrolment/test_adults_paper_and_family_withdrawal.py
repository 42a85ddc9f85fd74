"""Three capabilities of enrolment and consent, end to end (service, page, API, roles):

- the centre's managers record consent forms signed on paper, and their withdrawal;
- a student of 18 or over gives their own consents (the link goes to their own email);
- the family withdraws its own request before the centre decides it.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone, translation
from tests.conftest import Api, assert_error, login
from tests.enrolment.conftest import pre_register, ready

from parcours.consents.models import ConsentRecord
from parcours.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from parcours.enrolment import services
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.people.models import User

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _born(age: int) -> dt.date:
    """A birth date giving ``age`` today (and 12-18 on the last 1 September)."""
    today = timezone.localdate()
    return today.replace(year=today.year - age, day=min(today.day, 28)) - dt.timedelta(days=10)


def _link(mail) -> str:
    return re.search(r"http://testserver(/enrol/consent/\S+/)", mail.body).group(1)


def _signed_in(e: Enrolment) -> Enrolment:
    """The family's accounts are active (as once a first child was registered)."""
    User.objects.filter(pk__in=[e.student_id, e.guardian_id]).update(is_active=True)
    e.refresh_from_db()
    return e


def _paper(**changes):
    data = {
        "paper-kind": "image_use",
        "paper-language": "en",
        "paper-signed_on": timezone.localdate().isoformat(),
        "paper-signer": "guardian",
        "paper-signed_by_name": "Sonia Martin",
    }
    data.update(changes)
    return data


# --- Paper consent ---------------------------------------------------------------------------


def test_a_manager_records_a_paper_consent_from_the_request_page(world, slots, texts):
    e = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    client = login(world["paris"]["manager"])
    page = client.get(f"/enrol/requests/{e.uuid}/", **EN).content.decode()
    assert "Record a consent signed on paper" in page
    url = f"/enrol/requests/{e.uuid}/paper-consent/"
    response = client.post(url, _paper(**{"paper-kind": "enrolment"}), follow=True, **EN)
    html = response.content.decode()
    assert response.status_code == 200 and "paper consent" in html
    record = ConsentRecord.objects.get(student=e.student)
    assert record.method == "paper" and record.text == texts[("enrolment", "en")]
    assert record.recorded_by == world["paris"]["manager"]
    assert "signed paper form" in html and "Sonia Martin" in html
    # Registering no longer waits for the emailed link.
    assert not services.needs_consent(e)
    # The same form again changes nothing.
    response = client.post(url, _paper(**{"paper-kind": "enrolment"}), follow=True, **EN)
    assert "already in force" in response.content.decode()
    assert ConsentRecord.objects.filter(student=e.student).count() == 1
    # A withdrawal signed on paper.
    response = client.post(
        f"/enrol/requests/{e.uuid}/paper-withdrawal/",
        {
            "withdrawal-kind": "enrolment",
            "withdrawal-signed_on": timezone.localdate().isoformat(),
            "withdrawal-signer": "guardian",
            "withdrawal-signed_by_name": "Sonia Martin",
        },
        follow=True,
        **EN,
    )
    assert "withdrawal (" in response.content.decode()
    record.refresh_from_db()
    assert not record.active and record.withdrawal_method == "paper"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"paper-signed_on": "2999-01-01"}, "cannot be signed in the future"),
        ({"paper-signer": "student"}, "a parent or guardian signs the form"),
        ({"paper-signed_by_name": ""}, "name as it is written"),
        ({"paper-signed_on": "yesterday"}, "valid date"),
        ({"paper-kind": "everything"}, "valid choice"),
    ],
)
def test_bad_paper_input_is_shown_on_the_page_and_changes_nothing(
    world, slots, texts, changes, message
):
    e = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    response = login(world["paris"]["manager"]).post(
        f"/enrol/requests/{e.uuid}/paper-consent/", _paper(**changes), **EN
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_paper_forms_by_role_on_the_pages(world, slots, texts):
    e = _signed_in(pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment)
    url = f"/enrol/requests/{e.uuid}/paper-consent/"
    for who, status in (
        (world["paris"]["coach"], 404),
        (world["paris"]["expert"], 404),
        (world["liege"]["manager"], 404),
        (e.guardian, 403),  # sees the request, records no paper form
        (None, 302),  # to sign in
    ):
        assert login(who).post(url, _paper()).status_code == status
    assert not ConsentRecord.objects.exists()
    assert login(world.admin).post(url, _paper()).status_code == 302
    assert ConsentRecord.objects.count() == 1


def test_paper_consent_over_the_api(world, slots, texts):
    e = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    body = {
        "kind": "image_use",
        "signed_on": timezone.localdate().isoformat(),
        "signer": "guardian",
        "signed_by_name": "Sonia Martin",
        "language": "fr",
    }
    path = f"/enrolments/{e.uuid}/consents/paper"
    manager = Api(world["paris"]["manager"])
    response = manager.post(path, body)
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["method"] == "paper" and out["signed_by"] == "Sonia Martin"
    assert out["recorded_by"] == world["paris"]["manager"].get_full_name()
    assert out["text_version"] == 1 and out["text_language"] == "fr" and out["active"]
    again = manager.post(path, body)
    assert again.status_code == 200 and again.json()["uuid"] == out["uuid"]
    listed = manager.get(f"/enrolments/{e.uuid}/consents").json()
    assert [(c["kind"], c["method"]) for c in listed] == [("image_use", "paper")]
    # Bad input: a clear 4xx in the one error format, nothing changes.
    assert_error(manager.post(path, {**body, "kind": "everything"}), 422, "invalid")
    error = assert_error(
        manager.post(path, {**body, "kind": "enrolment", "signed_on": "2999-01-01"}), 400
    )
    assert "signed_on" in error["fields"] and "future" in error["message"]
    withdraw = f"/enrolments/{e.uuid}/consents/paper-withdrawal"
    w_body = {k: body[k] for k in ("signed_on", "signer", "signed_by_name")}
    assert_error(
        manager.post(withdraw, {**w_body, "kind": "public_display"}), 409, "nothing_to_withdraw"
    )
    response = manager.post(withdraw, {**w_body, "kind": "image_use"})
    assert response.status_code == 200 and not response.json()["active"]
    assert response.json()["withdrawal_method"] == "paper"
    assert manager.post(withdraw, {**w_body, "kind": "image_use"}).status_code == 200
    assert ConsentRecord.objects.filter(student=e.student).count() == 1
    # By role.
    assert_error(Api(world["paris"]["coach"]).post(path, body), 404, "not_found")
    assert_error(Api(world["liege"]["manager"]).post(path, body), 404, "not_found")
    assert_error(Api(world["paris"]["coach"]).get(f"/enrolments/{e.uuid}/consents"), 404)
    assert_error(Api(None).post(path, body), 401)


# --- Adults consent for themselves -----------------------------------------------------------


def test_an_adults_consent_request_goes_to_their_own_email(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = pre_register(
            world.paris,
            preferred_slot=slots["tuesday"],
            birth_date=_born(18),
            student_email="Lea.Adult@Example.org",
            language="en",
        )
    e = result.enrolment
    assert result.consent_email_sent
    (mail,) = mailoutbox
    assert mail.to == ["lea.adult@example.org"] and "you give your own consent" in mail.body
    assert e.student.email == "lea.adult@example.org"
    link = _link(mail)
    client = Client()
    page = client.get(link).content.decode()
    assert "Your consent" in page
    response = client.post(
        link,
        {
            "enrolment": "on",
            "text_enrolment": texts[("enrolment", "en")].uuid,
            "image_use": "on",
            "text_image_use": texts[("image_use", "en")].uuid,
        },
    )
    assert response.status_code == 302
    records = ConsentRecord.objects.filter(student=e.student)
    assert {r.kind for r in records} == {"enrolment", "image_use"}
    assert all(r.given_by == e.student and r.method == "online" for r in records)
    # A guardian cannot consent for an adult, even with the request in hand.
    with pytest.raises(ValidationFailed):
        services.consents_accept(
            enrolment=e,
            given_by=e.guardian,
            accepted={"public_display": texts[("public_display", "en")].uuid},
        )
    # Once registered, the adult withdraws image use from "My data" (linked from their home),
    # and comes back to it.
    services.enrolment_register(actor=world["paris"]["manager"], enrolment=e)
    e.student.refresh_from_db()
    home = login(e.student)
    assert 'href="/privacy/"' in home.get("/", **EN).content.decode()
    html = home.get("/privacy/", **EN).content.decode()
    image = records.get(kind="image_use")
    assert f"/consents/{image.uuid}/withdraw/" in html
    back = home.post(f"/consents/{image.uuid}/withdraw/", {"next": "/privacy/"})
    assert back.status_code == 302 and back["Location"] == "/privacy/"
    assert records.get(kind="enrolment").active
    image.refresh_from_db()
    assert not image.active and image.withdrawn_by == e.student


def test_an_adult_must_give_their_own_email_and_nothing_is_created_without(world, slots):
    users = User.objects.count()
    with pytest.raises(ValidationFailed) as err:
        pre_register(world.paris, preferred_slot=slots["tuesday"], birth_date=_born(18))
    assert "student_email" in err.value.fields
    with pytest.raises(ValidationFailed) as err:
        pre_register(
            world.paris,
            preferred_slot=slots["tuesday"],
            birth_date=_born(18),
            student_email="not an email",
        )
    assert "student_email" in err.value.fields
    assert User.objects.count() == users and not Enrolment.objects.exists()
    form = {
        "filled_by": "student",
        "student_first_name": "Léa",
        "student_last_name": "Martin",
        "birth_date": _born(18).isoformat(),
        "school": "Lycée",
        "grade": "Terminale",
        "gender": "female",
        "postcode": "75019",
        "guardian_first_name": "Sonia",
        "guardian_last_name": "Martin",
        "guardian_email": "sonia@example.org",
        "guardian_phone": "06 12 34 56 78",
        "language": "en",
        "preferred_slot": slots["tuesday"].pk,
    }
    response = Client().post(f"/enrol/{world.paris.slug}/", form, **EN)
    assert response.status_code == 400
    assert "gives their own consent" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_a_seventeen_year_old_still_needs_the_guardian(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        e = pre_register(
            world.paris,
            preferred_slot=slots["tuesday"],
            birth_date=_born(17),
            student_email="teen@example.org",  # not kept for a minor
        ).enrolment
    (mail,) = mailoutbox
    assert mail.to == ["sonia.martin@example.org"]
    assert e.student.email == ""
    assert services.consenter(e) == e.guardian
    with pytest.raises(ValidationFailed):
        services.consents_accept(
            enrolment=e,
            given_by=e.student,
            accepted={"enrolment": texts[("enrolment", "fr")].uuid},
        )
    with pytest.raises(services.ConsentMissing):
        services.enrolment_register(actor=world["paris"]["manager"], enrolment=e)
    services.consents_accept(
        enrolment=e, given_by=e.guardian, accepted={"enrolment": texts[("enrolment", "fr")].uuid}
    )
    assert services.enrolment_register(actor=world["paris"]["manager"], enrolment=e).outcome


def test_an_adult_without_email_is_told_to_sign_on_paper(world, slots, texts):
    e = pre_register(
        world.paris,
        preferred_slot=slots["tuesday"],
        birth_date=_born(18),
        student_email="adult@example.org",
    ).enrolment
    User.objects.filter(pk=e.student_id).update(email="")
    e.refresh_from_db()
    with pytest.raises(Conflict, match="paper"), translation.override("en"):
        services.consent_request_resend(actor=world["paris"]["manager"], enrolment=e)


def test_the_adults_email_over_the_api(world, slots, texts, api, mailoutbox):
    body = {
        "centre": world.paris.slug,
        "filled_by": "student",
        "student_first_name": "Léa",
        "student_last_name": "Martin",
        "birth_date": _born(18).isoformat(),
        "school": "Lycée",
        "grade": "Terminale",
        "postcode": "75019",
        "preferred_slot": str(slots["tuesday"].uuid),
        "guardian_first_name": "Sonia",
        "guardian_last_name": "Martin",
        "guardian_email": "sonia@example.org",
        "guardian_phone": "06 12 34 56 78",
    }
    error = assert_error(api(None).post("/enrolments/pre-register", body), 400, "invalid")
    assert "student_email" in error["fields"]
    response = api(None).post(
        "/enrolments/pre-register", {**body, "student_email": "lea@example.org"}
    )
    assert response.status_code == 201


# --- The family withdraws its request --------------------------------------------------------


def test_the_family_withdraws_a_pending_request_once(world, slots, texts):
    e = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    decision = services.enrolment_withdraw_by_family(actor=e.guardian, enrolment=e)
    assert decision.outcome == "withdrawn"
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.WITHDRAWN and e.withdrawn_by == "guardian"
    assert e.withdrawn_by_family and e.decided_by == e.guardian
    stamp = e.decided_at
    again = services.enrolment_withdraw_by_family(actor=e.student, enrolment=e)
    assert again.outcome == "already"
    e.refresh_from_db()
    assert e.decided_at == stamp and e.withdrawn_by == "guardian"
    # The consent link says the request is closed.
    with pytest.raises(Conflict):
        services.consents_accept(
            enrolment=e,
            given_by=e.guardian,
            accepted={"enrolment": texts[("enrolment", "fr")].uuid},
        )


def test_the_student_withdraws_from_the_waiting_list_freeing_no_seat(world, slots, texts):
    manager = world["paris"]["manager"]
    rows = ready(world.paris, slots["tuesday"], 5)  # 3 seats: 2 on the waiting list
    for e in rows:
        services.enrolment_register(actor=manager, enrolment=e)
    waiting = Enrolment.objects.get(pk=rows[3].pk)
    assert waiting.status == EnrolmentStatus.WAITING_LIST
    services.enrolment_withdraw_by_family(actor=waiting.student, enrolment=waiting)
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.WITHDRAWN and waiting.withdrawn_by == "student"
    assert waiting.waiting_since is None
    statuses = [Enrolment.objects.get(pk=e.pk).status for e in rows]
    assert statuses == ["registered"] * 3 + ["withdrawn", "waiting_list"]
    # A registered (processed) request cannot be withdrawn this way; nor a refused one.
    with pytest.raises(Conflict):
        services.enrolment_withdraw_by_family(actor=rows[0].guardian, enrolment=rows[0])
    services.enrolment_refuse(actor=manager, enrolment=rows[4], reason="Too far")
    with pytest.raises(Conflict):
        services.enrolment_withdraw_by_family(actor=rows[4].guardian, enrolment=rows[4])
    assert Enrolment.objects.get(pk=rows[0].pk).status == "registered"
    assert Enrolment.objects.get(pk=rows[4].pk).status == "refused"


def test_only_the_family_withdraws_its_request(world, slots, texts):
    e = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    with pytest.raises(Forbidden):  # sees it, but staff withdraw with their own action
        services.enrolment_withdraw_by_family(actor=world["paris"]["manager"], enrolment=e)
    for stranger in (
        world["paris"]["coach"],
        world["liege"]["guardian"],
        world["paris"]["guardian"],
        world["paris"]["student"],
    ):
        with pytest.raises(NotFound):
            services.enrolment_withdraw_by_family(actor=stranger, enrolment=e)
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.PRE_REGISTERED


def test_the_family_withdraws_from_home_with_a_confirmation(world, slots, texts):
    e = _signed_in(pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment)
    client = login(e.guardian)
    url = f"/enrol/requests/{e.uuid}/cancel/"
    assert url in client.get("/", **EN).content.decode()
    page = client.get(url, **EN)
    assert page.status_code == 200 and "Yes, withdraw the request" in page.content.decode()
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.PRE_REGISTERED  # nothing before confirming
    response = client.post(url, follow=True, **EN)
    assert "is withdrawn" in response.content.decode()
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.WITHDRAWN and e.withdrawn_by == "guardian"
    assert url not in client.get("/", **EN).content.decode()
    # The staff see who withdrew it.
    review = login(world["paris"]["manager"]).get(
        f"/enrol/review/{world.paris.slug}/?status=withdrawn", **EN
    )
    assert "by the family" in review.content.decode()
    detail = login(world["paris"]["manager"]).get(f"/enrol/requests/{e.uuid}/", **EN)
    assert "by the family" in detail.content.decode()
    # Others: 404; the manager sees it but cannot withdraw it this way: 403.
    assert login(world["liege"]["guardian"]).get(url).status_code == 404
    assert login(world["paris"]["coach"]).post(url).status_code == 404
    assert login(world["paris"]["manager"]).get(url).status_code == 403


def test_the_student_withdraws_their_own_request_from_home(world, slots, texts):
    e = _signed_in(pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment)
    client = login(e.student)
    url = f"/enrol/requests/{e.uuid}/cancel/"
    assert url in client.get("/", **EN).content.decode()
    client.post(url)
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.WITHDRAWN and e.withdrawn_by == "student"


def test_a_processed_request_is_not_withdrawn_from_the_page(world, slots, texts):
    (e,) = ready(world.paris, slots["tuesday"], 1)
    services.enrolment_register(actor=world["paris"]["manager"], enrolment=e)
    e = _signed_in(e)
    client = login(e.guardian)
    url = f"/enrol/requests/{e.uuid}/cancel/"
    assert "already processed" in client.get(url, **EN).content.decode()
    response = client.post(url, **EN)
    assert response.status_code == 409 and "contact it" in response.content.decode()
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.REGISTERED


def test_the_family_withdraws_from_the_emailed_link(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        e = pre_register(world.paris, preferred_slot=slots["tuesday"], language="en").enrolment
    link = _link(mailoutbox[0])
    client = Client()
    assert f"{link}withdraw/" in client.get(link).content.decode()
    page = client.get(f"{link}withdraw/")
    assert page.status_code == 200 and "Yes, withdraw the request" in page.content.decode()
    response = client.post(f"{link}withdraw/", follow=True)
    assert "is withdrawn" in response.content.decode()
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.WITHDRAWN and e.withdrawn_by == "guardian"
    assert client.post(f"{link}withdraw/").status_code == 302  # again: nothing more
    assert "withdraw/" not in client.get(link).content.decode()
    assert Client().get("/enrol/consent/nonsense/withdraw/").status_code == 404


def test_the_family_withdraws_over_the_api(world, slots, texts):
    e = _signed_in(pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment)
    path = f"/me/enrolments/{e.uuid}/withdraw"
    assert_error(Api(world["paris"]["manager"]).post(path), 403, "family_only")
    assert_error(Api(world["paris"]["coach"]).post(path), 404, "not_found")
    assert_error(Api(world["liege"]["guardian"]).post(path), 404, "not_found")
    assert_error(Api(None).post(path), 401)
    family = Api(e.guardian)
    response = family.post(path)
    assert response.status_code == 200, response.content
    out = response.json()
    assert out["outcome"] == "withdrawn" and out["enrolment"]["status"] == "withdrawn"
    assert out["enrolment"]["withdrawn_by"] == "guardian"
    assert family.post(path).json()["outcome"] == "already"
    (done,) = ready(world.paris, slots["tuesday"], 1, student_first_name="Nina")
    services.enrolment_register(actor=world["paris"]["manager"], enrolment=done)
    done = _signed_in(done)
    error = assert_error(
        Api(done.guardian).post(f"/me/enrolments/{done.uuid}/withdraw"), 409, "already_registered"
    )
    assert "registered" in error["message"]
    done.refresh_from_db()
    assert done.status == EnrolmentStatus.REGISTERED


def test_staff_withdrawal_is_marked_as_the_staffs(world, slots, texts):
    e = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    services.enrolment_withdraw(actor=world["paris"]["manager"], enrolment=e)
    e.refresh_from_db()
    assert e.withdrawn_by == "staff" and not e.withdrawn_by_family
