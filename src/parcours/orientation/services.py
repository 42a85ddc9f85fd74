"""Writing the orientation programme: a manager opens the year's programme; a student
volunteers, or her coach invites her (she and her family are told) and she answers; places
run out into a waiting list, and a place freed goes to the first waiting; staff move a
participant through the stages (one move per click, even from two screens: the stage the
page showed is checked), note what they learnt (staff only, or shared: the family is told),
the plan is built by the student and her coach, and what she did next is recorded."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parcours.core.errors import Conflict, NotFound, ValidationFailed
from parcours.notifications.choices import Kind as NoteKind
from parcours.notifications.services import notify
from parcours.orientation import permissions as can
from parcours.orientation.choices import (
    MEETING_LABELS,
    STAGE_ORDER,
    Kind,
    OutcomeKind,
    PlanStatus,
    Source,
    Stage,
    Status,
)
from parcours.orientation.errors import OrientationError
from parcours.orientation.models import (
    ActionPlan,
    Meeting,
    MeetingAttendance,
    Outcome,
    Participant,
    PlanStep,
    Programme,
    StageNote,
    StageTemplate,
)
from parcours.people.models import GuardianLink, StudentProfile
from parcours.people.types import signed_in
from parcours.schedule.choices import SessionKind
from parcours.schedule.models import Session

if TYPE_CHECKING:
    from parcours.centres.models import Centre
    from parcours.people.models import User
    from parcours.people.types import Actor
    from parcours.training_offers.models import Offer

LIMITS = {"title": 200, "note": 5000, "text": 3000, "step": 300, "helper": 120, "detail": 300}
ACTIVE = (Status.ENROLLED, Status.WAITLISTED, Status.INVITED)


def school_year(day: dt.date) -> int:
    """The first calendar year of the school year ``day`` falls in (from August)."""
    return day.year if day.month >= 8 else day.year - 1


def programme_create(
    *, actor: Actor, centre: Centre, year: int, title: str, capacity: int, open_to_volunteers: bool
) -> Programme:
    if not can.manages(actor, centre.pk):
        raise NotFound()
    title = title.strip()
    if not title or len(title) > LIMITS["title"]:
        raise ValidationFailed(fields={"title": [_("A title of at most 200 characters.")]})
    if not 1 <= capacity <= 2000:
        raise ValidationFailed(fields={"capacity": [_("From 1 to 2,000 places.")]})
    try:
        with transaction.atomic():
            return Programme.objects.create(
                centre=centre,
                year=year,
                title=title,
                capacity=capacity,
                open_to_volunteers=open_to_volunteers,
            )
    except IntegrityError as exc:
        raise Conflict(_("This centre already has a programme this year.")) from exc


def _family(student: User) -> list[Any]:
    guardians = [
        g.guardian for g in GuardianLink.objects.filter(student=student).select_related("guardian")
    ]
    return [student, *guardians]


def _place(programme: Programme) -> str:
    """ENROLLED while places remain, else WAITLISTED (the programme's row is locked)."""
    taken = Participant.objects.filter(programme=programme, status=Status.ENROLLED).count()
    return Status.ENROLLED if taken < programme.capacity else Status.WAITLISTED


def volunteer(*, actor: Actor, programme: Programme) -> Participant:
    """The signed-in student joins (or, the places taken, waits); joining twice is one row."""
    student = signed_in(actor)
    profile = StudentProfile.objects.filter(user=student).first()
    if profile is None or profile.centre_id != programme.centre_id:
        raise NotFound()
    if not programme.open_to_volunteers:
        raise ValidationFailed(
            _("This programme takes the students their coach invites."),
            code=OrientationError.CLOSED,
        )
    with transaction.atomic():
        Programme.objects.select_for_update().get(pk=programme.pk)
        found = Participant.objects.filter(programme=programme, student=student).first()
        if found is not None and found.status in (Status.ENROLLED, Status.WAITLISTED):
            return found
        status = _place(programme)
        now = timezone.now()
        if found is None:
            found = Participant.objects.create(
                programme=programme,
                student=student,
                status=status,
                source=Source.VOLUNTEERED,
                joined_at=now,
                stage_changed_at=now,
            )
        else:
            found.status, found.joined_at = status, now
            found.save(update_fields=["status", "joined_at", "updated_at"])
    return found


def invite(*, actor: Actor, programme: Programme, student: User) -> Participant:
    """Her coach (or a manager) invites a student of the centre; she and her family are told.
    Inviting someone already in, waiting or invited changes nothing."""
    profile = StudentProfile.objects.filter(user=student).first()
    if profile is None or profile.centre_id != programme.centre_id:
        raise NotFound()
    if not can.may_invite(actor, student, programme.centre_id):
        raise NotFound()
    with transaction.atomic():
        found = (
            Participant.objects.select_for_update()
            .filter(programme=programme, student=student)
            .first()
        )
        if found is not None and found.status in ACTIVE:
            return found
        if found is None:
            found = Participant.objects.create(
                programme=programme,
                student=student,
                status=Status.INVITED,
                source=Source.INVITED,
                invited_by=signed_in(actor),
            )
        else:
            found.status, found.invited_by = Status.INVITED, signed_in(actor)
            found.source = Source.INVITED
            found.save(update_fields=["status", "invited_by", "source", "updated_at"])
    notify(
        recipients=_family(student),
        kind=NoteKind.ORIENTATION_INVITED,
        params={"student": student.first_name, "programme": programme.title},
        url=reverse("orientation:student", args=[student.uuid]),
        centre_id=programme.centre_id,
        dedupe_key=f"orientation-invite:{found.pk}:{found.updated_at.isoformat()}",
    )
    return found


def answer(*, actor: Actor, participant: Participant, accept: bool) -> Participant:
    """The invited student accepts (a place, or the waiting list) or declines."""
    if not can.is_student(actor, participant.student_id):
        raise NotFound()
    with transaction.atomic():
        Programme.objects.select_for_update().get(pk=participant.programme_id)
        p = Participant.objects.select_for_update().get(pk=participant.pk)
        if p.status != Status.INVITED:
            return p  # answered already (a second click)
        now = timezone.now()
        p.status = _place(p.programme) if accept else Status.DECLINED
        p.joined_at = now if accept else None
        p.stage_changed_at = now if accept else p.stage_changed_at
        p.save(update_fields=["status", "joined_at", "stage_changed_at", "updated_at"])
    return p


def withdraw(*, actor: Actor, participant: Participant) -> Participant:
    """The student (or the staff) leaves the programme; a place freed goes to the first
    student waiting."""
    if not (
        can.is_student(actor, participant.student_id)
        or can.runs(actor, participant.programme.centre_id)
    ):
        raise NotFound()
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=participant.programme_id)
        p = Participant.objects.select_for_update().get(pk=participant.pk)
        if p.status not in ACTIVE:
            return p
        freed = p.status == Status.ENROLLED
        p.status = Status.WITHDRAWN
        p.save(update_fields=["status", "updated_at"])
        if freed:
            first = (
                Participant.objects.filter(programme=programme, status=Status.WAITLISTED)
                .order_by("joined_at", "pk")
                .first()
            )
            if first is not None:
                first.status = Status.ENROLLED
                first.stage_changed_at = timezone.now()
                first.save(update_fields=["status", "stage_changed_at", "updated_at"])
    return p


