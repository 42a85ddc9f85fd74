"""Prevention internships (issue 17): a partner refers a young person by the internship's link
(a minor with the guardian's consent; twice is one referral), follows only its status; the
centre's staff accept within the places or refuse with a reason (the referrer told by e-mail),
take each day's attendance and log, print certificates, and are reminded to follow up at one
and three months (once each); nobody else sees or changes anything."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail as outbox
from django.utils import timezone

from parcours.core.errors import Conflict, NotFound, ValidationFailed
from parcours.internships import selectors, services
from parcours.internships.models import Internship, Referral
from parcours.notifications.models import Notification
from tests.conftest import assert_error, login
from tests.support.queries import queries_of

pytestmark = pytest.mark.django_db


def internship(world: Any, starts_in: int = 10, capacity: int = 8) -> Internship:
    return services.internship_create(
        actor=world["paris"]["manager"],
        centre=world.paris,
        title="Podcast des vacances",
        theme="Raconter son quartier",
        project_kind="podcast",
        starts_on=timezone.localdate() + dt.timedelta(days=starts_in),
        capacity=capacity,
    )


def young(
    i: Internship, n: int = 0, *, age: int = 15, consent: bool = True, **extra: Any
) -> dict[str, Any]:
    born = i.starts_on.replace(year=i.starts_on.year - age) - dt.timedelta(days=30)
    return {
        "first_name": f"Sami{n}",
        "last_name": "Durand",
        "birth_date": born,
        "guardian_name": "Mme Durand",
        "guardian_contact": "06 00 00 00 00",
        "guardian_consent": consent,
        "referrer_name": "Léa Martin",
        "referrer_organisation": "Service de prévention",
        "referrer_email": "lea@example.org",
        "needs": "",
        **extra,
    }


def test_a_partner_refers_twice_is_one_and_a_minor_needs_the_consent(world: Any) -> None:
    i = internship(world)
    made = services.referral_submit(internship=i, data=young(i))
    again = services.referral_submit(internship=i, data={**young(i), "first_name": "SAMI0"})
    assert made.pk == again.pk and Referral.objects.count() == 1
    assert made.consent_text and made.consent_recorded_at
    with pytest.raises(ValidationFailed) as caught:
        services.referral_submit(internship=i, data=young(i, 1, consent=False))
    assert "guardian_consent" in caught.value.fields
    adult = services.referral_submit(internship=i, data=young(i, 2, age=19, consent=False))
    assert adult.pk and not adult.guardian_consent
    for bad in ({"referrer_email": "nope"}, {"first_name": ""}, {"birth_date": "x"}):
        with pytest.raises(ValidationFailed):
            services.referral_submit(internship=i, data={**young(i, 3), **bad})
    assert Referral.objects.count() == 2
    told = Notification.objects.filter(
        recipient=world["paris"]["manager"], kind="request_to_process"
    )
    assert told.count() == 2


def test_staff_accept_within_the_places_refuse_with_a_reason_referrer_told(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    i = internship(world, capacity=4)
    refs = [services.referral_submit(internship=i, data=young(i, n)) for n in range(6)]
    coach = world["paris"]["coach"]
    with django_capture_on_commit_callbacks(execute=True):
        for r in refs[:4]:
            services.decide(actor=coach, referral=r, accept=True, reason="")
        with pytest.raises(Conflict):
            services.decide(actor=coach, referral=refs[4], accept=True, reason="")
        with pytest.raises(ValidationFailed):
            services.decide(actor=coach, referral=refs[4], accept=False, reason=" ")
        services.decide(actor=coach, referral=refs[4], accept=False, reason="Complet cette fois")
        again = services.decide(actor=coach, referral=refs[0], accept=True, reason="")
    assert again.status == "accepted"
    assert len(outbox.outbox) == 5  # four accepted, one refused; the repeat sends nothing
    assert "Complet cette fois" in outbox.outbox[-1].body
    for who in ("expert", "student", "guardian"):
        with pytest.raises(NotFound):
            services.decide(actor=world["paris"][who], referral=refs[5], accept=True, reason="")
    with pytest.raises(NotFound):
        services.decide(actor=world["liege"]["manager"], referral=refs[5], accept=True, reason="")


def test_days_attendance_and_the_certificate(world: Any) -> None:
    i = internship(world, starts_in=-1)  # started yesterday
    r = services.referral_submit(internship=i, data=young(i))
    other = services.referral_submit(internship=i, data=young(i, 1))
    coach = world["paris"]["coach"]
    r = services.decide(actor=coach, referral=r, accept=True, reason="")
    day = services.day_record(
        actor=coach, internship=i, number=1, present=[r], log="Écoute de podcasts"
    )
    assert list(day.present.all()) == [r]
    services.day_record(actor=coach, internship=i, number=1, present=[r], log="Écoute")
    assert i.day_records.count() == 1
    with pytest.raises(ValidationFailed):  # not accepted
        services.day_record(actor=coach, internship=i, number=2, present=[other], log="")
    with pytest.raises(ValidationFailed):  # not come yet
        services.day_record(actor=coach, internship=i, number=4, present=[r], log="")
    with pytest.raises(ValidationFailed):
        services.day_record(actor=coach, internship=i, number=9, present=[r], log="")
    pdf = login(coach).get(f"/internships/referrals/{r.uuid}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        login(coach).get(f"/internships/referrals/{other.uuid}/certificate.pdf").status_code == 404
    )
    assert (
        login(world["paris"]["student"])
        .get(f"/internships/referrals/{r.uuid}/certificate.pdf")
        .status_code
        == 404
    )


def test_follow_up_reminders_at_one_and_three_months_once_each(world: Any) -> None:
    i = internship(world, starts_in=-40)
    made = Referral.objects.create(
        internship=i,
        first_name="A",
        last_name="B",
        birth_date=dt.date(2010, 1, 1),
        referrer_name="R",
        referrer_organisation="O",
        referrer_email="r@example.org",
        status="accepted",
        tracking_token="t1",
    )
    assert services.remind_follow_ups() == 1
    assert services.remind_follow_ups() == 0
    later = timezone.localdate() + dt.timedelta(days=60)
    assert services.remind_follow_ups(today=later) == 1
    made.refresh_from_db()
    assert made.reminded_1m_at and made.reminded_3m_at
    services.follow_up(
        actor=world["paris"]["coach"], referral=made, outcome="back_to_school", note=""
    )
    assert selectors.figures(world.paris).followed_up == {"back_to_school": 1}


def test_pages_per_role_and_the_partner_sees_only_the_status(world: Any) -> None:
    i = internship(world)
    page = login(None).get(f"/internships/refer/{i.referral_key}/")
    assert page.status_code == 200
    data = young(i)
    data["birth_date"] = data["birth_date"].isoformat()
    sent = login(None).post(f"/internships/refer/{i.referral_key}/", data)
    assert sent.status_code == 302
    status = login(None).get(sent["Location"])
    assert status.status_code == 200 and b"Sami0" not in status.content
    assert login(None).get("/internships/status/nope/").status_code == 404
    assert login(None).get("/internships/refer/nope/").status_code == 404
    bad = login(None).post(f"/internships/refer/{i.referral_key}/", {**data, "referrer_email": "x"})
    assert bad.status_code == 400 and Referral.objects.count() == 1
    for who in ("coach", "manager"):
        assert login(world["paris"][who]).get(f"/internships/{i.uuid}/").status_code == 200
        assert login(world["paris"][who]).get("/internships/centres/paris/").status_code == 200
    for who in ("student", "guardian", "expert"):
        assert login(world["paris"][who]).get(f"/internships/{i.uuid}/").status_code == 404
    assert login(world["liege"]["manager"]).get(f"/internships/{i.uuid}/").status_code == 404
    r = Referral.objects.get()
    accepted = login(world["paris"]["coach"]).post(
        f"/internships/{i.uuid}/", {"action": "accept", "referral": str(r.uuid)}
    )
    assert accepted.status_code == 302
    r.refresh_from_db()
    assert r.status == "accepted"
    planned = login(world["paris"]["coach"]).post("/internships/centres/paris/", {"title": "X"})
    assert planned.status_code == 404 or Internship.objects.count() == 1  # coaches do not plan


def test_the_api(world: Any, api: Any) -> None:
    i = internship(world, starts_in=0)
    data = young(i)
    data["birth_date"] = data["birth_date"].isoformat()
    made = api(None).post(f"/internships/refer/{i.referral_key}", data)
    assert made.status_code == 201, made.content
    again = api(None).post(f"/internships/refer/{i.referral_key}", data)
    assert again.status_code == 201 and Referral.objects.count() == 1
    token_url = made.json()["status_url"]
    token = token_url.rstrip("/").split("/")[-1]
    assert api(None).get(f"/internships/status/{token}").json()["status"] == "pending"
    assert_error(
        api(None).post(
            f"/internships/refer/{i.referral_key}",
            {**data, "guardian_consent": False, "first_name": "Other"},
        ),
        400,
    )
    coach = api(world["paris"]["coach"])
    body = coach.get(f"/internships/{i.uuid}").json()
    rid = body["referrals"][0]["id"]
    assert coach.post(f"/internships/referrals/{rid}/decision", {"accept": True}).status_code == 200
    assert (
        coach.put(f"/internships/{i.uuid}/days/1", {"present": [rid], "log": "Jour 1"}).status_code
        == 204
    )
    assert coach.get(f"/internships/{i.uuid}").json()["referrals"][0]["days_present"] == 1
    assert_error(coach.put(f"/internships/{i.uuid}/days/3", {"present": [rid]}), 400)
    assert_error(api(world["paris"]["student"]).get(f"/internships/{i.uuid}"), 404)
    assert_error(api(world["liege"]["coach"]).get("/internships/centres/paris"), 404)


def test_query_counts_do_not_grow_with_the_referrals(world: Any) -> None:
    i = internship(world, starts_in=-1)
    coach = world["paris"]["coach"]
    client = login(coach)
    urls = (f"/internships/{i.uuid}/", "/internships/centres/paris/")
    counts = []
    for size in (2, 12):
        for n in range(size):
            r = services.referral_submit(internship=i, data=young(i, 100 * size + n))
            if n < 4:
                services.decide(actor=coach, referral=r, accept=True, reason="")
        for url in urls:
            client.get(url)
        counts.append(tuple(queries_of(client, url) for url in urls))
    assert counts[0] == counts[1], counts
