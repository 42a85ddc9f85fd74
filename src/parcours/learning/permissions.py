"""Who follows a learning path, who sees a student's learning data and who reviews it.

Follows a path: a user with a student profile. Visible: the student; their guardians; their
coaches; the experts and managers of their centre; network admins. Reviewing projects:
coaches of the student, experts and managers of the centre."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from parcours.core.errors import Forbidden
from parcours.core.permissions import Policy
from parcours.learning.errors import LearningError
from parcours.learning.models import Submission
from parcours.people.models import CoachAssignment, Role, StudentProfile, User
from parcours.people.selectors import access_for
from parcours.people.types import Actor


def learner(user: Actor) -> User:
    """The acting user as a student following a learning path, or ``Forbidden``."""
    if isinstance(user, User) and getattr(user, "student_profile", None) is not None:
        return user
    raise Forbidden(_("Only students follow a learning path."), code=LearningError.NOT_A_STUDENT)


def student_filter(user: Actor, prefix: str = "student") -> Q | None:
    """Q over a student foreign key for the rows ``user`` may see; None means all."""
    access = access_for(user)
    if access.network_admin:
        return None
    if not access.user_id:
        return Q(pk__in=[])
    return (
        Q(**{f"{prefix}_id__in": {access.user_id} | access.ward_ids})
        | Q(**{f"{prefix}__coaches__coach_id": access.user_id})
        | Q(
            **{
                f"{prefix}__student_profile__centre_id__in": access.centres(
                    Role.MANAGER, Role.EXPERT
                )
            }
        )
    )


def reviewer_filter(user: Actor, prefix: str = "student") -> Q | None:
    access = access_for(user)
    if access.network_admin:
        return None
    if not access.user_id:
        return Q(pk__in=[])
    return Q(**{f"{prefix}__coaches__coach_id": access.user_id}) | Q(
        **{f"{prefix}__student_profile__centre_id__in": access.centres(Role.MANAGER, Role.EXPERT)}
    )


class SubmissionPolicy(Policy[Submission]):
    model = Submission

    def visible(self, user: Actor) -> QuerySet[Submission]:
        q = student_filter(user)
        qs = Submission.objects.all()
        return qs if q is None else qs.filter(q).distinct()

    def editable(self, user: Actor) -> QuerySet[Submission]:
        """Reviewable: not by the student nor the family."""
        q = reviewer_filter(user)
        qs = Submission.objects.all()
        return qs if q is None else qs.filter(q).distinct()


def can_follow(user: Actor, student: User) -> bool:
    """May ``user`` see ``student``'s path (student, family, coach, centre staff, admin)?"""
    access = access_for(user)
    if access.network_admin:
        return True
    if not access.user_id:
        return False
    if student.pk == access.user_id:
        return True
    if access.has(Role.GUARDIAN) and student.pk in access.ward_ids:
        return True  # a guardian's own child, without asking about staff
    staff = (
        StudentProfile.objects.filter(user=student)
        .filter(
            Q(user__coaches__coach_id=access.user_id)
            | Q(centre_id__in=access.centres(Role.MANAGER, Role.EXPERT))
        )
        .exists()
    )
    return staff or student.pk in access.ward_ids


def can_steer(user: Actor, student: User) -> bool:
    """May ``user`` change ``student``'s focus areas (their coach, the centre's managers)?"""
    access = access_for(user)
    if access.network_admin:
        return True
    if CoachAssignment.objects.filter(coach_id=access.user_id, student=student).exists():
        return True
    return StudentProfile.objects.filter(
        user=student, centre_id__in=access.centres(Role.MANAGER)
    ).exists()


submission_policy = SubmissionPolicy()
