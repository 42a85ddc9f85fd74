"""Writes of coaching. Keyword-only, atomic, permission-checked, idempotent: a form sent
twice (its ``key``) writes once; an edit made on an old copy of a note is refused, and the
text it would have replaced is never lost (every edit keeps the previous version)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from parcours.centres.models import Centre
from parcours.centres.permissions import can_manage_centre
from parcours.coaching import selectors
from parcours.coaching.choices import NOTE_MAX, SUBJECT_MAX, TITLE_MAX, ActionStatus
from parcours.coaching.models import Action, FamilyMessage, Note, NoteVersion
from parcours.core import mail
from parcours.core.errors import Conflict, NotFound, ValidationFailed
from parcours.notifications.choices import Kind
from parcours.notifications.services import notify
from parcours.people.models import CoachAssignment, User
from parcours.people.types import Actor

# The hour (centre time) from which the owners of actions due that day are reminded.
REMINDER_HOUR = 7
MAX_DUE_DAYS = 366


def _followed(actor: Actor, student: User) -> User:
    if not selectors.followed_students(actor).filter(pk=student.pk).exists():
        raise NotFound()
    return student


def _text(value: str, *, name: str, limit: int, empty: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(empty, fields={name: [empty]}, code=f"{name}_missing")
    if len(text) > limit:
        message = _("%(n)s characters at most.") % {"n": limit}
        raise ValidationFailed(message, fields={name: [message]}, code=f"{name}_too_long")
    return text


def _once(model: type[Any], by_field: str, actor: Actor, key: UUID | None) -> Any:
    if key is None:
        return None
    return model.objects.filter(**{by_field: getattr(actor, "pk", None), "key": key}).first()


# --- Notes ------------------------------------------------------------------------------------


@transaction.atomic
def note_create(
    *,
    actor: Actor,
    student: User,
    body: str,
    shared: bool = False,
    pinned: bool = False,
    key: UUID | None = None,
) -> Note:
    """A note on a student the actor follows: staff only unless ``shared`` (then the student
    and their family read it, and are told). The same ``key`` twice writes one note."""
    _followed(actor, student)
    text = _text(body, name="body", limit=NOTE_MAX, empty=_("Write the note."))
    earlier = _once(Note, "author_id", actor, key)
    if earlier is not None:
        return earlier  # type: ignore[no-any-return]
    try:
        with transaction.atomic():
            note = Note.objects.create(
                centre_id=student.student_profile.centre_id,
                student=student,
                author_id=getattr(actor, "pk", None),
                body=text,
                shared=shared,
                pinned=pinned,
                key=key,
            )
    except IntegrityError:  # the same form, sent at the same moment: the first one wins
        return _once(Note, "author_id", actor, key)  # type: ignore[no-any-return]
    if shared:
        _tell_family(note)
    return note


def _tell_family(note: Note) -> None:
    student = note.student
    notify(
        recipients=[student, *User.objects.filter(wards__student=student)],
        kind=Kind.NOTE_SHARED,
        params={
            "author": note.author.first_name if note.author else "",
            "student": student.first_name,
        },
        url=reverse("coaching:shared"),
        centre_id=note.centre_id,
        dedupe_key=f"note:{note.uuid}:{note.revision}",
    )


@transaction.atomic
def note_edit(
    *,
    actor: Actor,
    note: Note,
    body: str,
    shared: bool,
    revision: int,
) -> Note:
    """Change a note's text or whether it is shared. The text it had is kept (its history);
    ``revision`` is the one the editor saw: if someone changed the note since, the edit is
    refused, so that neither edit is lost unseen. Sharing it tells the family."""
    text = _text(body, name="body", limit=NOTE_MAX, empty=_("Write the note."))
    locked = Note.objects.select_for_update().filter(pk=note.pk).first()
    if (
        locked is None
        or not selectors.followed_students(actor).filter(pk=locked.student_id).exists()
    ):
        raise NotFound()
    if revision != locked.revision:
        raise Conflict(
            _(
                "Someone changed this note while you were editing it: "
                "read their version, then edit again."
            ),
            code="stale_note",
        )
    if text == locked.body and shared == locked.shared:
        return locked  # nothing changed: no new version
    NoteVersion.objects.create(
        note=locked,
        revision=locked.revision,
        body=locked.body,
        shared=locked.shared,
        written_by_id=locked.edited_by_id or locked.author_id,
        written_at=locked.edited_at or locked.created_at,
    )
    newly_shared = shared and not locked.shared
    locked.body, locked.shared = text, shared
    locked.revision += 1
    locked.edited_at = timezone.now()
    locked.edited_by_id = getattr(actor, "pk", None)
    locked.save(
        update_fields=["body", "shared", "revision", "edited_at", "edited_by", "updated_at"]
    )
    if newly_shared:
        _tell_family(locked)
    return locked


@transaction.atomic
def note_pin(*, actor: Actor, note: Note, pinned: bool) -> Note:
    """Pin a note at the top of the student's notes, or unpin it (idempotent)."""
    locked = Note.objects.select_for_update().filter(pk=note.pk).first()
    if (
        locked is None
        or not selectors.followed_students(actor).filter(pk=locked.student_id).exists()
    ):
        raise NotFound()
    if locked.pinned != pinned:
        locked.pinned = pinned
        locked.save(update_fields=["pinned", "updated_at"])
    return locked


