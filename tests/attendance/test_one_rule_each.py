"""Attendance says each shared rule once: the family through ``access_for(user).family_ids``,
e-mails through ``core.mail``, times through ``core.timefmt``, a student or a session named by
uuid through one selector each (one message, one error code, in the reader's language), a
slot through ``schedule.selectors.slot_get``."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.utils import translation

from parcours.attendance import services
from parcours.attendance.errors import AttendanceError
from parcours.attendance.models import Badge, CheckIn, CheckInCorrection, FollowUp
from parcours.attendance.permissions import absence_policy, checkin_policy
from parcours.attendance.services import Outcome
from parcours.core import mail as core_mail
from parcours.core.errors import Conflict
from parcours.schedule.models import Slot
from tests import factories as f
from tests.attendance.conftest import session_at
from tests.conftest import Api, assert_error, login

DAY = dt.timedelta(days=1)


# --- The family, read once -------------------------------------------------------------------


def test_family_rows_are_filtered_on_the_ids_read_once_not_a_guardian_join(att):
    services.sessions_close_ended(now=att.now)
    guardian = att["paris"]["guardian"]
    ward = att["paris"]["student"]
    for policy in (absence_policy, checkin_policy):
        sql = str(policy.visible(guardian).query).lower()
        assert "guardianlink" not in sql, sql
    seen = absence_policy.visible(guardian)
    assert seen.count() == 4 and {a.student_id for a in seen} == {ward.pk}
    assert not absence_policy.visible(att["liege"]["guardian"]).exists()


# --- Times as people read them ---------------------------------------------------------------


def test_the_kiosk_tells_the_next_session_and_the_opening_in_the_readers_words(att):
    code = att.codes["student"]
    tomorrow = att.now + DAY  # a Wednesday: no session
    with translation.override("en"):
        none_today = services.checkin_record(
            actor=att["paris"]["coach"], centre=att.paris, code=code, now=tomorrow
        )
    assert none_today.outcome == Outcome.NOT_TODAY
    assert none_today.message.endswith("Your next session: Tuesday 24 November at 17:55.")
    early = att.current.starts_at - dt.timedelta(minutes=45)
    with translation.override("fr"):
        too_early = services.checkin_record(
            actor=att["paris"]["coach"], centre=att.paris, code=code, now=early
        )
    assert too_early.outcome == Outcome.OUTSIDE
    assert "17:25" in too_early.message  # 30 minutes before 17:55, Paris time


# --- One e-mail helper -----------------------------------------------------------------------


def test_a_streak_is_told_through_the_mail_task_in_each_readers_language(
    att, django_capture_on_commit_callbacks
):
    guardian, coach = att["paris"]["guardian"], att["paris"]["coach"]
    for person, language in ((guardian, "fr"), (coach, "en")):
        person.email, person.preferred_language = f"{person.username}@example.org", language
        person.save()
    att.paris.contact_email = "paris@example.org"
    att.paris.save()
    oldest_first = list(reversed(att.past))
    mail.outbox.clear()
    with (
        mock.patch.object(core_mail, "deliver_email", wraps=core_mail.deliver_email) as task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        for session in oldest_first[:3]:
            services.session_close(session=session, now=att.now)
    assert sorted(c.kwargs["to"] for c in task.enqueue.call_args_list) == sorted(
        [guardian.email, coach.email]
    )
    name = att["paris"]["student"].first_name
    by_to = {m.to[0]: m for m in mail.outbox}
    to_guardian, to_coach = by_to[guardian.email], by_to[coach.email]
    assert to_guardian.subject == f"Paris · {name} a manqué 3 séances d’affilée"
    assert to_coach.subject == f"Paris · {name} has missed 3 sessions in a row"
    # The first absence of the run, 20 October at 18:55 in Paris (summer time then).
    assert "mardi 20 octobre à 18:55" in to_guardian.body
    assert "Tuesday 20 October at 18:55" in to_coach.body
    assert to_guardian.reply_to == ["paris@example.org"]
    assert FollowUp.objects.get(student=att["paris"]["student"]).notified_at is not None


def test_no_address_no_mail_and_the_follow_up_is_not_marked_told(
    att, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for session in reversed(att.past):
            services.session_close(session=session, now=att.now)
    assert not mail.outbox
    assert FollowUp.objects.get(student=att["paris"]["student"]).notified_at is None


# --- One lookup, one message, one code -------------------------------------------------------


def test_a_student_of_another_centre_is_one_answer_in_the_readers_language(live):
    stranger = live["liege"]["student"]
    url = f"/api/attendance/sessions/{live.current.uuid}/corrections"
    body = {"student": str(stranger.uuid), "state": "present", "reason": "x"}
    coach = Api(live["paris"]["coach"])
    err = assert_error(coach.post(url[4:], body), 400, AttendanceError.UNKNOWN_STUDENT)
    assert err["fields"] == {"student": ["Unknown student."]}
    french = coach.client.post(
        url,
        data=body,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=coach.token,
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    err = assert_error(french, 400, AttendanceError.UNKNOWN_STUDENT)
    assert err["fields"] == {"student": ["Élève inconnu·e."]}
    leave = coach.post(
        f"/attendance/sessions/{live.current.uuid}/leave", {"student": str(stranger.uuid)}
    )
    assert_error(leave, 400, AttendanceError.UNKNOWN_STUDENT)
    page = login(live["paris"]["coach"]).post(
        f"/attendance/sessions/{live.current.uuid}/", body, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 400 and "Unknown student." in page.content.decode()
    assert not CheckIn.objects.exists() and not CheckInCorrection.objects.exists()


def test_a_session_of_another_centre_is_an_error_on_the_session_field(live):
    liege_session = session_at(Slot.objects.get(centre=live.liege), live.now)
    body = {"code": live.codes["student"], "session": str(liege_session.uuid)}
    response = Api(live["paris"]["coach"]).post("/attendance/centres/paris/check-in", body)
    err = assert_error(response, 400, AttendanceError.UNKNOWN_SESSION)
    assert err["fields"] == {"session": ["Unknown session."]}
    assert not CheckIn.objects.exists()


def test_the_api_names_what_to_fix_with_a_code(live):
    coach = Api(live["paris"]["coach"])
    student = live["paris"]["student"]
    left = coach.post(
        f"/attendance/sessions/{live.current.uuid}/leave", {"student": str(student.uuid)}
    )
    assert_error(left, 400, AttendanceError.NOT_CHECKED_IN)
    later = {"student": str(student.uuid), "state": "present", "reason": "x"}
    assert_error(
        coach.post(f"/attendance/sessions/{live.future.uuid}/corrections", later),
        400,
        AttendanceError.SESSION_NOT_STARTED,
    )
    newcomer = f.student(live.paris, username="paris-newcomer")
    stranger = {"student": str(newcomer.uuid), "state": "present", "reason": "x"}
    assert_error(
        coach.post(f"/attendance/sessions/{live.current.uuid}/corrections", stranger),
        400,
        AttendanceError.NOT_EXPECTED,
    )
    with pytest.raises(Conflict) as exc:
        services.session_close(session=live.future, actor=live["paris"]["coach"])
    assert exc.value.code == AttendanceError.SESSION_NOT_ENDED


def test_badges_for_a_slot_of_another_centre_are_refused_on_the_form(live):
    liege_slot = Slot.objects.get(centre=live.liege)
    before = Badge.objects.count()
    page = login(live["paris"]["manager"]).post(
        "/attendance/badges/paris/", {"slot": str(liege_slot.uuid)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 400
    assert "This slot is not available at this centre." in page.content.decode()
    assert Badge.objects.count() == before
