"""Reading offers: the public search (words and filters), one offer, the offers that fit a
student's path ranked by ``parcours.engine.offers`` with their one-line reason
(docs/offers-matching.md), the offers she keeps, and what a user may export.

The search matches each word at the start of a word of the offer, without case or accents, in
its title, provider, place, certification, target jobs, AI tools, prerequisites and
description: on PostgreSQL through a full-text index (a stored ``tsvector`` column,
migration 0002), elsewhere with LIKE on the same words (what the tests check on both).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parcours.catalogue import selectors as catalogue
from parcours.core.errors import NotFound
from parcours.engine import offers as matching
from parcours.engine.regions import region_of_postcode
from parcours.labs.models import CompetencyValidation
from parcours.learning import selectors as learning
from parcours.training_offers.choices import REGION_NAMES, plain
from parcours.training_offers.importing import owned
from parcours.training_offers.models import Offer, OfferImport, SavedOffer
from parcours.training_offers.tabular import row_of

if TYPE_CHECKING:
    from parcours.catalogue.models import FocusArea
    from parcours.centres.models import Centre
    from parcours.people.models import User

MAX_WORDS = 6
MATCHES = 30


def _words(q: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", plain(q))[:MAX_WORDS]


@dataclass(frozen=True)
class Filters:
    q: str = ""
    area: str = ""  # focus-area slug
    level: int | None = None  # at most this level
    region: str = ""
    mode: str = ""
    cost: str = ""
    age: int | None = None


def search(f: Filters) -> QuerySet[Offer]:
    rows = Offer.objects.all()
    words = _words(f.q)
    if words and connection.vendor == "postgresql":
        query = " & ".join(f"{w}:*" for w in words)
        rows = rows.filter(
            RawSQL(
                "training_offers_offer.search_vector @@ to_tsquery('simple', %s)",
                [query],
                output_field=BooleanField(),
            )
        )
    else:
        for w in words:
            rows = rows.filter(Q(search_text__startswith=w) | Q(search_text__contains=f" {w}"))
    if f.area:
        rows = rows.filter(focus_areas__slug=f.area)
    if f.level is not None:
        rows = rows.filter(level__lte=f.level)
    if f.region:
        rows = rows.filter(Q(region=f.region) | Q(region=""))
    if f.mode:
        rows = rows.filter(mode=f.mode)
    if f.cost == "no_cost":
        rows = rows.exclude(cost="paid")
    elif f.cost:
        rows = rows.filter(cost=f.cost)
    if f.age is not None:
        rows = rows.filter(Q(age_min__isnull=True) | Q(age_min__lte=f.age)).filter(
            Q(age_max__isnull=True) | Q(age_max__gte=f.age)
        )
    return rows.prefetch_related("focus_areas").order_by("level", "title", "provider", "pk")


def offer_get(uuid: UUID | str) -> Offer:
    try:
        uuid = UUID(str(uuid))
    except ValueError as exc:
        raise NotFound() from exc
    offer = Offer.objects.filter(uuid=uuid).prefetch_related("focus_areas").first()
    if offer is None:
        raise NotFound()
    return offer


def area_names(slugs: list[str]) -> dict[str, FocusArea]:
    return {a.slug: a for a in catalogue.areas_by_id().values() if a.slug in slugs}


# ------------------------------------------------------------------------- for a student


@dataclass
class Fit:
    offer: Offer
    score: int
    reason: str  # one line, to the reader about the student
    saved: bool


def _today(student: User) -> dt.date:
    return timezone.localdate(timezone=student.student_profile.centre.zone)


def learner_of(student: User, areas: list[FocusArea]) -> matching.Learner:
    profile = student.student_profile
    finished = learning.unlocked_levels_by_area(student, areas)
    levels = {a.slug: max(finished.get(a.pk, set()), default=0) for a in areas}
    validated = CompetencyValidation.objects.filter(student=student).values_list(
        "competency__key", flat=True
    )
    return matching.Learner(
        age=profile.age_on(_today(student)),
        region=region_of_postcode(profile.centre.country, profile.postcode)
        or centre_region(profile.centre),
        area_levels=levels,
        competencies=frozenset(validated),
    )


def centre_region(centre: Centre) -> str | None:
    """The centre's region, from a postcode in its address (``75019 Paris``)."""
    found = re.search(r"\b(\d{4,5})\b", centre.address or "")
    return region_of_postcode(centre.country, found.group(1)) if found else None


FACTS = ("pk", "uuid", "region", "mode", "age_min", "age_max", "competencies")
FACT_DATES = ("application_opens", "application_closes")


