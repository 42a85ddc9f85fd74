"""Privacy rights (issue 12): a family downloads a copy of a student's data and asks for its
erasure; the centre's manager decides; erasing keeps the centre's anonymous figures."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.apps import apps
from django.core import mail as outbox
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation

from parcours.learning.models import Submission
from parcours.notifications.models import Notification
from parcours.people.models import GuardianLink, Role, User
from parcours.people.selectors import centre_student_figures
from parcours.privacy import services
from parcours.privacy.choices import ErasureStatus
from parcours.privacy.export import SECTIONS, STAFF_ONLY
from parcours.privacy.models import DataExport, ErasureRequest
from parcours.risk.models import Alert, RiskScore
from tests import factories as f
from tests.conftest import assert_error, login, signs_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    paris, lyon = f.CentreFactory(slug="paris"), f.CentreFactory(slug="lyon")
    guardian = f.member(
        Role.GUARDIAN, paris, first_name="Nadia", email="nadia@example.org", preferred_language="en"
    )
    coach = f.member(Role.COACH, paris)
    child = f.student(
        paris, age=13, coach=coach, guardian=guardian, first_name="Inès", last_name="Martin"
    )
    sent = f.submission(child, "poster", comment="Lovely colours", note="my first poster")
    sent.file.save("poster.png", ContentFile(b"\x89PNG fake"), save=True)
    other_family = f.member(Role.GUARDIAN, paris)
    f.student(paris, guardian=other_family)
    return type(
        "Family",
        (),
        {
            "paris": paris,
            "lyon": lyon,
            "guardian": guardian,
            "coach": coach,
            "child": child,
            "file": sent.file.name,
            "manager": f.member(Role.MANAGER, paris),
            "lyon_manager": f.member(Role.MANAGER, lyon),
            "other_family": other_family,
        },
    )()


def _zip(response: Any) -> zipfile.ZipFile:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return zipfile.ZipFile(io.BytesIO(body))


def test_a_guardian_downloads_everything_held_about_their_child(family: Any) -> None:
    response = login(family.guardian).post(f"/privacy/students/{family.child.uuid}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = _zip(response)
    names = archive.namelist()
    assert {"data.json", "README.html"} <= set(names)
    assert [n for n in names if n.startswith("files/")] == ["files/poster-v1-poster.png"]
    data = json.loads(archive.read("data.json"))
    assert data["account"]["first_name"] == "Inès"
    assert data["projects"][0]["note"] == "my first poster"
    assert data["guardians"] and data["coaches"]
    assert "password" not in json.dumps(data["account"])
    assert "Inès Martin" in archive.read("README.html").decode()
    record = DataExport.objects.get()
    assert (record.student, record.requested_by, record.files) == (family.child, family.guardian, 1)


def test_every_record_about_a_student_is_in_the_download() -> None:
    """A new model with a student field must be added to the export's sections."""
    exported = {label for label, _key in SECTIONS.values()} | STAFF_ONLY
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        if "student" in names and model._meta.app_label not in {"audit"}:
            assert model._meta.label in exported, model._meta.label


@pytest.mark.parametrize("who", ["coach", "other_family", "lyon_manager"])
def test_nobody_else_downloads_a_students_data(family: Any, who: str) -> None:
    response = login(getattr(family, who)).post(f"/privacy/students/{family.child.uuid}/download/")
    assert response.status_code == 404
    assert not DataExport.objects.exists()


def test_a_student_downloads_their_own_data_from_15(family: Any) -> None:
    assert (
        login(family.child).post(f"/privacy/students/{family.child.uuid}/download/").status_code
        == 403
    )
    older = f.student(family.paris, age=15)
    response = login(older).post(f"/privacy/students/{older.uuid}/download/")
    assert response.status_code == 200


def test_the_api_gives_the_same_zip_with_the_same_rights(family: Any, api: Any) -> None:
    response = api(family.guardian).post(f"/privacy/students/{family.child.uuid}/export")
    assert response.status_code == 200
    assert "data.json" in _zip(response).namelist()
    assert_error(api(family.coach).post(f"/privacy/students/{family.child.uuid}/export"), 404)
    listed = api(family.guardian).get("/privacy/students").json()
    assert [s["student"] for s in listed] == [str(family.child.uuid)]
    assert listed[0]["can_download"] and listed[0]["can_request_erasure"]


def test_an_erasure_request_goes_to_the_managers_once(
    family: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(family.guardian)
    url = f"/privacy/students/{family.child.uuid}/erase/"
    assert client.post(url, {"reason": "We moved"}).status_code == 400  # not confirmed
    assert not ErasureRequest.objects.exists()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"reason": "We moved", "confirm": "on"})
        assert response.status_code == 302
    request = ErasureRequest.objects.get()
    assert (request.status, request.requested_by) == (ErasureStatus.REQUESTED, family.guardian)
    told = Notification.objects.filter(recipient=family.manager, kind="privacy_request")
    assert told.count() == 1
    assert "/privacy/requests/" in told.get().url


