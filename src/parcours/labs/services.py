"""Writes of labs. Keyword-only, atomic, permission-checked, idempotent.

- ``cycle_create`` / ``cycle_update`` / ``cycle_delete`` / ``cycle_set_status``,
  ``lab_create`` / ``lab_update`` / ``lab_delete``, ``masterlab_create`` /
  ``masterlab_update`` / ``masterlab_delete``: managers of the centre (and network admins);
  nothing published changes, nothing anyone applied to is deleted.
- ``wishes_set``: a student ranks up to ``max_wishes`` labs of an open cycle, one of them
  flagged as their priority; until the deadline, then refused.
- ``masterlab_apply`` / ``masterlab_withdraw``: a motivation and approved projects.
- ``masterlab_score`` / ``masterlab_select`` / ``masterlab_give_up``: the managers score the
  applications, the engine ranks them (priority class, then score, then lottery) and the
  selection is published once; a place given up goes to the first on the waiting list.
- ``dry_run_request`` / ``publish_request``: queue an allocation run (``labs.tasks``);
  publishing is done once per cycle: asking again returns the same run.
- ``publish_run``: called by the task; writes every seat, waitlist position and cutoff in
  one transaction, or nothing.
- ``competencies_validate``: the lab's expert (or a manager) sets which of the lab's
  competencies a student of the roster has shown.
- ``seat_withdraw``, ``offer_accept`` / ``offer_decline``, ``offers_advance``,
  ``offers_expire``: the waitlists move; the cycle and lab rows are locked so that offers
  follow the waitlist order and a place is never offered twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Mapping, Sequence
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parcours.catalogue.models import Competency, LabTemplate, MasterlabTemplate
from parcours.centres.models import Centre, Room
from parcours.core import timefmt
from parcours.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from parcours.core.permissions import Policy
from parcours.core.services import apply_fields, ensure_unchanged_since, validated_save
from parcours.labs import allocation, emails, selectors
from parcours.labs.errors import LabsError, field_error
from parcours.labs.models import (
    ACTIVE_SEAT,
    SCORE_MAX,
    AllocationRun,
    Application,
    CompetencyValidation,
    CycleStatus,
    Lab,
    LabCycle,
    Masterlab,
    Mechanism,
    Outcome,
    PriorityRule,
    RunStatus,
    Seat,
    SeatStatus,
)
from parcours.labs.permissions import (
    applications_policy,
    can_lead,
    can_manage_labs,
    cycles_policy,
    labs_policy,
    masterlabs_policy,
    seats_policy,
    student_of,
)
from parcours.labs.tasks import run_allocation
from parcours.learning.models import Submission, SubmissionStatus
from parcours.people.models import Membership, Role, User
from parcours.people.selectors import access_for
from parcours.people.types import Actor
from parcours.schedule.models import Slot

CYCLE_FIELDS = (
    "name",
    "starts_on",
    "ends_on",
    "applications_open_at",
    "applications_close_at",
    "max_wishes",
    "mechanism",
    "priority_rule",
    "offer_window_hours",
)
LAB_FIELDS = (
    "template",
    "level",
    "expert",
    "room",
    "slot",
    "holiday_first_day",
    "holiday_last_day",
    "seats",
    "reserved_girls",
    "reserved_social",
)
MASTERLAB_FIELDS = (
    "template",
    "first_day",
    "last_day",
    "guest",
    "seats",
    "applications_open_at",
    "applications_close_at",
)
log = logging.getLogger(__name__)
M = TypeVar("M", bound=Model)

TRANSITIONS = {
    CycleStatus.DRAFT: {CycleStatus.OPEN},
    CycleStatus.OPEN: {CycleStatus.CLOSED, CycleStatus.DRAFT},
    CycleStatus.CLOSED: {CycleStatus.OPEN},
    CycleStatus.PUBLISHED: set(),
}


def _known(data: dict[str, Any], allowed: Sequence[str]) -> dict[str, Any]:
    """The fields of a new row; unknown names are refused as ``apply_fields`` does."""
    unknown = set(data) - set(allowed)
    if unknown:
        message = _("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        raise ValidationFailed(
            message, fields={n: [message] for n in unknown}, code=LabsError.UNKNOWN_FIELD
        )
    return {k: v for k, v in data.items() if v is not None or k not in ("seats", "level")}


def _signed_in(actor: Actor) -> User:
    """The acting user, once a policy let them act (an anonymous visitor never gets this far,
    and is refused if they do): whom a row records as its author."""
    if not isinstance(actor, User):
        raise Forbidden()
    return actor


def _managed(policy: Policy[M], actor: Actor, row: M) -> M:
    """``row`` if ``actor`` manages it (its centre's managers, network admins): NotFound when
    they may not even see it, else Forbidden with the labs' code."""
    try:
        return policy.get_editable(actor, pk=row.pk)
    except Forbidden as exc:
        raise Forbidden(code=LabsError.NOT_MANAGER) from exc


def _still_there(policy: Policy[M], actor: Actor, row: M) -> bool:
    """Whether ``row`` is there to delete, ``actor`` managing it: False when it is gone
    already (deleting twice changes nothing); NotFound when it exists but the actor may not
    see it, Forbidden when they do not manage it."""
    try:
        _managed(policy, actor, row)
    except NotFound:
        if type(row)._default_manager.filter(pk=row.pk).exists():
            raise
        return False
    return True


def _days_in_order(first: dt.date | None, last: dt.date | None, field: str) -> None:
    """A period of days (a cycle, holidays, a masterlab) ends on or after its first day."""
    if first and last and last < first:
        raise field_error(
            field, _("The last day must not be before the first day."), LabsError.DATES_OUT_OF_ORDER
        )


def _window_in_order(opens: dt.datetime | None, closes: dt.datetime | None) -> None:
    """An applications window (a cycle's, a masterlab's) closes after it opens."""
    if opens and closes and closes <= opens:
        raise field_error(
            "applications_close_at",
            _("Applications must close after they open."),
            LabsError.DATES_OUT_OF_ORDER,
        )


def _require_manager(actor: Actor, centre: Centre) -> User:
    if not can_manage_labs(actor, centre):
        raise Forbidden(code=LabsError.NOT_MANAGER)
    return _signed_in(actor)


# --- Cycles, labs, masterlabs -----------------------------------------------------------------


@transaction.atomic
def cycle_create(*, actor: Actor, centre: Centre, data: dict[str, Any]) -> LabCycle:
    """A new cycle, as a draft. The same name twice in a centre is refused."""
    _require_manager(actor, centre)
    cycle = LabCycle(centre=centre)
    apply_fields(cycle, data, CYCLE_FIELDS)
    _save_cycle(cycle)
    return cycle


@transaction.atomic
def cycle_update(
    *, actor: Actor, cycle: LabCycle, data: dict[str, Any], seen: dt.datetime | None = None
) -> LabCycle:
    _managed(cycles_policy, actor, cycle)
    locked = LabCycle.objects.select_for_update().get(pk=cycle.pk)
    ensure_unchanged_since(locked, seen)
    if locked.status == CycleStatus.PUBLISHED:
        raise Conflict(
            _("The seats of this cycle are published: it cannot change any more."),
            code=LabsError.PUBLISHED,
        )
    if apply_fields(locked, data, CYCLE_FIELDS):
        _save_cycle(locked)
    return locked


@transaction.atomic
def cycle_delete(*, actor: Actor, cycle: LabCycle) -> None:
    """Delete a cycle nobody applied to (a draft or an empty one), with its labs. Deleting
    it again changes nothing."""
    if not _still_there(cycles_policy, actor, cycle):
        return
    locked = LabCycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.status == CycleStatus.PUBLISHED or Application.objects.filter(cycle=locked).exists():
        raise Conflict(
            _("Students applied to this cycle: close it instead of deleting it."),
            code=LabsError.IN_USE,
        )
    locked.delete()


def _save_cycle(cycle: LabCycle) -> None:
    if cycle.mechanism not in Mechanism.values:
        raise field_error(
            "mechanism", _("Choose one of the allocation mechanisms."), LabsError.INVALID_CHOICE
        )
    if cycle.priority_rule not in PriorityRule.values:
        raise field_error(
            "priority_rule", _("Choose one of the priority rules."), LabsError.INVALID_CHOICE
        )
    if not 1 <= (cycle.offer_window_hours or 0) <= 336:
        raise field_error(
            "offer_window_hours",
            _("Give between 1 and 336 hours (two weeks) to answer."),
            LabsError.OUT_OF_RANGE,
        )
    if not 1 <= (cycle.max_wishes or 0) <= 10:
        raise field_error(
            "max_wishes", _("Give between 1 and 10 wishes per student."), LabsError.OUT_OF_RANGE
        )
    _days_in_order(cycle.starts_on, cycle.ends_on, "ends_on")
    _window_in_order(cycle.applications_open_at, cycle.applications_close_at)
    taken = LabCycle.objects.filter(centre_id=cycle.centre_id, name=cycle.name)
    if taken.exclude(pk=cycle.pk).exists():
        raise field_error(
            "name", _("A cycle with this name already exists in this centre."), LabsError.NAME_TAKEN
        )
    try:
        with transaction.atomic():
            validated_save(cycle)
    except IntegrityError as exc:
        raise field_error(
            "name", _("A cycle with this name already exists in this centre."), LabsError.NAME_TAKEN
        ) from exc


@transaction.atomic
def cycle_set_status(*, actor: Actor, cycle: LabCycle, status: str) -> LabCycle:
    """Open a draft for applications, close it, reopen it. Setting the current status again
    changes nothing; publishing goes through ``publish_request``."""
    _managed(cycles_policy, actor, cycle)
    locked = LabCycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.status == status:
        return locked
    if status not in TRANSITIONS.get(CycleStatus(locked.status), set()):
        raise field_error(
            "status",
            _("A cycle that is “%(now)s” cannot become “%(then)s”.")
            % {
                "now": CycleStatus(locked.status).label,
                "then": CycleStatus(status).label if status in CycleStatus.values else status,
            },
            LabsError.STATUS_CHANGE,
        )
    if status == CycleStatus.OPEN and not locked.labs.exists():
        raise field_error(
            "status", _("Add at least one lab before opening the cycle."), LabsError.NO_LABS
        )
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def lab_create(*, actor: Actor, cycle: LabCycle, data: dict[str, Any]) -> Lab:
    """A lab of the cycle: a template of the centre's catalogue, a level, an expert of the
    centre, a room of the centre, and either a weekly slot or holiday dates. Its seats come
    from the template unless given."""
    _managed(cycles_policy, actor, cycle)
    centre = cycle.centre
    if cycle.status == CycleStatus.PUBLISHED:
        raise Conflict(
            _("The seats of this cycle are published: add the lab to a new cycle."),
            code=LabsError.PUBLISHED,
        )
    data = dict(data)
    template = data.get("template")
    if data.get("seats") is None and isinstance(template, LabTemplate):
        data["seats"] = template.seats
    if data.get("level") is None and isinstance(template, LabTemplate):
        data["level"] = template.level
    lab = Lab(centre=centre, cycle=cycle, **_known(data, LAB_FIELDS))
    _check_lab(lab, centre)
    validated_save(lab)
    return lab


@transaction.atomic
def lab_update(
    *, actor: Actor, lab: Lab, data: dict[str, Any], seen: dt.datetime | None = None
) -> Lab:
    """Change a lab before its cycle is published. Its template and level stay once students
    ranked it (their wishes were for that lab); seats can change until the publication."""
    _managed(labs_policy, actor, lab)
    LabCycle.objects.select_for_update().get(pk=lab.cycle_id)
    locked = Lab.objects.select_for_update().select_related("cycle").get(pk=lab.pk)
    ensure_unchanged_since(locked, seen)
    if locked.cycle.status == CycleStatus.PUBLISHED:
        raise Conflict(
            _("The seats of this cycle are published: the lab cannot change any more."),
            code=LabsError.PUBLISHED,
        )
    before = (locked.template_id, locked.level)
    data = {k: v for k, v in data.items() if v is not None or k not in ("seats", "level")}
    changed = apply_fields(locked, data, LAB_FIELDS)
    if not changed:
        return locked
    wished = Application.objects.filter(lab=locked, withdrawn_at__isnull=True).exists()
    if wished and (locked.template_id, locked.level) != before:
        raise Conflict(
            _("Students ranked this lab: its activity and level stay; add another lab instead."),
            code=LabsError.IN_USE,
        )
    _check_lab(locked, locked.centre)
    validated_save(locked)
    return locked


@transaction.atomic
def lab_delete(*, actor: Actor, lab: Lab) -> None:
    """Delete a lab nobody ranked. Deleting it again changes nothing."""
    if not _still_there(labs_policy, actor, lab):
        return
    LabCycle.objects.select_for_update().get(pk=lab.cycle_id)
    locked = Lab.objects.select_for_update().get(pk=lab.pk)
    if Application.objects.filter(lab=locked).exists() or Seat.objects.filter(lab=locked).exists():
        raise Conflict(
            _("Students ranked this lab: it cannot be deleted any more."), code=LabsError.IN_USE
        )
    locked.delete()


def _check_lab(lab: Lab, centre: Centre) -> None:
    template = lab.template if lab.template_id else None
    if template is None or (template.centre_id not in (None, centre.pk)):
        raise field_error(
            "template",
            _("Choose a lab template of this centre's catalogue."),
            LabsError.NOT_OF_CENTRE,
        )
    if not Membership.objects.filter(
        user_id=lab.expert_id, centre=centre, role=Role.EXPERT, is_active=True
    ).exists():
        raise field_error("expert", _("Choose an expert of this centre."), LabsError.NOT_OF_CENTRE)
    if lab.room_id and not Room.objects.filter(pk=lab.room_id, centre=centre).exists():
        raise field_error("room", _("Choose a room of this centre."), LabsError.NOT_OF_CENTRE)
    if lab.slot_id and not Slot.objects.filter(pk=lab.slot_id, centre=centre).exists():
        raise field_error(
            "slot", _("Choose a weekly slot of this centre."), LabsError.NOT_OF_CENTRE
        )
    weekly = lab.slot_id is not None
    holiday = lab.holiday_first_day is not None or lab.holiday_last_day is not None
    if weekly == holiday:
        raise field_error(
            "slot",
            _("Give either a weekly slot or the holiday dates of the lab, not both."),
            LabsError.SLOT_OR_HOLIDAY,
        )
    if holiday:
        first, last = lab.holiday_first_day, lab.holiday_last_day
        if first is None or last is None:
            raise field_error(
                "holiday_last_day",
                _("Give the first and the last holiday day."),
                LabsError.REQUIRED,
            )
        _days_in_order(first, last, "holiday_last_day")
    if (lab.reserved_girls or 0) + (lab.reserved_social or 0) > (lab.seats or 0):
        raise field_error(
            "reserved_girls",
            _("The reserved seats must fit in the lab's seats."),
            LabsError.RESERVED_SEATS,
        )


@transaction.atomic
def masterlab_create(*, actor: Actor, centre: Centre, data: dict[str, Any]) -> Masterlab:
    _require_manager(actor, centre)
    data = dict(data)
    template = data.get("template")
    if data.get("seats") is None and isinstance(template, MasterlabTemplate):
        data["seats"] = template.seats
    masterlab = Masterlab(centre=centre, **_known(data, MASTERLAB_FIELDS))
    _check_masterlab(masterlab, centre)
    validated_save(masterlab)
    return masterlab


@transaction.atomic
def masterlab_update(
    *, actor: Actor, masterlab: Masterlab, data: dict[str, Any], seen: dt.datetime | None = None
) -> Masterlab:
    """Change a masterlab until its selection is published; its template stays once someone
    applied."""
    _managed(masterlabs_policy, actor, masterlab)
    locked = Masterlab.objects.select_for_update().get(pk=masterlab.pk)
    ensure_unchanged_since(locked, seen)
    if locked.selected_at is not None:
        raise Conflict(
            _("The selection is published: the masterlab cannot change any more."),
            code=LabsError.PUBLISHED,
        )
    before = locked.template_id
    data = {k: v for k, v in data.items() if v is not None or k != "seats"}
    if not apply_fields(locked, data, MASTERLAB_FIELDS):
        return locked
    if locked.template_id != before and locked.applications.exists():
        raise Conflict(
            _("Students applied: the masterlab's activity stays."), code=LabsError.IN_USE
        )
    _check_masterlab(locked, locked.centre)
    validated_save(locked)
    return locked


@transaction.atomic
def masterlab_delete(*, actor: Actor, masterlab: Masterlab) -> None:
    """Delete a masterlab nobody applied to. Deleting it again changes nothing."""
    if not _still_there(masterlabs_policy, actor, masterlab):
        return
    locked = Masterlab.objects.select_for_update().get(pk=masterlab.pk)
    if locked.applications.exists():
        raise Conflict(
            _("Students applied to this masterlab: it cannot be deleted any more."),
            code=LabsError.IN_USE,
        )
    locked.delete()


def _check_masterlab(masterlab: Masterlab, centre: Centre) -> None:
    template = masterlab.template if masterlab.template_id else None
    if not isinstance(template, MasterlabTemplate) or template.centre_id not in (
        None,
        centre.pk,
    ):
        raise field_error(
            "template",
            _("Choose a masterlab template of this centre's catalogue."),
            LabsError.NOT_OF_CENTRE,
        )
    _days_in_order(masterlab.first_day, masterlab.last_day, "last_day")
    _window_in_order(masterlab.applications_open_at, masterlab.applications_close_at)


# --- Applications -----------------------------------------------------------------------------


def _window_check(opens: dt.datetime, closes: dt.datetime, centre: Centre) -> None:
    now = timezone.now()
    if now < opens:
        raise Conflict(
            _("Applications open on %(when)s.") % {"when": timefmt.when(opens, centre.zone)},
            code=LabsError.NOT_OPEN_YET,
        )
    if now >= closes:
        raise Conflict(
            _("Applications closed on %(when)s: your list can no longer change.")
            % {"when": timefmt.when(closes, centre.zone)},
            code=LabsError.APPLICATIONS_CLOSED,
        )


@transaction.atomic
def wishes_set(
    *, actor: Actor, cycle: LabCycle, labs: Sequence[Lab], flagged: Lab | None = None
) -> list[Application]:
    """Replace the student's ranked list of labs in the cycle (best first). Labs not open to
    them, more than ``max_wishes`` labs, a lab twice or a flag on a lab not in the list are
    refused and nothing changes; sending the same list again changes nothing. An empty list
    withdraws every wish."""
    student = student_of(actor, cycle.centre)
    if student is None:
        raise Forbidden(
            _("Only the centre's students apply to its labs."), code=LabsError.NOT_STUDENT
        )
    cycle = cycles_policy.get_visible(actor, pk=cycle.pk)
    if cycle.status != CycleStatus.OPEN:
        raise Conflict(_("This cycle is not open for applications."), code=LabsError.CYCLE_NOT_OPEN)
    _window_check(cycle.applications_open_at, cycle.applications_close_at, cycle.centre)
    ids = [lab.pk for lab in labs]
    if len(set(ids)) != len(ids):
        raise field_error(
            "labs", _("Each lab can appear only once in your list."), LabsError.DUPLICATE
        )
    if len(ids) > cycle.max_wishes:
        raise field_error(
            "labs", _("Choose at most %(n)s labs.") % {"n": cycle.max_wishes}, LabsError.TOO_MANY
        )
    if flagged is not None and flagged.pk not in ids:
        raise field_error(
            "flagged",
            _("Your priority must be one of the labs you chose."),
            LabsError.FLAG_NOT_CHOSEN,
        )
    # Lock the student's rows in this cycle: two sendings at once apply one after the other.
    existing = {
        a.lab_id: a
        for a in Application.objects.select_for_update()
        .filter(student=student, cycle=cycle)
        .order_by("id")
    }
    options = {o.lab.pk: o for o in selectors.options_for(student, cycle).all}
    for lab_id in ids:
        option = options.get(lab_id)
        if option is None:
            raise field_error(
                "labs", _("This lab is not part of the cycle."), LabsError.NOT_IN_CYCLE
            )
        if not option.eligible:
            raise field_error(
                "labs",
                _("“%(lab)s” is not open to you: %(why)s")
                % {"lab": option.lab.template.title, "why": option.reason},
                LabsError.NOT_ELIGIBLE,
            )
    wanted = {
        lab_id: (rank, flagged is not None and flagged.pk == lab_id)
        for rank, lab_id in enumerate(ids, start=1)
    }
    current = {
        lab_id: (a.rank, a.flagged) for lab_id, a in existing.items() if a.withdrawn_at is None
    }
    if current == wanted:
        return _active(student, cycle)
    now = timezone.now()
    # Free the ranks and the flag first: the unique constraints hold at every statement.
    Application.objects.filter(student=student, cycle=cycle, withdrawn_at__isnull=True).update(
        rank=None, flagged=False, withdrawn_at=now, updated_at=now
    )
    for lab_id, (rank, flag) in wanted.items():
        row = existing.get(lab_id)
        if row is None:
            Application.objects.create(
                centre=cycle.centre,
                student=student,
                cycle=cycle,
                lab_id=lab_id,
                rank=rank,
                flagged=flag,
                applied_at=now,
            )
        else:
            was_active = row.withdrawn_at is None
            Application.objects.filter(pk=row.pk).update(
                rank=rank,
                flagged=flag,
                withdrawn_at=None,
                applied_at=row.applied_at if was_active else now,
                updated_at=now,
            )
    return _active(student, cycle)


def _active(student: User, cycle: LabCycle) -> list[Application]:
    return list(
        Application.objects.filter(student=student, cycle=cycle, withdrawn_at__isnull=True)
        .select_related("lab", "lab__template")
        .order_by("rank")
    )


MAX_MOTIVATION = 3000
MAX_PROJECTS = 5


@transaction.atomic
def masterlab_apply(
    *,
    actor: Actor,
    masterlab: Masterlab,
    motivation: str,
    submissions: Sequence[Submission] = (),
) -> Application:
    """Apply (or change one's application) to a masterlab: a motivation text and up to five
    of one's own approved projects. Sending the same again changes nothing."""
    student = student_of(actor, masterlab.centre)
    if student is None:
        raise Forbidden(
            _("Only the centre's students apply to its masterlabs."), code=LabsError.NOT_STUDENT
        )
    masterlab = masterlabs_policy.get_visible(actor, pk=masterlab.pk)
    _window_check(masterlab.applications_open_at, masterlab.applications_close_at, masterlab.centre)
    text = (motivation or "").strip()
    if len(text) < 20:
        raise field_error(
            "motivation",
            _("Tell us in a few sentences why you want to take part."),
            LabsError.TOO_SHORT,
        )
    if len(text) > MAX_MOTIVATION:
        raise field_error(
            "motivation",
            _("At most %(n)s characters, please.") % {"n": MAX_MOTIVATION},
            LabsError.OUT_OF_RANGE,
        )
    ids = {s.pk for s in submissions}
    if len(ids) > MAX_PROJECTS:
        raise field_error(
            "submissions",
            _("Choose at most %(n)s projects.") % {"n": MAX_PROJECTS},
            LabsError.TOO_MANY,
        )
    own = set(
        Submission.objects.filter(
            pk__in=ids, student=student, status=SubmissionStatus.APPROVED
        ).values_list("pk", flat=True)
    )
    if own != ids:
        raise field_error(
            "submissions", _("Choose only your own approved projects."), LabsError.NOT_OWN_PROJECT
        )
    row = (
        Application.objects.select_for_update().filter(student=student, masterlab=masterlab).first()
    )
    now = timezone.now()
    if row is None:
        try:
            with transaction.atomic():
                row = Application.objects.create(
                    centre=masterlab.centre,
                    student=student,
                    masterlab=masterlab,
                    motivation=text,
                    applied_at=now,
                )
        except IntegrityError:
            row = Application.objects.select_for_update().get(student=student, masterlab=masterlab)
    changed: list[str] = []
    if row.motivation != text:
        row.motivation, changed = text, [*changed, "motivation"]
    if row.withdrawn_at is not None:
        row.withdrawn_at, row.applied_at = None, now
        changed += ["withdrawn_at", "applied_at"]
    if changed:
        row.save(update_fields=[*changed, "updated_at"])
    if set(row.submissions.values_list("pk", flat=True)) != ids:
        row.submissions.set(ids)
    return row


@transaction.atomic
def masterlab_withdraw(*, actor: Actor, masterlab: Masterlab) -> None:
    """Withdraw one's application while the applications are open; nothing to withdraw (or
    withdrawn already) changes nothing."""
    student = student_of(actor, masterlab.centre)
    if student is None:  # staff and families see the masterlab; only its student withdraws
        raise Forbidden(_("Only the student withdraws their application."))
    row = (
        Application.objects.select_for_update().filter(student=student, masterlab=masterlab).first()
    )
    if row is None:
        return
    _window_check(masterlab.applications_open_at, masterlab.applications_close_at, masterlab.centre)
    if row.withdrawn_at is None:
        row.withdrawn_at = timezone.now()
        row.save(update_fields=["withdrawn_at", "updated_at"])


# --- Masterlab selection ---------------------------------------------------------------------


def _masterlab_rows(masterlab: Masterlab) -> list[Application]:
    return list(
        Application.objects.select_for_update()
        .filter(masterlab=masterlab, withdrawn_at__isnull=True)
        .select_related("student")
        .order_by("id")
    )


@transaction.atomic
def masterlab_score(
    *, actor: Actor, application: Application, score: int | None, note: str = ""
) -> Application:
    """A manager's score of one application (0 to ``SCORE_MAX``; None clears it) with an
    optional note, until the selection is published. The same score again changes nothing."""
    masterlab = application.masterlab
    if masterlab is None:
        raise field_error(
            "score", _("Only masterlab applications are scored."), LabsError.NOT_MASTERLAB
        )
    manager = _require_manager(actor, masterlab.centre)
    locked_masterlab = Masterlab.objects.select_for_update().get(pk=masterlab.pk)
    if locked_masterlab.selected_at is not None:
        raise Conflict(
            _("The selection is published: the scores cannot change any more."),
            code=LabsError.PUBLISHED,
        )
    if score is not None and not (0 <= score <= SCORE_MAX):
        raise field_error(
            "score",
            _("Give a score from 0 to %(max)s.") % {"max": SCORE_MAX},
            LabsError.OUT_OF_RANGE,
        )
    text = (note or "").strip()
    if len(text) > 300:
        raise field_error(
            "note", _("At most %(n)s characters, please.") % {"n": 300}, LabsError.OUT_OF_RANGE
        )
    row = Application.objects.select_for_update().get(pk=application.pk)
    if row.withdrawn_at is not None:
        raise Conflict(_("This application was withdrawn."), code=LabsError.WITHDRAWN)
    if (row.score, row.score_note) != (score, text):
        row.score, row.score_note, row.scored_by = score, text, manager
        row.save(update_fields=["score", "score_note", "scored_by", "updated_at"])
    return row


@transaction.atomic
def masterlab_scores_set(
    *, actor: Actor, scores: Sequence[tuple[Application, int | None, str]]
) -> list[Application]:
    """The selection page: each application's score and note (``masterlab_score`` each),
    saved at once, all or nothing."""
    return [
        masterlab_score(actor=actor, application=application, score=score, note=note)
        for application, score, note in scores
    ]


@transaction.atomic
def masterlab_select(*, actor: Actor, masterlab: Masterlab) -> Masterlab:
    """Publish the selection once the applications are closed and every one is scored: the
    engine ranks them (no masterlab before first, then the score, then the lottery), the
    first ``seats`` are selected, the others wait in that order. Each student gets their
    outcome and its reason by email. Publishing again changes nothing."""
    manager = _require_manager(actor, masterlab.centre)
    locked = (
        Masterlab.objects.select_for_update()
        .select_related("centre", "template")
        .get(pk=masterlab.pk)
    )
    if locked.selected_at is not None:
        return locked
    if timezone.now() < locked.applications_close_at:
        raise Conflict(
            _("Applications are still open until %(when)s: select after the deadline.")
            % {"when": timefmt.when(locked.applications_close_at, locked.centre.zone)},
            code=LabsError.APPLICATIONS_STILL_OPEN,
        )
    rows = _masterlab_rows(locked)
    unscored = sum(1 for a in rows if a.score is None)
    if unscored:
        raise Conflict(
            ngettext(
                "%(n)s application is not scored yet.",
                "%(n)s applications are not scored yet.",
                unscored,
            )
            % {"n": unscored},
            code=LabsError.NOT_SCORED,
        )
    alumni = selectors.masterlab_alumni(locked, [a.student_id for a in rows])
    ranking = allocation.rank_masterlab(locked, rows, alumni)
    cutoff = ranking.keys[ranking.selected[-1].pk] if ranking.selected else None
    for a in ranking.selected:
        a.outcome, a.waitlist_position = Outcome.SELECTED, None
        a.reason = {"key": list(ranking.keys[a.pk])}
    for position, a in enumerate(ranking.waitlist, start=1):
        a.outcome, a.waitlist_position = Outcome.WAITLISTED, position
        a.reason = {"key": list(ranking.keys[a.pk]), "cutoff": list(cutoff) if cutoff else None}
    Application.objects.bulk_update(
        [*ranking.selected, *ranking.waitlist], ["outcome", "waitlist_position", "reason"]
    )
    locked.selected_at, locked.selected_by = timezone.now(), manager
    locked.save(update_fields=["selected_at", "selected_by", "updated_at"])
    for a in rows:
        emails.masterlab_outcome(a, locked)
    return locked


@transaction.atomic
def masterlab_give_up(*, actor: Actor, application: Application) -> Application:
    """The student (a guardian, a manager) gives up a selected place or leaves the waiting
    list. A freed place goes at once to the first still waiting, who is emailed. Giving up
    twice changes nothing."""
    application = applications_policy.get_visible(actor, pk=application.pk)
    masterlab = application.masterlab
    if masterlab is None:
        raise NotFound(code=LabsError.NOT_MASTERLAB)
    family = access_for(actor).is_family_of(application.student_id)
    if not (family or can_manage_labs(actor, masterlab.centre)):
        raise Forbidden(
            _("Only the student, their guardians or a manager give up a place."),
            code=LabsError.NOT_FAMILY,
        )
    locked_masterlab = (
        Masterlab.objects.select_for_update().select_related("centre").get(pk=masterlab.pk)
    )
    row = Application.objects.select_for_update().get(pk=application.pk)
    if row.outcome == Outcome.GAVE_UP:
        return row
    if locked_masterlab.last_day < timezone.localdate(timezone=locked_masterlab.centre.zone):
        raise Conflict(
            _("This masterlab is over: its selection stays as it was."), code=LabsError.IS_OVER
        )
    if locked_masterlab.selected_at is None or row.outcome not in (
        Outcome.SELECTED,
        Outcome.WAITLISTED,
    ):
        raise Conflict(
            _("The selection is not published yet: withdraw the application instead."),
            code=LabsError.SELECTION_NOT_PUBLISHED,
        )
    freed = row.outcome == Outcome.SELECTED
    row.outcome, row.waitlist_position = Outcome.GAVE_UP, None
    row.save(update_fields=["outcome", "waitlist_position", "updated_at"])
    if freed and locked_masterlab.last_day >= timezone.localdate(
        timezone=locked_masterlab.centre.zone
    ):
        taken = Application.objects.filter(
            masterlab=locked_masterlab, outcome=Outcome.SELECTED
        ).count()
        waiting = list(
            Application.objects.select_for_update()
            .filter(masterlab=locked_masterlab, outcome=Outcome.WAITLISTED)
            .select_related("student")
            .order_by("waitlist_position", "id")[: max(0, locked_masterlab.seats - taken)]
        )
        for promoted in waiting:
            promoted.outcome, promoted.waitlist_position = Outcome.SELECTED, None
            promoted.reason = {**promoted.reason, "promoted_at": timezone.now().isoformat()}
            promoted.save(update_fields=["outcome", "waitlist_position", "reason", "updated_at"])
            emails.masterlab_outcome(promoted, locked_masterlab)
    return row


# --- Allocation runs --------------------------------------------------------------------------


@transaction.atomic
def dry_run_request(*, actor: Actor, cycle: LabCycle) -> AllocationRun:
    """Run every mechanism on the cycle's applications, figures only. A dry run already
    queued or running is returned instead of a second one."""
    _managed(cycles_policy, actor, cycle)
    active = AllocationRun.objects.filter(
        cycle=cycle, dry_run=True, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).first()
    if active is not None:
        return active
    try:
        with transaction.atomic():
            run = AllocationRun.objects.create(
                centre=cycle.centre, cycle=cycle, dry_run=True, created_by=_signed_in(actor)
            )
    except IntegrityError:
        return AllocationRun.objects.get(
            cycle=cycle, dry_run=True, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
        )
    _enqueue(run)
    return run


@transaction.atomic
def publish_request(*, actor: Actor, cycle: LabCycle, mechanism: str) -> AllocationRun:
    """Publish the cycle's seats with ``mechanism``, once. Asking again returns the same run
    (with another mechanism: refused). Only after the applications have closed."""
    _managed(cycles_policy, actor, cycle)
    if mechanism not in Mechanism.values:
        raise field_error(
            "mechanism", _("Choose one of the allocation mechanisms."), LabsError.INVALID_CHOICE
        )
    locked = LabCycle.objects.select_for_update().get(pk=cycle.pk)
    existing = (
        AllocationRun.objects.filter(cycle=locked, dry_run=False).exclude(status="failed").first()
    )
    if existing is not None:
        if existing.mechanism != mechanism:
            raise Conflict(
                _("The seats are already published with “%(m)s”.")
                % {"m": Mechanism(existing.mechanism).label},
                code=LabsError.OTHER_MECHANISM,
            )
        return existing
    if timezone.now() < locked.applications_close_at:
        raise Conflict(
            _("Applications are still open until %(when)s: publish after the deadline.")
            % {"when": timefmt.when(locked.applications_close_at, locked.centre.zone)},
            code=LabsError.APPLICATIONS_STILL_OPEN,
        )
    if locked.status == CycleStatus.DRAFT:
        raise Conflict(
            _("This cycle is a draft: nobody could apply yet."), code=LabsError.CYCLE_IS_DRAFT
        )
    run = AllocationRun.objects.create(
        centre=locked.centre,
        cycle=locked,
        dry_run=False,
        mechanism=mechanism,
        created_by=_signed_in(actor),
    )
    if locked.mechanism != mechanism:
        locked.mechanism = mechanism
        locked.save(update_fields=["mechanism", "updated_at"])
    _enqueue(run)
    return run


def _enqueue(run: AllocationRun) -> None:
    transaction.on_commit(lambda: run_allocation.enqueue(run.pk))


# --- Waitlists that move ----------------------------------------------------------------------


def _lock(seat: Seat) -> tuple[Lab, Seat]:
    """Lock the cycle, the lab, then the seat, always in this order: every change of a lab's
    seats in a cycle (withdrawals, answers, expiries, offers) runs one after the other, so a
    place is never offered twice and the waitlist order is never skipped."""
    LabCycle.objects.select_for_update().get(pk=seat.cycle_id)
    lab = (
        Lab.objects.select_for_update().select_related("cycle", "cycle__centre").get(pk=seat.lab_id)
    )
    locked = Seat.objects.select_for_update().get(pk=seat.pk)
    return lab, locked


def _close_offer(seat: Seat, outcome: str, now: dt.datetime) -> None:
    seat.status = SeatStatus.HELD if outcome == "accepted" else SeatStatus.DECLINED
    seat.reason = {**seat.reason, "offer": {**seat.reason.get("offer", {}), "outcome": outcome}}
    seat.reason["offer"]["answered_at"] = now.isoformat()
    seat.save(update_fields=["status", "reason", "updated_at"])


@transaction.atomic
def seat_withdraw(*, actor: Actor, seat: Seat) -> Seat:
    """Give up a held seat: the student, one of their guardians or a manager of the centre.
    The place goes to the next on the lab's waitlist (``offers_advance``). Giving up a seat
    already given up changes nothing; an open offer is answered with ``offer_decline``."""
    seat = seats_policy.get_visible(actor, pk=seat.pk)
    if not (access_for(actor).is_family_of(seat.student_id) or can_manage_labs(actor, seat.centre)):
        raise Forbidden(
            _("Only the student, their guardians or a manager give up a seat."),
            code=LabsError.NOT_FAMILY,
        )
    lab, locked = _lock(seat)
    if locked.status in (SeatStatus.WITHDRAWN, SeatStatus.DECLINED):
        return locked
    if locked.status == SeatStatus.OFFERED:
        raise Conflict(_("This is an offer: accept or decline it."), code=LabsError.OFFER_TO_ANSWER)
    if seat.cycle.ends_on < timezone.localdate(timezone=seat.centre.zone):
        raise Conflict(
            _("This lab cycle is over: its seats stay as they were."), code=LabsError.IS_OVER
        )
    locked.status = SeatStatus.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    offers_advance(lab=lab)
    return locked


@transaction.atomic
def offers_advance(*, lab: Lab, now: dt.datetime | None = None) -> list[Seat]:
    """Offer the lab's free places to the next students of its waitlist, in the waitlist's
    order only: a student is passed over when they hold or were offered a seat in this cycle,
    have already had a seat or an offer in this lab (declined, expired, given up), withdrew
    their wish, or the lab is no longer open to them. Each offer is open for the cycle's
    ``offer_window_hours`` and emailed to the student. Returns the new offers."""
    now = now or timezone.now()
    cycle = LabCycle.objects.select_for_update().select_related("centre").get(pk=lab.cycle_id)
    lab = Lab.objects.select_for_update().select_related("template").get(pk=lab.pk)
    if cycle.status != CycleStatus.PUBLISHED or cycle.ends_on < timezone.localdate(
        now, cycle.centre.zone
    ):
        return []
    free = lab.seats - Seat.objects.filter(lab=lab, status__in=ACTIVE_SEAT).count()
    if free <= 0:
        return []
    waiting = (
        Application.objects.filter(
            lab=lab, withdrawn_at__isnull=True, waitlist_position__isnull=False
        )
        .exclude(student_id__in=Seat.objects.filter(lab=lab).values("student_id"))
        .exclude(
            student_id__in=Seat.objects.filter(cycle=cycle, status=SeatStatus.OFFERED).values(
                "student_id"
            )
        )
        .select_related("student")
        .order_by("waitlist_position", "id")
    )
    held = {
        s.student_id: s
        for s in Seat.objects.filter(cycle=cycle, status=SeatStatus.HELD).select_related("lab")
    }
    offers: list[Seat] = []
    for application in waiting:
        if len(offers) >= free:
            break
        student = application.student
        current = held.get(student.pk)
        if current is not None:
            # An upgrade: only for a lab ranked above the one the student holds.
            held_rank = (
                Application.objects.filter(
                    student=student, lab_id=current.lab_id, withdrawn_at__isnull=True
                )
                .values_list("rank", flat=True)
                .first()
            )
            if held_rank is not None and (application.rank or 0) >= held_rank:
                continue
        option = next(
            (o for o in selectors.options_for(student, cycle).all if o.lab.pk == lab.pk), None
        )
        if option is None or not option.eligible:
            continue
        reason = selectors.unassigned_reason(student=student, cycle=cycle)
        offer: dict[str, Any] = {
            "position": application.waitlist_position,
            "offered_at": now.isoformat(),
        }
        if current is not None:
            offer["in_place_of"] = str(current.lab_id)
            reason = dict(current.reason)
        reason.update(lab=str(lab.pk), rank=application.rank, offer=offer)
        seat = Seat.objects.create(
            centre=cycle.centre,
            cycle=cycle,
            lab=lab,
            student=student,
            status=SeatStatus.OFFERED,
            offered_until=now + dt.timedelta(hours=cycle.offer_window_hours),
            reason=reason,
        )
        offers.append(seat)
        emails.offer(seat, cycle, lab)
    return offers


_ANSWERED = {"accepted": SeatStatus.HELD, "declined": SeatStatus.DECLINED}


def _answer(actor: Actor, seat: Seat, outcome: str) -> Seat:
    """Accept or decline an open offer (the student or a guardian). Answering twice the same
    way changes nothing. After the deadline the offer expires, passes on, and the answer is
    refused (Conflict) once the expiry is saved."""
    seat = seats_policy.get_visible(actor, pk=seat.pk)
    if not access_for(actor).is_family_of(seat.student_id):
        raise Forbidden(
            _("Only the student or their guardians answer an offer."), code=LabsError.NOT_FAMILY
        )
    refused: tuple[str, LabsError] | None = None
    with transaction.atomic():
        lab, locked = _lock(seat)
        offer = locked.reason.get("offer", {})
        now = timezone.now()
        if locked.status == SeatStatus.OFFERED and locked.offered_until is not None:
            if now >= locked.offered_until:
                _close_offer(locked, "expired", now)
                offers_advance(lab=lab, now=now)
                refused = _late(locked, lab), LabsError.OFFER_EXPIRED
            else:
                swapped = None
                if outcome == "accepted":
                    swapped = _release_for_swap(locked)
                _close_offer(locked, outcome, now)
                if outcome == "declined":
                    offers_advance(lab=lab, now=now)
                if swapped is not None:
                    offers_advance(lab=swapped.lab, now=now)
        elif offer.get("outcome") == "expired":
            refused = _late(locked, lab), LabsError.OFFER_EXPIRED
        elif offer.get("outcome") != outcome or locked.status != _ANSWERED[outcome]:
            refused = _("This offer is no longer open."), LabsError.OFFER_CLOSED
    if refused is not None:
        message, code = refused
        raise Conflict(message, code=code)
    return locked


def _release_for_swap(offer: Seat) -> Seat | None:
    """Accepting a place in a lab ranked higher gives up the seat held in the cycle: it is
    withdrawn (its reason says why) and passes to its own waiting list."""
    old = (
        Seat.objects.select_for_update()
        .filter(cycle_id=offer.cycle_id, student_id=offer.student_id, status=SeatStatus.HELD)
        .exclude(pk=offer.pk)
        .select_related("lab")
        .first()
    )
    if old is None:
        return None
    old.status = SeatStatus.WITHDRAWN
    old.reason = {**old.reason, "swapped_for": str(offer.lab_id)}
    old.save(update_fields=["status", "reason", "updated_at"])
    return old


def _late(seat: Seat, lab: Lab) -> str:
    until = seat.offered_until or timezone.now()
    return _(
        "The offer of a seat in “%(lab)s” ended on %(when)s: it has passed to the next "
        "student on the waiting list."
    ) % {"lab": lab.template.title, "when": timefmt.when(until, lab.cycle.centre.zone)}


def offer_accept(*, actor: Actor, seat: Seat) -> Seat:
    """The offered student (or a guardian) takes the seat before the deadline: it is held."""
    return _answer(actor, seat, "accepted")


def offer_decline(*, actor: Actor, seat: Seat) -> Seat:
    """The offered student (or a guardian) declines: the place goes to the next waiting."""
    return _answer(actor, seat, "declined")


def offers_expire(*, now: dt.datetime | None = None) -> int:
    """Every offer past its deadline is declined (expired) and its place passes on. One
    transaction per lab (as ``attendance.services.sessions_close_ended`` does per session):
    a lab's cycle is locked only while that lab's offers are handled, and a failure in one
    lab is logged and rolls back that lab only; the others' expiries stay done and the next
    run retries it. Safe to run from several workers at once."""
    now = now or timezone.now()
    lab_ids = sorted(
        set(
            Seat.objects.filter(status=SeatStatus.OFFERED, offered_until__lte=now).values_list(
                "lab_id", flat=True
            )
        )
    )
    count = 0
    for lab_id in lab_ids:
        try:
            count += _expire_lab(lab_id, now)
        except Exception:  # one lab's failure must not stop the others (logged, retried)
            log.exception("The expired offers of lab %s were not handled.", lab_id)
    return count


@transaction.atomic
def _expire_lab(lab_id: int, now: dt.datetime) -> int:
    """Expire one lab's overdue offers and pass their places on, under the cycle's lock."""
    cycle_id = Lab.objects.values_list("cycle_id", flat=True).get(pk=lab_id)
    LabCycle.objects.select_for_update().get(pk=cycle_id)
    lab = Lab.objects.select_for_update().get(pk=lab_id)
    expired = list(
        Seat.objects.select_for_update()
        .filter(lab=lab, status=SeatStatus.OFFERED, offered_until__lte=now)
        .order_by("id")
    )
    for seat in expired:
        _close_offer(seat, "expired", now)
    if expired:
        offers_advance(lab=lab, now=now)
    return len(expired)


# --- Competency validation --------------------------------------------------------------------


@transaction.atomic
def competencies_validate(
    *, actor: Actor, lab: Lab, student: User, competencies: Sequence[Competency]
) -> list[CompetencyValidation]:
    """Set the competencies of the lab a student of its roster has shown (the whole set:
    those left out are no longer validated). Only the lab's expert, the centre's managers
    and network admins; only the lab's own competencies; only a student holding a seat. The
    same set again changes nothing."""
    lab = labs_policy.get_visible(actor, pk=lab.pk)
    if not can_lead(actor, lab):
        raise Forbidden(
            _("Only the lab's expert or a manager validates its competencies."),
            code=LabsError.NOT_LEAD,
        )
    if not Seat.objects.filter(lab=lab, student=student, status=SeatStatus.HELD).exists():
        raise field_error("student", _("This student has no seat in this lab."), LabsError.NO_SEAT)
    allowed = set(lab.template.competencies.values_list("pk", flat=True))
    wanted = {c.pk for c in competencies}
    if not wanted <= allowed:
        raise field_error(
            "competencies",
            _("Choose only competencies this lab covers."),
            LabsError.COMPETENCY_NOT_COVERED,
        )
    Lab.objects.select_for_update().get(pk=lab.pk)
    current = {
        v.competency_id: v
        for v in CompetencyValidation.objects.select_for_update().filter(lab=lab, student=student)
    }
    gone = [v.pk for cid, v in current.items() if cid not in wanted]
    if gone:
        CompetencyValidation.objects.filter(pk__in=gone).delete()
    now = timezone.now()
    CompetencyValidation.objects.bulk_create(
        [
            CompetencyValidation(
                centre=lab.centre,
                lab=lab,
                student=student,
                competency_id=cid,
                level=lab.level,
                validated_by=_signed_in(actor),
                validated_at=now,
            )
            for cid in sorted(wanted - set(current))
        ]
    )
    return list(
        CompetencyValidation.objects.filter(lab=lab, student=student)
        .select_related("student", "competency")
        .order_by("competency_id")
    )


@transaction.atomic
def roster_validate(*, actor: Actor, lab: Lab, chosen: Mapping[User, Collection[int]]) -> None:
    """The lab page's grid: the competencies (ids) each student of the roster has shown, set
    for every student at once (``competencies_validate`` each), all or nothing."""
    own = {c.pk: c for c in lab.template.competencies.all()}
    for student, ids in chosen.items():
        if not set(ids) <= set(own):
            raise field_error(
                "competencies",
                _("Choose only competencies this lab covers."),
                LabsError.COMPETENCY_NOT_COVERED,
            )
        competencies_validate(
            actor=actor, lab=lab, student=student, competencies=[own[i] for i in sorted(set(ids))]
        )
