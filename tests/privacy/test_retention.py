"""Retention rules (issue 12): the nightly job erases applicants never registered and
students who left once their time is up, blanks old check-ins' device names and deletes old
audit entries; network admins set the durations (page and API)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from parcours.attendance.models import CheckIn
from parcours.audit.models import AuditEntry
from parcours.enrolment import years
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.people.models import StudentProfile, User
from parcours.privacy import retention
from parcours.privacy.jobs import apply_retention
from parcours.privacy.models import ErasureRequest, RetentionPolicy
from parcours.schedule.models import Slot
from tests import factories as f
from tests.attendance.conftest import enrol, session_at
from tests.conftest import assert_error, login

pytestmark = pytest.mark.django_db


def _request(student: User, status: str, year: int, days_ago: int) -> Enrolment:
    e = Enrolment.objects.create(
        centre=student.student_profile.centre,
        student=student,
        school_year=year,
        status=status,
        refusal_reason="Full" if status == EnrolmentStatus.REFUSED else "",
        submitted_by="guardian",
        request_key=f"k-{student.pk}-{year}",
        person_key=f"p-{student.pk}",
    )
    when = timezone.now() - dt.timedelta(days=days_ago)
    Enrolment.objects.filter(pk=e.pk).update(updated_at=when)
    return e


def test_the_job_erases_who_the_rules_say_and_nobody_else(world: Any) -> None:
    paris = world.paris
    now_year = years.current_school_year(paris)
    slot = Slot.objects.create(centre=paris, label="Mardi", seats=20)
    old_refused = f.student(paris, first_name="OldRefused")
    _request(old_refused, EnrolmentStatus.REFUSED, now_year - 1, days_ago=400)
    new_refused = f.student(paris, first_name="NewRefused")
    _request(new_refused, EnrolmentStatus.REFUSED, now_year, days_ago=300)
    left_long_ago = f.student(paris, first_name="LeftLongAgo")
    enrol(left_long_ago, slot, year=now_year - 4)
    left_last_year = f.student(paris, first_name="LeftLastYear")
    enrol(left_last_year, slot, year=now_year - 1)
    staying = f.student(paris, first_name="Staying")
    enrol(staying, slot, year=now_year - 4)
    enrol(staying, slot, year=now_year)  # registered this year too

    done = retention.apply()

    erased = set(User.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {old_refused.pk, left_long_ago.pk}
    assert done["students_erased"] == 2
    records = ErasureRequest.objects.filter(by_retention=True)
    assert {r.student_id for r in records} == erased
    assert all(r.status == "done" and r.requested_by is None for r in records)
    assert retention.apply().get("students_erased", 0) == 0  # the next night: nothing again
    assert StudentProfile.objects.get(user=left_long_ago).school == ""


def test_old_device_names_and_audit_entries_go(world: Any) -> None:
    paris = world.paris
    slot = Slot.objects.create(centre=paris, label="Mardi", seats=20)
    student = world["paris"]["student"]
    enrol(student, slot)
    now = timezone.now()
    for days, device in ((500, "kiosk-old"), (10, "kiosk-new")):
        session = session_at(slot, now - dt.timedelta(days=days))
        CheckIn.objects.create(
            centre=paris,
            session=session,
            student=student,
            checked_in_at=session.starts_at,
            device=device,
        )
    kind = ContentType.objects.get_for_model(StudentProfile)
    for days in (800, 30):
        AuditEntry.objects.create(
            content_type=kind,
            object_pk="1",
            object_repr="x",
            action=3,
            centre=paris,
            timestamp=now - dt.timedelta(days=days),
        )
    apply_retention()
    assert sorted(CheckIn.objects.values_list("device", flat=True)) == ["", "kiosk-new"]
    ages = [(now - e.timestamp).days for e in AuditEntry.objects.filter(object_repr="x")]
    assert ages == [30]


def test_network_admins_set_the_durations(world: Any, api: Any) -> None:
    admin = login(world.admin)
    assert admin.get("/privacy/retention/").status_code == 200
    bad = admin.post(
        "/privacy/retention/",
        {
            "closed_requests_months": 0,
            "past_students_months": 36,
            "kiosk_months": 13,
            "audit_months": 3,
        },
    )
    assert bad.status_code == 400
    assert RetentionPolicy.objects.get().audit_months == 24
    ok = admin.post(
        "/privacy/retention/",
        {
            "closed_requests_months": 6,
            "past_students_months": 24,
            "kiosk_months": 12,
            "audit_months": 12,
        },
    )
    assert ok.status_code == 302
    assert RetentionPolicy.objects.get().closed_requests_months == 6
    body = api(world.admin).patch("/privacy/retention", {"kiosk_months": 7}).json()
    assert body["kiosk_months"] == 7 and body["audit_months"] == 12
    assert_error(api(world.admin).patch("/privacy/retention", {"audit_months": 2}), 422)
    for role in ("manager", "coach", "guardian", "student"):
        who = world["paris"][role]
        assert login(who).get("/privacy/retention/").status_code == 403
        assert_error(api(who).get("/privacy/retention"), 403)
