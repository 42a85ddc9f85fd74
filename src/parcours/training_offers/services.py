"""Writing offers: an import is sent (kept with its preview), then applied once; the command
line imports a file in one step; a student keeps offers for her plan or lets them go."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.core.errors import Conflict, NotFound
from parcours.people.types import signed_in
from parcours.training_offers import importing
from parcours.training_offers.errors import OfferError
from parcours.training_offers.models import Offer, OfferImport, SavedOffer
from parcours.training_offers.permissions import can_keep_for, owners
from parcours.training_offers.tabular import read_table

if TYPE_CHECKING:
    from parcours.centres.models import Centre
    from parcours.people.models import User
    from parcours.people.types import Actor


def _plan_of(data: bytes, filename: str, owner: Centre | None) -> importing.Plan:
    return importing.plan(read_table(data, filename), owner)


def import_send(
    *, actor: Actor, owner: Centre | None, filename: str, data: bytes
) -> tuple[OfferImport, importing.Plan]:
    """Read a file and plan its import (nothing changes yet); the file is kept for the
    confirmation. A file that cannot be read is refused whole (ValidationFailed)."""
    if owner not in owners(actor):
        raise NotFound()
    the_plan = _plan_of(data, filename, owner)
    sent = OfferImport.objects.create(
        centre=owner,
        by=signed_in(actor),
        filename=filename[:200],
        content=data,
        result=the_plan.summary(),
    )
    return sent, the_plan


def import_get(*, actor: Actor, uuid: UUID | str) -> OfferImport:
    sent = OfferImport.objects.filter(uuid=uuid).select_related("centre").first()
    if sent is None or sent.centre not in owners(actor):
        raise NotFound()
    return sent


def import_preview(sent: OfferImport) -> importing.Plan:
    """The import's plan as it would apply now."""
    return _plan_of(bytes(sent.content), sent.filename, sent.centre)


def import_apply(*, actor: Actor, uuid: UUID | str) -> dict[str, Any]:
    """Apply a sent import once: its valid rows are written, the others left out, named in
    the result. Applying it again (a second click, a retried request) is a Conflict."""
    import_get(actor=actor, uuid=uuid)
    with transaction.atomic():
        sent = OfferImport.objects.select_for_update().get(uuid=uuid)
        if sent.applied_at is not None:
            raise Conflict(_("This file is already imported."), code=OfferError.ALREADY_IMPORTED)
        the_plan = import_preview(sent)
        importing.apply(the_plan, sent.centre)
        sent.applied_at = timezone.now()
        sent.result = the_plan.summary()
        sent.save(update_fields=["applied_at", "result", "updated_at"])
    return dict(sent.result)


def import_file(*, owner: Centre | None, filename: str, data: bytes) -> dict[str, Any]:
    """The command line's import: plan and apply in one step (valid rows written)."""
    the_plan = _plan_of(data, filename, owner)
    importing.apply(the_plan, owner)
    return the_plan.summary()


def keep(*, actor: Actor, student: User, offer: Offer) -> SavedOffer:
    """Save an offer to the student's plan; saving it again keeps the one row."""
    if not can_keep_for(actor, student):
        raise NotFound()
    try:
        with transaction.atomic():
            row, _made = SavedOffer.objects.get_or_create(
                student=student, offer=offer, defaults={"saved_by": signed_in(actor)}
            )
    except IntegrityError:  # saved at the same moment by another request
        row = SavedOffer.objects.get(student=student, offer=offer)
    return row


def let_go(*, actor: Actor, student: User, offer: Offer) -> None:
    """Take an offer off the student's plan (nothing to do when it is not on it)."""
    if not can_keep_for(actor, student):
        raise NotFound()
    SavedOffer.objects.filter(student=student, offer=offer).delete()
