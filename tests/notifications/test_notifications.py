from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation

from parcours.core.errors import NotFound, ValidationFailed
from parcours.notifications import selectors, services
from parcours.notifications.choices import Kind
from parcours.notifications.models import Notification
from tests.conftest import assert_error, login


@pytest.fixture
def paris(world):
    for person in world["paris"].values():
        person.email = f"{person.username}@example.org"
        person.save()
    return world["paris"]


def _returned(student, **extra):
    return services.notify(
        recipients=[student],
        kind=Kind.PROJECT_RETURNED,
        params={"activity": "Mon jeu", "comment": "Ajoute un son"},
        url="/learn/",
        **extra,
    )


def test_an_event_is_told_once_and_e_mailed_at_once_by_default(
    paris, django_capture_on_commit_callbacks
):
    student = paris["student"]
    with django_capture_on_commit_callbacks(execute=True):
        first = _returned(student, dedupe_key="submission-1")
        again = _returned(student, dedupe_key="submission-1")
    assert len(first) == 1 and again == []
    assert Notification.objects.filter(recipient=student).count() == 1
    (message,) = mail.outbox
    assert message.to == [student.email]
    assert "Mon jeu" in message.body and "/learn/" in message.body
    assert Notification.objects.get().emailed_at is not None


def test_the_text_is_read_in_the_readers_language(paris):

    (note,) = _returned(paris["student"])
    with translation.override("en"):
        assert selectors.text_of(note) == "“Mon jeu” was returned with comments: Ajoute un son"
    with translation.override("fr"):
        assert "Mon jeu" in selectors.text_of(note) and "was returned" not in selectors.text_of(
            note
        )


def test_already_emailed_events_and_never_choices_send_no_more_mail(
    paris, django_capture_on_commit_callbacks
):
    student, guardian = paris["student"], paris["guardian"]
    services.settings_update(actor=guardian, modes={"learning": "never"})
    with django_capture_on_commit_callbacks(execute=True):
        _returned(guardian)
        services.notify(
            recipients=[student],
            kind=Kind.LAB_OFFER,
            params={"lab": "Lab jeux", "deadline": "05/12/2026 18:00"},
            already_emailed=True,
        )
    assert mail.outbox == []
    assert Notification.objects.filter(recipient__in=[student, guardian]).count() == 2


def test_daily_digest_gathers_once_a_day_and_never_twice(paris, django_capture_on_commit_callbacks):
    coach = paris["coach"]  # staff work comes once a day by default
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            services.notify(
                recipients=[coach],
                kind=Kind.REVIEW_WAITING,
                params={"student": f"Élève {n}", "activity": "Affiche"},
                url="/learn/reviews/",
            )
        assert mail.outbox == []
        assert services.digests_send(now=now) == 1
        assert services.digests_send(now=now + dt.timedelta(hours=1)) == 0  # nothing new
        services.notify(
            recipients=[coach], kind=Kind.REVIEW_WAITING, params={"student": "X", "activity": "Y"}
        )
        assert services.digests_send(now=now + dt.timedelta(hours=2)) == 0  # not a day yet
        assert services.digests_send(now=now + dt.timedelta(hours=21)) == 1
    assert len(mail.outbox) == 2
    assert mail.outbox[0].body.count("Affiche") == 3


def test_links_stay_on_this_site_and_bad_choices_change_nothing(paris):
    for url in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        with pytest.raises(ValidationFailed):
            services.notify(recipients=[paris["student"]], kind=Kind.OTHER, url=url)
    with pytest.raises(ValidationFailed):
        services.settings_update(actor=paris["student"], modes={"labs": "hourly"})
    with pytest.raises(ValidationFailed):
        services.settings_update(actor=paris["student"], modes={"nope": "never"})
    assert not Notification.objects.exists()
    assert [m.mode for m in selectors.modes_of(user=paris["student"])][:2] == [
        "immediately",
        "immediately",
    ]


def test_inactive_and_missing_recipients_are_skipped(paris):
    other = paris["other_student"]
    other.is_active = False
    other.save()
    assert services.notify(recipients=[other, None, paris["student"]], kind=Kind.OTHER)
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [
        paris["student"].pk
    ]


