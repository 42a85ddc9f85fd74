"""Reads of coaching: who may follow a student, their notes (staff only, or shared), the
follow-up actions, the messages to the family, and the student's timeline of everything that
happened. The centre's coaches and managers (and network admins) follow its students; a
student and their family read only the notes shared with them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from parcours.attendance.models import Absence, CheckIn
from parcours.centres.models import Centre
from parcours.centres.permissions import can_manage_centre
from parcours.centres.selectors import centre_managed
from parcours.coaching.choices import ActionStatus, Strand
from parcours.coaching.models import Action, FamilyMessage, Note, NoteVersion
from parcours.consents.models import ConsentRecord
from parcours.core.errors import NotFound, ValidationFailed
from parcours.core.lists import name_matches, words
from parcours.engine import caseload as caseload_engine
from parcours.enrolment import selectors as enrolments
from parcours.enrolment import years
from parcours.enrolment.choices import EnrolmentStatus
from parcours.enrolment.models import Enrolment
from parcours.labs.choices import SeatStatus
from parcours.labs.models import Application, Seat
from parcours.learning.models import (
    ActivityProgress,
    FocusChoice,
    ProgressStatus,
    QuizSitting,
    Submission,
    SubmissionStatus,
)
from parcours.people.models import CoachAssignment, GuardianLink, Membership, Role, User
from parcours.people.selectors import access_for
from parcours.people.types import Actor
from parcours.risk.models import Alert
from parcours.risk.selectors import reasons_text

# Who follows a centre's students: its coaches and managers (and network admins).
FOLLOW_ROLES = (Role.COACH, Role.MANAGER)
TIMELINE_PAGE = 25


def followed_students(user: Actor) -> QuerySet[User]:
    """The students whose file the user may open: every student of the centres where they
    coach or manage; all of them for a network admin; nobody for anyone else."""
    access = access_for(user)
    base = User.objects.filter(student_profile__isnull=False)
    if access.network_admin:
        return base
    return base.filter(student_profile__centre_id__in=access.centres(*FOLLOW_ROLES))


def may_follow(user: Actor) -> bool:
    access = access_for(user)
    return access.network_admin or bool(access.centres(*FOLLOW_ROLES))


def student_get(*, user: Actor, uuid: UUID | str) -> User:
    """A student the user follows (404 for anyone else: the student and family included)."""
    try:
        return followed_students(user).select_related("student_profile__centre").get(uuid=uuid)
    except (User.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


@dataclass
class StudentFile:
    """What the student's page shows besides the timeline."""

    student: User
    coaches: list[User]
    guardians: list[User]
    alert: Alert | None
    reasons: list[str]
    notes: list[Note]
    actions: list[Action]
    messages: list[FamilyMessage]
    owners: list[User]
    today: dt.date


def staff_of(centre_id: int, roles: tuple[str, ...] = FOLLOW_ROLES) -> QuerySet[User]:
    """The centre's active members holding one of ``roles`` (by default its coaches and
    managers: who may own an action), by name."""
    ids = Membership.objects.filter(centre_id=centre_id, role__in=roles, is_active=True).values(
        "user_id"
    )
    return User.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "last_name")


def student_file(*, user: Actor, student: User) -> StudentFile:
    """The follow-up of a student: coaches, guardians, open alert, notes (pinned first,
    newest first), open actions (soonest first), the last messages to the family."""
    centre_id = student.student_profile.centre_id
    alert = (
        Alert.objects.filter(student=student, closed_at__isnull=True)
        .select_related("coach")
        .first()
    )
    return StudentFile(
        student=student,
        coaches=list(User.objects.filter(caseload__student=student).order_by("first_name")),
        guardians=list(
            User.objects.filter(wards__student=student).order_by("first_name", "last_name")
        ),
        alert=alert,
        reasons=reasons_text(alert.reasons) if alert else [],
        notes=list(
            Note.objects.filter(student=student)
            .select_related("author", "edited_by")
            .order_by("-pinned", "-created_at", "-pk")
        ),
        actions=list(
            Action.objects.filter(student=student, status=ActionStatus.OPEN)
            .select_related("owner")
            .order_by("due_on", "pk")
        ),
        messages=list(
            FamilyMessage.objects.filter(student=student)
            .select_related("sender")
            .order_by("-created_at")[:5]
        ),
        owners=list(staff_of(centre_id)),
        today=now_in(student),
    )


