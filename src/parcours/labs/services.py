"""Writes of labs. Keyword-only, atomic, permission-checked, idempotent.

- ``cycle_create`` / ``cycle_update`` / ``cycle_set_status``, ``lab_create``,
  ``masterlab_create``: managers of the centre (and network admins).
- ``wishes_set``: a student ranks up to ``max_wishes`` labs of an open cycle, one of them
  flagged as their priority; until the deadline, then refused.
- ``masterlab_apply`` / ``masterlab_withdraw``: a motivation and approved projects.
- ``dry_run_request`` / ``publish_request``: queue an allocation run (``labs.tasks``);
  publishing is done once per cycle: asking again returns the same run.
- ``publish_run``: called by the task; writes every seat, waitlist position and cutoff in
  one transaction, or nothing.
- ``seat_withdraw``, ``offer_accept`` / ``offer_decline``, ``offers_advance``,
  ``offers_expire``: the waitlists move; the cycle and lab rows are locked so that offers
  follow the waitlist order and a place is never offered twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parcours.catalogue.models import LabTemplate, MasterlabTemplate
from parcours.centres.models import Centre, Room
from parcours.core.errors import Conflict, Forbidden, ValidationFailed
from parcours.core.services import apply_fields, ensure_unchanged_since, validated_save
from parcours.labs.models import (
    ACTIVE_SEAT,
    AllocationRun,
    Application,
    CycleStatus,
    Lab,
    LabCycle,
    Masterlab,
    Mechanism,
    RunStatus,
    Seat,
    SeatStatus,
)
from parcours.labs.permissions import (
    can_manage_labs,
    cycles_policy,
    is_student_of,
    seats_policy,
)
from parcours.learning.models import Submission, SubmissionStatus
from parcours.people.models import GuardianLink, Membership, Role
from parcours.schedule.models import Slot

CYCLE_FIELDS = (
    "name",
    "starts_on",
    "ends_on",
    "applications_open_at",
    "applications_close_at",
    "max_wishes",
    "mechanism",
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
TRANSITIONS = {
    CycleStatus.DRAFT: {CycleStatus.OPEN},
    CycleStatus.OPEN: {CycleStatus.CLOSED, CycleStatus.DRAFT},
    CycleStatus.CLOSED: {CycleStatus.OPEN},
    CycleStatus.PUBLISHED: set(),
}


def _invalid(name: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={name: [message]})


def _known(data: dict[str, Any], allowed: Sequence[str]) -> dict[str, Any]:
    """The fields of a new row; unknown names are refused as ``apply_fields`` does."""
    unknown = set(data) - set(allowed)
    if unknown:
        message = _("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        raise ValidationFailed(message, fields={n: [message] for n in unknown})
    return {k: v for k, v in data.items() if v is not None or k not in ("seats", "level")}


def _require_manager(actor: Any, centre: Centre) -> None:
    if not can_manage_labs(actor, centre):
        raise Forbidden()


# --- Cycles, labs, masterlabs -----------------------------------------------------------------


@transaction.atomic
def cycle_create(*, actor: Any, centre: Centre, data: dict[str, Any]) -> LabCycle:
    """A new cycle, as a draft. The same name twice in a centre is refused."""
    _require_manager(actor, centre)
    cycle = LabCycle(centre=centre)
    apply_fields(cycle, data, CYCLE_FIELDS)
    _save_cycle(cycle)
    return cycle


@transaction.atomic
def cycle_update(
    *, actor: Any, cycle: LabCycle, data: dict[str, Any], seen: dt.datetime | None = None
) -> LabCycle:
    cycles_policy.get_editable(actor, pk=cycle.pk)
    locked = LabCycle.objects.select_for_update().get(pk=cycle.pk)
    ensure_unchanged_since(locked, seen)
    if locked.status == CycleStatus.PUBLISHED:
        raise Conflict(_("The seats of this cycle are published: it cannot change any more."))
    if apply_fields(locked, data, CYCLE_FIELDS):
        _save_cycle(locked)
    return locked


def _save_cycle(cycle: LabCycle) -> None:
    if cycle.mechanism not in Mechanism.values:
        raise _invalid("mechanism", _("Choose one of the allocation mechanisms."))
    if cycle.ends_on and cycle.starts_on and cycle.ends_on < cycle.starts_on:
        raise _invalid("ends_on", _("The last day must not be before the first day."))
    opens, closes = cycle.applications_open_at, cycle.applications_close_at
    if opens and closes and closes <= opens:
        raise _invalid("applications_close_at", _("Applications must close after they open."))
    taken = LabCycle.objects.filter(centre_id=cycle.centre_id, name=cycle.name)
    if taken.exclude(pk=cycle.pk).exists():
        raise _invalid("name", _("A cycle with this name already exists in this centre."))
    try:
        with transaction.atomic():
            validated_save(cycle)
    except IntegrityError as exc:
        raise _invalid("name", _("A cycle with this name already exists in this centre.")) from exc


@transaction.atomic
def cycle_set_status(*, actor: Any, cycle: LabCycle, status: str) -> LabCycle:
    """Open a draft for applications, close it, reopen it. Setting the current status again
    changes nothing; publishing goes through ``publish_request``."""
    cycles_policy.get_editable(actor, pk=cycle.pk)
    locked = LabCycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.status == status:
        return locked
    if status not in TRANSITIONS.get(CycleStatus(locked.status), set()):
        raise _invalid(
            "status",
            _("A cycle that is “%(now)s” cannot become “%(then)s”.")
            % {
                "now": CycleStatus(locked.status).label,
                "then": CycleStatus(status).label if status in CycleStatus.values else status,
            },
        )
    if status == CycleStatus.OPEN and not locked.labs.exists():
        raise _invalid("status", _("Add at least one lab before opening the cycle."))
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def lab_create(*, actor: Any, cycle: LabCycle, data: dict[str, Any]) -> Lab:
    """A lab of the cycle: a template of the centre's catalogue, a level, an expert of the
    centre, a room of the centre, and either a weekly slot or holiday dates. Its seats come
    from the template unless given."""
    cycles_policy.get_editable(actor, pk=cycle.pk)
    centre = cycle.centre
    if cycle.status == CycleStatus.PUBLISHED:
        raise Conflict(_("The seats of this cycle are published: add the lab to a new cycle."))
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


def _check_lab(lab: Lab, centre: Centre) -> None:
    template = lab.template if lab.template_id else None
    if template is None or (template.centre_id not in (None, centre.pk)):
        raise _invalid("template", _("Choose a lab template of this centre's catalogue."))
    if not Membership.objects.filter(
        user_id=lab.expert_id, centre=centre, role=Role.EXPERT, is_active=True
    ).exists():
        raise _invalid("expert", _("Choose an expert of this centre."))
    if lab.room_id and not Room.objects.filter(pk=lab.room_id, centre=centre).exists():
        raise _invalid("room", _("Choose a room of this centre."))
    if lab.slot_id and not Slot.objects.filter(pk=lab.slot_id, centre=centre).exists():
        raise _invalid("slot", _("Choose a weekly slot of this centre."))
    weekly = lab.slot_id is not None
    holiday = lab.holiday_first_day is not None or lab.holiday_last_day is not None
    if weekly == holiday:
        raise _invalid(
            "slot", _("Give either a weekly slot or the holiday dates of the lab, not both.")
        )
    if holiday:
        first, last = lab.holiday_first_day, lab.holiday_last_day
        if first is None or last is None:
            raise _invalid("holiday_last_day", _("Give the first and the last holiday day."))
        if last < first:
            raise _invalid("holiday_last_day", _("The last day must not be before the first day."))


@transaction.atomic
def masterlab_create(*, actor: Any, centre: Centre, data: dict[str, Any]) -> Masterlab:
    _require_manager(actor, centre)
    data = dict(data)
    template = data.get("template")
    if data.get("seats") is None and isinstance(template, MasterlabTemplate):
        data["seats"] = template.seats
    masterlab = Masterlab(centre=centre, **_known(data, MASTERLAB_FIELDS))
    if not isinstance(template, MasterlabTemplate) or template.centre_id not in (
        None,
        centre.pk,
    ):
        raise _invalid("template", _("Choose a masterlab template of this centre's catalogue."))
    if masterlab.last_day and masterlab.first_day and masterlab.last_day < masterlab.first_day:
        raise _invalid("last_day", _("The last day must not be before the first day."))
    opens, closes = masterlab.applications_open_at, masterlab.applications_close_at
    if opens and closes and closes <= opens:
        raise _invalid("applications_close_at", _("Applications must close after they open."))
    validated_save(masterlab)
    return masterlab


# --- Applications -----------------------------------------------------------------------------


def _window_check(opens: dt.datetime, closes: dt.datetime, centre: Centre) -> None:
    now = timezone.now()
    if now < opens:
        raise Conflict(
            _("Applications open on %(when)s.")
            % {"when": timezone.localtime(opens, centre.zone).strftime("%d/%m/%Y %H:%M")}
        )
    if now >= closes:
        raise Conflict(
            _("Applications closed on %(when)s: your list can no longer change.")
            % {"when": timezone.localtime(closes, centre.zone).strftime("%d/%m/%Y %H:%M")}
        )


@transaction.atomic
def wishes_set(
    *, actor: Any, cycle: LabCycle, labs: Sequence[Lab], flagged: Lab | None = None
) -> list[Application]:
    """Replace the student's ranked list of labs in the cycle (best first). Labs not open to
    them, more than ``max_wishes`` labs, a lab twice or a flag on a lab not in the list are
    refused and nothing changes; sending the same list again changes nothing. An empty list
    withdraws every wish."""
    from parcours.labs.selectors import options_for

    if not is_student_of(actor, cycle.centre):
        raise Forbidden(_("Only the centre's students apply to its labs."))
    cycle = cycles_policy.get_visible(actor, pk=cycle.pk)
    if cycle.status != CycleStatus.OPEN:
        raise Conflict(_("This cycle is not open for applications."))
    _window_check(cycle.applications_open_at, cycle.applications_close_at, cycle.centre)
    ids = [lab.pk for lab in labs]
    if len(set(ids)) != len(ids):
        raise _invalid("labs", _("Each lab can appear only once in your list."))
    if len(ids) > cycle.max_wishes:
        raise _invalid(
            "labs",
            _("Choose at most %(n)s labs.") % {"n": cycle.max_wishes},
        )
    if flagged is not None and flagged.pk not in ids:
        raise _invalid("flagged", _("Your priority must be one of the labs you chose."))
    # Lock the student's rows in this cycle: two sendings at once apply one after the other.
    existing = {
        a.lab_id: a
        for a in Application.objects.select_for_update()
        .filter(student=actor, cycle=cycle)
        .order_by("id")
    }
    options = {o.lab.pk: o for o in options_for(actor, cycle).all}
    for lab_id in ids:
        option = options.get(lab_id)
        if option is None:
            raise _invalid("labs", _("This lab is not part of the cycle."))
        if not option.eligible:
            raise _invalid(
                "labs",
                _("“%(lab)s” is not open to you: %(why)s")
                % {"lab": option.lab.template.title, "why": option.reason},
            )
    wanted = {
        lab_id: (rank, flagged is not None and flagged.pk == lab_id)
        for rank, lab_id in enumerate(ids, start=1)
    }
    current = {
        lab_id: (a.rank, a.flagged) for lab_id, a in existing.items() if a.withdrawn_at is None
    }
    if current == wanted:
        return _active(actor, cycle)
    now = timezone.now()
    # Free the ranks and the flag first: the unique constraints hold at every statement.
    Application.objects.filter(student=actor, cycle=cycle, withdrawn_at__isnull=True).update(
        rank=None, flagged=False, withdrawn_at=now, updated_at=now
    )
    for lab_id, (rank, flag) in wanted.items():
        row = existing.get(lab_id)
        if row is None:
            Application.objects.create(
                centre=cycle.centre,
                student=actor,
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
    return _active(actor, cycle)


def _active(student: Any, cycle: LabCycle) -> list[Application]:
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
    actor: Any,
    masterlab: Masterlab,
    motivation: str,
    submissions: Sequence[Submission] = (),
) -> Application:
    """Apply (or change one's application) to a masterlab: a motivation text and up to five
    of one's own approved projects. Sending the same again changes nothing."""
    from parcours.labs.permissions import masterlabs_policy

    if not is_student_of(actor, masterlab.centre):
        raise Forbidden(_("Only the centre's students apply to its masterlabs."))
    masterlab = masterlabs_policy.get_visible(actor, pk=masterlab.pk)
    _window_check(masterlab.applications_open_at, masterlab.applications_close_at, masterlab.centre)
    text = (motivation or "").strip()
    if len(text) < 20:
        raise _invalid("motivation", _("Tell us in a few sentences why you want to take part."))
    if len(text) > MAX_MOTIVATION:
        raise _invalid("motivation", _("At most %(n)s characters, please.") % {"n": MAX_MOTIVATION})
    ids = {s.pk for s in submissions}
    if len(ids) > MAX_PROJECTS:
        raise _invalid("submissions", _("Choose at most %(n)s projects.") % {"n": MAX_PROJECTS})
    own = set(
        Submission.objects.filter(
            pk__in=ids, student=actor, status=SubmissionStatus.APPROVED
        ).values_list("pk", flat=True)
    )
    if own != ids:
        raise _invalid("submissions", _("Choose only your own approved projects."))
    row = Application.objects.select_for_update().filter(student=actor, masterlab=masterlab).first()
    now = timezone.now()
    if row is None:
        try:
            with transaction.atomic():
                row = Application.objects.create(
                    centre=masterlab.centre,
                    student=actor,
                    masterlab=masterlab,
                    motivation=text,
                    applied_at=now,
                )
        except IntegrityError:
            row = Application.objects.select_for_update().get(student=actor, masterlab=masterlab)
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
def masterlab_withdraw(*, actor: Any, masterlab: Masterlab) -> None:
    row = Application.objects.select_for_update().filter(student=actor, masterlab=masterlab).first()
    if row is None:
        return
    _window_check(masterlab.applications_open_at, masterlab.applications_close_at, masterlab.centre)
    if row.withdrawn_at is None:
        row.withdrawn_at = timezone.now()
        row.save(update_fields=["withdrawn_at", "updated_at"])


# --- Allocation runs --------------------------------------------------------------------------


@transaction.atomic
def dry_run_request(*, actor: Any, cycle: LabCycle) -> AllocationRun:
    """Run every mechanism on the cycle's applications, figures only. A dry run already
    queued or running is returned instead of a second one."""
    cycles_policy.get_editable(actor, pk=cycle.pk)
    active = AllocationRun.objects.filter(
        cycle=cycle, dry_run=True, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).first()
    if active is not None:
        return active
    try:
        with transaction.atomic():
            run = AllocationRun.objects.create(
                centre=cycle.centre, cycle=cycle, dry_run=True, created_by=actor
            )
    except IntegrityError:
        return AllocationRun.objects.get(
            cycle=cycle, dry_run=True, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
        )
    _enqueue(run)
    return run


@transaction.atomic
def publish_request(*, actor: Any, cycle: LabCycle, mechanism: str) -> AllocationRun:
    """Publish the cycle's seats with ``mechanism``, once. Asking again returns the same run
    (with another mechanism: refused). Only after the applications have closed."""
    cycles_policy.get_editable(actor, pk=cycle.pk)
    if mechanism not in Mechanism.values:
        raise _invalid("mechanism", _("Choose one of the allocation mechanisms."))
    locked = LabCycle.objects.select_for_update().get(pk=cycle.pk)
    existing = (
        AllocationRun.objects.filter(cycle=locked, dry_run=False).exclude(status="failed").first()
    )
    if existing is not None:
        if existing.mechanism != mechanism:
            raise Conflict(
                _("The seats are already published with “%(m)s”.")
                % {"m": Mechanism(existing.mechanism).label}
            )
        return existing
    if timezone.now() < locked.applications_close_at:
        raise Conflict(
            _("Applications are still open until %(when)s: publish after the deadline.")
            % {
                "when": timezone.localtime(
                    locked.applications_close_at, locked.centre.zone
                ).strftime("%d/%m/%Y %H:%M")
            }
        )
    if locked.status == CycleStatus.DRAFT:
        raise Conflict(_("This cycle is a draft: nobody could apply yet."))
    run = AllocationRun.objects.create(
        centre=locked.centre,
        cycle=locked,
        dry_run=False,
        mechanism=mechanism,
        created_by=actor,
    )
    if locked.mechanism != mechanism:
        locked.mechanism = mechanism
        locked.save(update_fields=["mechanism", "updated_at"])
    _enqueue(run)
    return run


def _enqueue(run: AllocationRun) -> None:
    from parcours.labs.tasks import run_allocation

    transaction.on_commit(lambda: run_allocation.enqueue(run.pk))


# --- Waitlists that move ----------------------------------------------------------------------


def _is_family(actor: Any, seat: Seat) -> bool:
    """The seat's student or one of their guardians."""
    user_id = getattr(actor, "pk", None)
    if user_id is None:
        return False
    return (
        seat.student_id == user_id
        or GuardianLink.objects.filter(guardian_id=user_id, student_id=seat.student_id).exists()
    )


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


def _when(value: dt.datetime, centre: Centre) -> str:
    return timezone.localtime(value, centre.zone).strftime("%d/%m/%Y %H:%M")


def _close_offer(seat: Seat, outcome: str, now: dt.datetime) -> None:
    seat.status = SeatStatus.HELD if outcome == "accepted" else SeatStatus.DECLINED
    seat.reason = {**seat.reason, "offer": {**seat.reason.get("offer", {}), "outcome": outcome}}
    seat.reason["offer"]["answered_at"] = now.isoformat()
    seat.save(update_fields=["status", "reason", "updated_at"])


@transaction.atomic
def seat_withdraw(*, actor: Any, seat: Seat) -> Seat:
    """Give up a held seat: the student, one of their guardians or a manager of the centre.
    The place goes to the next on the lab's waitlist (``offers_advance``). Giving up a seat
    already given up changes nothing; an open offer is answered with ``offer_decline``."""
    seat = seats_policy.get_visible(actor, pk=seat.pk)
    if not (_is_family(actor, seat) or can_manage_labs(actor, seat.centre)):
        raise Forbidden(_("Only the student, their guardians or a manager give up a seat."))
    lab, locked = _lock(seat)
    if locked.status in (SeatStatus.WITHDRAWN, SeatStatus.DECLINED):
        return locked
    if locked.status == SeatStatus.OFFERED:
        raise Conflict(_("This is an offer: accept or decline it."))
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
    from parcours.labs.selectors import options_for, unassigned_reason

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
            student_id__in=Seat.objects.filter(cycle=cycle, status__in=ACTIVE_SEAT).values(
                "student_id"
            )
        )
        .select_related("student")
        .order_by("waitlist_position", "id")
    )
    offers: list[Seat] = []
    for application in waiting:
        if len(offers) >= free:
            break
        student = application.student
        option = next((o for o in options_for(student, cycle).all if o.lab.pk == lab.pk), None)
        if option is None or not option.eligible:
            continue
        reason = unassigned_reason(student=student, cycle=cycle)
        reason.update(
            lab=str(lab.pk),
            rank=application.rank,
            offer={"position": application.waitlist_position, "offered_at": now.isoformat()},
        )
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
        _offer_email(seat, cycle, lab)
    return offers


