"""Credentials awarded when the record says so (issue 16): a competency an expert validates
in a lab, a level finished in a focus area; the student sees them on opening My credentials
(and the nightly command issues them for everyone), once; a validation withdrawn by the
expert revokes its credential, with the reason."""

from __future__ import annotations

import base64
import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from parcours.attendance.models import CheckIn
from parcours.catalogue.choices import ActivityKind
from parcours.catalogue.models import Activity, Competency, FocusArea
from parcours.credentials.awards import award_due
from parcours.credentials.jobs import award_everyone
from parcours.credentials.models import Credential
from parcours.labs import services
from parcours.labs.choices import Outcome, SeatStatus
from parcours.labs.models import Application, CycleStatus, LabCycle, Masterlab, Seat
from parcours.learning.models import FocusChoice, Submission, SubmissionStatus
from parcours.people.models import Role
from parcours.schedule.models import Session
from tests.factories import member
from tests.labs.conftest import Labs, apply, make_masterlab

pytestmark = pytest.mark.django_db


@pytest.fixture
def seated(labs: Labs) -> dict[str, Any]:
    """The student holds a seat in l1a (two competencies), chose programming and finished
    its level 1 (the labs fixture)."""
    comps = list(Competency.objects.order_by("id")[:2])
    labs.l1a.template.competencies.set(comps)
    LabCycle.objects.filter(pk=labs.cycle.pk).update(status=CycleStatus.PUBLISHED)
    paris, student = labs.world.paris, labs.world["paris"]["student"]
    student.preferred_language = "en"  # a credential is issued in its holder's language
    student.save(update_fields=["preferred_language"])
    Seat.objects.create(centre=paris, cycle=labs.cycle, lab=labs.l1a, student=student)
    FocusChoice.objects.create(
        centre=paris,
        student=student,
        focus_area=FocusArea.objects.get(slug="programming"),
        chosen_at=timezone.now(),
    )
    return {"labs": labs, "comps": comps, "student": student}


def test_validations_and_finished_levels_become_credentials_once(seated: dict[str, Any]) -> None:
    labs, comps, student = seated["labs"], seated["comps"], seated["student"]
    expert = labs.world["paris"]["expert"]
    services.competencies_validate(actor=expert, lab=labs.l1a, student=student, competencies=comps)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(student)
    page = client.get("/credentials/mine/")
    assert page.status_code == 200
    held = Credential.objects.filter(holder=student)
    assert sorted(held.values_list("kind", flat=True)) == ["competency", "competency", "level"]
    level = held.get(kind="level")
    assert level.achievement == "level:programming:1" and level.name.endswith("level 1 finished")
    assert level.name.encode() in page.content
    api = client.get("/api/me/credentials").json()
    assert len(api) == 3 and {c["status"] for c in api} == {"active"}  # nothing issued twice
    public = Client().get(f"/credentials/{level.uuid}/", HTTP_ACCEPT_LANGUAGE="en")
    assert b"Valid" in public.content

    # the expert withdraws one validation: its credential is revoked, with the reason
    services.competencies_validate(
        actor=expert, lab=labs.l1a, student=student, competencies=comps[:1]
    )
    out = StringIO()
    call_command("credentials", "award", "--json", "--centre", labs.world.paris.slug, stdout=out)
    assert json.loads(out.getvalue()) == {"centre": "paris", "issued": 0, "revoked": 1}
    withdrawn = held.get(achievement=f"competency:{comps[1].uuid}:1")
    assert withdrawn.revoked_at is not None
    assert withdrawn.revoked_reason == "The expert withdrew this validation."
    assert b"revoked" in Client().get(f"/credentials/{withdrawn.uuid}/").content.lower()
    again = StringIO()
    call_command("credentials", "award", "--json", stdout=again)
    assert {json.loads(line)["issued"] for line in again.getvalue().splitlines()} == {0}


