"""Issue 11: an extra session says who it is for (weekly slots, students by login, or every
student of the centre); the kiosk checks its invitees in, the board expects them and the
absences are recorded for them only. Before, an extra session expected nobody and the kiosk
answered "you have no session today" to the students it was planned for."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcours.attendance import selectors, services
from parcours.attendance.models import Absence, CheckIn
from parcours.attendance.services import Outcome
from parcours.core.errors import Conflict, ValidationFailed
from parcours.enrolment import years
from parcours.enrolment.models import Enrolment
from parcours.privacy.erasure import erase
from parcours.schedule import services as schedule
from parcours.schedule.errors import ScheduleError
from parcours.schedule.models import Session, SessionKind, Slot
from tests import factories as f
from tests.attendance.conftest import enrol
from tests.conftest import Api, assert_error, login


def _extra(att, *, start=None, hours=3, **invite) -> Session:
    """An extra session at the centre (the ORM: the service refuses a moment already
    begun), with its invitees set through the service's own rule."""
    start = start or att.now - dt.timedelta(minutes=10)
    session = Session.objects.create(
        centre=att.paris,
        kind=SessionKind.EXTRA,
        label="Rattrapage",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
    )
    day = start.astimezone(att.paris.zone).date()
    schedule._set_invitees(session, schedule._invitees(att.paris, day, invite))
    return session


@pytest.fixture
def thursday(live):
    """A second weekly slot with its own student (who is not expected at the extra
    session unless invited), and that student's badge."""
    slot = Slot.objects.create(centre=live.paris, label="Jeudi", seats=10)
    student = f.student(live.paris, username="paris-jeudi", first_name="Inès")
    enrol(student, slot, years.school_year_of(live.now.astimezone(live.paris.zone).date()))
    code = services.badge_issue(actor=live["paris"]["manager"], student=student).code
    return slot, student, code


def scan(att, code, session=None):
    return services.checkin_record(
        actor=att["paris"]["coach"], centre=att.paris, code=code, session=session
    )


def test_the_kiosk_checks_in_the_students_an_extra_session_invites(live, thursday):
    _slot, ines, ines_code = thursday
    live.current.cancelled = True  # the weekly session is off: only the extra one is open
    live.current.save()
    extra = _extra(live, students=[ines.username])
    assert selectors.expected_ids(extra) == {ines.pk}
    # Before: "Inès, you have no session today."
    welcomed = scan(live, ines_code)
    assert welcomed.outcome == Outcome.WELCOME
    assert CheckIn.objects.get(student=ines).session == extra
    # Not invited (registered in another slot): still no session today, nothing recorded.
    refused = scan(live, live.codes["student"])
    assert refused.outcome == Outcome.NOT_TODAY
    assert not CheckIn.objects.filter(student=live["paris"]["student"]).exists()


def test_a_slot_invited_brings_its_registered_students(live, thursday):
    _slot, _ines, ines_code = thursday
    extra = _extra(live, slots=[str(live.slot.uuid)])
    paris = live["paris"]
    assert selectors.expected_ids(extra) == {paris["student"].pk, paris["other_student"].pk}
    assert scan(live, ines_code, session=extra).outcome == Outcome.NOT_TODAY
    assert scan(live, live.codes["student"], session=extra).outcome == Outcome.WELCOME


def test_open_to_all_lets_anyone_registered_in_and_marks_only_the_invited_absent(live, thursday):
    _slot, ines, ines_code = thursday
    live.current.cancelled = True
    live.current.save()
    extra = _extra(live, open_to_all=True, students=[live["paris"]["other_student"].username])
    assert scan(live, ines_code).outcome == Outcome.WELCOME  # registered, not invited
    liege = services.checkin_record(
        actor=live["paris"]["coach"], centre=live.paris, code=live.liege_code
    )
    assert liege.outcome == Outcome.UNKNOWN  # another centre's badge
    board = selectors.board(user=live["paris"]["coach"], centre=live.paris)
    rows = {r.student.pk: r.state for b in board if b.session == extra for r in b.rows}
    assert rows == {ines.pk: "in", live["paris"]["other_student"].pk: "not_yet"}
    Session.objects.filter(pk=extra.pk).update(ends_at=timezone.now() - dt.timedelta(minutes=1))
    assert services.session_close(session=extra) == 1
    assert list(Absence.objects.filter(session=extra).values_list("student", flat=True)) == [
        live["paris"]["other_student"].pk
    ]


