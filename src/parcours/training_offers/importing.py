"""Importing offers from a table: first a plan (what each row would create, update or leave
as it is, and each row's problems, named by row and column), then applying it in one
transaction. Rows with problems are left out, never half-written.

A row is an existing offer when its ``id`` is the uuid of one of the owner's offers, or, without
an id, when the owner has an offer with the same provider, title and place (without case or
accents): re-importing a file, or an exported file, creates nothing twice and changes nothing.
Two rows naming the same offer are a problem on the second one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.catalogue.models import Competency, FocusArea
from parcours.core.errors import Conflict
from parcours.training_offers.errors import OfferError
from parcours.training_offers.models import Offer, natural_key
from parcours.training_offers.tabular import Parsed, parse_row

if TYPE_CHECKING:
    from parcours.centres.models import Centre

FIRST_ROW = 2  # the header is row 1, as a spreadsheet numbers them


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Change:
    row: int
    parsed: Parsed
    offer: Offer | None = None  # None: a new offer
    fields: list[str] = field(default_factory=list)  # what an update changes


@dataclass
class Plan:
    created: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "errors": [
                {"row": e.row, "column": e.column, "message": e.message} for e in self.errors
            ],
        }

    @property
    def rows_with_errors(self) -> int:
        return len({e.row for e in self.errors})


def owned(centre: Centre | None) -> Any:
    """The offers of one owner: a centre, or the network when ``centre`` is None."""
    if centre is None:
        return Offer.objects.filter(centre__isnull=True)
    return Offer.objects.filter(centre=centre)


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        return None


def plan(rows: list[dict[str, str]], centre: Centre | None) -> Plan:
    area_slugs = set(FocusArea.objects.values_list("slug", flat=True))
    competency_keys = set(Competency.objects.values_list("key", flat=True).distinct())
    ids = {u for r in rows if (u := _uuid(r.get("id", "") or "-"))}
    keys = {
        natural_key(r.get("provider", ""), r.get("title", ""), r.get("place", ""))
        for r in rows
        if r
    }
    scope = owned(centre)
    by_id = {o.uuid: o for o in scope.filter(uuid__in=ids)}
    by_key = {o.natural_key: o for o in scope.filter(natural_key__in=keys)}
    wanted = [o.pk for o in (*by_id.values(), *by_key.values())]
    areas: dict[int, set[str]] = {}
    through = Offer.focus_areas.through.objects.filter(offer_id__in=wanted)
    for offer_id, slug in through.values_list("offer_id", "focusarea__slug"):
        areas.setdefault(offer_id, set()).add(slug)

    result = Plan()
    seen: dict[object, int] = {}
    for index, row in enumerate(rows):
        number = index + FIRST_ROW
        if not row:
            continue
        parsed = parse_row(row, area_slugs=area_slugs, competency_keys=competency_keys)
        offer: Offer | None = None
        id_text = (row.get("id") or "").strip()
        if id_text:
            found = _uuid(id_text)
            offer = by_id.get(found) if found else None
            if offer is None:
                parsed.problem(
                    "id",
                    _("No offer of yours has this id: leave it empty to add a new offer."),
                )
        values = parsed.values
        current = {
            n: values.get(n, getattr(offer, n, "") if offer else "")
            for n in ("provider", "title", "place")
        }
        key = natural_key(current["provider"], current["title"], current["place"])
        same = by_key.get(key)
        if offer is None and not id_text:
            offer = same
        elif offer is not None and same is not None and same.pk != offer.pk:
            parsed.problem(
                "title",
                _("Another of your offers already has this provider, title and place."),
            )
        target: object = offer.pk if offer else key
        if target in seen or key in seen:
            first = seen.get(target, seen.get(key))
            parsed.problem(
                "id" if id_text else "title",
                _("The same offer as row %(n)s.") % {"n": first},
            )
        if parsed.problems:
            result.errors.extend(RowError(number, c, m) for c, m in parsed.problems)
            continue
        seen[target] = seen[key] = number
        if offer is None:
            result.created.append(Change(number, parsed))
            continue
        changed = [n for n, v in values.items() if getattr(offer, n) != v]
        if parsed.areas is not None and set(parsed.areas) != areas.get(offer.pk, set()):
            changed.append("focus_areas")
        if changed:
            result.updated.append(Change(number, parsed, offer, changed))
        else:
            result.unchanged.append(number)
    return result


def apply(the_plan: Plan, centre: Centre | None) -> None:
    """Write the plan's new and changed offers, all or none (a file imported at the same time
    that made one of these offers first: Conflict, and importing again finds it)."""
    slugs = dict(FocusArea.objects.values_list("slug", "pk"))
    Through = Offer.focus_areas.through
    try:
        with transaction.atomic():
            made: list[tuple[Offer, list[str] | None]] = []
            for change in the_plan.created:
                offer = Offer(centre=centre, **change.parsed.values)
                offer.refresh_derived()
                made.append((offer, change.parsed.areas))
            Offer.objects.bulk_create([o for o, _a in made], batch_size=500)
            fields: set[str] = set()
            changed: list[tuple[Offer, list[str] | None]] = []
            for change in the_plan.updated:
                offer = change.offer  # type: ignore[assignment]
                assert offer is not None
                for name, value in change.parsed.values.items():
                    setattr(offer, name, value)
                    fields.add(name)
                offer.refresh_derived()
                offer.updated_at = timezone.now()
                changed.append(
                    (offer, change.parsed.areas if "focus_areas" in change.fields else None)
                )
            if changed:
                fields |= {"search_text", "natural_key", "updated_at"}
                Offer.objects.bulk_update([o for o, _a in changed], sorted(fields), batch_size=500)
            renew = [o.pk for o, a in changed if a is not None]
            Through.objects.filter(offer_id__in=renew).delete()
            links = [
                Through(offer_id=o.pk, focusarea_id=slugs[s])
                for o, a in (*made, *changed)
                if a is not None
                for s in a
            ]
            Through.objects.bulk_create(links, batch_size=1000)
    except IntegrityError as exc:
        raise Conflict(
            _("Another import changed these offers at the same time: import the file again."),
            code=OfferError.DUPLICATE,
        ) from exc