def test_the_nightly_command_issues_for_students_who_never_opened_their_page(
    seated: dict[str, Any],
) -> None:
    student = seated["student"]
    out = StringIO()
    call_command("credentials", "award", "--json", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {"centre": "paris", "issued": 1, "revoked": 0} in rows  # the finished level
    assert Credential.objects.filter(holder=student, kind="level").count() == 1
    assert award_everyone() == 0  # the worker's nightly job: nothing left to issue


def test_a_credential_is_issued_in_its_holders_language(seated: dict[str, Any]) -> None:
    student = seated["student"]
    student.preferred_language = "fr"
    student.save(update_fields=["preferred_language"])
    call_command("credentials", "award", stdout=StringIO())
    level = Credential.objects.get(holder=student, kind="level")
    assert level.name == "Programmation · niveau 1 terminé"


def test_a_finished_levels_credential_names_its_approved_projects_as_evidence(
    seated: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    """Each approved project of the level is evidence, at a stable address that leads each
    reader to what they may see of the work: nobody to a private one, the family to My
    portfolio, everyone to the public page once it is public there."""
    settings.MEDIA_ROOT = tmp_path / "media"
    student = seated["student"]
    activity = (
        Activity.objects.filter(
            focus_area__slug="programming", level=1, kind=ActivityKind.PROJECT
        ).first()
        or Activity.objects.filter(focus_area__slug="programming", level=1).first()
    )
    assert activity is not None
    sent = Submission.objects.create(
        centre=student.student_profile.centre,
        student=student,
        activity=activity,
        version=1,
        file=ContentFile(b"print('hi')", name="quiz.py"),
        original_name="quiz.py",
        media_kind="code",
        content_type="text/plain",
        size=11,
        status=SubmissionStatus.APPROVED,
        reviewed_at=timezone.now(),
    )
    award_due(student)
    level = Credential.objects.get(holder=student, kind="level")
    address = f"/portfolio/w/{sent.uuid}/"
    absolute = settings.PARCOURS_SITE_URL.rstrip("/") + address
    assert level.evidence == [{"id": absolute, "name": activity.title}]
    payload = json.loads(base64.urlsafe_b64decode(level.jwt.split(".")[1] + "=="))
    assert [e["id"] for e in payload["evidence"]] == [absolute]  # signed in it
    assert f'href="{absolute}"'.encode() in Client().get(f"/credentials/{level.uuid}/").content

    assert Client().get(address).status_code == 404  # private: not to a stranger
    family = Client()
    family.force_login(student)
    assert family.get(address)["Location"] == f"/portfolio/#work-{sent.uuid}"
    outsider = Client()
    outsider.force_login(member(Role.GUARDIAN, student.student_profile.centre))  # not hers
    assert outsider.get(address).status_code == 404


def _past_cycle(labs: Labs) -> None:
    """The cycle moved to the past (four weeks ending a week ago), applications closed."""
    today = timezone.localdate()
    now = timezone.now()
    LabCycle.objects.filter(pk=labs.cycle.pk).update(
        starts_on=today - dt.timedelta(days=35),
        ends_on=today - dt.timedelta(days=7),
        applications_open_at=now - dt.timedelta(days=50),
        applications_close_at=now - dt.timedelta(days=40),
    )


def _sessions(labs: Labs, n: int) -> list[Session]:
    zone = labs.world.paris.zone
    first = timezone.localdate() - dt.timedelta(days=30)
    return [
        Session.objects.create(
            centre=labs.world.paris,
            slot=labs.l1a.slot,
            starts_at=dt.datetime.combine(first + dt.timedelta(days=7 * i), dt.time(14), zone),
            ends_at=dt.datetime.combine(first + dt.timedelta(days=7 * i), dt.time(17), zone),
        )
        for i in range(n)
    ]


def test_a_lab_attended_to_its_end_is_a_credential_a_lab_skipped_is_not(
    seated: dict[str, Any],
) -> None:
    labs, student = seated["labs"], seated["student"]
    paris = labs.world.paris
    assert [c.kind for c in award_due(student).issued] == ["level"]  # the cycle runs
    _past_cycle(labs)
    sessions = _sessions(labs, 3)
    CheckIn.objects.create(
        centre=paris, session=sessions[0], student=student, checked_in_at=sessions[0].starts_at
    )
    assert award_due(student).issued == []  # one session of three: not completed
    CheckIn.objects.create(
        centre=paris, session=sessions[1], student=student, checked_in_at=sessions[1].starts_at
    )
    done = award_due(student).issued
    assert [c.achievement for c in done] == [f"lab:{labs.l1a.uuid}"]
    lab = done[0]
    assert lab.kind == "lab" and lab.name == f"Lab “{labs.l1a.template.title}” completed"
    assert lab.awarded_by == labs.l1a.expert
    assert "two thirds" in lab.criteria
    payload = json.loads(base64.urlsafe_b64decode(lab.jwt.split(".")[1] + "=="))
    assert payload["credentialSubject"]["achievement"]["achievementType"] == "Course"
    assert award_due(student).issued == []  # once
    # a seat given back before the end is no completion
    other = labs.world["paris"]["other_student"]
    Seat.objects.create(
        centre=paris, cycle=labs.cycle, lab=labs.l1a, student=other, status=SeatStatus.WITHDRAWN
    )
    for s in sessions:
        CheckIn.objects.create(centre=paris, session=s, student=other, checked_in_at=s.starts_at)
    assert not Credential.objects.filter(holder=other, kind="lab").exists()
    award_due(other)
    assert not Credential.objects.filter(holder=other, kind="lab").exists()


def test_a_masterlab_the_student_was_selected_for_is_a_credential_once_it_is_over(
    labs: Labs,
) -> None:
    student = labs.world["paris"]["student"]
    masterlab = make_masterlab(labs.world)
    application = apply(masterlab, student)
    Application.objects.filter(pk=application.pk).update(outcome=Outcome.SELECTED)
    assert not [c for c in award_due(student).issued if c.kind == "lab"]  # not held yet
    today = timezone.localdate()
    Masterlab.objects.filter(pk=masterlab.pk).update(
        first_day=today - dt.timedelta(days=10), last_day=today - dt.timedelta(days=6)
    )
    issued = [c for c in award_due(student).issued if c.kind == "lab"]
    assert [c.achievement for c in issued] == [f"masterlab:{masterlab.uuid}"]
    assert "A game designer" in issued[0].criteria
    waitlisted = labs.world["paris"]["other_student"]
    other = apply(masterlab, waitlisted)
    Application.objects.filter(pk=other.pk).update(outcome=Outcome.WAITLISTED)
    assert not [c for c in award_due(waitlisted).issued if c.kind == "lab"]