def test_the_next_session_named_at_the_kiosk_can_be_an_extra_one(live, thursday):
    _slot, ines, ines_code = thursday
    live.current.cancelled = True
    live.current.save()
    later = _extra(live, start=live.now + dt.timedelta(days=2), students=[ines.username])
    answer = scan(live, ines_code)
    assert answer.outcome == Outcome.NOT_TODAY and answer.next_session == later


def test_the_service_wants_invitees_of_the_centre_and_changes_nothing_when_refused(world):
    manager = world["paris"]["manager"]
    day = timezone.localdate() + dt.timedelta(days=9)
    base = {"label": "Portes ouvertes", "day": day, "starts_at": dt.time(14),
            "ends_at": dt.time(17)}  # fmt: skip
    with pytest.raises(ValidationFailed) as nobody:
        schedule.extra_session_create(actor=manager, centre=world.paris, data=base)
    assert nobody.value.code == ScheduleError.NO_INVITEES
    liege_slot = Slot.objects.create(centre=world.liege, label="Lundi", seats=4)
    for bad in (
        {"slots": [str(liege_slot.uuid)]},  # another centre's slot
        {"slots": ["not-a-uuid"]},
        {"students": [world["liege"]["student"].username]},  # another centre's student
        {"students": [str(world["paris"]["manager"].uuid)]},  # not a student
        {"students": ["nobody-by-that-login"]},
    ):
        with pytest.raises(ValidationFailed) as err:
            schedule.extra_session_create(actor=manager, centre=world.paris, data={**base, **bad})
        assert err.value.code == ScheduleError.UNKNOWN_INVITEE, bad
    assert not Session.objects.filter(kind=SessionKind.EXTRA).exists()
    done = schedule.extra_session_create(
        actor=manager, centre=world.paris, data={**base, "open_to_all": True}
    )
    assert done.created and done.session.open_to_all


