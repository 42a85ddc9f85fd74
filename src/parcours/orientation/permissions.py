"""Who does what in the orientation programme. It is run by the centre's coaches and managers
(and network admins): they see every participant, every note, and move students through the
stages. A student sees her own participation, the notes shared with her, and builds her plan
with her coach; her family reads the same; nobody else sees anything (404). Staff-only notes
never leave the staff."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parcours.people.access import access_for
from parcours.people.choices import Role
from parcours.people.models import CoachAssignment

if TYPE_CHECKING:
    from parcours.orientation.models import Participant
    from parcours.people.models import User
    from parcours.people.types import Actor


def runs(user: Actor, centre_id: int) -> bool:
    """Does ``user`` run the centre's programme (a coach or manager there, an admin)?"""
    access = access_for(user)
    return access.network_admin or centre_id in access.centres(Role.MANAGER, Role.COACH)


def manages(user: Actor, centre_id: int) -> bool:
    access = access_for(user)
    return access.network_admin or centre_id in access.centres(Role.MANAGER)


def is_family(user: Actor, student_id: int) -> bool:
    return access_for(user).is_family_of(student_id)


def is_student(user: Actor, student_id: int) -> bool:
    return access_for(user).user_id == student_id


def may_read(user: Actor, p: Participant) -> bool:
    return runs(user, p.programme.centre_id) or is_family(user, p.student_id)


def may_plan(user: Actor, p: Participant) -> bool:
    """The plan is built by the student with her coach (or the centre's staff)."""
    return runs(user, p.programme.centre_id) or is_student(user, p.student_id)


def may_invite(user: Actor, student: User, centre_id: int) -> bool:
    """A student's coach, or a manager of the centre, invites them."""
    if manages(user, centre_id):
        return True
    uid = access_for(user).user_id
    return CoachAssignment.objects.filter(coach_id=uid, student=student).exists()
