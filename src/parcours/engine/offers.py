"""Next-step training offers for a student: which ones fit, in what order, and why.

A student leaving Parcours (or looking ahead) should see the schools, courses and
work-study programmes that continue what they did here, near them or reachable, that they can
apply to now or soon. The ranking is a weighted sum of a few facts a coach can check by hand,
in integers so that ties are exact and the order never depends on floating point or on the
order the offers came in. Every match carries its reasons (at most three, the largest
contribution first): the page shows the first one as the one-line "why", and the codes are
turned into words on the Django side, in the reader's language.

Pure Python, no Django (the engine contract of import-linter): plain dataclasses in and out.
The weights are in :data:`WEIGHTS`; docs/offers-matching.md explains them with an example.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

MODES: tuple[str, ...] = ("in_person", "distance", "hybrid", "work_study")
MAX_LEVEL = 3  # levels of a focus area in Parcours: 0 (chosen) to 3
MAX_REASONS = 3
REASON_CODES: tuple[str, ...] = (
    "area",  # value: the shared focus area with the highest level
    "competencies",  # value: how many validated competencies the offer builds on
    "region",  # value: the region code, the student's own
    "distance",
    "anywhere",
    "far",  # value: the offer's region (a negative factor)
    "age_open",
    "age_later",  # value: years to wait (a negative factor)
    "applications_open",  # value: the closing date, isoformat
)

# Points of each factor. Integers only, so that equal scores are exactly equal.
WEIGHTS: Mapping[str, int] = MappingProxyType(
    {
        "area": 30,  # per focus area shared with the student ...
        "area_level": 10,  # ... plus this per level reached in it (0..3)
        "competency": 8,  # per validated competency the offer builds on ...
        "competency_cap": 3,  # ... counted for at most this many
        "region": 15,  # the offer is in the student's region
        "distance": 10,  # otherwise: the offer is taught at a distance
        "anywhere": 5,  # otherwise: the offer has no region (nationwide)
        "far": -10,  # otherwise: in person in another region
        "age_open": 10,  # no minimum age, or the student has reached it
        "age_later": -4,  # per year the student still has to wait
        "applications_open": 5,  # applications are open today
    }
)


@dataclass(frozen=True, slots=True)
class Learner:
    age: int
    region: str | None  # region code (parcours.engine.regions) or None if unknown
    area_levels: Mapping[str, int]  # focus-area slug -> level reached, 0..3 (0 = chosen)
    competencies: frozenset[str]  # keys of the competencies validated for this student


@dataclass(frozen=True, slots=True)
class OfferFacts:
    key: str  # the offer's uuid as text
    focus_areas: frozenset[str]
    competencies: frozenset[str]
    region: str | None  # None = nationwide / anywhere
    mode: str  # one of MODES
    age_min: int | None
    age_max: int | None
    application_opens: date | None
    application_closes: date | None


@dataclass(frozen=True, slots=True)
class Reason:
    code: str  # one of REASON_CODES
    value: str | int | None = None  # the area slug, a count, a region, a date (isoformat)


@dataclass(frozen=True, slots=True)
class Match:
    key: str
    score: int
    reasons: tuple[Reason, ...]  # most important first, at most MAX_REASONS


def _level(value: int) -> int:
    return min(max(value, 0), MAX_LEVEL)


def _wait(learner: Learner, offer: OfferFacts) -> int:
    """Years the learner has to wait before reaching the offer's minimum age (0 if none)."""
    if offer.age_min is None:
        return 0
    return max(offer.age_min - learner.age, 0)


def _evaluate(learner: Learner, offer: OfferFacts, today: date) -> Match | None:
    """The offer's score and reasons for this learner, or None if it is excluded."""
    if offer.age_max is not None and learner.age > offer.age_max:
        return None
    areas = offer.focus_areas & learner.area_levels.keys()
    competencies = offer.competencies & learner.competencies
    if not areas and not competencies:
        return None  # nothing the student did here leads to it

    # (contribution, reason) for every factor that counts.
    factors: list[tuple[int, Reason]] = []

    if areas:
        levels = {slug: _level(learner.area_levels[slug]) for slug in areas}
        points = sum(WEIGHTS["area"] + WEIGHTS["area_level"] * lv for lv in levels.values())
        best = min(areas, key=lambda slug: (-levels[slug], slug))
        factors.append((points, Reason("area", best)))

    if competencies:
        counted = min(len(competencies), WEIGHTS["competency_cap"])
        factors.append((WEIGHTS["competency"] * counted, Reason("competencies", len(competencies))))

    if learner.region is not None and learner.region == offer.region:
        factors.append((WEIGHTS["region"], Reason("region", offer.region)))
    elif offer.mode == "distance":
        factors.append((WEIGHTS["distance"], Reason("distance")))
    elif offer.region is None:
        factors.append((WEIGHTS["anywhere"], Reason("anywhere")))
    elif learner.region is not None:
        factors.append((WEIGHTS["far"], Reason("far", offer.region)))
    # A learner whose region is unknown is neither near nor far: no points either way.

    wait = _wait(learner, offer)
    if wait == 0:
        factors.append((WEIGHTS["age_open"], Reason("age_open")))
    else:
        factors.append((WEIGHTS["age_later"] * wait, Reason("age_later", wait)))

    opens, closes = offer.application_opens, offer.application_closes
    if opens is not None and closes is not None and opens <= today <= closes:
        factors.append(
            (WEIGHTS["applications_open"], Reason("applications_open", closes.isoformat()))
        )

    score = sum(points for points, _ in factors)
    # Positive contributions first, largest first; then negative ones, largest magnitude first.
    # A drawback is never hidden by the cut: with one, the positives keep MAX_REASONS - 1 places.
    factors.sort(key=lambda f: (f[0] < 0, -abs(f[0]), f[1].code))
    positives = [reason for points, reason in factors if points >= 0]
    negatives = [reason for points, reason in factors if points < 0]
    kept = positives[: MAX_REASONS - 1] if negatives else positives[:MAX_REASONS]
    return Match(offer.key, score, tuple(kept + negatives[: MAX_REASONS - len(kept)]))


def rank(
    learner: Learner, offers: Iterable[OfferFacts], today: date, limit: int | None = None
) -> list[Match]:
    """The offers that fit the learner, best first, each with its score and reasons.

    Excluded: offers whose maximum age the learner has passed, and offers sharing neither a
    focus area nor a validated competency with the learner. Order: score (higher first), then
    years to wait for the minimum age (fewer first), then key: the same input in any order
    gives the same list. ``limit`` keeps the first ``limit`` matches (None: all).

    Raises ValueError when two offers have the same key or ``limit`` is negative.
    """
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be >= 0, not {limit}")
    ranked: list[tuple[int, int, str, Match]] = []
    seen: set[str] = set()
    for offer in offers:
        if offer.key in seen:
            raise ValueError(f"duplicate offer key {offer.key!r}")
        seen.add(offer.key)
        match = _evaluate(learner, offer, today)
        if match is not None:
            ranked.append((-match.score, _wait(learner, offer), offer.key, match))
    ranked.sort(key=lambda row: row[:3])
    matches = [row[3] for row in ranked]
    return matches if limit is None else matches[:limit]