def _offer_email(seat: Seat, cycle: LabCycle, lab: Lab) -> None:
    student = seat.student
    if not student.email or seat.offered_until is None:
        return
    with translation.override(student.preferred_language or settings.LANGUAGE_CODE):
        body = render_to_string(
            "labs/email/offer.txt",
            {
                "student": student,
                "cycle": cycle,
                "title": lab.template.title,
                "until": _when(seat.offered_until, cycle.centre),
            },
        )
        message = EmailMessage(
            subject=" · ".join(
                [cycle.centre.name, _("A seat for you in %(lab)s") % {"lab": lab.template.title}]
            ),
            body=body,
            to=[student.email],
        )
    transaction.on_commit(message.send, robust=True)


_ANSWERED = {"accepted": SeatStatus.HELD, "declined": SeatStatus.DECLINED}


def _answer(actor: Any, seat: Seat, outcome: str) -> Seat:
    """Accept or decline an open offer (the student or a guardian). Answering twice the same
    way changes nothing. After the deadline the offer expires, passes on, and the answer is
    refused (Conflict) once the expiry is saved."""
    seat = seats_policy.get_visible(actor, pk=seat.pk)
    if not _is_family(actor, seat):
        raise Forbidden(_("Only the student or their guardians answer an offer."))
    refused: str | None = None
    with transaction.atomic():
        lab, locked = _lock(seat)
        offer = locked.reason.get("offer", {})
        now = timezone.now()
        if locked.status == SeatStatus.OFFERED and locked.offered_until is not None:
            if now >= locked.offered_until:
                _close_offer(locked, "expired", now)
                offers_advance(lab=lab, now=now)
                refused = _late(locked, lab)
            else:
                _close_offer(locked, outcome, now)
                if outcome == "declined":
                    offers_advance(lab=lab, now=now)
        elif offer.get("outcome") == "expired":
            refused = _late(locked, lab)
        elif offer.get("outcome") != outcome or locked.status != _ANSWERED[outcome]:
            refused = _("This offer is no longer open.")
    if refused is not None:
        raise Conflict(refused)
    return locked


