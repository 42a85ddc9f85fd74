"""Writes of the privacy app: a data download recorded, erasure requests made, cancelled,
refused or approved (which erases at once). Each write locks the request's row, so two
managers deciding at once, or a double click, decide once."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from parcours.core import mail
from parcours.core.errors import Conflict, Forbidden, ValidationFailed
from parcours.notifications import services as notifications
from parcours.notifications.choices import Kind
from parcours.people.access import access_for
from parcours.people.choices import Role
from parcours.people.models import User
from parcours.people.types import Actor
from parcours.privacy import erasure, export
from parcours.privacy.choices import ErasureStatus
from parcours.privacy.models import DataExport, ErasureRequest, RetentionPolicy
from parcours.privacy.permissions import can_decide, can_download, can_request_erasure


@dataclass(frozen=True)
class Download:
    archive: export.Built
    record: DataExport


def data_export(*, actor: Actor, student: User) -> Download:
    """Build the ZIP of ``student``'s data for ``actor`` and record that it was taken."""
    if not can_download(actor, student):
        raise Forbidden()
    built = export.build(student, language=mail.language_of(actor))
    record = DataExport.objects.create(
        centre_id=student.student_profile.centre_id,
        student=student,
        requested_by=_user(actor),
        size=len(built.data),
        files=built.files,
    )
    return Download(archive=built, record=record)


def erasure_request(*, actor: Actor, student: User, reason: str = "") -> ErasureRequest:
    """Ask the centre to erase ``student``'s data. Asking twice gives the open request."""
    if not can_request_erasure(actor, student):
        raise Forbidden()
    if len(reason) > 2000:
        raise ValidationFailed(
            _("Say why in 2000 characters at most."), fields={"reason": [_("Too long.")]}
        )
    open_ = ErasureRequest.objects.filter(student=student, status=ErasureStatus.REQUESTED).first()
    if open_ is not None:
        return open_
    try:
        with transaction.atomic():
            made = ErasureRequest.objects.create(
                centre_id=student.student_profile.centre_id,
                student=student,
                requested_by=_user(actor),
                reason=reason.strip(),
            )
    except IntegrityError:  # the same request sent twice at once: the first one stands
        return ErasureRequest.objects.get(student=student, status=ErasureStatus.REQUESTED)
    transaction.on_commit(lambda: _tell_managers(made))
    return made


def _locked(request: ErasureRequest) -> ErasureRequest:
    return ErasureRequest.objects.select_for_update().get(pk=request.pk)


def _user(actor: Actor) -> User:
    if not isinstance(actor, User):
        raise Forbidden()
    return actor


def _decided(request: ErasureRequest, target: str) -> bool:
    """True when the request already is in ``target`` (a repeated click: nothing to do);
    a request decided otherwise cannot be decided again (409)."""
    if request.status == target:
        return True
    if request.status != ErasureStatus.REQUESTED:
        raise Conflict(_("This request was already decided."), code="already_decided")
    return False


@transaction.atomic
def erasure_cancel(*, actor: Actor, request: ErasureRequest) -> ErasureRequest:
    locked = _locked(request)
    if locked.requested_by_id != actor.pk and not can_request_erasure(actor, locked.student):
        raise Forbidden()
    if _decided(locked, ErasureStatus.CANCELLED):
        return locked
    locked.status = ErasureStatus.CANCELLED
    locked.decided_by = _user(actor)
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return locked


@transaction.atomic
def erasure_refuse(*, actor: Actor, request: ErasureRequest, reason: str) -> ErasureRequest:
    locked = _locked(request)
    if not can_decide(actor, locked):
        raise Forbidden()
    reason = reason.strip()
    if not reason or len(reason) > 500:
        message = _("Say why the request is refused (500 characters at most).")
        raise ValidationFailed(message, fields={"reason": [message]})
    if _decided(locked, ErasureStatus.REFUSED):
        return locked
    locked.status = ErasureStatus.REFUSED
    locked.decided_by = _user(actor)
    locked.decided_at = timezone.now()
    locked.refusal_reason = reason
    locked.save(
        update_fields=["status", "decided_by", "decided_at", "refusal_reason", "updated_at"]
    )
    transaction.on_commit(lambda: _tell_family(locked))
    return locked


@transaction.atomic
def erasure_approve(*, actor: Actor, request: ErasureRequest) -> ErasureRequest:
    """Approve and erase at once; the family is told before their account is emptied."""
    locked = _locked(request)
    if not can_decide(actor, locked):
        raise Forbidden()
    if _decided(locked, ErasureStatus.DONE):
        return locked
    _tell_family(locked, approved=True)
    locked.summary = erasure.erase(locked.student)
    locked.status = ErasureStatus.DONE
    locked.decided_by = _user(actor)
    locked.decided_at = timezone.now()
    locked.reason = ""
    locked.save(
        update_fields=["status", "decided_by", "decided_at", "summary", "reason", "updated_at"]
    )
    return locked


def _tell_managers(request: ErasureRequest) -> None:
    managers = User.objects.filter(
        memberships__centre_id=request.centre_id,
        memberships__role=Role.MANAGER,
        memberships__is_active=True,
    ).distinct()
    for manager in managers:
        with translation.override(mail.language_of(manager)):
            text = _("A request to erase the data of %(name)s waits for your decision.") % {
                "name": request.student.get_full_name()
            }
        notifications.notify(
            recipients=[manager],
            kind=Kind.PRIVACY_REQUEST,
            params={"text": text},
            url=reverse("privacy:request", args=[request.uuid]),
            centre_id=request.centre_id,
            dedupe_key=f"erasure:{request.uuid}",
        )


def _tell_family(request: ErasureRequest, *, approved: bool = False) -> None:
    """The requester is told the decision (by e-mail too: an erased account has no inbox)."""
    requester = request.requested_by
    if requester is None:
        return
    with translation.override(mail.language_of(requester)):
        if approved:
            text = _("The data of %(name)s is erased, as you asked.") % {
                "name": request.student.get_full_name()
            }
        else:
            text = _("Your request to erase the data of %(name)s was refused: %(reason)s") % {
                "name": request.student.get_full_name(),
                "reason": request.refusal_reason,
            }
    mail.send(
        requester,
        subject=gettext_noop("Your request about personal data"),
        template="privacy/email/decided",
        context={"text": text},
    )
    notifications.notify(
        recipients=[requester],
        kind=Kind.PRIVACY_REQUEST,
        params={"text": text},
        url="" if approved else reverse("privacy:mine"),
        centre_id=request.centre_id,
        dedupe_key=f"erasure-decided:{request.uuid}",
        already_emailed=True,
    )


@transaction.atomic
def retention_update(*, actor: Actor, policy: RetentionPolicy, **values: int) -> RetentionPolicy:
    """Change the network's retention rules (network admins). Each value is checked against
    the field's bounds; nothing is saved when one is out of them."""
    if not access_for(actor).network_admin:
        raise Forbidden()
    locked = RetentionPolicy.objects.select_for_update().get(pk=policy.pk)
    for name, value in values.items():
        setattr(locked, name, value)
    try:
        locked.full_clean(exclude=["network"])
    except DjangoValidationError as exc:
        fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        raise ValidationFailed(_("Check the durations."), fields=fields) from exc
    locked.save()
    return locked