def move(*, actor: Actor, participant: Participant, seen: str, to: str) -> Participant:
    """Move a participant to stage ``to`` (usually the next one) from the stage ``seen`` the
    page showed: when it moved meanwhile, nothing happens (Conflict). Moving on from the last
    stage completes the programme (``to`` = ``completed``)."""
    if not can.runs(actor, participant.programme.centre_id):
        raise NotFound()
    if to not in (*STAGE_ORDER, Status.COMPLETED):
        raise ValidationFailed(fields={"to": [_("Not a stage of the programme.")]})
    with transaction.atomic():
        p = Participant.objects.select_for_update().select_related("student").get(pk=participant.pk)
        if p.status not in (Status.ENROLLED, Status.COMPLETED):
            raise ValidationFailed(
                _("Only a student in the programme moves through its stages."),
                code=OrientationError.NOT_ENROLLED,
            )
        current = Status.COMPLETED if p.status == Status.COMPLETED else p.stage
        if current != seen:
            raise Conflict(
                _("Someone moved this student meanwhile: reload the page."),
                code=OrientationError.STAGE_MOVED,
            )
        if to == Status.COMPLETED:
            p.status = Status.COMPLETED
        else:
            p.status, p.stage = Status.ENROLLED, to
        p.stage_changed_at = timezone.now()
        p.save(update_fields=["status", "stage", "stage_changed_at", "updated_at"])
    notify(
        recipients=_family(p.student),
        kind=NoteKind.ORIENTATION_STAGE,
        params={"student": p.student.first_name},
        url=reverse("orientation:student", args=[p.student.uuid]),
        centre_id=p.programme.centre_id,
        dedupe_key=f"orientation-stage:{p.pk}:{to}",
    )
    return p