def _late(seat: Seat, lab: Lab) -> str:
    until = seat.offered_until or timezone.now()
    return _(
        "The offer of a seat in “%(lab)s” ended on %(when)s: it has passed to the next "
        "student on the waiting list."
    ) % {"lab": lab.template.title, "when": _when(until, lab.cycle.centre)}


def offer_accept(*, actor: Any, seat: Seat) -> Seat:
    """The offered student (or a guardian) takes the seat before the deadline: it is held."""
    return _answer(actor, seat, "accepted")


def offer_decline(*, actor: Any, seat: Seat) -> Seat:
    """The offered student (or a guardian) declines: the place goes to the next waiting."""
    return _answer(actor, seat, "declined")


@transaction.atomic
def offers_expire(*, now: dt.datetime | None = None) -> int:
    """Every offer past its deadline is declined (expired) and its place passes on. Safe to
    run from several workers at once: each lab is locked while its offers are handled."""
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
        lab = Lab.objects.get(pk=lab_id)
        LabCycle.objects.select_for_update().get(pk=lab.cycle_id)
        lab = Lab.objects.select_for_update().get(pk=lab_id)
        expired = list(
            Seat.objects.select_for_update()
            .filter(lab=lab, status=SeatStatus.OFFERED, offered_until__lte=now)
            .order_by("id")
        )
        for seat in expired:
            _close_offer(seat, "expired", now)
        count += len(expired)
        if expired:
            offers_advance(lab=lab, now=now)
    return count
