"""The rules of check-in, corrections, absences and their follow-up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from parcours.attendance import selectors, services
from parcours.attendance.models import (
    Absence,
    AttendanceSettings,
    Badge,
    CheckIn,
    CheckInCorrection,
    FollowUp,
)
from parcours.attendance.services import Outcome
from parcours.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from parcours.notifications.choices import Kind
from parcours.notifications.models import Notification
from parcours.schedule.models import ClosedDays, Slot

MIN = dt.timedelta(minutes=1)


def scan(att, code, *, at=None, who="coach", session=None, device="Desk"):
    return services.checkin_record(
        actor=att["paris"][who],
        centre=att.paris,
        code=code,
        device=device,
        session=session,
        now=at or att.now,
    )


def test_welcome_then_already_checked_in_is_one_record(att):
    first = scan(att, att.codes["student"])
    assert first.outcome == Outcome.WELCOME and first.first_name in first.message
    again = scan(att, att.codes["student"].lower().replace("-", " "))
    assert again.outcome == Outcome.ALREADY
    row = CheckIn.objects.get()
    assert row.session == att.current and row.device == "Desk"
    assert row.taken_by == att["paris"]["coach"] and row.late_minutes == 0


def test_codes_are_stored_hashed_and_reissue_voids_the_old_one(att):
    code = att.codes["student"]
    badge = Badge.objects.get(student=att["paris"]["student"], revoked_at__isnull=True)
    assert code not in badge.code_hash and len(badge.code_hash) == 64
    new = services.badge_issue(actor=att["paris"]["manager"], student=att["paris"]["student"])
    assert scan(att, code).outcome == Outcome.REVOKED
    assert not CheckIn.objects.exists()
    assert scan(att, new.code).outcome == Outcome.WELCOME
    assert Badge.objects.filter(student=att["paris"]["student"]).count() == 2


def test_unknown_and_other_centres_badges_are_refused(att):
    assert scan(att, "ZZZZZ-ZZZZZ").outcome == Outcome.UNKNOWN
    assert scan(att, att.liege_code).outcome == Outcome.UNKNOWN
    assert not CheckIn.objects.exists()


def test_window_opens_shortly_before_the_start_and_closes_at_the_end(att):
    start, end = att.current.starts_at, att.current.ends_at
    with translation.override("en"):  # the message is checked in English
        too_early = scan(att, att.codes["student"], at=start - 45 * MIN)
    assert too_early.outcome == Outcome.OUTSIDE and "opens" in too_early.message
    assert scan(att, att.codes["student"], at=end + MIN).outcome == Outcome.OUTSIDE
    assert not CheckIn.objects.exists()
    assert scan(att, att.codes["student"], at=start - 20 * MIN).outcome == Outcome.WELCOME


def test_the_window_is_a_centre_setting(att):
    AttendanceSettings.objects.create(centre=att.paris, opens_before_minutes=5)
    start = att.current.starts_at
    assert scan(att, att.codes["student"], at=start - 20 * MIN).outcome == Outcome.OUTSIDE


def test_late_arrival_is_recorded_in_minutes(att):
    result = scan(att, att.codes["student"], at=att.current.starts_at + 25 * MIN)
    assert result.outcome == Outcome.WELCOME and result.checkin.late_minutes == 25
    assert "25" in result.message


def test_never_for_a_future_session(att):
    result = scan(att, att.codes["student"], session=att.future)
    assert result.outcome == Outcome.OUTSIDE
    assert not CheckIn.objects.exists()


def test_not_your_session_today_gives_the_next_one(att):
    result = scan(att, att.codes["student"], at=att.now + dt.timedelta(days=2))
    assert result.outcome == Outcome.NOT_TODAY
    assert result.next_session == att.future
    assert not CheckIn.objects.exists()


def test_a_non_working_day_says_so(att):
    day = (att.now + dt.timedelta(days=1)).astimezone(att.paris.zone).date()
    ClosedDays.objects.create(
        centre=att.paris, first_day=day, last_day=day, kind="public", label="Armistice"
    )
    result = scan(att, att.codes["student"], at=att.now + dt.timedelta(days=1))
    assert result.outcome == Outcome.CLOSED_DAY and "Armistice" in result.message


def test_phone_badge_token_works_and_a_forged_one_does_not(att):
    badge = Badge.objects.get(student=att["paris"]["student"], revoked_at__isnull=True)
    token = services.phone_token(badge)
    assert scan(att, token[:-2] + "xx").outcome == Outcome.UNKNOWN
    assert scan(att, token).outcome == Outcome.WELCOME


def test_only_the_centres_staff_take_check_ins(att):
    for who in ("student", "guardian"):
        with pytest.raises(NotFound):
            scan(att, att.codes["student"], who=who)
    with pytest.raises(NotFound):
        services.checkin_record(
            actor=att["liege"]["manager"], centre=att.paris, code=att.codes["student"]
        )
    with pytest.raises(ValidationFailed):
        scan(att, "   ")


def test_early_leave(att):
    scan(att, att.codes["student"])
    row = services.checkin_leave(
        actor=att["paris"]["coach"],
        session=att.current,
        student=att["paris"]["student"],
        now=att.now + 60 * MIN,
    )
    assert row.left_early and row.left_at == att.now + 60 * MIN
    with pytest.raises(ValidationFailed):
        services.checkin_leave(
            actor=att["paris"]["coach"], session=att.current, student=att["paris"]["other_student"]
        )


def test_corrections_are_logged_and_repeating_one_changes_nothing(att):
    scan(att, att.codes["student"])
    kwargs = dict(
        actor=att["paris"]["manager"],
        session=att.current,
        student=att["paris"]["student"],
        now=att.now + 5 * MIN,
    )
    log = services.checkin_correct(state="late", late_minutes=15, reason="bus", **kwargs)
    assert log.before["state"] == "present" and log.after["state"] == "late"
    assert log.corrected_by == att["paris"]["manager"] and log.reason == "bus"
    assert services.checkin_correct(state="late", late_minutes=15, reason="bus", **kwargs) is None
    services.checkin_correct(state="absent", reason="left at once", **kwargs)
    assert not CheckIn.objects.get().present
    assert CheckInCorrection.objects.count() == 2
    with pytest.raises(ValidationFailed) as exc:
        services.checkin_correct(state="present", reason="  ", **kwargs)
    assert "reason" in exc.value.fields
    with pytest.raises(ValidationFailed):
        services.checkin_correct(state="teleported", reason="x", **kwargs)
    assert CheckInCorrection.objects.count() == 2


def test_correcting_an_absence_to_present_removes_it(att):
    past = att.past[0]
    services.session_close(session=past, now=att.now)
    assert Absence.objects.filter(session=past).count() == 2
    services.checkin_correct(
        actor=att["paris"]["coach"],
        session=past,
        student=att["paris"]["student"],
        state="present",
        reason="forgot the badge",
        now=att.now,
    )
    assert Absence.objects.filter(session=past).count() == 1
    assert CheckIn.objects.get(session=past).present


def test_session_close_records_absences_once(att):
    past = att.past[0]
    scan(att, att.codes["student"], at=past.starts_at, session=past)
    with pytest.raises(Conflict):
        services.session_close(session=att.current, now=att.now)
    assert services.session_close(session=past, now=att.now) == 1
    assert services.session_close(session=past, now=att.now) == 0
    absence = Absence.objects.get()
    assert absence.student == att["paris"]["other_student"] and absence.recorded_by is None
    past.refresh_from_db()
    assert past.absences_recorded_at == att.now


def test_sessions_close_ended_closes_every_ended_session(att):
    assert services.sessions_close_ended(now=att.now) == 8  # 4 past sessions x 2 students
    assert services.sessions_close_ended(now=att.now) == 0


def test_streak_notifies_guardian_and_coach_once(att, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    student = att["paris"]["student"]
    guardian, coach = att["paris"]["guardian"], att["paris"]["coach"]
    for person, lang in ((guardian, "fr"), (coach, "en")):
        person.email, person.preferred_language = f"{person.username}@example.org", lang
        person.save()
    oldest_first = list(reversed(att.past))
    with django_capture_on_commit_callbacks(execute=True):
        for s in oldest_first[:2]:
            services.session_close(session=s, now=att.now)
    assert not FollowUp.objects.exists() and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        services.session_close(session=oldest_first[2], now=att.now)
    followup = FollowUp.objects.get(student=student)
    assert followup.absences == 3 and followup.notified_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted([guardian.email, coach.email])
    to_coach = next(m for m in mail.outbox if m.to == [coach.email])
    assert "3 sessions in a row" in to_coach.subject and student.first_name in to_coach.body
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_close(session=oldest_first[3], now=att.now)
    followup.refresh_from_db()
    assert followup.absences == 4 and len(mail.outbox) == sent
    # The same streak is in the family's and the coach's inboxes, once, not e-mailed again.
    told = Notification.objects.filter(kind=Kind.ABSENCE_STREAK)
    assert sorted(told.values_list("recipient__username", flat=True)) == sorted(
        [guardian.username, coach.username]
    )
    assert FollowUp.objects.filter(student=student).count() == 1
    # Coming back closes the follow-up.
    scan(att, att.codes["student"])
    followup.refresh_from_db()
    assert followup.closed_at is not None
    assert selectors.followup_count(user=coach) == 0


def test_justified_absence(att):
    services.session_close(session=att.past[0], now=att.now)
    absence = Absence.objects.get(student=att["paris"]["student"])
    with pytest.raises(ValidationFailed):
        services.absence_justify(
            actor=att["paris"]["coach"], absence=absence, justified=True, reason=""
        )
    done = services.absence_justify(
        actor=att["paris"]["coach"], absence=absence, justified=True, reason="ill"
    )
    assert done.justified and done.recorded_by == att["paris"]["coach"]
    with pytest.raises(Forbidden):  # the student sees it, and cannot justify it
        services.absence_justify(
            actor=att["paris"]["student"], absence=absence, justified=False, reason=""
        )
    with pytest.raises(NotFound):  # another student does not even see it
        services.absence_justify(
            actor=att["paris"]["other_student"], absence=absence, justified=False, reason=""
        )


def test_rates_per_student_slot_and_centre(att):
    for s in att.past[:2]:
        scan(att, att.codes["student"], at=s.starts_at + 15 * MIN, session=s)
    services.sessions_close_ended(now=att.now)
    rate = selectors.student_rate(att["paris"]["student"])
    assert (rate.present, rate.absent, rate.late, rate.percent) == (2, 2, 2, 50)
    other = selectors.student_rate(att["paris"]["other_student"])
    assert (other.present, other.absent, other.percent) == (0, 4, 0)
    assert selectors.slot_rate(att.slot).percent == 25
    # every slot at once: the same figures as one by one, in two queries whatever the slots
    for extra in range(3):
        Slot.objects.create(centre=att.paris, label=f"Extra {extra}", seats=10)
    with CaptureQueriesContext(connection) as ctx:
        rows = selectors.slot_rates(att.paris)
    assert len(ctx) == 3  # slots, check-ins grouped by slot, absences grouped by slot
    assert len(rows) == Slot.objects.filter(centre=att.paris).count() >= 4
    for slot, grouped in rows:
        assert grouped == selectors.slot_rate(slot)
    assert selectors.centre_rate(att.paris).as_dict()["expected"] == 8
    assert selectors.centre_rate(att.liege).percent is None
