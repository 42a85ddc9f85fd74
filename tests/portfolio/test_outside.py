"""Works made outside an activity (issue 16): the student sends one with its file; it counts
only once a coach of theirs (or a manager of the centre) approves it, like a project; then it
is a work of the portfolio like the others (described, shown, public with the consent, in
exhibitions). Changes asked: a new file, reviewed again. Nobody else sees it, reviews it, or
reviews it twice; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from parcours.catalogue.models import FocusArea
from parcours.catalogue.seeding import load_shipped_catalogue
from parcours.core.errors import Conflict, NotFound, ValidationFailed
from parcours.notifications.models import Notification
from parcours.people.models import Role, User
from parcours.portfolio import selectors, services
from parcours.portfolio.models import PersonalWork, Work
from tests.factories import CentreFactory, UserFactory, member, offer, student
from tests.learning.conftest import PNG
from tests.portfolio.test_portfolio import consent, signed_in
from tests.support.queries import queries_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def png(name: str = "fanart.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def family():  # type: ignore[no-untyped-def]
    if not FocusArea.objects.exists():  # a transactional test flushed the data migration
        load_shipped_catalogue(apps)
    centre = CentreFactory()
    offer(centre, "drawing")
    coach = member(Role.COACH, centre)
    parent = UserFactory()
    parent.memberships.create(centre=centre, role=Role.GUARDIAN)
    ines = student(centre, coach=coach, guardian=parent)
    return centre, coach, parent, ines


def send(client: Client, **extra: object):  # type: ignore[no-untyped-def]
    data = {
        "title": "Fan art",
        "focus_area": "drawing",
        "made_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
        "note": "Made at home",
        "file": png(),
        **extra,
    }
    return client.post("/portfolio/outside/new/", data)


def test_sent_reviewed_by_her_coach_then_a_work_of_her_portfolio():
    _centre, coach, parent, ines = family()
    client = signed_in(ines)
    assert client.get("/portfolio/outside/new/").status_code == 200
    answer = send(client, send_key="k1")
    assert answer.status_code == 302 and answer["Location"] == "/portfolio/#outside"
    assert send(client, send_key="k1").status_code == 302  # the form sent twice
    work = PersonalWork.objects.get()
    assert (work.status, work.title, work.focus_area.slug) == ("submitted", "Fan art", "drawing")
    mine = client.get("/portfolio/")
    assert b"waiting for review" in mine.content and b"Fan art" in mine.content
    assert selectors.items_of(ines.pk) == []  # it does not count yet
    assert b"Fan art" in signed_in(parent).get("/portfolio/").content  # the family follows

    # her coach finds it in the queue and opens it with its file
    reviewer = signed_in(coach)
    assert b"Fan art" in reviewer.get("/portfolio/reviews/").content
    assert reviewer.get(f"/portfolio/outside/{work.uuid}/").status_code == 200
    assert reviewer.get(f"/portfolio/works/{work.uuid}/file").status_code == 200
    refused = reviewer.post(f"/portfolio/outside/{work.uuid}/", {"decision": "changes"})
    assert refused.status_code == 400 and b"Say what to change" in refused.content
    work.refresh_from_db()
    assert work.status == "submitted"  # unchanged
    asked = reviewer.post(
        f"/portfolio/outside/{work.uuid}/", {"decision": "changes", "comment": "Sign it"}
    )
    assert asked.status_code == 302
    work.refresh_from_db()
    assert (work.status, work.comment, work.reviewer) == ("changes", "Sign it", coach)
    told = Notification.objects.get(recipient=ines)
    assert told.kind == "project_returned" and told.params["activity"] == "Fan art"

    # a new file, reviewed again, approved: a work of the portfolio
    again = client.post(f"/portfolio/outside/{work.uuid}/", {"file": png("signed.png")})
    assert again.status_code == 302
    work.refresh_from_db()
    assert (work.status, work.original_name) == ("submitted", "signed.png")
    approved = reviewer.post(f"/portfolio/outside/{work.uuid}/", {"decision": "approved"})
    assert approved.status_code == 302
    twice = reviewer.post(
        f"/portfolio/outside/{work.uuid}/", {"decision": "changes", "comment": "x"}
    )
    assert twice.status_code == 302  # already reviewed: told, nothing changes
    work.refresh_from_db()
    assert work.status == "approved"
    items = selectors.items_of(ines.pk)
    assert [i.uuid for i in items] == [work.uuid] and items[0].outside
    page = client.get("/portfolio/")
    assert f'href="/portfolio/works/{work.uuid}/"'.encode() in page.content  # to describe
    assert b"Made outside an activity" in page.content

    # then like any work: described, public with the consent, on the public page
    consent(ines, parent)
    saved = client.patch(
        f"/api/me/portfolio/works/{work.uuid}",
        {"visibility": "public", "description": "My fox"},
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()["focus_area"] == "drawing"
    assert Work.objects.filter(personal=work).count() == 1
    assert selectors.own_item(user=ines, uuid=work.uuid).title == "Fan art"  # its own title
    slug = client.patch(
        "/api/me/portfolio/page", {"published": True}, content_type="application/json"
    ).json()["slug"]
    public = Client().get(f"/p/{slug}/")
    assert b"Fan art" in public.content and b"My fox" in public.content
    assert Client().get(f"/p/{slug}/{work.uuid}/file").status_code == 200


def test_nobody_else_sees_or_reviews_it():
    centre, coach, parent, ines = family()
    work = services.outside_send(
        actor=ines,
        data=services.OutsideFields(title="Mine", made_on=timezone.localdate()),
        upload=png(),
    )
    other_coach = member(Role.COACH, centre)  # of the centre, not hers
    expert = member(Role.EXPERT, centre)
    stranger_parent = member(Role.GUARDIAN, centre)
    other_manager = member(Role.MANAGER, CentreFactory())
    for outsider in (other_coach, expert, stranger_parent, other_manager, student(centre)):
        client = signed_in(outsider)
        assert client.get(f"/portfolio/outside/{work.uuid}/").status_code == 404
        assert client.get(f"/portfolio/works/{work.uuid}/file").status_code == 404
        assert b"Mine" not in client.get("/portfolio/reviews/").content
        api = client.post(
            f"/api/portfolio/reviews/{work.uuid}",
            {"decision": "approved"},
            content_type="application/json",
        )
        assert api.status_code == 404 and "error" in api.json()
        with pytest.raises(NotFound):
            services.outside_review(actor=outsider, work=work, decision="approved")
    # the family reads, does not review; the student does not review her own
    assert signed_in(parent).get(f"/portfolio/outside/{work.uuid}/").status_code == 200
    for own in (ines, parent):
        api = signed_in(own).post(
            f"/api/portfolio/reviews/{work.uuid}",
            {"decision": "approved"},
            content_type="application/json",
        )
        assert api.status_code == 404
    # a manager of the centre reviews, through the API
    manager = member(Role.MANAGER, centre)
    queue = signed_in(manager).get("/api/portfolio/reviews").json()
    assert [w["id"] for w in queue] == [str(work.uuid)]
    done = signed_in(manager).post(
        f"/api/portfolio/reviews/{work.uuid}",
        {"decision": "approved"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "approved"
    again = signed_in(coach).post(
        f"/api/portfolio/reviews/{work.uuid}",
        {"decision": "changes", "comment": "late"},
        content_type="application/json",
    )
    assert again.status_code == 409 and "error" in again.json()
    # only a student sends
    assert signed_in(parent).get("/portfolio/outside/new/").status_code == 404
    with pytest.raises(ValidationFailed):
        services.outside_send(
            actor=parent,
            data=services.OutsideFields(title="x", made_on=timezone.localdate()),
            upload=png(),
        )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"made_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat()}, "made_on"),
        ({"made_on": "not a date"}, "made_on"),
        ({"focus_area": "robotics"}, "focus_area"),  # not offered by her centre
        ({"file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00")}, "file"),
        ({"file": SimpleUploadedFile("p.png", b"not a picture")}, "file"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(fields, field):
    _centre, _coach, _parent, ines = family()
    answer = send(signed_in(ines), **fields)
    assert answer.status_code == 400
    assert field in answer.context["form"].errors
    assert not PersonalWork.objects.exists()


def test_the_api_sends_once_per_key_and_refuses_bad_input_in_its_format():
    _centre, coach, _parent, ines = family()
    client = signed_in(ines)
    body = {
        "title": "Fan art",
        "made_on": timezone.localdate().isoformat(),
        "focus_area": "drawing",
    }
    first = client.post(
        "/api/me/portfolio/outside", {**body, "file": png()}, HTTP_IDEMPOTENCY_KEY="abc"
    )
    assert first.status_code == 201, first.content
    second = client.post(
        "/api/me/portfolio/outside", {**body, "file": png()}, HTTP_IDEMPOTENCY_KEY="abc"
    )
    assert second.json()["id"] == first.json()["id"] and PersonalWork.objects.count() == 1
    listed = client.get("/api/me/portfolio/outside").json()
    assert [w["status"] for w in listed] == ["submitted"]
    bad = client.post("/api/me/portfolio/outside", {**body, "focus_area": "nope", "file": png()})
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["focus_area"]
    refused = signed_in(coach).post(
        f"/api/portfolio/reviews/{first.json()['id']}",
        {"decision": "changes"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "comment" in refused.json()["error"]["fields"]
    assert PersonalWork.objects.get().status == "submitted"


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_one_decision_stands():
    threaded = connection.vendor == "postgresql"  # SQLite serialises writes: one by one
    centre, coach, _parent, ines = family()
    manager = member(Role.MANAGER, centre)
    work = services.outside_send(
        actor=ines,
        data=services.OutsideFields(title="Mine", made_on=timezone.localdate()),
        upload=png(),
    )
    outcomes: list[str] = []

    def review(who: User, decision: str) -> None:
        try:
            services.outside_review(actor=who, work=work, decision=decision, comment="c")
            outcomes.append(decision)
        except Conflict:
            outcomes.append("conflict")
        finally:
            if threaded:
                connection.close()

    calls = [(coach, "approved"), (manager, "changes")]
    if threaded:
        threads = [threading.Thread(target=review, args=call) for call in calls]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for call in calls:
            review(*call)
    assert sorted(outcomes).count("conflict") == 1
    work.refresh_from_db()
    assert work.status in outcomes


def test_the_review_queue_and_my_portfolio_do_not_grow_in_queries():
    _centre, coach, _parent, ines = family()

    def add(n: int) -> None:
        for i in range(n):
            services.outside_send(
                actor=ines,
                data=services.OutsideFields(title=f"W{i}", made_on=timezone.localdate()),
                upload=png(),
            )

    add(2)
    urls = ("/portfolio/reviews/", "/api/portfolio/reviews")
    small = [queries_of(signed_in(coach), u) for u in urls]
    mine_small = queries_of(signed_in(ines), "/portfolio/")
    add(8)
    assert [queries_of(signed_in(coach), u) for u in urls] == small
    assert queries_of(signed_in(ines), "/portfolio/") == mine_small
