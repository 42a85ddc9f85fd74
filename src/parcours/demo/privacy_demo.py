"""Demo rows for privacy rights and the audit log (issue 12): erasure requests in each state
(one waiting for the Paris manager, one refused, one cancelled, one done), the demo
guardian's past data download, and a year of audit entries drawn from the demo's own
decisions (enrolment decisions, project reviews) and coaches' looks at their students."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from auditlog.models import AbstractLogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from parcours.audit.models import AuditEntry
from parcours.audit.registry import HIDDEN
from parcours.centres.models import Centre
from parcours.demo import bulk
from parcours.demo.labs_demo import OFFER_LOGIN
from parcours.enrolment.models import Enrolment
from parcours.learning.models import Submission
from parcours.people.models import CoachAssignment, Role, StudentProfile, User
from parcours.privacy import erasure
from parcours.privacy.choices import ErasureStatus
from parcours.privacy.models import DataExport, ErasureRequest

Action = AbstractLogEntry.Action
LOOKS_PER_STUDENT = 18  # a coach opens a student's path about every three weeks


def _candidates(centre: Centre, skip: set[int], n: int) -> list[User]:
    rows = (
        User.objects.filter(student_profile__centre=centre, is_active=True, guardians__isnull=False)
        .exclude(pk__in=skip)
        .exclude(username=OFFER_LOGIN)  # the demo's student with an open offer keeps her story
        .order_by("-username")[:n]
    )
    return list(rows)


def seed_requests(centre: Centre, manager: User, demo_student: User | None) -> dict[str, int]:
    """Four erasure requests in Paris, oldest first; the demo family's one download."""
    now = timezone.now()
    skip = {demo_student.pk} if demo_student else set()
    done, refused, cancelled, waiting = _candidates(centre, skip, 4)

    def made(student: User, days: int, status: str, **fields: Any) -> ErasureRequest:
        guardian = student.guardians.select_related("guardian").first().guardian  # type: ignore[union-attr]
        request = ErasureRequest.objects.create(
            centre=centre, student=student, requested_by=guardian, status=status, **fields
        )
        when = now - dt.timedelta(days=days)
        ErasureRequest.objects.filter(pk=request.pk).update(created_at=when, updated_at=when)
        return request

    erased = made(
        done,
        150,
        ErasureStatus.REQUESTED,
        reason="Nous déménageons à l'étranger.",
    )
    summary = erasure.erase(done)
    ErasureRequest.objects.filter(pk=erased.pk).update(
        status=ErasureStatus.DONE,
        decided_by=manager,
        decided_at=now - dt.timedelta(days=143),
        summary=summary,
        reason="",
    )
    made(
        refused,
        60,
        ErasureStatus.REFUSED,
        reason="Elle ne vient plus.",
        decided_by=manager,
        decided_at=now - dt.timedelta(days=55),
        refusal_reason=(
            "Inscrite pour l'année en cours : les données restent nécessaires jusqu'à la fin "
            "de l'année ; nous effacerons en juillet si vous le confirmez."
        ),
    )
    made(
        cancelled,
        30,
        ErasureStatus.CANCELLED,
        decided_by=cancelled.guardians.first().guardian,  # type: ignore[union-attr]
        decided_at=now - dt.timedelta(days=29),
    )
    made(waiting, 3, ErasureStatus.REQUESTED, reason="Mon fils ne souhaite plus participer.")
    if demo_student is not None:
        guardian = demo_student.guardians.select_related("guardian").first()
        if guardian is not None:
            export = DataExport.objects.create(
                centre=centre,
                student=demo_student,
                requested_by=guardian.guardian,
                size=48_210,
                files=3,
            )
            when = now - dt.timedelta(days=12)
            DataExport.objects.filter(pk=export.pk).update(created_at=when, updated_at=when)
    return {"erasure_requests": 4, "data_downloads": 1 if demo_student else 0}