def test_inviting_replaces_the_list_twice_the_same_changes_nothing(live, thursday):
    slot, ines, _ = thursday
    manager = live["paris"]["manager"]
    extra = _extra(live, slots=[str(slot.uuid)])
    data = {"students": [str(ines.uuid).upper(), ines.username], "slots": []}
    for _ in range(2):
        schedule.extra_session_invite(actor=manager, session=extra, data=data)
        assert list(extra.invited_students.all()) == [ines]
        assert not extra.invited_slots.exists()
    with pytest.raises(Conflict) as weekly:
        schedule.extra_session_invite(actor=manager, session=live.current, data=data)
    assert weekly.value.code == ScheduleError.NOT_EXTRA
    Session.objects.filter(pk=extra.pk).update(ends_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(Conflict) as over:
        schedule.extra_session_invite(actor=manager, session=extra, data={"open_to_all": True})
    assert over.value.code == ScheduleError.SESSION_OVER
    assert list(extra.invited_students.all()) == [ines]


def test_the_api_reads_and_replaces_invitees_for_the_centres_managers_only(live, thursday):
    slot, ines, _ = thursday
    extra = _extra(live, students=[ines.username])
    manager = Api(live["paris"]["manager"])
    got = manager.get(f"/sessions/{extra.uuid}/invitees")
    assert got.status_code == 200
    assert got.json()["students"] == [str(ines.uuid)] and got.json()["expected"] == 1
    put = manager.put(f"/sessions/{extra.uuid}/invitees", {"slots": [str(live.slot.uuid)]})
    assert put.status_code == 200 and put.json()["expected"] == 2
    assert put.json()["students"] == [] and put.json()["slots"] == [str(live.slot.uuid)]
    unknown = manager.put(f"/sessions/{extra.uuid}/invitees", {"students": [str(slot.uuid)]})
    assert_error(unknown, 400, ScheduleError.UNKNOWN_INVITEE)
    nobody = manager.put(f"/sessions/{extra.uuid}/invitees", {})
    assert_error(nobody, 400, ScheduleError.NO_INVITEES)
    assert list(extra.invited_slots.all()) == [live.slot]  # refused: unchanged
    for who in (live["paris"]["coach"], live["liege"]["manager"], live["paris"]["student"]):
        assert Api(who).get(f"/sessions/{extra.uuid}/invitees").status_code == 404
        refused = Api(who).put(f"/sessions/{extra.uuid}/invitees", {"open_to_all": True})
        assert refused.status_code == 404
    assert manager.get(f"/sessions/{live.current.uuid}/invitees").status_code == 404
    extra.refresh_from_db()
    assert not extra.open_to_all


def test_the_api_creates_an_extra_session_with_its_invitees(live, thursday):
    slot, ines, _ = thursday
    manager = Api(live["paris"]["manager"])
    day = timezone.localdate() + dt.timedelta(days=12)
    student = live["paris"]["student"]
    payload = {"label": "Atelier", "day": str(day), "starts_at": "14:00", "ends_at": "17:00",
               "slots": [str(slot.uuid)], "students": [str(student.uuid)]}  # fmt: skip
    created = manager.post("/centres/paris/sessions/extra", payload)
    assert created.status_code == 201, created.content
    session = Session.objects.get(uuid=created.json()["uuid"])
    assert selectors.expected_ids(session) == {ines.pk, live["paris"]["student"].pk}
    week = manager.get(f"/centres/paris/sessions?week={day}").json()
    assert [s["expected"] for s in week if s["uuid"] == str(session.uuid)] == [2]


def test_the_pages_plan_and_change_who_is_invited(live, thursday):
    slot, ines, _ = thursday
    client = login(live["paris"]["manager"])
    day = timezone.localdate() + dt.timedelta(days=12)
    form = {"label": "Atelier", "day": str(day), "starts_at": "14:00", "ends_at": "17:00",
            "students": "nobody-here"}  # fmt: skip
    refused = client.post("/schedule/paris/sessions/extra/", form)
    assert refused.status_code == 400
    assert "nobody-here" in refused.content.decode()
    assert not Session.objects.filter(label="Atelier").exists()
    created = client.post(
        "/schedule/paris/sessions/extra/",
        {**form, "students": f"{ines.username}, {live['paris']['student'].username}"},
    )
    assert created.status_code == 302
    session = Session.objects.get(label="Atelier")
    assert set(session.invited_students.all()) == {ines, live["paris"]["student"]}
    overview = client.get("/schedule/paris/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 students by name" in overview and "2 expected" in overview
    url = f"/schedule/paris/sessions/{session.uuid}/invitees/"
    page = client.get(url).content.decode()
    assert ines.username in page and 'name="slots"' in page
    changed = client.post(url, {"slots": [str(slot.uuid)], "students": "", "open_to_all": "on"})
    assert changed.status_code == 302
    session.refresh_from_db()
    assert session.open_to_all and list(session.invited_slots.all()) == [slot]
    assert not session.invited_students.exists()
    assert login(live["paris"]["coach"]).get(url).status_code == 403
    assert login(live["liege"]["manager"]).get(url).status_code == 404


def test_the_extra_sessions_list_reads_the_same_whatever_their_number(live, thursday):
    slot, ines, _ = thursday
    client = login(live["paris"]["manager"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get("/schedule/paris/").status_code == 200
        return len(seen)

    def plan(n: int) -> None:
        for k in range(n):
            start = timezone.now() + dt.timedelta(days=3 + k)
            s = _extra(live, start=start, students=[ines.username], slots=[str(slot.uuid)])
            s.label = f"Atelier {k}"
            s.save()

    plan(1)
    one = queries()
    plan(4)
    assert queries() == one


def test_a_student_registered_without_a_slot_yet_comes_to_an_open_day(live):
    """Review: the kiosk read 'registered' as 'registered in a slot' for open-to-all sessions
    while the staff's correction form read it as registered at all."""
    newcomer = f.student(live.paris, username="paris-newcomer", first_name="Sacha")
    enrolment = enrol(newcomer, live.slot)
    Enrolment.objects.filter(pk=enrolment.pk).update(slot=None)  # registered, no slot yet
    code = services.badge_issue(actor=live["paris"]["manager"], student=newcomer).code
    live.current.cancelled = True
    live.current.save()
    extra = _extra(live, open_to_all=True)
    assert scan(live, code).outcome == Outcome.WELCOME
    assert CheckIn.objects.get(student=newcomer).session == extra


def test_an_erased_student_is_no_longer_invited(live, thursday):
    _slot, ines, _ = thursday
    extra = _extra(live, students=[ines.username, live["paris"]["student"].username])
    with transaction.atomic():
        erase(ines)
    assert selectors.expected_ids(extra) == {live["paris"]["student"].pk}
    assert list(extra.invited_students.all()) == [live["paris"]["student"]]
