"""Who follows a learning path, who sees a student's learning data and who reviews it.

Follows a path: a user with a student profile. Visible: the student; their guardians; their
coaches; the experts and managers of their centre; network admins. Reviewing projects:
coaches of the student, managers of the centre, and the centre's experts for the focus areas of
the labs they lead (an expert of video games does not review music projects)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from parcours.catalogue.models import LabTemplate
from parcours.core.errors import Forbidden
from parcours.core.permissions import Policy
from parcours.learning.errors import LearningError
from parcours.learning.models import Submission
from parcours.people.models import CoachAssignment, Membership, Role, StudentProfile, User
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


def expert_area_ids(user_id: int) -> QuerySet[LabTemplate, int]:
    """The focus areas of the labs an expert leads, any cycle (a subquery). The labs app
    registers the ``labs`` relation of a lab template; learning needs no import of it."""
    return LabTemplate.objects.filter(labs__expert_id=user_id).values_list(
        "focus_area_id", flat=True
    )


def expert_ids_for(centre_id: int, focus_area_id: int) -> QuerySet[Membership, int]:
    """The experts of a centre who lead a lab of a focus area (who review its projects)."""
    leads = LabTemplate.objects.filter(
        focus_area_id=focus_area_id, labs__expert_id=OuterRef("user_id")
    )
    return (
        Membership.objects.filter(centre_id=centre_id, role=Role.EXPERT, is_active=True)
        .filter(Exists(leads))
        .values_list("user_id", flat=True)
    )


def reviewer_filter(user: Actor, prefix: str = "student") -> Q | None:
    """Q over submissions (``prefix`` names their student) the user may review."""
    access = access_for(user)
    if access.network_admin:
        return None
    if not access.user_id:
        return Q(pk__in=[])
    q = Q(**{f"{prefix}__coaches__coach_id": access.user_id}) | Q(
        **{f"{prefix}__student_profile__centre_id__in": access.centres(Role.MANAGER)}
    )
    experts_in = access.centres(Role.EXPERT)
    if experts_in:
        q |= Q(
            **{f"{prefix}__student_profile__centre_id__in": experts_in},
            activity__focus_area_id__in=expert_area_ids(access.user_id),
        )
    return q


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
