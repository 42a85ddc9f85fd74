"""Who sees and changes attendance.

Seen by: the student; their guardians; the staff of their centre (coaches, experts,
managers); network admins. Check-ins are taken and corrected by the centre's staff;
absences are justified by the centre's coaches and managers; badges are reissued by the
centre's coaches and managers; follow-ups are seen by the student's coaches and the
centre's managers."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from parcours.attendance.models import Absence, CheckIn, CheckInCorrection, FollowUp
from parcours.centres.models import Centre
from parcours.core.permissions import Policy
from parcours.people.models import Role, StudentProfile, User
from parcours.people.selectors import access_for
from parcours.people.types import Actor

KIOSK_ROLES = (Role.COACH, Role.EXPERT, Role.MANAGER)
FOLLOW_ROLES = (Role.COACH, Role.MANAGER)


def student_q(user: Actor, prefix: str = "student") -> Q | None:
    """Rows about a student that ``user`` may see; None means all: the student's own and
    their wards' (``family_ids``), and every student of a centre where the user is a coach,
    an expert or a manager."""
    access = access_for(user)
    if access.network_admin:
        return None
    if not access.user_id:
        return Q(pk__in=[])
    return Q(**{f"{prefix}_id__in": access.family_ids}) | Q(
        **{f"{prefix}__student_profile__centre_id__in": access.centres(*KIOSK_ROLES)}
    )


def centre_q(user: Actor, *roles: str) -> Q | None:
    access = access_for(user)
    if access.network_admin:
        return None
    return Q(centre_id__in=access.centres(*roles))


def _filter(qs: QuerySet[Any], q: Q | None) -> QuerySet[Any]:
    return qs if q is None else qs.filter(q)  # no to-many join: each row once


def can_run_kiosk(user: Actor, centre: Centre) -> bool:
    """Staff of the centre open the kiosk and the board, and take check-ins."""
    return can_run_kiosk_at(user, centre.pk)


def can_run_kiosk_at(user: Actor, centre_id: int) -> bool:
    """``can_run_kiosk`` from the centre's id alone (the board's polls, without the centre)."""
    access = access_for(user)
    return access.network_admin or any(access.has(r, centre_id) for r in KIOSK_ROLES)


def can_manage(user: Actor, centre: Centre) -> bool:
    access = access_for(user)
    return access.network_admin or access.has(Role.MANAGER, centre.pk)


def can_see_attendance(user: Actor, student: User) -> bool:
    """The student, their guardians, their centre's staff, network admins."""
    q = student_q(user, prefix="user")
    qs = StudentProfile.objects.filter(user=student)
    if q is None:
        return qs.exists()
    return qs.filter(q).exists()


class CheckInPolicy(Policy[CheckIn]):
    model = CheckIn

    def visible(self, user: Actor) -> QuerySet[CheckIn]:
        return _filter(CheckIn.objects.all(), student_q(user))

    def editable(self, user: Actor) -> QuerySet[CheckIn]:
        return _filter(CheckIn.objects.all(), centre_q(user, *KIOSK_ROLES))


class CorrectionPolicy(Policy[CheckInCorrection]):
    model = CheckInCorrection

    def visible(self, user: Actor) -> QuerySet[CheckInCorrection]:
        return _filter(CheckInCorrection.objects.all(), centre_q(user, *KIOSK_ROLES))


class AbsencePolicy(Policy[Absence]):
    model = Absence

    def visible(self, user: Actor) -> QuerySet[Absence]:
        return _filter(Absence.objects.all(), student_q(user))

    def editable(self, user: Actor) -> QuerySet[Absence]:
        return _filter(Absence.objects.all(), centre_q(user, *FOLLOW_ROLES))


class FollowUpPolicy(Policy[FollowUp]):
    model = FollowUp

    def visible(self, user: Actor) -> QuerySet[FollowUp]:
        access = access_for(user)
        if access.network_admin:
            return FollowUp.objects.all()
        return FollowUp.objects.filter(
            Q(student__coaches__coach_id=access.user_id)
            | Q(centre_id__in=access.centres(Role.MANAGER))
        ).distinct()


def can_reissue_badge(user: Actor, student: User) -> bool:
    access = access_for(user)
    if access.network_admin:
        return True
    return StudentProfile.objects.filter(
        user=student, centre_id__in=access.centres(*FOLLOW_ROLES)
    ).exists()


checkin_policy = CheckInPolicy()
correction_policy = CorrectionPolicy()
absence_policy = AbsencePolicy()
followup_policy = FollowUpPolicy()