# --- Notes ------------------------------------------------------------------------------------


def notes_visible(user: Actor) -> QuerySet[Note]:
    """The notes the user may read: all the notes on the students they follow; the shared
    notes on themselves and their wards; nothing else."""
    access = access_for(user)
    if access.network_admin:
        return Note.objects.all()
    followed = Q(centre_id__in=access.centres(*FOLLOW_ROLES))
    family = Q(student_id__in=access.family_ids, shared=True)
    return Note.objects.filter(followed | family)


def note_get(*, user: Actor, uuid: UUID | str) -> Note:
    """A note the user may change (the staff who follow its student)."""
    try:
        return (
            Note.objects.filter(student__in=followed_students(user))
            .select_related("student__student_profile__centre", "author", "edited_by")
            .get(uuid=uuid)
        )
    except (Note.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def note_history(note: Note) -> list[NoteVersion]:
    """The texts a note had before its edits, newest first."""
    return list(note.versions.select_related("written_by").order_by("-revision"))


def student_notes(*, user: Actor, student: User) -> QuerySet[Note]:
    return (
        notes_visible(user)
        .filter(student=student)
        .select_related("author", "edited_by")
        .order_by("-pinned", "-created_at", "-pk")
    )


def shared_notes(user: Actor) -> QuerySet[Note]:
    """The notes shared with the user as a student or a guardian, newest first: never a
    staff-only note, even for a student who is also on the staff somewhere."""
    access = access_for(user)
    return (
        Note.objects.filter(student_id__in=access.family_ids, shared=True)
        .select_related("student", "author")
        .order_by("-pinned", "-created_at", "-pk")
    )


# --- Actions ----------------------------------------------------------------------------------


def actions_visible(user: Actor) -> QuerySet[Action]:
    access = access_for(user)
    if access.network_admin:
        return Action.objects.all()
    return Action.objects.filter(centre_id__in=access.centres(*FOLLOW_ROLES))


def action_get(*, user: Actor, uuid: UUID | str) -> Action:
    try:
        return actions_visible(user).select_related("student", "owner").get(uuid=uuid)
    except (Action.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def action_list(
    *, user: Actor, status: str = "open", mine: bool = True, q: str = ""
) -> QuerySet[Action]:
    """Follow-up actions: ``status`` open (soonest due first), done/cancelled/all (newest
    first); ``mine``: the ones the user owns; ``q``: the student's name."""
    if not may_follow(user):
        raise NotFound()
    rows = actions_visible(user)
    if status in ActionStatus.values:
        rows = rows.filter(status=status)
    if mine:
        rows = rows.filter(owner_id=access_for(user).user_id)
    rows = name_matches(rows, q).select_related("student", "owner", "closed_by")
    if status == ActionStatus.OPEN:
        return rows.order_by("due_on", "pk")
    return rows.order_by("-due_on", "-pk")


def my_due_actions(user: Actor, today: dt.date, *, days: int = 7) -> list[Action]:
    """The user's open actions due within ``days`` (overdue ones first): the coach's home."""
    access = access_for(user)
    if not access.user_id:
        return []
    return list(
        Action.objects.filter(
            owner_id=access.user_id,
            status=ActionStatus.OPEN,
            due_on__lte=today + dt.timedelta(days=days),
        )
        .select_related("student")
        .order_by("due_on", "pk")[:20]
    )


def next_actions(student_ids: Iterable[int]) -> dict[int, Action]:
    """Each student's next open action (the soonest due): the caseload's "next step". One
    query."""
    out: dict[int, Action] = {}
    rows = Action.objects.filter(
        student_id__in=list(student_ids), status=ActionStatus.OPEN
    ).order_by("student_id", "due_on", "pk")
    for action in rows:
        out.setdefault(action.student_id, action)
    return out


def messages_of(*, user: Actor, student: User) -> QuerySet[FamilyMessage]:
    if not followed_students(user).filter(pk=student.pk).exists():
        raise NotFound()
    return (
        FamilyMessage.objects.filter(student=student)
        .select_related("sender")
        .order_by("-created_at", "-pk")
    )


def family_addresses(student: User) -> list[User]:
    """The student's guardians who have an e-mail address."""
    ids = GuardianLink.objects.filter(student=student).values("guardian_id")
    return list(User.objects.filter(pk__in=ids).exclude(email="").order_by("pk"))


# --- Timeline ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One thing that happened to a student, as the timeline shows it."""

    when: dt.datetime
    strand: str
    icon: str
    text: str
    detail: str = ""
    tone: str = ""  # "", "success", "warning", "danger"
    staff_only: bool = False


@dataclass
class Timeline:
    events: list[Event]
    page: int
    has_next: bool
    strands: list[str] = field(default_factory=list)


def _name(user: User | None) -> str:
    return user.get_full_name() if user else _("someone")


def _enrolment(student: User, limit: int, zone: dt.tzinfo) -> Iterable[Event]:
    for e in Enrolment.objects.filter(student=student).select_related("centre"):
        yield Event(
            e.submitted_at,
            Strand.ENROLMENT,
            "file-pen-line",
            _("Registration requested at %(centre)s for %(year)s")
            % {"centre": e.centre.name, "year": e.school_year},
        )
        if e.decided_at:
            tone = "success" if e.status == EnrolmentStatus.REGISTERED else "warning"
            yield Event(
                e.decided_at, Strand.ENROLMENT, "user-check", e.get_status_display(), tone=tone
            )
    for c in ConsentRecord.objects.filter(student=student).select_related("given_by"):
        yield Event(
            c.given_at,
            Strand.ENROLMENT,
            "signature",
            _("Consent given: %(kind)s") % {"kind": c.get_kind_display()},
            _name(c.given_by) if c.given_by else c.signed_by_name,
        )
        if c.withdrawn_at:
            yield Event(
                c.withdrawn_at,
                Strand.ENROLMENT,
                "signature",
                _("Consent withdrawn: %(kind)s") % {"kind": c.get_kind_display()},
                tone="warning",
            )
    for f in FocusChoice.objects.filter(student=student).select_related("focus_area"):
        yield Event(
            f.chosen_at,
            Strand.ENROLMENT,
            "compass",
            _("Chose the focus area %(area)s") % {"area": f.focus_area.name},
            f.reason,
        )
        if f.dropped_at:
            yield Event(
                f.dropped_at,
                Strand.ENROLMENT,
                "compass",
                _("Left the focus area %(area)s") % {"area": f.focus_area.name},
                f.reason,
            )


def _attendance(student: User, limit: int, zone: dt.tzinfo) -> Iterable[Event]:
    visits = (
        CheckIn.objects.filter(student=student, present=True)
        .select_related("session__slot")
        .order_by("-checked_in_at")[:limit]
    )
    for c in visits:
        detail = _("left early") if c.left_early else ""
        yield Event(
            c.checked_in_at,
            Strand.ATTENDANCE,
            "door-open",
            _("Came to the session"),
            detail,
            tone="success",
        )
    absences = (
        Absence.objects.filter(student=student)
        .select_related("session")
        .order_by("-session__starts_at")[:limit]
    )
    for a in absences:
        justified = _("justified") if a.justified else _("not justified")
        yield Event(
            a.session.starts_at,
            Strand.ATTENDANCE,
            "user-x",
            _("Missed the session"),
            f"{justified}{' · ' + a.reason if a.reason else ''}",
            tone="" if a.justified else "warning",
        )


def _learning(student: User, limit: int, zone: dt.tzinfo) -> Iterable[Event]:
    done = (
        ActivityProgress.objects.filter(student=student, status=ProgressStatus.DONE)
        .exclude(completed_at=None)
        .select_related("activity")
        .order_by("-completed_at")[:limit]
    )
    for p in done:
        assert p.completed_at is not None
        yield Event(
            p.completed_at,
            Strand.LEARNING,
            "circle-check",
            _("Finished “%(activity)s”") % {"activity": p.activity.title},
        )
    sittings = (
        QuizSitting.objects.filter(student=student)
        .exclude(submitted_at=None)
        .select_related("activity")
        .order_by("-submitted_at")[:limit]
    )
    for s in sittings:
        assert s.submitted_at is not None
        yield Event(
            s.submitted_at,
            Strand.LEARNING,
            "list-checks",
            _("Answered the quiz “%(activity)s”") % {"activity": s.activity.title},
        )
    sent = (
        Submission.objects.filter(student=student)
        .select_related("activity")
        .order_by("-created_at")[:limit]
    )
    for sub in sent:
        yield Event(
            sub.created_at,
            Strand.LEARNING,
            "upload",
            _("Sent the project “%(activity)s”") % {"activity": sub.activity.title},
        )
    reviewed = (
        Submission.objects.filter(student=student)
        .exclude(reviewed_at=None)
        .select_related("activity", "reviewer")
        .order_by("-reviewed_at")[:limit]
    )
    for rev in reviewed:
        assert rev.reviewed_at is not None
        approved = rev.status == SubmissionStatus.APPROVED
        text = (
            _("Project “%(activity)s” approved")
            if approved
            else _("Project “%(activity)s” returned with comments")
        )
        yield Event(
            rev.reviewed_at,
            Strand.LEARNING,
            "message-square",
            text % {"activity": rev.activity.title},
            _name(rev.reviewer),
            tone="success" if approved else "warning",
        )


def _labs(student: User, limit: int, zone: dt.tzinfo) -> Iterable[Event]:
    applications = Application.objects.filter(student=student).select_related(
        "lab__template", "masterlab__template", "cycle"
    )
    for a in applications.order_by("-applied_at")[:limit]:
        what = str(a.lab.template) if a.lab else str(a.masterlab.template) if a.masterlab else ""
        yield Event(a.applied_at, Strand.LABS, "hand", _("Applied to %(lab)s") % {"lab": what})
        if a.withdrawn_at:
            yield Event(
                a.withdrawn_at, Strand.LABS, "hand", _("Withdrew from %(lab)s") % {"lab": what}
            )
    seats = Seat.objects.filter(student=student).select_related("lab__template", "run")
    for s in seats.order_by("-created_at")[:limit]:
        given = s.run.published_at if s.run and s.run.published_at else s.created_at
        yield Event(
            given,
            Strand.LABS,
            "armchair",
            _("Seat in the lab %(lab)s") % {"lab": str(s.lab.template)},
            s.get_status_display(),
            tone="success",
        )
        if s.status in (SeatStatus.WITHDRAWN, SeatStatus.DECLINED):
            yield Event(
                s.updated_at,
                Strand.LABS,
                "armchair",
                _("Gave up the seat in %(lab)s") % {"lab": str(s.lab.template)},
                tone="warning",
            )


def _coaching(student: User, limit: int, zone: dt.tzinfo) -> Iterable[Event]:
    notes = Note.objects.filter(student=student).select_related("author").order_by("-created_at")
    for n in notes[:limit]:
        yield Event(
            n.created_at,
            Strand.COACHING,
            "notebook-pen",
            _("Note by %(name)s") % {"name": _name(n.author)},
            n.body if len(n.body) <= 200 else n.body[:199] + "…",
            staff_only=not n.shared,
        )
    actions = Action.objects.filter(student=student).select_related("owner", "closed_by")
    for a in actions.order_by("-created_at")[:limit]:
        yield Event(
            a.created_at,
            Strand.COACHING,
            "list-todo",
            _("Action planned: %(title)s") % {"title": a.title},
            _("%(name)s, due %(day)s")
            % {"name": _name(a.owner), "day": formats.date_format(a.due_on, "SHORT_DATE_FORMAT")},
            staff_only=True,
        )
        if a.closed_at:
            done = a.status == ActionStatus.DONE
            yield Event(
                a.closed_at,
                Strand.COACHING,
                "list-checks",
                (_("Action done: %(title)s") if done else _("Action cancelled: %(title)s"))
                % {"title": a.title},
                _name(a.closed_by),
                tone="success" if done else "",
                staff_only=True,
            )
    messages = FamilyMessage.objects.filter(student=student).select_related("sender")
    for m in messages.order_by("-created_at")[:limit]:
        yield Event(
            m.created_at,
            Strand.COACHING,
            "mail",
            _("Message to the family: %(subject)s") % {"subject": m.subject},
            _("by %(name)s, to %(to)s") % {"name": _name(m.sender), "to": m.recipients},
        )
    for al in Alert.objects.filter(student=student).order_by("-created_at")[:limit]:
        yield Event(
            al.created_at,
            Strand.COACHING,
            "triangle-alert",
            _("Early-warning alert"),
            "; ".join(reasons_text(al.reasons)),
            tone="danger",
            staff_only=True,
        )
        if al.closed_at:
            yield Event(
                al.closed_at,
                Strand.COACHING,
                "triangle-alert",
                _("Alert closed: %(outcome)s") % {"outcome": al.get_outcome_display()},
                al.note,
                staff_only=True,
            )


SOURCES: dict[str, Callable[[User, int, dt.tzinfo], Iterable[Event]]] = {
    Strand.ENROLMENT: _enrolment,
    Strand.ATTENDANCE: _attendance,
    Strand.LEARNING: _learning,
    Strand.LABS: _labs,
    Strand.COACHING: _coaching,
}


def timeline(*, student: User, strands: Iterable[str] = (), page: int = 1) -> Timeline:
    """Everything that happened to ``student``, newest first, 25 a page; ``strands`` keeps
    some kinds only (all when empty or unknown). Each source reads at most the rows the page
    needs, newest first, so the query count is the same for a week or ten years of history."""
    wanted = [s for s in strands if s in SOURCES] or list(SOURCES)
    page = max(int(page), 1)
    limit = page * TIMELINE_PAGE + 1
    zone = student.student_profile.centre.zone
    events: list[Event] = []
    for strand in wanted:
        events.extend(SOURCES[strand](student, limit, zone))
    events = [replace(e, when=e.when.astimezone(zone)) for e in events]  # days as lived there
    events.sort(key=lambda e: e.when, reverse=True)
    start = (page - 1) * TIMELINE_PAGE
    return Timeline(
        events=events[start : start + TIMELINE_PAGE],
        page=page,
        has_next=len(events) > start + TIMELINE_PAGE,
        strands=wanted,
    )


def now_in(student: User) -> dt.date:
    return timezone.localdate(timezone=student.student_profile.centre.zone)


# --- Caseloads (managers) ---------------------------------------------------------------------


@dataclass
class CoachLoad:
    coach: User
    students: int
    alerts: int


@dataclass
class CaseloadBoard:
    """Who follows whom in a centre this school year."""

    centre: Centre
    coaches: list[CoachLoad]
    unassigned: int
    registered: int


@dataclass
class PlannedMove:
    student: User
    source: User | None
    target: User


@dataclass
class CaseloadPlan:
    """Moves proposed, with each coach's count before and after."""

    moves: list[PlannedMove]
    loads: list[tuple[User, int, int]]  # coach, before, after
    unassigned_before: int
    unassigned_after: int


def caseload_centre(*, user: Actor, slug: str) -> Centre:
    """A centre whose caseloads the user may arrange: its managers and network admins."""
    return centre_managed(user=user, slug=slug)


def registered_ids(centre: Centre) -> QuerySet[Enrolment, Any]:
    return enrolments.registered_ids(centre.pk, years.current_school_year(centre)).filter(
        student__erased_at__isnull=True  # an erased account is nobody's to follow
    )


def coaches_of(centre: Centre) -> list[User]:
    """The centre's coaches (who may have a caseload), by name."""
    return list(staff_of(centre.pk, (Role.COACH,)))


def _assignments(centre: Centre) -> dict[int, list[int]]:
    """coach id -> their registered students' ids, the earliest given first."""
    out: dict[int, list[int]] = {}
    rows = (
        CoachAssignment.objects.filter(centre=centre, student_id__in=registered_ids(centre))
        .order_by("created_at", "pk")
        .values_list("coach_id", "student_id")
    )
    for coach_id, student_id in rows:
        out.setdefault(coach_id, []).append(student_id)
    return out


def caseload_board(*, user: Actor, centre: Centre) -> CaseloadBoard:
    """Each coach's number of students and of open alerts, and the registered students
    without a coach: five queries, whatever the centre's size."""
    if not can_manage_centre(user, centre):
        raise NotFound()
    coaches = coaches_of(centre)
    held = _assignments(centre)
    flagged = set(
        Alert.objects.filter(centre=centre, closed_at__isnull=True).values_list(
            "student_id", flat=True
        )
    )
    registered = set(registered_ids(centre).values_list("student_id", flat=True))
    followed = {sid for ids in held.values() for sid in ids}
    return CaseloadBoard(
        centre=centre,
        coaches=[
            CoachLoad(c, len(held.get(c.pk, [])), len(set(held.get(c.pk, [])) & flagged))
            for c in coaches
        ],
        unassigned=len(registered - followed),
        registered=len(registered),
    )


def caseload_students(
    *, user: Actor, centre: Centre, q: str = "", coach: str = ""
) -> QuerySet[User]:
    """The centre's registered students, by name; ``q`` searches the name; ``coach``: a
    coach's uuid (their caseload) or "none" (those without a coach)."""
    if not can_manage_centre(user, centre):
        raise NotFound()
    rows = User.objects.filter(pk__in=registered_ids(centre))
    if coach == "none":
        rows = rows.exclude(coaches__centre=centre)
    elif coach:
        ids = parse_uuids([coach])
        rows = (
            rows.filter(coaches__coach__uuid=ids[0], coaches__centre=centre) if ids else rows.none()
        )
    for word in words(q):
        rows = rows.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return rows.prefetch_related(
        Prefetch(
            "coaches",
            queryset=CoachAssignment.objects.filter(centre=centre).select_related("coach"),
            to_attr="coaches_here",
        )
    ).order_by("first_name", "last_name", "pk")


def _plan(centre: Centre, moves: list[tuple[int, int | None, int]]) -> CaseloadPlan:
    coaches = coaches_of(centre)
    held = _assignments(centre)
    registered = set(registered_ids(centre).values_list("student_id", flat=True))
    before = {c.pk: len(held.get(c.pk, [])) for c in coaches}
    after = dict(before)
    unassigned = len(registered - {s for ids in held.values() for s in ids})
    left = unassigned
    for _student, source, target in moves:
        if source is None:
            left -= 1
        else:
            after[source] -= 1
        after[target] += 1
    people = User.objects.in_bulk({m[0] for m in moves})
    by_pk = {c.pk: c for c in coaches}
    return CaseloadPlan(
        moves=[
            PlannedMove(people[s], by_pk.get(src) if src else None, by_pk[t]) for s, src, t in moves
        ],
        loads=[(c, before[c.pk], after[c.pk]) for c in coaches],
        unassigned_before=unassigned,
        unassigned_after=left,
    )


def _current_coach(centre: Centre, student_ids: Iterable[int]) -> dict[int, int]:
    return dict(
        CoachAssignment.objects.filter(centre=centre, student_id__in=list(student_ids))
        .order_by("created_at")
        .values_list("student_id", "coach_id")
    )


def caseload_plan_assign(
    *, user: Actor, centre: Centre, students: Iterable[UUID | str], coach: UUID | str
) -> CaseloadPlan:
    """What giving ``students`` (uuids) to ``coach`` (a uuid) would change: refused with a
    message for a coach who is not one of the centre's, or a student not registered there."""
    if not can_manage_centre(user, centre):
        raise NotFound()
    target = next((c for c in coaches_of(centre) if str(c.uuid) == str(coach)), None)
    if target is None:
        message = _("Choose one of the centre’s coaches.")
        raise ValidationFailed(message, fields={"coach": [message]}, code="bad_coach")
    wanted = {str(u) for u in students}
    if not wanted:
        message = _("Tick the students to give to this coach.")
        raise ValidationFailed(message, fields={"students": [message]}, code="no_students")
    found = dict(
        User.objects.filter(
            pk__in=registered_ids(centre), uuid__in=parse_uuids(wanted)
        ).values_list("uuid", "pk")
    )
    if len(found) != len(wanted):
        message = _("Some of these students are not registered at this centre.")
        raise ValidationFailed(message, fields={"students": [message]}, code="bad_students")
    current = _current_coach(centre, found.values())
    moves = [
        (sid, current.get(sid), target.pk)
        for sid in sorted(found.values())
        if current.get(sid) != target.pk
    ]
    return _plan(centre, moves)


def parse_uuids(values: Iterable[str]) -> list[UUID]:
    out = []
    for value in values:
        try:
            out.append(UUID(str(value)))
        except ValueError:
            continue
    return out


def caseload_plan_rebalance(*, user: Actor, centre: Centre) -> CaseloadPlan:
    """The fewest changes of coach that even out the centre's caseloads (engine.caseload):
    students without a coach first, then the most recently given of the fullest caseloads;
    a student with an open alert keeps their coach."""
    if not can_manage_centre(user, centre):
        raise NotFound()
    coaches = coaches_of(centre)
    held = _assignments(centre)
    registered = sorted(registered_ids(centre).values_list("student_id", flat=True))
    followed = {sid for c in coaches for sid in held.get(c.pk, [])}
    flagged = set(
        Alert.objects.filter(centre=centre, closed_at__isnull=True).values_list(
            "student_id", flat=True
        )
    )
    moves = caseload_engine.rebalance(
        {str(c.pk): [str(s) for s in held.get(c.pk, [])] for c in coaches},
        unassigned=[str(s) for s in registered if s not in followed],
        keep={str(s) for s in flagged},
    )
    return _plan(
        centre,
        [(int(m.student), int(m.source) if m.source else None, int(m.target)) for m in moves],
    )
