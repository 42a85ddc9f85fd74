"""Showcase (issue 16): a centre's managers and coaches curate exhibitions of public works
whose display consent is in force; anyone sees a published one; a revocable display link
opens the slideshow; a withdrawn consent or a work made private leaves every exhibition at
once; queries do not grow with the works."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from parcours.consents import services as consents
from parcours.consents.choices import ConsentKind
from parcours.consents.models import ConsentText
from parcours.learning.models import SubmissionStatus
from parcours.people.models import Role, User
from parcours.portfolio import selectors as portfolio
from parcours.portfolio import services as works
from parcours.showcase.models import Exhibition, ExhibitionWork
from tests.factories import CentreFactory, UserFactory, consent_text, member, student, submission
from tests.learning.conftest import PNG
from tests.support.queries import queries_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def signed_in(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def shown_work(centre, key: str, *, public: bool = True, consent: bool = True):  # type: ignore[no-untyped-def]
    """A student of ``centre`` with an approved project ``key``, made public (with the
    guardian's display consent) or shown to the centre; returns (student, guardian, id)."""
    guardian = UserFactory()
    guardian.memberships.create(centre=centre, role=Role.GUARDIAN)
    owner = student(centre, guardian=guardian)
    sent = submission(owner, key, status=SubmissionStatus.APPROVED)
    sent.file.save(f"{key}.png", ContentFile(PNG), save=True)
    if consent:
        kind = ConsentKind.PUBLIC_DISPLAY
        consents.consent_give(
            student=owner,
            given_by=guardian,
            kind=kind,
            text=ConsentText.objects.filter(kind=kind).first() or consent_text(kind),
        )
    works.work_save(
        actor=owner,
        item=portfolio.own_item(user=owner, uuid=sent.uuid),
        data=works.WorkFields(title=f"Work {key}", visibility="public" if public else "centre"),
    )
    return owner, guardian, str(sent.uuid)


def exhibition_body(centre, **extra: object) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return {
        "centre": centre.slug,
        "title": "Drawing lab exhibition",
        "partner": "Forum des images",
        "starts_on": str(timezone.localdate()),
        "ends_on": str(timezone.localdate() + dt.timedelta(days=20)),
        "published": True,
        **extra,
    }


def test_curators_show_public_consented_works_and_anyone_sees_the_published_page():
    paris = CentreFactory()
    manager = member(Role.MANAGER, paris)
    _owner, _g, poster = shown_work(paris, "poster")
    _other, _g2, private = shown_work(paris, "sketch", public=False)
    api = signed_in(manager)
    made = api.post(
        "/api/showcase/exhibitions", exhibition_body(paris), content_type="application/json"
    )
    assert made.status_code == 201, made.content
    uuid, address = made.json()["id"], made.json()["address"]

    refused = api.put(
        f"/api/showcase/exhibitions/{uuid}/works",
        {"works": [poster, private]},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "work_not_public"
    assert not ExhibitionWork.objects.exists()  # nothing half-done
    body = {"works": [poster]}
    ok = api.put(f"/api/showcase/exhibitions/{uuid}/works", body, content_type="application/json")
    again = api.put(
        f"/api/showcase/exhibitions/{uuid}/works", body, content_type="application/json"
    )
    assert ok.status_code == again.status_code == 200
    assert ExhibitionWork.objects.count() == 1  # the same list again doubles nothing
    assert [w["title"] for w in ok.json()["works"]] == ["Work poster"]

    anyone = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = anyone.get(f"/x/{address}/")
    assert page.status_code == 200 and b"Work poster" in page.content
    assert b"Forum des images" in page.content
    assert anyone.get(f"/x/{address}/{poster}/file").status_code == 200
    assert anyone.get(f"/x/{address}/{private}/file").status_code == 404
    assert anyone.get(f"/api/exhibitions/{address}").json()["works"][0]["title"] == "Work poster"

    # the slideshow opens with the display link only; a new link closes the old one
    key = Exhibition.objects.get().display_key
    assert anyone.get(f"/x/{address}/slideshow/").status_code == 404
    show = anyone.get(f"/x/{address}/slideshow/?key={key}")
    assert show.status_code == 200 and b"Work poster" in show.content
    assert b"<script src=" in show.content and b"<script>" not in show.content
    rotated = api.post(f"/api/showcase/exhibitions/{uuid}/display-link")
    assert rotated.status_code == 200 and key not in rotated.json()["display_url"]
    assert anyone.get(f"/x/{address}/slideshow/?key={key}").status_code == 404

    # not published: the page is gone, the display link still plays
    edited = api.put(
        f"/api/showcase/exhibitions/{uuid}",
        {**exhibition_body(paris), "published": False},
        content_type="application/json",
    )
    assert edited.status_code == 200 and edited.json()["public_url"] is None
    assert anyone.get(f"/x/{address}/").status_code == 404
    fresh = Exhibition.objects.get().display_key
    assert anyone.get(f"/x/{address}/slideshow/?key={fresh}").status_code == 200


def test_only_the_centres_managers_and_coaches_curate():
    paris, liege = CentreFactory(), CentreFactory()
    owner, guardian, poster = shown_work(paris, "poster")
    exhibition = Exhibition.objects.create(
        centre=paris,
        title="Hall",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        slug="hall",
        display_key="k",
    )
    coach = member(Role.COACH, paris)
    assert signed_in(coach).get(f"/showcase/{exhibition.uuid}/").status_code == 200
    for outsider in (owner, guardian, member(Role.EXPERT, paris), member(Role.MANAGER, liege)):
        client = signed_in(outsider)
        assert client.get(f"/showcase/{exhibition.uuid}/").status_code == 404
        assert b"Hall" not in client.get("/showcase/").content
        assert client.get("/api/showcase/exhibitions").json() == []
        for call in (
            client.put(
                f"/api/showcase/exhibitions/{exhibition.uuid}/works",
                {"works": [poster]},
                content_type="application/json",
            ),
            client.post(f"/api/showcase/exhibitions/{exhibition.uuid}/display-link"),
            client.post(
                "/api/showcase/exhibitions",
                exhibition_body(paris),
                content_type="application/json",
            ),
            client.post(f"/showcase/{exhibition.uuid}/", {"action": "add", "work": poster}),
        ):
            assert call.status_code == 404
    exhibition.refresh_from_db()
    assert exhibition.display_key == "k" and not ExhibitionWork.objects.exists()
    assert Exhibition.objects.count() == 1

    page = signed_in(coach).post(f"/showcase/{exhibition.uuid}/", {"action": "add", "work": poster})
    assert page.status_code == 302 and ExhibitionWork.objects.count() == 1


def test_a_withdrawn_consent_or_a_private_work_leaves_every_exhibition_at_once():
    paris = CentreFactory()
    manager = member(Role.MANAGER, paris)
    owner, guardian, poster = shown_work(paris, "poster")
    _o2, _g2, loop = shown_work(paris, "loop")
    exhibition = Exhibition.objects.create(
        centre=paris,
        title="Hall",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        slug="hall",
        display_key="k",
        published=True,
    )
    client = signed_in(manager)
    client.post(f"/showcase/{exhibition.uuid}/", {"action": "add", "work": [poster, loop]})
    anyone = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert b"Work poster" in anyone.get("/x/hall/").content

    record = owner.consents.get(kind=ConsentKind.PUBLIC_DISPLAY)
    consents.consent_withdraw(actor=guardian, record=record)
    for url in ("/x/hall/", "/x/hall/slideshow/?key=k"):
        content = anyone.get(url).content
        assert b"Work poster" not in content and b"Work loop" in content
    assert anyone.get(f"/x/hall/{poster}/file").status_code == 404
    assert anyone.get(f"/x/hall/{poster}/file?key=k").status_code == 404
    detail = client.get(f"/showcase/{exhibition.uuid}/")
    assert b"1 chosen work is not shown now" in detail.content
    assert b"Work poster" not in detail.content  # not even to the curator

    loop_owner = User.objects.get(submissions__uuid=loop)
    works.work_save(
        actor=loop_owner,
        item=portfolio.own_item(user=loop_owner, uuid=loop),
        data=works.WorkFields(title="Work loop", visibility="private"),
    )
    assert b"Work loop" not in anyone.get("/x/hall/").content
    assert anyone.get("/api/exhibitions/hall").json()["works"] == []


def test_bad_input_is_refused_with_a_message_and_changes_nothing():
    paris = CentreFactory()
    manager = member(Role.MANAGER, paris)
    api = signed_in(manager)
    backwards = exhibition_body(paris, ends_on=str(timezone.localdate() - dt.timedelta(days=1)))
    response = api.post("/api/showcase/exhibitions", backwards, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "dates"
    for bad in ({"title": ""}, {"seconds": 1}, {"starts_on": "tomorrow"}, {"title": "x" * 161}):
        response = api.post(
            "/api/showcase/exhibitions",
            exhibition_body(paris, **bad),
            content_type="application/json",
        )
        assert response.status_code == 422 and "error" in response.json(), bad
    page = api.post(
        "/showcase/", {"title": "Hall", "starts_on": str(timezone.localdate()), "ends_on": "x"}
    )
    assert page.status_code == 400
    assert not Exhibition.objects.exists()
    made = Exhibition.objects.create(
        centre=paris,
        title="Hall",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        slug="hall",
        display_key="k",
    )
    unknown = api.post(f"/showcase/{made.uuid}/", {"action": "add", "work": "not-a-uuid"})
    assert unknown.status_code == 400 and not ExhibitionWork.objects.exists()
    assert api.post(f"/showcase/{made.uuid}/", {"action": "nonsense"}).status_code == 400
    for action in ("remove", "up", "down"):  # an id that is none: not found, nothing moved
        response = api.post(f"/showcase/{made.uuid}/", {"action": action, "work": "x"})
        assert response.status_code == 404, action
    assert Client().get("/x/nowhere/").status_code == 404
    assert Client().get("/x/hall/slideshow/?key=").status_code == 404


def test_exhibition_pages_queries_do_not_grow_with_the_works():
    paris = CentreFactory()
    manager = member(Role.MANAGER, paris)
    exhibition = Exhibition.objects.create(
        centre=paris,
        title="Hall",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        slug="hall",
        display_key="k",
        published=True,
    )
    client = signed_in(manager)

    def add(keys: list[str]) -> None:
        ids = [shown_work(paris, k)[2] for k in keys]
        client.post(f"/showcase/{exhibition.uuid}/", {"action": "add", "work": ids})

    add(["a", "b"])
    urls = ("/x/hall/", "/x/hall/slideshow/?key=k", "/api/exhibitions/hall")
    small = [queries_of(Client(), u) for u in urls]
    curator_small = queries_of(client, f"/showcase/{exhibition.uuid}/")
    add(["c", "d", "e", "f", "g", "h"])
    assert ExhibitionWork.objects.count() == 8
    assert [queries_of(Client(), u) for u in urls] == small
    assert queries_of(client, f"/showcase/{exhibition.uuid}/") == curator_small
