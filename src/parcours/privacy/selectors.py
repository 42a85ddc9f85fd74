"""Reads of the privacy app: the students a family acts for, the requests one may see."""

from __future__ import annotations

import uuid as uuid_lib
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from parcours.centres.models import Network
from parcours.consents import selectors as consents
from parcours.consents.models import ConsentRecord
from parcours.core.errors import Forbidden, NotFound
from parcours.people.access import access_for
from parcours.people.choices import Role
from parcours.people.models import User
from parcours.people.types import Actor
from parcours.privacy import retention
from parcours.privacy.choices import ErasureStatus
from parcours.privacy.models import DataExport, ErasureRequest, RetentionPolicy
from parcours.privacy.permissions import can_download, can_request_erasure, erasure_policy


@dataclass
class Subject:
    """A student whose rights the user exercises, with what they may do and what was done."""

    student: User
    can_download: bool
    can_request: bool
    open_request: ErasureRequest | None = None
    requests: list[ErasureRequest] = field(default_factory=list)
    downloads: list[DataExport] = field(default_factory=list)
    consents: list[ConsentRecord] = field(default_factory=list)


def _students() -> QuerySet[User]:
    return User.objects.filter(
        student_profile__isnull=False, erased_at__isnull=True
    ).select_related("student_profile", "student_profile__centre")


def family_subjects(user: Actor) -> list[Subject]:
    """The user themselves (a student) and their wards, each with their requests, downloads
    and consents (four queries whatever the family's size)."""
    ids = access_for(user).family_ids
    students = list(_students().filter(pk__in=ids).order_by("first_name", "pk"))
    requests = ErasureRequest.objects.filter(student_id__in=ids).select_related(
        "requested_by", "decided_by"
    )
    downloads = DataExport.objects.filter(student_id__in=ids).select_related("requested_by")
    by_student: dict[int, Subject] = {}
    out = []
    for s in students:
        subject = Subject(
            student=s, can_download=can_download(user, s), can_request=can_request_erasure(user, s)
        )
        by_student[s.pk] = subject
        out.append(subject)
    for r in requests:
        if (subject_ := by_student.get(r.student_id)) is not None:
            subject_.requests.append(r)
            if r.status == ErasureStatus.REQUESTED:
                subject_.open_request = r
    for d in downloads[:200]:
        if (subject_ := by_student.get(d.student_id)) is not None:
            subject_.downloads.append(d)
    for c in consents.consents_of_students(user=user, student_ids=list(by_student)):
        by_student[c.student_id].consents.append(c)
    return out


def student_get(*, user: Actor, uuid: uuid_lib.UUID | str) -> User:
    """A student the user answers for (family), manages (their centre's) or any (network
    admin); 404 otherwise, as for a student who does not exist."""
    access = access_for(user)
    rows = _students()
    if not access.network_admin:
        rows = rows.filter(
            Q(pk__in=access.family_ids)
            | Q(student_profile__centre_id__in=access.centres(Role.MANAGER))
        )
    try:
        return rows.get(uuid=uuid)
    except (User.DoesNotExist, ValueError):
        raise NotFound() from None


def requests_visible(user: Actor, *, status: str = "") -> QuerySet[ErasureRequest]:
    rows = erasure_policy.visible(user).select_related(
        "student", "requested_by", "decided_by", "centre"
    )
    if status in ErasureStatus.values:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at")


def request_get(*, user: Actor, uuid: uuid_lib.UUID | str) -> ErasureRequest:
    return erasure_policy.get_visible(user, uuid=uuid)


def open_requests_count(user: Actor) -> int:
    return erasure_policy.editable(user).filter(status=ErasureStatus.REQUESTED).count()


def can_see_requests(user: Actor) -> bool:
    access = access_for(user)
    return access.network_admin or bool(access.centres(Role.MANAGER))


def open_request_of(student: User) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(student=student, status=ErasureStatus.REQUESTED).first()


RETENTION_FIELDS = (
    "closed_requests_months",
    "past_students_months",
    "kiosk_months",
    "audit_months",
)


def retention_get(user: Actor) -> RetentionPolicy:
    """The network's retention rules (network admins only; 403 for anyone else)."""
    if not access_for(user).network_admin:
        raise Forbidden()
    network = Network.objects.order_by("pk").first()
    if network is None:
        raise NotFound()
    return retention.policy_of(network)
