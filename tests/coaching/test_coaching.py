"""Coaching (issue 15): notes (staff only unless shared, every edit kept, pinned), follow-up
actions with an owner and a due date (reminded by e-mail once, on the day), messages to the
family (by e-mail, logged), and the student's timeline. The centre's coaches and managers
follow its students; students and families read only the shared notes; another centre's
staff see nothing, in the pages as in the API. Bad input changes nothing; a form sent twice
writes once; the reads do not grow with the history."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcours.attendance.models import Absence, CheckIn
from parcours.coaching import selectors, services
from parcours.coaching.models import Action, FamilyMessage, Note, NoteVersion
from parcours.core.errors import Conflict, NotFound, ValidationFailed
from parcours.learning.models import ActivityProgress
from parcours.notifications.models import Notification
from parcours.people.models import CoachAssignment
from parcours.privacy import erasure, export
from parcours.risk.models import Alert
from parcours.schedule.models import Session, Slot
from tests import factories as f
from tests.attendance.conftest import enrol
from tests.conftest import assert_error, login
from tests.support.queries import queries_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris(world: Any) -> dict[str, Any]:
    people = world["paris"]
    people["guardian"].email = "famille@example.org"
    people["guardian"].save(update_fields=["email"])
    return people


def _today() -> dt.date:
    return timezone.localdate()


# --- Notes --------------------------------------------------------------------------------------


def test_a_staff_only_note_is_read_by_the_centres_staff_and_never_by_the_family(world, paris):
    student = paris["student"]
    note = services.note_create(actor=paris["coach"], student=student, body="Semble fatigué.")
    assert not note.shared
    for reader in (paris["coach"], paris["manager"], world.admin):
        assert note in selectors.notes_visible(reader)
        page = login(reader).get(f"/coaching/students/{student.uuid}/", HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200 and "Semble fatigué." in page.content.decode()
    for outsider in (student, paris["guardian"], paris["expert"], world["liege"]["manager"]):
        assert note not in selectors.notes_visible(outsider)
        assert "Semble fatigué." not in login(outsider).get("/coaching/shared/").content.decode()
    # the student's file itself: nobody but the followers
    for outsider in (student, paris["guardian"], paris["expert"], world["liege"]["coach"]):
        assert login(outsider).get(f"/coaching/students/{student.uuid}/").status_code == 404


def test_a_shared_note_reaches_the_student_and_family_and_tells_them(world, paris):
    student = paris["student"]
    note = services.note_create(
        actor=paris["coach"], student=student, body="Bravo pour ton court métrage !", shared=True
    )
    for reader in (student, paris["guardian"]):
        assert list(selectors.shared_notes(reader)) == [note]
        page = login(reader).get("/coaching/shared/")
        assert "Bravo pour ton court métrage" in page.content.decode()
    assert list(selectors.shared_notes(paris["other_student"])) == []
    told = set(Notification.objects.filter(kind="note_shared").values_list("recipient", flat=True))
    assert told == {student.pk, paris["guardian"].pk}


def test_a_note_sent_twice_with_its_key_is_written_once(paris):
    key = uuid.uuid4()
    url = f"/coaching/students/{paris['student'].uuid}/notes/"
    client = login(paris["coach"])
    for _ in range(2):
        response = client.post(url, {"body": "Appelé la mère.", "key": str(key)})
        assert response.status_code == 302
    assert Note.objects.filter(student=paris["student"]).count() == 1


@pytest.mark.parametrize(
    ("body", "status"),
    [("", 400), ("   ", 400), ("x" * 4001, 400)],
)
def test_a_bad_note_is_refused_with_a_message_and_writes_nothing(paris, body, status):
    response = login(paris["coach"]).post(
        f"/coaching/students/{paris['student'].uuid}/notes/",
        {"body": body},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == status
    assert 'class="errorlist"' in response.content.decode()
    assert not Note.objects.exists()


def test_an_edit_keeps_the_earlier_text_and_a_stale_edit_is_refused(paris):
    coach, manager = paris["coach"], paris["manager"]
    note = services.note_create(actor=coach, student=paris["student"], body="Première version")
    services.note_edit(actor=manager, note=note, body="Deuxième version", shared=False, revision=1)
    note.refresh_from_db()
    assert (note.body, note.revision, note.edited_by) == ("Deuxième version", 2, manager)
    [old] = selectors.note_history(note)
    assert (old.body, old.revision, old.written_by) == ("Première version", 1, coach)
    # an edit made on the first revision would silently drop the manager's: refused
    with pytest.raises(Conflict):
        services.note_edit(actor=coach, note=note, body="Autre", shared=False, revision=1)
    # the same text again makes no new version
    services.note_edit(actor=coach, note=note, body="Deuxième version", shared=False, revision=2)
    assert NoteVersion.objects.filter(note=note).count() == 1
    page = login(coach).post(
        f"/coaching/notes/{note.uuid}/",
        {"body": "Par la page", "revision": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 409 and "Someone changed this note" in page.content.decode()
    note.refresh_from_db()
    assert note.body == "Deuxième version"
    history = login(coach).get(f"/coaching/notes/{note.uuid}/").content.decode()
    assert "Première version" in history


def test_pinning_puts_a_note_first(paris):
    coach, student = paris["coach"], paris["student"]
    older = services.note_create(actor=coach, student=student, body="Ancienne")
    services.note_create(actor=coach, student=student, body="Récente")
    login(coach).post(f"/coaching/notes/{older.uuid}/pin/", {"pinned": "1"})
    notes = selectors.student_file(user=coach, student=student).notes
    assert [n.body for n in notes] == ["Ancienne", "Récente"] and notes[0].pinned


def test_another_centres_staff_cannot_write_or_change_notes(world, paris):
    note = services.note_create(actor=paris["coach"], student=paris["student"], body="Suivi")
    liege = world["liege"]["manager"]
    with pytest.raises(NotFound):
        services.note_create(actor=liege, student=paris["student"], body="Intrus")
    with pytest.raises(NotFound):
        services.note_edit(actor=liege, note=note, body="Intrus", shared=True, revision=1)
    assert (
        login(liege)
        .post(f"/coaching/notes/{note.uuid}/", {"body": "x", "revision": "1"})
        .status_code
        == 404
    )
    assert (
        login(paris["guardian"])
        .post(f"/coaching/notes/{note.uuid}/pin/", {"pinned": "1"})
        .status_code
        == 404
    )
    note.refresh_from_db()
    assert (note.body, note.shared, note.pinned) == ("Suivi", False, False)


# --- Actions ------------------------------------------------------------------------------------


def test_an_action_is_planned_closed_once_and_refused_when_bad(paris, world):
    coach, student = paris["coach"], paris["student"]
    due = _today() + dt.timedelta(days=3)
    action = services.action_create(
        actor=coach, student=student, title="Appeler la famille", due_on=due
    )
    assert action.owner == coach and action.status == "open"
    for bad in (
        {"title": "", "due_on": due},
        {"title": "x", "due_on": _today() - dt.timedelta(days=1)},
        {"title": "x", "due_on": _today() + dt.timedelta(days=400)},
        {"title": "x", "due_on": None},
        {"title": "x", "due_on": due, "owner": world["liege"]["coach"].uuid},
        {"title": "x", "due_on": due, "owner": paris["expert"].uuid},
        {"title": "x", "due_on": due, "owner": "not-a-uuid"},
    ):
        with pytest.raises(ValidationFailed):
            services.action_create(actor=coach, student=student, **bad)
    assert Action.objects.count() == 1
    done = services.action_close(actor=paris["manager"], action=action, status="done")
    again = services.action_close(actor=coach, action=action, status="done")
    assert done.closed_at == again.closed_at and again.closed_by == paris["manager"]
    with pytest.raises(Conflict):
        services.action_close(actor=coach, action=action, status="cancelled")
    with pytest.raises(NotFound):
        services.action_close(actor=world["liege"]["coach"], action=action, status="done")


def test_the_action_form_shows_its_errors_and_writes_nothing(paris):
    response = login(paris["coach"]).post(
        f"/coaching/students/{paris['student'].uuid}/actions/",
        {"title": "Rencontrer", "due_on": "2020-01-01", "owner": str(paris["coach"].uuid)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "between today and a year from now" in response.content.decode()
    assert not Action.objects.exists()


def test_owners_are_reminded_once_on_the_due_day(paris, django_capture_on_commit_callbacks):
    coach, student = paris["coach"], paris["student"]
    coach.email = "coach@example.org"
    coach.save(update_fields=["email"])
    today = _today()
    services.action_create(actor=coach, student=student, title="Appeler", due_on=today)
    services.action_create(actor=coach, student=student, title="Revoir", due_on=today)
    later = services.action_create(
        actor=coach, student=student, title="Plus tard", due_on=today + dt.timedelta(days=2)
    )
    zone = student.student_profile.centre.zone
    early = dt.datetime.combine(today, dt.time(5, 0), zone)
    morning = dt.datetime.combine(today, dt.time(8, 0), zone)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_due_actions(now=early) == 0
        assert services.remind_due_actions(now=morning) == 2
        assert services.remind_due_actions(now=morning + dt.timedelta(hours=1)) == 0
    [message] = mail.outbox
    assert message.to == ["coach@example.org"]
    assert (
        "Appeler" in message.body and "Revoir" in message.body and "Plus tard" not in message.body
    )
    later.refresh_from_db()
    assert later.reminded_on is None
    assert Notification.objects.filter(recipient=coach, kind="action_due").count() == 1


# --- Messages to the family ---------------------------------------------------------------------


def test_a_message_to_the_family_is_emailed_once_and_logged(
    paris, django_capture_on_commit_callbacks
):
    key = uuid.uuid4()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            response = login(paris["coach"]).post(
                f"/coaching/students/{paris['student'].uuid}/message/",
                {
                    "subject": "Nouvelles de l’atelier",
                    "body": "Bonjour, tout va bien.",
                    "key": str(key),
                },
            )
            assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["famille@example.org"]
    assert "Bonjour, tout va bien." in message.body
    assert "Nouvelles de l’atelier" in message.subject
    logged = FamilyMessage.objects.get()
    assert (logged.sent_count, logged.sender) == (1, paris["coach"])
    events = selectors.timeline(student=paris["student"], strands=["coaching"]).events
    assert any("Nouvelles de l’atelier" in e.text for e in events)


def test_no_message_without_an_address(world):
    people = world["paris"]  # the guardian has no e-mail address here
    with pytest.raises(ValidationFailed):
        services.family_message_send(
            actor=people["coach"], student=people["student"], subject="Bonjour", body="Texte"
        )
    response = login(people["coach"]).post(
        f"/coaching/students/{people['student'].uuid}/message/",
        {"subject": "Bonjour", "body": "Texte"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and "No guardian" in response.content.decode()
    assert not FamilyMessage.objects.exists()


# --- Timeline -----------------------------------------------------------------------------------


def _history(world, student, weeks: int) -> None:
    """``weeks`` weekly sessions, attended one week in two, an absence the others."""
    slot = Slot.objects.create(centre=world.paris, label=f"Mardi {weeks}", seats=30)
    start = timezone.now() - dt.timedelta(days=7 * weeks)
    for k in range(weeks):
        session = Session.objects.create(
            centre=world.paris,
            slot=slot,
            starts_at=start + dt.timedelta(days=7 * k),
            ends_at=start + dt.timedelta(days=7 * k, hours=3),
        )
        if k % 2:
            CheckIn.objects.create(
                centre=world.paris,
                session=session,
                student=student,
                present=True,
                checked_in_at=session.starts_at,
            )
        else:
            Absence.objects.create(centre=world.paris, session=session, student=student)


def test_the_timeline_tells_everything_newest_first_filtered_and_paged(world, paris):
    student, coach = paris["student"], paris["coach"]
    _history(world, student, 30)
    services.note_create(actor=coach, student=student, body="Note récente")
    data = selectors.timeline(student=student)
    assert len(data.events) == 25 and data.has_next
    assert data.events == sorted(data.events, key=lambda e: e.when, reverse=True)
    assert data.events[0].text.startswith(("Note", "Note by"))
    assert data.events[0].staff_only
    second = selectors.timeline(student=student, page=2)
    assert not second.has_next and len(second.events) == 31 - 25
    assert {
        e.strand for e in selectors.timeline(student=student, strands=["attendance"]).events
    } == {"attendance"}
    page = login(coach).get(
        f"/coaching/students/{student.uuid}/timeline/?strand=coaching", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200 and "Note récente" in page.content.decode()
    assert "Came to the session" not in page.content.decode()
    for outsider in (student, paris["guardian"], world["liege"]["manager"]):
        assert (
            login(outsider).get(f"/coaching/students/{student.uuid}/timeline/").status_code == 404
        )


def test_the_file_and_timeline_read_the_same_number_of_queries_at_two_sizes(world, paris):
    student, coach = paris["student"], paris["coach"]

    def count(path: str) -> int:
        client = login(coach)
        client.get(path)  # warm the session and the caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    def grow(n: int) -> None:
        _history(world, student, n)
        for k in range(n):
            services.note_create(actor=coach, student=student, body=f"Note {k}")
            services.action_create(
                actor=coach, student=student, title=f"Action {k}", due_on=_today()
            )

    grow(2)
    small = [
        count(f"/coaching/students/{student.uuid}/"),
        count(f"/coaching/students/{student.uuid}/timeline/"),
        count("/coaching/actions/"),
    ]
    grow(20)
    large = [
        count(f"/coaching/students/{student.uuid}/"),
        count(f"/coaching/students/{student.uuid}/timeline/"),
        count("/coaching/actions/"),
    ]
    assert small == large


def test_the_shared_notes_read_the_same_queries_for_one_or_many(world, paris):
    """The student's and the family's "notes from my coach": no query per note or child."""
    student, coach, guardian = paris["student"], paris["coach"], paris["guardian"]
    services.note_create(actor=coach, student=student, body="Bravo !", shared=True)
    readers = [login(student), login(guardian)]
    for client in readers:
        client.get("/coaching/shared/")
    small = [queries_of(client, "/coaching/shared/") for client in readers]
    for k in range(15):
        services.note_create(actor=coach, student=student, body=f"Partagée {k}", shared=True)
        services.note_create(actor=coach, student=student, body=f"Équipe {k}")
    assert [queries_of(client, "/coaching/shared/") for client in readers] == small
    page = readers[1].get("/coaching/shared/").content.decode()
    assert "Partagée 14" in page and "Équipe 14" not in page


# --- Privacy ------------------------------------------------------------------------------------


def test_the_family_download_holds_the_shared_notes_only_and_the_erasure_removes_all(paris):
    coach, student = paris["coach"], paris["student"]
    services.note_create(actor=coach, student=student, body="Pour la famille", shared=True)
    services.note_create(actor=coach, student=student, body="Entre collègues")
    services.action_create(actor=coach, student=student, title="Rappeler", due_on=_today())
    rows = {
        name: export._rows(label, key, student, export.ONLY.get(name))
        for name, (label, key) in export.SECTIONS.items()
    }
    bodies = [r["body"] for r in rows["notes_shared_with_you"]]
    assert bodies == ["Pour la famille"]
    assert "Entre collègues" not in str(rows) and "Rappeler" not in str(rows)
    erasure.erase(student)
    assert not Note.objects.filter(student=student).exists()
    assert not Action.objects.filter(student=student).exists()


# --- API ----------------------------------------------------------------------------------------


def test_the_api_does_what_the_pages_do_with_the_same_rules(world, paris, api):
    student = paris["student"]
    coach = api(paris["coach"])
    key = str(uuid.uuid4())
    made = coach.post(f"/coaching/students/{student.uuid}/notes", {"body": "API", "key": key})
    assert made.status_code == 201, made.content
    again = coach.post(f"/coaching/students/{student.uuid}/notes", {"body": "API", "key": key})
    assert again.json()["uuid"] == made.json()["uuid"]
    note = made.json()["uuid"]
    edited = coach.put(f"/coaching/notes/{note}", {"body": "API 2", "shared": True, "revision": 1})
    assert edited.status_code == 200 and edited.json()["revision"] == 2
    assert_error(
        coach.put(f"/coaching/notes/{note}", {"body": "x", "shared": True, "revision": 1}),
        409,
        "stale_note",
    )
    assert [v["body"] for v in coach.get(f"/coaching/notes/{note}/history").json()] == ["API"]
    assert_error(coach.post(f"/coaching/students/{student.uuid}/notes", {"body": " "}), 400)
    assert coach.post(
        f"/coaching/students/{student.uuid}/notes", {"body": "x" * 5000}
    ).status_code in (400, 422)
    assert [n["body"] for n in api(student).get("/coaching/shared-notes").json()] == ["API 2"]

    due = (_today() + dt.timedelta(days=1)).isoformat()
    action = coach.post(
        f"/coaching/students/{student.uuid}/actions", {"title": "Appeler", "due_on": due}
    )
    assert action.status_code == 201, action.content
    assert [a["title"] for a in coach.get("/coaching/actions").json()["items"]] == ["Appeler"]
    closed = coach.post(f"/coaching/actions/{action.json()['uuid']}/close", {"status": "done"})
    assert closed.json()["status"] == "done"
    assert_error(
        coach.post(
            f"/coaching/students/{student.uuid}/actions", {"title": "x", "due_on": "2001-01-01"}
        ),
        400,
        "due_out_of_range",
    )
    timeline = coach.get(f"/coaching/students/{student.uuid}/timeline?strand=coaching")
    assert timeline.status_code == 200 and timeline.json()["events"]
    assert_error(coach.get(f"/coaching/students/{student.uuid}/timeline?strand=nonsense"), 422)

    for outsider in (student, paris["guardian"], world["liege"]["manager"]):
        client = api(outsider)
        assert_error(client.get(f"/coaching/students/{student.uuid}/timeline"), 404)
        assert_error(client.get(f"/coaching/students/{student.uuid}/notes"), 404)
        assert_error(client.post(f"/coaching/students/{student.uuid}/notes", {"body": "x"}), 404)
        assert_error(client.get(f"/coaching/notes/{note}/history"), 404)
    assert api(world["liege"]["manager"]).get("/coaching/shared-notes").json() == []


def test_the_coachs_home_lists_their_actions_due_this_week_late_first(paris):
    coach, student = paris["coach"], paris["student"]
    today = _today()
    late = services.action_create(actor=coach, student=student, title="En retard", due_on=today)
    Action.objects.filter(pk=late.pk).update(due_on=today - dt.timedelta(days=2))
    services.action_create(
        actor=coach, student=student, title="Cette semaine", due_on=today + dt.timedelta(days=3)
    )
    services.action_create(
        actor=coach, student=student, title="Plus tard", due_on=today + dt.timedelta(days=20)
    )
    services.action_create(
        actor=paris["manager"],
        student=student,
        title="Pas la sienne",
        due_on=today,
        owner=paris["manager"].uuid,
    )
    assert [a.title for a in selectors.my_due_actions(coach, today)] == [
        "En retard",
        "Cette semaine",
    ]
    page = login(coach).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "En retard" in page and "Cette semaine" in page
    assert "Plus tard" not in page and "Pas la sienne" not in page


def test_the_caseload_shows_pace_alerts_and_next_steps_sorted_and_filtered(world, paris):
    """The console's caseload: each student's pace against the centre's median over 8 weeks,
    the early-warning flag, the next step agreed; sorted by pace, filtered to the flagged."""
    coach, student, other = paris["coach"], paris["student"], paris["other_student"]
    CoachAssignment.objects.create(centre=world.paris, coach=coach, student=other)
    slot = Slot.objects.create(centre=world.paris, label="Mercredi", seats=20)
    for s in (student, other):
        enrol(s, slot)
    activities = [f.activity(key=f"pace-{k}") for k in range(6)]
    now = timezone.now()
    for k, activity in enumerate(activities):
        ActivityProgress.objects.create(
            centre=world.paris,
            student=other if k < 5 else student,
            activity=activity,
            status="done",
            completed_at=now - dt.timedelta(days=k + 1),
        )
    Alert.objects.create(
        centre=world.paris,
        student=student,
        coach=coach,
        opened_on=_today(),
        probability=0.4,
        method="rule",
        reasons=[{"feature": "absent_in_row", "value": 3}],
    )
    services.action_create(
        actor=coach,
        student=student,
        title="Appeler sa mère",
        due_on=_today() + dt.timedelta(days=1),
    )
    client = login(coach)
    page = client.get("/?sort=pace", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    caseload = page[page.index('id="caseload-title"') :]
    # the median of 1 and 5 is 3: 33 % and 167 %
    assert "33 % of usual" in caseload and "167 % of usual" in caseload
    assert caseload.index(student.first_name) < caseload.index(other.first_name)
    assert "Appeler sa mère" in caseload and "early warning" in caseload
    flagged = client.get("/?show=alert", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    flagged = flagged[flagged.index('id="caseload-title"') :]
    assert student.first_name in flagged and other.first_name not in flagged


def test_a_coachs_own_subject_is_sent_as_written_not_translated(
    paris, django_capture_on_commit_callbacks
):
    """ "Timeline" is also a msgid ("Historique" in French): a subject the coach wrote is not
    looked up in the catalogue for a French-speaking family."""
    paris["guardian"].preferred_language = "fr"
    paris["guardian"].save(update_fields=["preferred_language"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.family_message_send(
            actor=paris["coach"], student=paris["student"], subject="Timeline", body="Texte"
        )
    [message] = mail.outbox
    assert message.subject.endswith("Timeline")