def note_add(*, actor: Actor, participant: Participant, text: str, shared: bool) -> StageNote:
    if not can.runs(actor, participant.programme.centre_id):
        raise NotFound()
    text = text.strip()
    if not text:
        raise ValidationFailed(fields={"text": [_("Write the note.")]})
    if len(text) > LIMITS["note"]:
        raise ValidationFailed(fields={"text": [_("At most 5,000 characters.")]})
    note = StageNote.objects.create(
        participant=participant,
        stage=participant.stage,
        author=signed_in(actor),
        text=text,
        shared=shared,
    )
    if shared:
        student = participant.student
        notify(
            recipients=_family(student),
            kind=NoteKind.NOTE_SHARED,
            params={
                "author": note.author.first_name if note.author else "",
                "student": student.first_name,
            },
            url=reverse("orientation:student", args=[student.uuid]),
            centre_id=participant.programme.centre_id,
            dedupe_key=f"orientation-note:{note.pk}",
        )
    return note


def plan_of(participant: Participant) -> ActionPlan:
    plan, _made = ActionPlan.objects.get_or_create(participant=participant)
    return plan


def plan_update(
    *,
    actor: Actor,
    participant: Participant,
    interests: str,
    strengths: str,
    targets: str,
    status: str,
) -> ActionPlan:
    if not can.may_plan(actor, participant):
        raise NotFound()
    problems = {
        name: [_("At most 3,000 characters.")]
        for name, value in (
            ("interests", interests),
            ("strengths", strengths),
            ("targets", targets),
        )
        if len(value) > LIMITS["text"]
    }
    if status not in PlanStatus.values:
        problems["status"] = [_("Draft or completed.")]
    if problems:
        raise ValidationFailed(fields=problems)
    with transaction.atomic():
        plan = plan_of(participant)
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        plan.interests, plan.strengths, plan.targets = (
            interests.strip(),
            strengths.strip(),
            targets.strip(),
        )
        plan.status, plan.updated_by = status, signed_in(actor)
        plan.save()
    return plan


def step_add(
    *, actor: Actor, participant: Participant, what: str, due_on: dt.date | None, helper: str
) -> PlanStep:
    if not can.may_plan(actor, participant):
        raise NotFound()
    what, helper = what.strip(), helper.strip()
    problems = {}
    if not what or len(what) > LIMITS["step"]:
        problems["what"] = [_("Say the step in at most 300 characters.")]
    if len(helper) > LIMITS["helper"]:
        problems["helper"] = [_("At most 120 characters.")]
    if problems:
        raise ValidationFailed(fields=problems)
    plan = plan_of(participant)
    return PlanStep.objects.create(plan=plan, what=what, due_on=due_on, helper=helper)


def step_set(*, actor: Actor, participant: Participant, uuid: Any, done: bool | None) -> None:
    """Tick a step done (or not); ``done`` None removes it."""
    if not can.may_plan(actor, participant):
        raise NotFound()
    step = PlanStep.objects.filter(plan__participant=participant, uuid=uuid).first()
    if step is None:
        raise NotFound()
    if done is None:
        step.delete()
    else:
        step.done = done
        step.save(update_fields=["done", "updated_at"])