def test_a_minor_cannot_ask_to_erase_their_own_data(family: Any) -> None:
    response = login(family.child).post(
        f"/privacy/students/{family.child.uuid}/erase/", {"confirm": "on"}
    )
    assert response.status_code == 403
    assert not ErasureRequest.objects.exists()


def test_approving_erases_the_student_and_keeps_the_figures(
    family: Any, django_capture_on_commit_callbacks: Any
) -> None:
    request = services.erasure_request(actor=family.guardian, student=family.child)
    before = centre_student_figures(family.paris.pk, family.paris.created_at.date())
    today = timezone.localdate()
    RiskScore.objects.create(
        centre=family.paris, student=family.child, scored_on=today, probability=0.4, method="rule"
    )
    Alert.objects.create(
        centre=family.paris, student=family.child, opened_on=today, probability=0.4, method="rule"
    )
    assert default_storage.exists(family.file)
    # another centre's manager cannot even see it
    assert login(family.lyon_manager).get(f"/privacy/requests/{request.uuid}/").status_code == 404
    client = login(family.manager)
    assert client.post(f"/privacy/requests/{request.uuid}/approve/").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/privacy/requests/{request.uuid}/approve/", {"confirm": "on"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ErasureStatus.DONE and request.decided_by == family.manager
    child = User.objects.get(pk=family.child.pk)
    assert (child.first_name, child.last_name, child.email) == ("", "", "")
    assert child.erased_at is not None and not child.has_usable_password()
    with translation.override("en"):
        assert str(child) == "Erased account"
    assert not default_storage.exists(family.file)
    sub = Submission.objects.get(student=child)
    assert (sub.note, sub.comment, sub.file.name) == ("", "", "")
    assert not GuardianLink.objects.filter(student=child).exists()
    guardian = User.objects.get(pk=family.guardian.pk)
    assert guardian.erased_at is not None and guardian.email == ""
    assert not signs_in(child.username, "pw-for-tests-123")
    assert centre_student_figures(family.paris.pk, family.paris.created_at.date()) == before
    assert request.summary["files_deleted"] == 1
    # the early warning's scores and alerts about the child go with the rest
    assert not RiskScore.objects.filter(student=child).exists()
    assert not Alert.objects.filter(student=child).exists()
    (told,) = [m for m in outbox.outbox if m.to == ["nadia@example.org"]]
    assert "Inès Martin" in told.body and "erased" in told.body


def test_a_decision_is_taken_once(family: Any, api: Any) -> None:
    request = services.erasure_request(actor=family.guardian, student=family.child)
    manager = api(family.manager)
    assert_error(
        manager.post(f"/privacy/erasure-requests/{request.uuid}/refuse", {"reason": ""}), 422
    )
    refused = manager.post(
        f"/privacy/erasure-requests/{request.uuid}/refuse", {"reason": "Legal hold"}
    )
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    again = manager.post(f"/privacy/erasure-requests/{request.uuid}/refuse", {"reason": "Other"})
    assert again.status_code == 200 and again.json()["status"] == "refused"
    request.refresh_from_db()
    assert request.refusal_reason == "Legal hold"
    assert_error(manager.post(f"/privacy/erasure-requests/{request.uuid}/approve"), 409)
    assert User.objects.get(pk=family.child.pk).first_name == "Inès"


@pytest.mark.parametrize("who", ["coach", "other_family", "lyon_manager"])
def test_only_the_family_and_the_centres_managers_see_a_request(
    family: Any, api: Any, who: str
) -> None:
    request = services.erasure_request(actor=family.guardian, student=family.child)
    client = api(getattr(family, who))
    assert client.get("/privacy/erasure-requests").json() == []
    assert_error(client.get(f"/privacy/erasure-requests/{request.uuid}"), 404)
    assert_error(client.post(f"/privacy/erasure-requests/{request.uuid}/approve"), 404)
    assert ErasureRequest.objects.get().status == ErasureStatus.REQUESTED


def test_the_family_asks_and_cancels_through_the_api(family: Any, api: Any) -> None:
    guardian = api(family.guardian)
    made = guardian.post(f"/privacy/students/{family.child.uuid}/erasure-requests", {"reason": "x"})
    assert made.status_code == 201
    again = guardian.post(f"/privacy/students/{family.child.uuid}/erasure-requests", {})
    assert again.status_code == 200 and again.json()["uuid"] == made.json()["uuid"]
    assert_error(guardian.post(f"/privacy/erasure-requests/{made.json()['uuid']}/approve"), 403)
    cancelled = guardian.post(f"/privacy/erasure-requests/{made.json()['uuid']}/cancel")
    assert cancelled.json()["status"] == "cancelled"
    assert_error(
        guardian.post(
            f"/privacy/students/{family.child.uuid}/erasure-requests", {"reason": "y" * 2001}
        ),
        422,
    )


def test_the_pages_of_each_role(family: Any) -> None:
    services.erasure_request(actor=family.guardian, student=family.child)
    page = login(family.guardian).get("/privacy/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Inès" in page and "Cancel the request" in page
    assert "Nothing" not in login(family.manager).get("/privacy/requests/").content.decode()
    assert "Inès" in login(family.manager).get("/privacy/requests/").content.decode()
    assert login(family.coach).get("/privacy/requests/").status_code == 403