def seed_audit(centre: Centre, rng: random.Random) -> int:
    """A year of audit entries of ``centre``, from its real decisions and its coaches."""
    now = timezone.now()
    year_ago = now - dt.timedelta(days=365)
    kinds = {
        m: ContentType.objects.get_for_model(m) for m in (Enrolment, Submission, StudentProfile)
    }
    addresses = [f"10.{centre.pk}.0.{n}" for n in range(10, 30)]
    entries: list[AuditEntry] = []

    def add(**fields: Any) -> None:
        fields.setdefault("remote_addr", rng.choice(addresses))
        fields.setdefault("changes", {})
        entries.append(AuditEntry(centre_id=centre.pk, **fields))

    decided = Enrolment.objects.filter(
        centre=centre, decided_at__gte=year_ago, decided_by__isnull=False
    ).only("pk", "uuid", "student_id", "status", "decided_at", "decided_by_id")
    for e in decided:
        add(
            content_type=kinds[Enrolment],
            object_pk=str(e.pk),
            object_id=e.pk,
            object_repr=str(e.uuid)[:8],
            action=Action.UPDATE,
            changes={
                "status": ["pre_registered", e.status],
                "decided_at": ["None", str(e.decided_at)],
                "decided_by": ["None", str(e.decided_by_id)],
            },
            actor_id=e.decided_by_id,
            student_id=e.student_id,
            timestamp=e.decided_at,
            additional_data={"method": "POST", "view": "enrolment:detail"},
        )
    reviewed = Submission.objects.filter(
        centre=centre, reviewed_at__gte=year_ago, reviewer__isnull=False
    ).only("pk", "uuid", "student_id", "status", "reviewed_at", "reviewer_id")
    for s in reviewed:
        add(
            content_type=kinds[Submission],
            object_pk=str(s.pk),
            object_id=s.pk,
            object_repr=str(s.uuid)[:8],
            action=Action.UPDATE,
            changes={
                "status": ["submitted", s.status],
                "comment": [HIDDEN, HIDDEN],
                "reviewed_at": ["None", str(s.reviewed_at)],
            },
            actor_id=s.reviewer_id,
            student_id=s.student_id,
            timestamp=s.reviewed_at,
            additional_data={"method": "POST", "view": "learning:review"},
        )
    profiles = dict(StudentProfile.objects.filter(centre=centre).values_list("user_id", "pk"))
    profile_uuids = dict(StudentProfile.objects.filter(centre=centre).values_list("pk", "uuid"))
    for coach_id, student_id in CoachAssignment.objects.filter(centre=centre).values_list(
        "coach_id", "student_id"
    ):
        profile_id = profiles.get(student_id)
        if profile_id is None:
            continue
        for _ in range(LOOKS_PER_STUDENT):
            day = now - dt.timedelta(days=rng.uniform(0.5, 365))
            when = day.replace(hour=rng.choice([14, 15, 16, 17, 18]), minute=rng.randrange(60))
            add(
                content_type=kinds[StudentProfile],
                object_pk=str(profile_id),
                object_id=profile_id,
                object_repr=str(profile_uuids[profile_id])[:8],
                action=Action.ACCESS,
                actor_id=coach_id,
                student_id=student_id,
                timestamp=min(when, now),
                additional_data={
                    "method": "GET",
                    "view": rng.choice(
                        ["learning:student", "learning:student", "attendance:student"]
                    ),
                },
            )
    bulk.insert(AuditEntry, entries)
    return len(entries)


def seed(demo_student: User | None) -> dict[str, int]:
    figures = {"audit_entries": 0}
    for centre in Centre.objects.order_by("slug"):
        rng = random.Random(f"{centre.slug}:audit")
        figures["audit_entries"] += seed_audit(centre, rng)
        manager = (
            User.objects.filter(memberships__centre=centre, memberships__role=Role.MANAGER)
            .order_by("username")
            .first()
        )
        if centre.slug == "paris" and manager is not None:
            figures.update(seed_requests(centre, manager, demo_student))
    return figures