def outcome_record(
    *, actor: Actor, participant: Participant, kind: str, detail: str, offer: Offer | None
) -> Outcome:
    """What the student did next, recorded by her or her coach (again: replaced)."""
    if not can.may_plan(actor, participant):
        raise NotFound()
    if kind not in OutcomeKind.values:
        raise ValidationFailed(fields={"kind": [_("Choose what the student did next.")]})
    if len(detail.strip()) > LIMITS["detail"]:
        raise ValidationFailed(fields={"detail": [_("At most 300 characters.")]})
    outcome, _made = Outcome.objects.update_or_create(
        participant=participant,
        defaults={
            "kind": kind,
            "detail": detail.strip(),
            "offer": offer,
            "recorded_by": signed_in(actor),
        },
    )
    return outcome


def meeting_schedule(
    *,
    actor: Actor,
    programme: Programme,
    kind: str,
    stage: str,
    starts_at: dt.datetime,
    minutes: int,
    participants: list[Participant],
    template: StageTemplate | None = None,
) -> Meeting:
    """Schedule an interview (one participant) or a workshop (several): an extra session of
    the centre, in the invited students' calendar feeds, led by ``actor``."""
    if not can.runs(actor, programme.centre_id):
        raise NotFound()
    problems: dict[str, list[Any]] = {}
    if kind not in Kind.values:
        problems["kind"] = [_("An interview or a workshop.")]
    if stage not in Stage.values:
        problems["stage"] = [_("Not a stage of the programme.")]
    if not 15 <= minutes <= 240:
        problems["minutes"] = [_("From 15 to 240 minutes.")]
    if starts_at < timezone.now() - dt.timedelta(days=1):
        problems["starts_at"] = [_("Choose a time to come.")]
    people = [p for p in participants if p.programme_id == programme.pk]
    if not people or len(people) != len(participants):
        problems["participants"] = [_("Choose students of the programme.")]
    elif kind == Kind.INTERVIEW and len(people) != 1:
        problems["participants"] = [_("An interview is with one student.")]
    if template is not None and template.centre_id not in (None, programme.centre_id):
        problems["template"] = [_("Not a template of this centre.")]
    if problems:
        raise ValidationFailed(fields=problems)
    titles = (template.title or {}) if template is not None else {}
    label = str(
        titles.get(translation.get_language() or "fr")
        or titles.get("fr")
        or str(MEETING_LABELS[kind]).capitalize()
    )
    with transaction.atomic():
        session = Session.objects.create(
            centre_id=programme.centre_id,
            slot=None,
            kind=SessionKind.EXTRA,
            label=f"Orientation · {label}"[:120],
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=minutes),
            seats=len(people),
        )
        session.invited_students.set([p.student_id for p in people])
        meeting = Meeting.objects.create(
            programme=programme,
            kind=kind,
            stage=stage,
            template=template,
            session=session,
            lead=signed_in(actor),
        )
        MeetingAttendance.objects.bulk_create(
            [MeetingAttendance(meeting=meeting, participant=p) for p in people]
        )
    return meeting


def attendance_take(*, actor: Actor, meeting: Meeting, present: dict[Any, bool]) -> int:
    """Mark who came (participant uuid -> present); the others invited stay as they were.
    Taking it again overwrites; returns how many rows changed."""
    if not can.runs(actor, meeting.programme.centre_id):
        raise NotFound()
    rows = {
        str(a.participant.uuid): a
        for a in MeetingAttendance.objects.filter(meeting=meeting).select_related("participant")
    }
    unknown = [k for k in present if str(k) not in rows]
    if unknown:
        raise ValidationFailed(fields={"present": [_("Someone not invited to it.")]})
    changed = []
    for key, value in present.items():
        row = rows[str(key)]
        if row.present != value:
            row.present = value
            changed.append(row)
    MeetingAttendance.objects.bulk_update(changed, ["present", "updated_at"])
    return len(changed)
