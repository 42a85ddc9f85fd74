"""The portfolio (issue 16): every approved project is a work the student describes and
shows; public only with the display consent in force, and a withdrawal hides it at once; a
work of an activity that involves AI declares its use before anyone else sees it; only the
student edits, the family reads, the centre sees what is shown to it."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.utils import timezone

from parcours.consents import services as consents
from parcours.consents.choices import ConsentKind
from parcours.consents.models import ConsentText
from parcours.core.errors import ValidationFailed
from parcours.credentials import services as credentials
from parcours.learning.models import Submission, SubmissionStatus
from parcours.people.models import Role, User
from parcours.portfolio import selectors, services
from parcours.portfolio.jobs import prune_exports
from parcours.portfolio.models import PortfolioExport, PortfolioPage, Work
from parcours.privacy.erasure import erase
from tests.factories import CentreFactory, UserFactory, consent_text, member, student, submission
from tests.learning.conftest import PNG
from tests.support.queries import queries_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def approved(owner: User, key: str, **activity: object) -> Submission:
    sent = submission(owner, key, status=SubmissionStatus.APPROVED)
    sent.file.save(f"{key}.png", ContentFile(PNG), save=True)
    if activity:
        type(sent.activity).objects.filter(pk=sent.activity_id).update(**activity)
        sent.refresh_from_db()
    return sent


def signed_in(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def patch(client: Client, url: str, body: dict) -> object:  # type: ignore[type-arg]
    return client.patch(url, body, content_type="application/json")


def consent(minor: User, guardian: User) -> None:
    """The guardian gives the public display consent (made a guardian of the centre)."""
    centre = minor.student_profile.centre
    if not guardian.memberships.filter(centre=centre, role=Role.GUARDIAN).exists():
        guardian.memberships.create(centre=centre, role=Role.GUARDIAN)
    kind = ConsentKind.PUBLIC_DISPLAY
    consents.consent_give(
        student=minor,
        given_by=guardian,
        kind=kind,
        text=ConsentText.objects.filter(kind=kind).first() or consent_text(kind),
    )


def test_approved_projects_are_works_only_the_student_edits_and_the_family_reads():
    centre = CentreFactory()
    parent = UserFactory()
    ines = student(centre, guardian=parent)
    parent.memberships.create(centre=centre, role=Role.GUARDIAN)
    another_parent = member(Role.GUARDIAN, centre)  # a guardian of the centre, not hers
    work = approved(ines, "poster")
    submission(ines, "waiting")  # sent, not approved: not a work
    other = student(centre)

    page = signed_in(ines).get("/portfolio/")
    assert page.status_code == 200
    assert b"Activity poster" in page.content and b"Activity waiting" not in page.content
    edit = f'href="/portfolio/works/{work.uuid}/"'.encode()
    assert edit in page.content  # hers to describe

    family = signed_in(parent).get("/portfolio/")
    assert b"Activity poster" in family.content
    assert edit not in family.content  # reads only
    assert signed_in(parent).get(f"/portfolio/works/{work.uuid}/").status_code == 404
    assert signed_in(parent).get(f"/portfolio/works/{work.uuid}/file").status_code == 200

    for outsider in (other, another_parent, member(Role.MANAGER, CentreFactory())):
        client = signed_in(outsider)
        assert client.get(f"/portfolio/works/{work.uuid}/").status_code == 404
        assert client.get(f"/portfolio/works/{work.uuid}/file").status_code == 404
        assert b"Activity poster" not in client.get("/portfolio/").content
        refused = patch(client, f"/api/me/portfolio/works/{work.uuid}", {"title": "Mine now"})
        assert refused.status_code == 404 and "error" in refused.json()
    assert not Work.objects.exists()

    saved = patch(
        signed_in(ines),
        f"/api/me/portfolio/works/{work.uuid}",
        {"title": "Night of science", "description": "A poster", "visibility": "centre"},
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["title"] == "Night of science" and saved.json()["visibility"] == "centre"
    again = patch(
        signed_in(ines),
        f"/api/me/portfolio/works/{work.uuid}",
        {"title": "Night of science", "description": "A poster", "visibility": "centre"},
    )
    assert again.json() == saved.json() and Work.objects.count() == 1  # nothing doubled
    # shown to the centre: a student of the centre sees it and its file; another centre not
    assert b"Night of science" in signed_in(other).get("/portfolio/centre/").content
    assert signed_in(other).get(f"/portfolio/works/{work.uuid}/file").status_code == 200
    elsewhere = student(CentreFactory())
    assert b"Night of science" not in signed_in(elsewhere).get("/portfolio/centre/").content
    assert signed_in(elsewhere).get(f"/portfolio/works/{work.uuid}/file").status_code == 404


def test_public_needs_the_display_consent_and_a_withdrawal_hides_it_at_once():
    centre = CentreFactory()
    parent = UserFactory()
    ines = student(centre, guardian=parent)
    parent.memberships.create(centre=centre, role=Role.GUARDIAN)
    work = approved(ines, "loop")
    client = signed_in(ines)

    refused = patch(client, f"/api/me/portfolio/works/{work.uuid}", {"visibility": "public"})
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "no_public_consent"
    assert not Work.objects.exists()  # nothing changed
    form = client.post(f"/portfolio/works/{work.uuid}/", {"visibility": "public", "position": 100})
    assert form.status_code == 400 and b"consent" in form.content
    assert not Work.objects.exists()

    consent(ines, parent)
    assert (
        patch(
            client,
            f"/api/me/portfolio/works/{work.uuid}",
            {"visibility": "public", "title": "Forest loop"},
        ).status_code
        == 200
    )
    page = patch(client, "/api/me/portfolio/page", {"bio": "I make music.", "published": True})
    assert page.status_code == 200 and page.json()["shown"] is True
    slug = page.json()["slug"]

    anyone = Client(HTTP_ACCEPT_LANGUAGE="en")
    shown = anyone.get(f"/p/{slug}/")
    assert shown.status_code == 200 and b"Forest loop" in shown.content
    assert ines.last_name.encode() not in shown.content  # first name and initial
    assert f"{ines.first_name} {ines.last_name[0]}.".encode() in shown.content
    assert anyone.get(f"/p/{slug}/{work.uuid}/file").status_code == 200
    assert anyone.get(f"/api/portfolios/{slug}").json()["works"][0]["title"] == "Forest loop"

    record = ines.consents.get(kind=ConsentKind.PUBLIC_DISPLAY)
    consents.consent_withdraw(actor=parent, record=record)
    assert anyone.get(f"/p/{slug}/").status_code == 404
    assert anyone.get(f"/p/{slug}/{work.uuid}/file").status_code == 404
    gone = anyone.get(f"/api/portfolios/{slug}")
    assert gone.status_code == 404 and "error" in gone.json()
    assert signed_in(ines).get("/api/me/portfolio").json()[0]["page"]["shown"] is False

    # not published: not shown, consent or not; a private work is never on the page
    consent(ines, parent)
    assert anyone.get(f"/p/{slug}/").status_code == 200
    patch(client, f"/api/me/portfolio/works/{work.uuid}", {"visibility": "private"})
    assert b"Forest loop" not in anyone.get(f"/p/{slug}/").content
    assert anyone.get(f"/p/{slug}/{work.uuid}/file").status_code == 404
    patch(client, "/api/me/portfolio/page", {"published": False})
    assert anyone.get(f"/p/{slug}/").status_code == 404


def test_a_work_of_an_activity_involving_ai_declares_its_use_before_it_is_shown():
    centre = CentreFactory()
    ines = student(centre)
    work = approved(ines, "genai", involves_ai=True)
    url = f"/api/me/portfolio/works/{work.uuid}"
    client = signed_in(ines)
    assert client.get("/api/me/portfolio").json()[0]["works"][0]["ai_declaration_needed"]
    undeclared = patch(client, url, {"visibility": "centre"})
    assert undeclared.status_code == 400
    assert undeclared.json()["error"]["code"] == "ai_undeclared"
    vague = patch(client, url, {"visibility": "centre", "ai_use": "used"})
    assert vague.status_code == 400
    assert set(vague.json()["error"]["fields"]) == {"ai_tools", "ai_purpose"}
    assert not Work.objects.exists()
    assert patch(client, url, {"visibility": "private"}).status_code == 200  # private: later

    declared = patch(
        client,
        url,
        {
            "visibility": "centre",
            "ai_use": "used",
            "ai_tools": "A local image model",
            "ai_purpose": "Ideas of composition",
            "ai_by_hand": "The drawing",
        },
    )
    assert declared.status_code == 200
    assert declared.json()["ai"]["tools"] == "A local image model"
    gallery = signed_in(student(centre)).get("/portfolio/centre/")
    assert b"Made with AI" in gallery.content and b"A local image model" in gallery.content
    # "none" clears what was declared
    none = patch(client, url, {"visibility": "centre", "ai_use": "none", "ai_tools": "x"})
    assert none.json()["ai"] == {
        "use": "none",
        "tools": "",
        "purpose": "",
        "prompts": "",
        "generated": "",
        "by_hand": "",
    }


def test_bad_input_is_refused_with_a_message_and_changes_nothing():
    centre = CentreFactory()
    ines = student(centre)
    work = approved(ines, "clip")
    client = signed_in(ines)
    url = f"/api/me/portfolio/works/{work.uuid}"
    for body in (
        {"visibility": "everyone"},
        {"title": "x" * 121},
        {"position": -1},
        {"ai_use": "maybe"},
        {"featured": "perhaps"},
    ):
        response = patch(client, url, body)
        assert response.status_code == 422 and "error" in response.json(), body
    assert patch(client, "/api/me/portfolio/page", {"bio": "x" * 601}).status_code == 422
    page = client.post("/portfolio/", {"bio": "x" * 601})
    assert page.status_code == 400 and b"600" in page.content and b"601" in page.content
    form = client.post(f"/portfolio/works/{work.uuid}/", {"visibility": "everyone"})
    assert form.status_code == 400
    assert not Work.objects.exists() and not PortfolioPage.objects.filter(bio__startswith="x")
    assert client.get("/portfolio/works/not-a-uuid/").status_code == 404
    work.file.storage.delete(work.file.name)  # a file lost on the server: 404, not a crash
    assert client.get(f"/portfolio/works/{work.uuid}/file").status_code == 404
    assert Client().get("/p/nothing-here/").status_code == 404


def test_the_page_shows_only_the_students_own_valid_credentials_and_the_name_chosen():
    centre = CentreFactory()
    parent = UserFactory()
    ines = student(centre, guardian=parent)
    consent(ines, parent)
    approved(ines, "a")
    mine = credentials.award(
        centre=centre,
        holder=ines,
        kind="competency",
        achievement="competency:x:1",
        name="Rhythm",
        description="d",
        criteria="c",
    )
    theirs = credentials.award(
        centre=centre,
        holder=student(centre),
        kind="competency",
        achievement="competency:x:1",
        name="Not hers",
        description="d",
        criteria="c",
    )
    with pytest.raises(ValidationFailed):
        services.page_save(
            actor=ines,
            student=ines,
            bio="",
            full_name=False,
            published=True,
            credential_uuids=[str(theirs.uuid)],
        )
    page = services.page_save(
        actor=ines,
        student=ines,
        bio="",
        full_name=True,
        published=True,
        credential_uuids=[str(mine.uuid)],
    )
    shown = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/p/{page.slug}/")
    assert b"Rhythm" in shown.content and b"Not hers" not in shown.content
    assert f"{ines.first_name} {ines.last_name}".encode() in shown.content  # her choice
    credentials.revoke(actor=member(Role.MANAGER, centre), credential=mine, reason="mistake")
    assert b"Rhythm" not in Client().get(f"/p/{page.slug}/").content
    assert services.page_get_or_create(ines).slug == page.slug  # a stable address


def test_the_portfolio_pages_queries_do_not_grow_with_the_works():
    centre = CentreFactory()
    parent = UserFactory()
    ines = student(centre, guardian=parent)
    consent(ines, parent)
    client = signed_in(ines)
    page = services.page_save(actor=ines, student=ines, bio="", full_name=False, published=True)

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            sent = approved(ines, f"w{i}")
            services.work_save(
                actor=ines,
                item=selectors.own_item(user=ines, uuid=sent.uuid),
                data=services.WorkFields(visibility="public"),
            )

    add(2, 0)
    small = [
        queries_of(client, u) for u in ("/portfolio/", "/portfolio/centre/", "/api/me/portfolio")
    ]
    public_small = queries_of(Client(), f"/p/{page.slug}/")
    add(8, 2)
    large = [
        queries_of(client, u) for u in ("/portfolio/", "/portfolio/centre/", "/api/me/portfolio")
    ]
    assert large == small and queries_of(Client(), f"/p/{page.slug}/") == public_small
    assert public_small <= 5


def test_an_erasure_removes_the_portfolio_and_its_page_but_not_a_file_shared_with_others(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
):
    centre = CentreFactory()
    parent = UserFactory()
    ines = student(centre, guardian=parent)
    consent(ines, parent)
    work = approved(ines, "poster")
    other = student(centre)
    shared = submission(other, "copy", status=SubmissionStatus.APPROVED)
    Submission.objects.filter(pk=shared.pk).update(file=work.file.name)  # as the demo's
    shared.refresh_from_db()
    services.work_save(
        actor=ines,
        item=selectors.own_item(user=ines, uuid=work.uuid),
        data=services.WorkFields(visibility="public", title="Poster"),
    )
    page = services.page_save(actor=ines, student=ines, bio="Hi", full_name=True, published=True)
    assert Client().get(f"/p/{page.slug}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        done = erase(ines)
    assert done["portfolio_works"] == 1 and done["portfolio_pages"] == 1
    assert not Work.objects.filter(student=ines).exists()
    assert Client().get(f"/p/{page.slug}/").status_code == 404
    assert shared.file.storage.exists(shared.file.name)  # another project still shows it


def test_the_family_exports_everything_as_a_zip_built_in_the_background(
    settings,  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    centre = CentreFactory()
    parent = UserFactory()
    ines = student(centre, guardian=parent)
    parent.memberships.create(centre=centre, role=Role.GUARDIAN)
    work = approved(ines, "poster", involves_ai=True)
    services.work_save(
        actor=ines,
        item=selectors.own_item(user=ines, uuid=work.uuid),
        data=services.WorkFields(
            title="Night of science", ai_use="used", ai_tools="A local model", ai_purpose="Ideas"
        ),
    )
    credential = credentials.award(
        centre=centre,
        holder=ines,
        kind="competency",
        achievement="competency:x:1",
        name="Rhythm",
        description="d",
        criteria="c",
    )
    client = signed_in(ines)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post("/api/me/portfolio/exports", {}, content_type="application/json")
    assert asked.status_code == 202
    export = client.get(f"/api/me/portfolio/exports/{asked.json()['id']}").json()
    assert export["status"] == "done" and export["progress"] == 100
    download = client.get(export["download_url"])
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert "works/01-Night_of_science.png" in names
    assert archive.read("works/01-Night_of_science.png") == PNG
    assert archive.read(f"credentials/{credential.uuid}.jwt").decode() == credential.jwt
    data = json.loads(archive.read("portfolio.json"))
    assert data["works"][0]["ai_tools"] == "A local model"
    assert "README.txt" in names

    # the guardian asks for it too (once while one is being made); nobody else sees it
    family = signed_in(parent)
    with django_capture_on_commit_callbacks(execute=False):
        first = family.post("/portfolio/export/", {"student": str(ines.uuid)})
        second = family.post("/portfolio/export/", {"student": str(ines.uuid)})
    assert first.status_code == second.status_code == 302
    assert PortfolioExport.objects.filter(student=ines, status="queued").count() == 1
    assert b"Preparing the ZIP" in family.get("/portfolio/").content
    other = signed_in(student(centre))
    assert other.get(export["download_url"]).status_code == 404
    assert other.get(f"/api/me/portfolio/exports/{asked.json()['id']}").status_code == 404
    assert other.post("/portfolio/export/", {"student": str(ines.uuid)}).status_code == 404
    refused = other.post(
        "/api/me/portfolio/exports", {"student": str(ines.uuid)}, content_type="application/json"
    )
    assert refused.status_code == 404 and "error" in refused.json()


def test_an_export_is_kept_two_weeks_then_deleted_with_its_file(
    settings,  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ines = student(CentreFactory())
    approved(ines, "poster")
    with django_capture_on_commit_callbacks(execute=True):
        services.export_request(actor=ines, student=ines)
    export = PortfolioExport.objects.get()
    name = export.file.name
    assert export.status == "done" and export.file.storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert prune_exports() == 0  # made today: kept
    PortfolioExport.objects.update(finished_at=timezone.now() - dt.timedelta(days=15))
    with django_capture_on_commit_callbacks(execute=True):
        assert prune_exports() == 1
    assert not PortfolioExport.objects.exists() and not export.file.storage.exists(name)
