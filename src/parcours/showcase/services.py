"""The showcase's writes: curators make and edit exhibitions, choose and order their works
(only public works whose display consent is in force), and rotate the display link."""

from __future__ import annotations

import datetime as dt
import secrets
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from parcours.centres.models import Centre
from parcours.core.errors import NotFound, ValidationFailed
from parcours.people.types import Actor
from parcours.portfolio.choices import Visibility
from parcours.portfolio.models import Work
from parcours.portfolio.selectors import consenting
from parcours.portfolio.services import SLUG_ALPHABET
from parcours.showcase.errors import ShowcaseError
from parcours.showcase.models import Exhibition, ExhibitionWork
from parcours.showcase.permissions import can_curate

LIMITS = {"title": 160, "partner": 160, "place": 160, "programme": 4000}
MAX_WORKS = 200


def _check_curator(actor: Actor, centre_id: int) -> None:
    if not can_curate(actor, centre_id):
        raise NotFound()


def _clean(fields: dict[str, object]) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    clean: dict[str, object] = {}
    for name, limit in LIMITS.items():
        value = str(fields.get(name) or "").strip()
        if len(value) > limit:
            errors[name] = [_("At most %(n)s characters.") % {"n": limit}]
        clean[name] = value
    if not clean["title"]:
        errors["title"] = [_("Give the exhibition a title.")]
    starts, ends = fields.get("starts_on"), fields.get("ends_on")
    if not isinstance(starts, dt.date) or not isinstance(ends, dt.date):
        errors["starts_on"] = [_("Give the first and the last day.")]
    elif ends < starts:
        errors["ends_on"] = [_("The last day comes after the first.")]
    seconds = fields.get("seconds", 8)
    if not isinstance(seconds, int) or not 3 <= seconds <= 120:
        errors["seconds"] = [_("From 3 to 120 seconds.")]
    if errors:
        code = ShowcaseError.DATES if {"starts_on", "ends_on"} & set(errors) else None
        raise ValidationFailed(_("Check the highlighted fields."), fields=errors, code=code)
    clean.update(
        starts_on=starts, ends_on=ends, seconds=seconds, published=bool(fields.get("published"))
    )
    return clean


def exhibition_create(*, actor: Actor, centre: Centre, **fields: object) -> Exhibition:
    _check_curator(actor, centre.pk)
    clean = _clean(fields)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Exhibition.objects.create(
                    centre=centre,
                    slug=get_random_string(10, SLUG_ALPHABET),
                    display_key=secrets.token_urlsafe(24),
                    created_by_id=actor.pk,
                    **clean,
                )
        except IntegrityError:
            continue
    raise RuntimeError("no free exhibition address after five draws")


def exhibition_update(*, actor: Actor, exhibition: Exhibition, **fields: object) -> Exhibition:
    _check_curator(actor, exhibition.centre_id)
    clean = _clean(fields)
    Exhibition.objects.filter(pk=exhibition.pk).update(**clean)
    exhibition.refresh_from_db()
    return exhibition


def display_key_rotate(*, actor: Actor, exhibition: Exhibition) -> Exhibition:
    """A new display link: every screen that had the old one stops showing the works."""
    _check_curator(actor, exhibition.centre_id)
    exhibition.display_key = secrets.token_urlsafe(24)
    exhibition.save(update_fields=["display_key", "updated_at"])
    return exhibition


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def _showable_works(exhibition: Exhibition, uuids: list[UUID | str]) -> list[Work]:
    wanted = [str(u) for u in uuids]
    valid = [u for u in wanted if _is_uuid(u)]
    works = {
        str(w.source_uuid): w
        for w in Work.objects.filter(
            Q(submission__uuid__in=valid) | Q(personal__uuid__in=valid),
            centre_id=exhibition.centre_id,
            visibility=Visibility.PUBLIC,
            student__erased_at__isnull=True,
        ).select_related("submission", "personal")
    }
    allowed = consenting([w.student_id for w in works.values()])
    refused = [u for u in wanted if u not in works or works[u].student_id not in allowed]
    if refused:
        raise ValidationFailed(
            _(
                "Only works their students made public, with the display consent in force, "
                "can be shown: %(n)s of those chosen cannot."
            )
            % {"n": len(refused)},
            fields={"works": refused[:20]},
            code=ShowcaseError.NOT_SHOWABLE,
        )
    return [works[u] for u in wanted]


def works_add(*, actor: Actor, exhibition: Exhibition, uuids: list[UUID | str]) -> int:
    """Add works at the end, in the order given; a work already in stays where it is."""
    _check_curator(actor, exhibition.centre_id)
    works = _showable_works(exhibition, uuids)
    with transaction.atomic():
        locked = Exhibition.objects.select_for_update().get(pk=exhibition.pk)
        present = set(
            ExhibitionWork.objects.filter(exhibition=locked).values_list("work_id", flat=True)
        )
        if len(present) + len(works) > MAX_WORKS:
            raise ValidationFailed(_("An exhibition holds at most %(n)s works.") % {"n": MAX_WORKS})
        end = len(present)
        added = 0
        for work in works:
            if work.pk in present:
                continue
            ExhibitionWork.objects.create(exhibition=locked, work=work, position=end + added)
            present.add(work.pk)
            added += 1
    return added


def works_set(*, actor: Actor, exhibition: Exhibition, uuids: list[UUID | str]) -> None:
    """Make the exhibition show exactly these works, in this order (the same list again
    changes nothing)."""
    _check_curator(actor, exhibition.centre_id)
    if len(uuids) > MAX_WORKS:
        raise ValidationFailed(_("An exhibition holds at most %(n)s works.") % {"n": MAX_WORKS})
    works = _showable_works(exhibition, list(dict.fromkeys(str(u) for u in uuids)))
    with transaction.atomic():
        locked = Exhibition.objects.select_for_update().get(pk=exhibition.pk)
        ExhibitionWork.objects.filter(exhibition=locked).exclude(
            work__in=[w.pk for w in works]
        ).delete()
        for position, work in enumerate(works):
            ExhibitionWork.objects.update_or_create(
                exhibition=locked, work=work, defaults={"position": position}
            )


def work_remove(*, actor: Actor, exhibition: Exhibition, uuid: UUID | str) -> None:
    _check_curator(actor, exhibition.centre_id)
    if not _is_uuid(str(uuid)):
        raise NotFound()
    ExhibitionWork.objects.filter(
        Q(work__submission__uuid=uuid) | Q(work__personal__uuid=uuid), exhibition=exhibition
    ).delete()


def work_move(*, actor: Actor, exhibition: Exhibition, uuid: UUID | str, by: int) -> None:
    """Move a work one place earlier (``by=-1``) or later (``by=1``)."""
    _check_curator(actor, exhibition.centre_id)
    with transaction.atomic():
        Exhibition.objects.select_for_update().get(pk=exhibition.pk)
        entries = list(
            ExhibitionWork.objects.filter(exhibition=exhibition).select_related(
                "work__submission", "work__personal"
            )
        )
        index = next(
            (i for i, e in enumerate(entries) if str(e.work.source_uuid) == str(uuid)), None
        )
        if index is None:
            raise NotFound()
        target = index + (1 if by > 0 else -1)
        if 0 <= target < len(entries):
            entries[index], entries[target] = entries[target], entries[index]
        for position, entry in enumerate(entries):
            if entry.position != position:
                entry.position = position
                entry.save(update_fields=["position"])
