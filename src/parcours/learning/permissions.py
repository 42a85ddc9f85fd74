"""Who sees a student's learning data and who reviews it.

Visible: the student; their guardians; their coaches; the experts and managers of their
centre; network admins. Reviewing projects: coaches of the student, experts and
managers of the centre."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from parcours.core.permissions import Policy
from parcours.learning.models import ActivityProgress, Mastery, Submission
from parcours.people.models import CoachAssignment, Role, StudentProfile
from parcours.people.selectors import access_for

M = TypeVar("M", bound=models.Model)


def student_filter(user: Any, prefix: str = "student") -> Q | None:
    """Q over a student foreign key for the rows ``user`` may see; None means all."""
    access = access_for(user)
    if access.network_admin:
        return None
    if not access.user_id:
        return Q(pk__in=[])
    return (
        Q(**{f"{prefix}_id": access.user_id})
        | Q(**{f"{prefix}__guardians__guardian_id": access.user_id})
        | Q(**{f"{prefix}__coaches__coach_id": access.user_id})
        | Q(
            **{
                f"{prefix}__student_profile__centre_id__in": access.centres(
                    Role.MANAGER, Role.EXPERT
                )
            }
        )
    )


def reviewer_filter(user: Any, prefix: str = "student") -> Q | None:
    access = access_for(user)
    if access.network_admin:
        return None
    if not access.user_id:
        return Q(pk__in=[])
    return Q(**{f"{prefix}__coaches__coach_id": access.user_id}) | Q(
        **{f"{prefix}__student_profile__centre_id__in": access.centres(Role.MANAGER, Role.EXPERT)}
    )


class StudentDataPolicy(Policy[M]):
    def visible(self, user: Any) -> QuerySet[M]:
        q = student_filter(user)
        qs = self.model._default_manager.all()
        return qs if q is None else qs.filter(q).distinct()


class SubmissionPolicy(StudentDataPolicy[Submission]):
    model = Submission

    def editable(self, user: Any) -> QuerySet[Submission]:
        """Reviewable: not by the student nor the family."""
        q = reviewer_filter(user)
        qs = Submission.objects.all()
        return qs if q is None else qs.filter(q).distinct()


class ProgressPolicy(StudentDataPolicy[ActivityProgress]):
    model = ActivityProgress


class MasteryPolicy(StudentDataPolicy[Mastery]):
    model = Mastery


def can_follow(user: Any, student: Any) -> bool:
    """May ``user`` see ``student``'s path (student, family, coach, centre staff, admin)?"""
    access = access_for(user)
    if access.network_admin:
        return True
    if not access.user_id:
        return False
    return (
        StudentProfile.objects.filter(user=student)
        .filter(
            Q(user_id=access.user_id)
            | Q(user__guardians__guardian_id=access.user_id)
            | Q(user__coaches__coach_id=access.user_id)
            | Q(centre_id__in=access.centres(Role.MANAGER, Role.EXPERT))
        )
        .exists()
    )


def can_steer(user: Any, student: Any) -> bool:
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
progress_policy = ProgressPolicy()
mastery_policy = MasteryPolicy()