# --- Actions ----------------------------------------------------------------------------------


@transaction.atomic
def action_create(
    *,
    actor: Actor,
    student: User,
    title: str,
    due_on: dt.date | None,
    owner: UUID | str | None = None,
    key: UUID | None = None,
) -> Action:
    """A follow-up action on a student: what, by when (today to a year ahead), and who does it
    (``owner``: the uuid of a coach or manager of the student's centre; the actor by
    default)."""
    _followed(actor, student)
    text = _text(title, name="title", limit=TITLE_MAX, empty=_("Say what is to be done."))
    today = selectors.now_in(student)
    if due_on is None:
        raise ValidationFailed(
            _("Give the day it is due."), fields={"due_on": [_("Give a date.")]}, code="due_missing"
        )
    if not today <= due_on <= today + dt.timedelta(days=MAX_DUE_DAYS):
        message = _("The due date must be between today and a year from now.")
        raise ValidationFailed(message, fields={"due_on": [message]}, code="due_out_of_range")
    centre_id = student.student_profile.centre_id
    staff = selectors.staff_of(centre_id)
    try:
        actor_id = getattr(actor, "pk", None) or 0
        chosen = staff.filter(uuid=owner) if owner else staff.filter(pk=actor_id)
        owner_id = chosen.values_list("pk", flat=True).first()
    except (ValueError, TypeError, DjangoValidationError):
        owner_id = None
    if owner_id is None:
        message = _("Choose a coach or manager of the student’s centre.")
        raise ValidationFailed(message, fields={"owner": [message]}, code="bad_owner")
    earlier = _once(Action, "created_by_id", actor, key)
    if earlier is not None:
        return earlier  # type: ignore[no-any-return]
    try:
        with transaction.atomic():
            return Action.objects.create(
                centre_id=centre_id,
                student=student,
                owner_id=owner_id,
                title=text,
                due_on=due_on,
                created_by_id=getattr(actor, "pk", None),
                key=key,
            )
    except IntegrityError:
        return _once(Action, "created_by_id", actor, key)  # type: ignore[no-any-return]


@transaction.atomic
def action_close(*, actor: Actor, action: Action, status: str) -> Action:
    """Mark an open action done or cancelled; doing it twice changes nothing the second time
    (the same status) and a different closing is refused."""
    if status not in (ActionStatus.DONE, ActionStatus.CANCELLED):
        message = _("Say whether the action is done or cancelled.")
        raise ValidationFailed(message, fields={"status": [message]}, code="bad_status")
    if not selectors.actions_visible(actor).filter(pk=action.pk).exists():
        raise NotFound()
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if locked.status == status:
        return locked
    if locked.status != ActionStatus.OPEN:
        raise Conflict(_("This action is already closed."), code="already_closed")
    locked.status = status
    locked.closed_at = timezone.now()
    locked.closed_by_id = getattr(actor, "pk", None)
    locked.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    return locked


