"""The retention rules, applied by the worker every night (``privacy.jobs.apply_retention``).

Per network (``RetentionPolicy``, defaults when none is set):

- an applicant never registered (every request refused or withdrawn, or still pending from
  a past year) is erased ``closed_requests_months`` after their last request;
- a student who left (no registration, pending request nor waiting list for the current
  school year or later) is erased ``past_students_months`` after the end of their last school
  year;
- the device names of check-ins (which kiosk, which phone) are blanked after
  ``kiosk_months``;
- audit entries older than ``audit_months`` are deleted.

Erasing is ``privacy.erasure.erase``, as for a family's request, and leaves the same record:
an ``ErasureRequest`` marked done ``by_retention``. At most ``BATCH`` students a night, so a
first run on an old database spreads over a few nights."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from parcours.attendance.models import CheckIn
from parcours.audit.models import AuditEntry
from parcours.centres.models import Centre, Network
from parcours.enrolment.choices import EnrolmentStatus
from parcours.enrolment.models import Enrolment
from parcours.enrolment.years import school_year_of, year_start
from parcours.people.models import User
from parcours.privacy import erasure
from parcours.privacy.choices import ErasureStatus
from parcours.privacy.models import ErasureRequest, RetentionPolicy

BATCH = 200
STAYING = (
    EnrolmentStatus.REGISTERED,
    EnrolmentStatus.PRE_REGISTERED,
    EnrolmentStatus.WAITING_LIST,
)


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    return moment - dt.timedelta(days=round(months * 30.44))


def policy_of(network: Network) -> RetentionPolicy:
    policy, _created = RetentionPolicy.objects.get_or_create(network=network)
    return policy


def due_students(centre_ids: list[int], policy: RetentionPolicy, now: dt.datetime) -> list[int]:
    """Ids of the students of these centres whose data the rules say to erase now."""
    today = timezone.localdate(now)
    current = school_year_of(today)
    staying = Enrolment.objects.filter(school_year__gte=current, status__in=STAYING).values(
        "student_id"
    )
    grouped = (
        Enrolment.objects.filter(centre_id__in=centre_ids, student__erased_at__isnull=True)
        .exclude(student_id__in=staying)
        .values("student_id")
        .annotate(
            last_year=Max("school_year"),
            last_change=Max("updated_at"),
            registered=Count("id", filter=Q(status=EnrolmentStatus.REGISTERED)),
        )
        .order_by("student_id")
    )
    closed_cutoff = months_before(now, policy.closed_requests_months)
    rows = list(grouped)
    attended = set(
        CheckIn.objects.filter(student_id__in=[r["student_id"] for r in rows])
        .values_list("student_id", flat=True)
        .distinct()
    )
    due = []
    for row in rows:
        if row["registered"] or row["student_id"] in attended:
            left = dt.datetime.combine(year_start(row["last_year"] + 1), dt.time(), dt.UTC)
            if months_before(now, policy.past_students_months) >= left:
                due.append(row["student_id"])
        elif row["last_change"] <= closed_cutoff:
            due.append(row["student_id"])
        if len(due) >= BATCH:
            break
    return due


def apply(now: dt.datetime | None = None) -> dict[str, int]:
    """Apply every network's rules once; return what was done."""
    now = now or timezone.now()
    done: Counter[str] = Counter()
    longest_audit = 0
    for network in Network.objects.order_by("pk"):
        policy = policy_of(network)
        longest_audit = max(longest_audit, policy.audit_months)
        centre_ids = list(Centre.objects.filter(network=network).values_list("pk", flat=True))
        for student in User.objects.filter(pk__in=due_students(centre_ids, policy, now)):
            with transaction.atomic():
                summary = erasure.erase(student)
                ErasureRequest.objects.create(
                    centre_id=student.student_profile.centre_id,
                    student=student,
                    status=ErasureStatus.DONE,
                    decided_at=now,
                    summary=summary,
                    by_retention=True,
                )
            done["students_erased"] += 1
        done["check_in_devices_blanked"] += (
            CheckIn.objects.filter(
                centre_id__in=centre_ids,
                checked_in_at__lt=months_before(now, policy.kiosk_months),
            )
            .exclude(device="")
            .update(device="")
        )
        done["audit_entries_deleted"] += _prune_audit(
            Q(centre_id__in=centre_ids), months_before(now, policy.audit_months)
        )
    if longest_audit:  # entries of no centre (accounts): the longest rule of the networks
        done["audit_entries_deleted"] += _prune_audit(
            Q(centre_id__isnull=True), months_before(now, longest_audit)
        )
    return dict(done)


def _prune_audit(where: Q, cutoff: dt.datetime) -> Any:
    # A queryset delete: the only way entries leave (AuditEntry.delete() refuses).
    deleted, _per_model = AuditEntry.objects.filter(where, timestamp__lt=cutoff).delete()
    return deleted