def fits_for(student: User, *, limit: int = MATCHES, second_person: bool = True) -> list[Fit]:
    """The offers that fit ``student``'s path, best first, each with its reason (a fixed number
    of queries: her areas and levels, validations, the candidates, their areas, the page)."""
    areas = learning.chosen_areas(student)
    if not areas:
        return []
    learner = learner_of(student, areas)
    by_pk = {a.pk: a.slug for a in areas}
    through = Offer.focus_areas.through.objects.filter(focusarea_id__in=list(by_pk))
    shared: dict[int, set[str]] = {}
    for offer_id, area_id in through.values_list("offer_id", "focusarea_id"):
        shared.setdefault(offer_id, set()).add(by_pk[area_id])
    rows = Offer.objects.filter(focus_areas__in=list(by_pk)).distinct()
    facts = [
        matching.OfferFacts(
            key=str(r["pk"]),
            focus_areas=frozenset(shared.get(r["pk"], ())),
            competencies=frozenset(r["competencies"] or ()),
            region=r["region"] or None,
            mode=r["mode"],
            age_min=r["age_min"],
            age_max=r["age_max"],
            application_opens=r["application_opens"],
            application_closes=r["application_closes"],
        )
        for r in rows.values(*FACTS, *FACT_DATES)
    ]
    ranked = matching.rank(learner, facts, _today(student), limit=limit)
    offers = Offer.objects.filter(pk__in=[int(m.key) for m in ranked]).prefetch_related(
        "focus_areas"
    )
    by_id = {o.pk: o for o in offers}
    saved = set(SavedOffer.objects.filter(student=student).values_list("offer_id", flat=True))
    names = {a.slug: a.name for a in areas}
    return [
        Fit(
            offer=by_id[int(m.key)],
            score=m.score,
            reason=reason_line(m.reasons, names, learner, second_person=second_person),
            saved=int(m.key) in saved,
        )
        for m in ranked
        if int(m.key) in by_id
    ]


def reason_line(
    reasons: tuple[matching.Reason, ...],
    names: dict[str, str],
    learner: matching.Learner,
    *,
    second_person: bool = True,
) -> str:
    """The engine's reasons as one line in the reader's language."""
    parts = []
    for r in reasons:
        if r.code == "area":
            level = learner.area_levels.get(str(r.value), 0)
            area = names.get(str(r.value), str(r.value))
            if level and second_person:
                parts.append(
                    _("builds on %(a)s, where you finished level %(n)s") % {"a": area, "n": level}
                )
            elif level:
                parts.append(_("builds on %(a)s (level %(n)s finished)") % {"a": area, "n": level})
            else:
                parts.append(_("builds on %(a)s") % {"a": area})
        elif r.code == "competencies":
            n = int(r.value or 0)
            parts.append(
                ngettext(
                    "%(n)s validated competency counts", "%(n)s validated competencies count", n
                )
                % {"n": n}
            )
        elif r.code == "region":
            parts.append(_("in %(r)s") % {"r": REGION_NAMES.get(str(r.value), r.value)})
        elif r.code == "distance":
            parts.append(_("at a distance"))
        elif r.code == "anywhere":
            parts.append(_("open across the country"))
        elif r.code == "far":
            parts.append(_("far away (%(r)s)") % {"r": REGION_NAMES.get(str(r.value), r.value)})
        elif r.code == "age_open":
            parts.append(_("open at this age"))
        elif r.code == "age_later":
            n = int(r.value or 0)
            parts.append(
                ngettext("possible in %(n)s year", "possible in %(n)s years", n) % {"n": n}
            )
        elif r.code == "applications_open":
            day = dt.date.fromisoformat(str(r.value))
            parts.append(
                _("applications open until %(d)s") % {"d": formats.date_format(day, "j F")}
            )
    line = " · ".join(parts)
    return line[:1].upper() + line[1:]


def is_kept(student: Any, offer: Offer) -> bool:
    return SavedOffer.objects.filter(student_id=student.pk, offer=offer).exists()


def kept_by(student: User) -> list[SavedOffer]:
    """The offers a student keeps for her plan, newest first."""
    return list(
        SavedOffer.objects.filter(student=student)
        .select_related("offer", "saved_by")
        .order_by("-created_at", "-pk")
    )


def export_rows(owner: Centre | None) -> list[dict[str, str]]:
    """An owner's offers as the rows of the export file (two queries)."""
    offers = list(owned(owner).order_by("title", "provider", "place", "pk"))
    through = Offer.focus_areas.through.objects.filter(offer__in=owned(owner))
    slugs: dict[int, list[str]] = {}
    for offer_id, slug in through.values_list("offer_id", "focusarea__slug"):
        slugs.setdefault(offer_id, []).append(slug)
    return [row_of(o, slugs.get(o.pk, [])) for o in offers]


def listed_count(owner: Centre | None) -> int:
    return int(owned(owner).count())


def imports_of(owner: Centre | None) -> QuerySet[OfferImport]:
    """The owner's last ten imports (without their files)."""
    rows = (
        OfferImport.objects.filter(centre=owner)
        if owner
        else OfferImport.objects.filter(centre__isnull=True)
    )
    return rows.select_related("by").defer("content")[:10]