def remind_due_actions(*, now: dt.datetime | None = None) -> int:
    """E-mail each owner the open actions due today (from 7:00 in the centre's zone) or
    overdue that they were not reminded of yet, one message per owner and centre, and put it
    in their inbox. Returns the actions reminded; a second run sends nothing more."""
    now = now or timezone.now()
    reminded = 0
    for centre in Centre.objects.order_by("pk"):
        local = now.astimezone(centre.zone)
        # due today: from 7:00; due before (planned late, or the worker was down): at once
        until = local.date() - dt.timedelta(days=0 if local.hour >= REMINDER_HOUR else 1)
        with transaction.atomic():
            due = list(
                Action.objects.select_for_update(skip_locked=True)
                .filter(
                    centre=centre,
                    status=ActionStatus.OPEN,
                    due_on__lte=until,
                    reminded_on__isnull=True,
                    owner__isnull=False,
                    owner__is_active=True,
                )
                .select_related("owner", "student")
                .order_by("due_on", "pk")
            )
            by_owner: dict[int, list[Action]] = defaultdict(list)
            for action in due:
                assert action.owner_id is not None
                by_owner[action.owner_id].append(action)
            for actions in by_owner.values():
                owner = actions[0].owner
                assert owner is not None
                mail.send(
                    owner,
                    subject=gettext_noop("Follow-up actions due"),
                    subject_prefix=centre.name,
                    template="coaching/email/actions_due",
                    context={"actions": actions, "centre": centre, "today": local.date()},
                    reply_to=[centre.contact_email],
                )
                notify(
                    recipients=[owner],
                    kind=Kind.ACTION_DUE,
                    params={"count": len(actions)},
                    url=reverse("coaching:actions"),
                    centre_id=centre.pk,
                    dedupe_key=f"actions-due:{owner.pk}:{centre.pk}:{local.date().isoformat()}",
                    already_emailed=True,
                )
            Action.objects.filter(pk__in=[a.pk for a in due]).update(
                reminded_on=local.date(), updated_at=now
            )
            reminded += len(due)
    return reminded


# --- Messages to the family -------------------------------------------------------------------


@transaction.atomic
def family_message_send(
    *, actor: Actor, student: User, subject: str, body: str, key: UUID | None = None
) -> FamilyMessage:
    """E-mail the student's guardians (those with an address) through the one mail helper,
    and keep the message for the timeline. Refused when no guardian has an address."""
    _followed(actor, student)
    title = _text(
        subject, name="subject", limit=SUBJECT_MAX, empty=_("Give the message a subject.")
    )
    text = _text(body, name="body", limit=NOTE_MAX, empty=_("Write the message."))
    earlier = _once(FamilyMessage, "sender_id", actor, key)
    if earlier is not None:
        return earlier  # type: ignore[no-any-return]
    family = selectors.family_addresses(student)
    if not family:
        raise ValidationFailed(
            _("No guardian of this student has an e-mail address: call them instead."),
            code="no_address",
        )
    centre = student.student_profile.centre
    sender = actor if isinstance(actor, User) else None
    try:
        with transaction.atomic():
            message = FamilyMessage.objects.create(
                centre=centre,
                student=student,
                sender=sender,
                subject=title,
                body=text,
                recipients=", ".join(f"{g.first_name} {g.last_name}".strip() for g in family)[:300],
                sent_count=len(family),
                key=key,
            )
    except IntegrityError:
        return _once(FamilyMessage, "sender_id", actor, key)  # type: ignore[no-any-return]
    mail.send(
        family,
        subject=mail.in_their_language(lambda: title),
        subject_prefix=centre.name,
        template="coaching/email/family_message",
        context={"message": message, "student": student, "centre": centre, "sender": sender},
        reply_to=[sender.email if sender and sender.email else centre.contact_email],
    )
    return message


# --- Caseloads ---------------------------------------------------------------------------------

MAX_MOVES = 2000


@transaction.atomic
def caseload_apply(
    *, actor: Actor, centre: Centre, moves: list[tuple[UUID | str, UUID | str]]
) -> int:
    """Give each (student, coach) pair's student to that coach, in this centre: the student
    leaves their former coach's caseload here. All or nothing: a student not registered at
    the centre or a coach not one of its coaches refuses the whole list. Applying the same
    list twice changes nothing the second time. Returns the students whose coach changed."""
    if not can_manage_centre(actor, centre):
        raise NotFound()
    if not moves or len(moves) > MAX_MOVES:
        message = _("Nothing to change.") if not moves else _("Too many changes at once.")
        raise ValidationFailed(message, code="bad_moves")
    coaches = {str(c.uuid): c for c in selectors.coaches_of(centre)}
    wanted = {str(s) for s, _c in moves}
    students = {
        str(u.uuid): u
        for u in User.objects.filter(
            pk__in=selectors.registered_ids(centre), uuid__in=selectors.parse_uuids(wanted)
        )
    }
    if len(students) != len(wanted) or any(str(c) not in coaches for _s, c in moves):
        message = _("The list changed since the preview: look at it again.")
        raise ValidationFailed(message, code="stale_moves")
    changed = 0
    for student_uuid, coach_uuid in moves:
        student, coach = students[str(student_uuid)], coaches[str(coach_uuid)]
        others = CoachAssignment.objects.filter(centre=centre, student=student).exclude(coach=coach)
        _created, made = CoachAssignment.objects.get_or_create(
            coach=coach, student=student, defaults={"centre": centre}
        )
        if others.delete()[0] or made:
            changed += 1
    return changed