def test_nobody_reads_or_marks_another_persons_notification(paris, world, api):
    (note,) = _returned(paris["student"])
    for intruder in (paris["guardian"], paris["coach"], paris["manager"], world.admin):
        with pytest.raises(NotFound):
            services.mark_read(actor=intruder, uuid=note.uuid)
        assert login(intruder).get(f"/notifications/{note.uuid}/").status_code == 404
        assert_error(api(intruder).post(f"/me/notifications/{note.uuid}/read"), 404, "not_found")
        assert api(intruder).get("/me/notifications").json()["count"] == 0
        assert note.uuid.hex not in login(intruder).get("/notifications/").content.decode()
    note.refresh_from_db()
    assert note.read_at is None
    assert login(None).get("/notifications/").status_code == 302
    assert_error(api(None).get("/me/notifications"), 401, "unauthenticated")


def test_opening_marks_read_and_goes_where_to_act(paris):
    (note,) = _returned(paris["student"])
    client = login(paris["student"])
    page = client.get("/notifications/")
    assert page.status_code == 200 and "Mon jeu" in page.content.decode()
    response = client.get(f"/notifications/{note.uuid}/")
    assert response.status_code == 302 and response["Location"] == "/learn/"
    note.refresh_from_db()
    assert note.read_at is not None
    first_read = note.read_at
    client.get(f"/notifications/{note.uuid}/")
    note.refresh_from_db()
    assert note.read_at == first_read  # reading again changes nothing


def test_the_api_lists_counts_and_marks_read(paris, api):
    _returned(paris["student"])
    services.notify(recipients=[paris["student"]], kind=Kind.OTHER, params={"text": "Salut"})
    client = api(paris["student"])
    body = client.get("/me/notifications?limit=1").json()
    assert body["count"] == 2 and len(body["items"]) == 1
    assert body["items"][0]["text"] == "Salut"  # newest first
    assert client.get("/me/notifications/count").json() == {"unread": 2}
    assert client.post("/me/notifications/read-all").json() == {"marked": 2}
    assert client.post("/me/notifications/read-all").json() == {"marked": 0}
    assert client.get("/me/notifications?unread=true").json()["count"] == 0
    assert_error(client.get("/me/notifications?limit=0"), 422, "invalid")
    assert_error(client.post("/me/notifications/not-a-uuid/read"), 422, "invalid")


def test_the_e_mail_choices_page_and_api(paris, api):
    client = login(paris["guardian"])
    assert client.get("/notifications/settings/").status_code == 200
    bad = client.post("/notifications/settings/", {"learning": "hourly"})
    assert bad.status_code == 400
    ok = client.post(
        "/notifications/settings/",
        {
            "learning": "daily",
            "labs": "never",
            "attendance": "immediately",
            "family": "immediately",
            "work": "daily",
        },
    )
    assert ok.status_code == 302
    modes = {m.category: m.mode for m in selectors.modes_of(user=paris["guardian"])}
    assert modes["learning"] == "daily" and modes["labs"] == "never"
    a = api(paris["guardian"])
    assert_error(a.put("/me/notification-settings", {"modes": {"labs": "sometimes"}}), 422)
    put = a.put("/me/notification-settings", {"modes": {"labs": "daily"}})
    assert {m["category"]: m["mode"] for m in put.json()}["labs"] == "daily"


def test_pruning_keeps_unread_and_recent(paris):
    old, recent, unread_old = (_returned(paris["student"])[0] for _ in range(3))
    long_ago = timezone.now() - dt.timedelta(days=200)
    Notification.objects.filter(pk__in=[old.pk, unread_old.pk]).update(created_at=long_ago)
    Notification.objects.filter(pk__in=[old.pk, recent.pk]).update(read_at=timezone.now())
    assert services.prune() == 1
    assert set(Notification.objects.values_list("pk", flat=True)) == {recent.pk, unread_old.pk}


@pytest.mark.parametrize("size", [3, 40])
def test_the_inbox_query_count_does_not_grow_with_the_notifications(
    paris, size, django_assert_max_num_queries
):
    for n in range(size):
        services.notify(recipients=[paris["student"]], kind=Kind.OTHER, params={"text": f"n{n}"})
    client = login(paris["student"])
    client.get("/notifications/")  # warm the session
    with django_assert_max_num_queries(12):
        assert client.get("/notifications/").status_code == 200
