"""Matching next-step training offers: each rule on hand-made cases with real outcomes, then
properties of the ranking on random learners and offers (hypothesis)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.engine.offers import (
    MAX_REASONS,
    REASON_CODES,
    WEIGHTS,
    Learner,
    Match,
    OfferFacts,
    Reason,
    rank,
)

TODAY = date(2025, 3, 14)

# Lina, 14, lives in Île-de-France; animation level 2, drawing chosen, two competencies.
LINA = Learner(
    age=14,
    region="IDF",
    area_levels={"animation": 2, "drawing": 0},
    competencies=frozenset({"keyframes", "storyboard"}),
)


def offer(key: str, **facts: object) -> OfferFacts:
    base = OfferFacts(
        key=key,
        focus_areas=frozenset(),
        competencies=frozenset(),
        region=None,
        mode="in_person",
        age_min=None,
        age_max=None,
        application_opens=None,
        application_closes=None,
    )
    return replace(base, **facts)  # type: ignore[arg-type]


def scores(matches: list[Match]) -> dict[str, int]:
    return {m.key: m.score for m in matches}


# --- hand-made cases -------------------------------------------------------------------------


def test_a_local_animation_school_beats_a_lyon_one_and_an_unrelated_course_is_left_out():
    paris = offer("paris-animation", focus_areas=frozenset({"animation"}), region="IDF")
    lyon = offer("lyon-animation", focus_areas=frozenset({"animation"}), region="ARA")
    python = offer(
        "online-python",
        focus_areas=frozenset({"programming"}),
        competencies=frozenset({"loops"}),
        mode="distance",
    )
    matches = rank(LINA, [python, lyon, paris], TODAY)
    assert [m.key for m in matches] == ["paris-animation", "lyon-animation"]
    # 30 + 10 x level 2, in her region, no minimum age.
    assert matches[0] == Match(
        "paris-animation",
        75,
        (Reason("area", "animation"), Reason("region", "IDF"), Reason("age_open")),
    )
    assert matches[0].score == (
        WEIGHTS["area"] + 2 * WEIGHTS["area_level"] + WEIGHTS["region"] + WEIGHTS["age_open"]
    )
    # The same school in Lyon: in person in another region costs 10.
    assert matches[1] == Match(
        "lyon-animation",
        50,
        (Reason("area", "animation"), Reason("age_open"), Reason("far", "ARA")),
    )


def test_place_distance_then_anywhere_then_far():
    def place(**facts: object) -> int:
        (match,) = rank(LINA, [offer("x", focus_areas=frozenset({"drawing"}), **facts)], TODAY)
        return match.score - WEIGHTS["area"] - WEIGHTS["age_open"]

    assert place(region="IDF") == 15
    assert place(region="IDF", mode="distance") == 15  # her region first
    assert place(region="ARA", mode="distance") == 10
    assert place(region=None, mode="distance") == 10
    assert place(region=None) == 5
    assert place(region=None, mode="hybrid") == 5
    assert place(region="ARA") == -10
    assert place(region="ARA", mode="work_study") == -10
    assert place(region="ARA", mode="hybrid") == -10


def test_an_unknown_learner_region_is_neither_near_nor_far():
    nowhere = replace(LINA, region=None)
    paris = offer("p", focus_areas=frozenset({"drawing"}), region="IDF")
    (match,) = rank(nowhere, [paris], TODAY)
    assert match.score == 40 and match.reasons == (Reason("area", "drawing"), Reason("age_open"))
    # The region-free offer is still "anywhere"; the distance one still "distance".
    (anywhere,) = rank(nowhere, [replace(paris, region=None)], TODAY)
    assert anywhere.score == 45
    (distance,) = rank(nowhere, [replace(paris, mode="distance")], TODAY)
    assert distance.score == 50


def test_past_the_maximum_age_is_excluded():
    school = offer("s", focus_areas=frozenset({"animation"}), region="IDF")
    assert rank(LINA, [replace(school, age_max=13)], TODAY) == []
    assert [m.key for m in rank(LINA, [replace(school, age_max=14)], TODAY)] == ["s"]
    assert [m.key for m in rank(LINA, [replace(school, age_max=18)], TODAY)] == ["s"]


def test_an_offer_sharing_nothing_is_excluded_whatever_its_other_merits():
    perfect = offer(
        "music",
        focus_areas=frozenset({"music"}),
        competencies=frozenset({"rhythm"}),
        region="IDF",
        application_opens=TODAY,
        application_closes=TODAY,
    )
    assert rank(LINA, [perfect], TODAY) == []
    # One shared competency is enough to be a next step.
    (match,) = rank(
        LINA, [replace(perfect, competencies=frozenset({"rhythm", "keyframes"}))], TODAY
    )
    assert match.score == 8 + 15 + 10 + 5
    assert match.reasons == (Reason("region", "IDF"), Reason("age_open"), Reason("competencies", 1))


def test_a_minimum_age_not_reached_costs_4_points_a_year_and_says_how_long():
    school = offer("s", focus_areas=frozenset({"animation"}), region="IDF", age_min=16)
    (match,) = rank(LINA, [school], TODAY)
    assert match.score == 50 + 15 - 8
    assert match.reasons == (
        Reason("area", "animation"),
        Reason("region", "IDF"),
        Reason("age_later", 2),
    )
    (reached,) = rank(LINA, [replace(school, age_min=14)], TODAY)
    assert reached.score == 50 + 15 + 10 and Reason("age_open") in reached.reasons


def test_competencies_count_at_most_three_but_the_reason_says_how_many():
    comps = frozenset({"a", "b", "c", "d", "e"})
    learner = replace(LINA, area_levels={}, competencies=comps)
    (five,) = rank(learner, [offer("o", competencies=comps, region="IDF")], TODAY)
    assert five.score == 3 * WEIGHTS["competency"] + 15 + 10 == 49
    assert five.reasons[0] == Reason("competencies", 5)
    (three,) = rank(learner, [offer("o", competencies=frozenset("abc"), region="IDF")], TODAY)
    assert three.score == five.score and three.reasons[0] == Reason("competencies", 3)
    (two,) = rank(learner, [offer("o", competencies=frozenset("ab"), region="IDF")], TODAY)
    assert two.score == five.score - WEIGHTS["competency"]


def test_every_shared_area_counts_and_the_reason_names_the_highest_level():
    learner = replace(LINA, area_levels={"music": 0, "drawing": 2, "animation": 2})
    school = offer("s", focus_areas=frozenset({"music", "drawing", "animation", "robotics"}))
    (match,) = rank(learner, [school], TODAY)
    assert match.score == (30 + 0) + (30 + 20) + (30 + 20) + 5 + 10
    assert match.reasons[0] == Reason("area", "animation")  # level 2, then by slug


def test_levels_are_clamped_to_0_3():
    school = offer("s", focus_areas=frozenset({"animation"}))
    (high,) = rank(replace(LINA, area_levels={"animation": 9}), [school], TODAY)
    (three,) = rank(replace(LINA, area_levels={"animation": 3}), [school], TODAY)
    (low,) = rank(replace(LINA, area_levels={"animation": -4}), [school], TODAY)
    assert high.score == three.score == 60 + 5 + 10
    assert low.score == 30 + 5 + 10


def test_applications_open_today_inclusive():
    school = offer("s", focus_areas=frozenset({"drawing"}), region="IDF")

    def bonus(opens: date | None, closes: date | None) -> int:
        facts = replace(school, application_opens=opens, application_closes=closes)
        return rank(LINA, [facts], TODAY)[0].score - rank(LINA, [school], TODAY)[0].score

    day = timedelta(days=1)
    assert bonus(TODAY, TODAY) == 5
    assert bonus(TODAY - day, TODAY + 30 * day) == 5
    assert bonus(TODAY + day, TODAY + 30 * day) == 0  # not yet
    assert bonus(TODAY - 30 * day, TODAY - day) == 0  # closed
    assert bonus(None, TODAY + day) == 0  # both dates are needed
    assert bonus(TODAY - day, None) == 0
    open_school = replace(school, application_opens=TODAY, application_closes=date(2025, 4, 30))
    learner = replace(LINA, area_levels={"drawing": 0}, competencies=frozenset())
    (match,) = rank(learner, [open_school], TODAY)
    assert match.reasons == (
        Reason("area", "drawing"),
        Reason("region", "IDF"),
        Reason("age_open"),
    )  # the fourth reason, applications_open (5), is cut
    (distant,) = rank(learner, [replace(open_school, region="ARA", mode="distance")], TODAY)
    assert Reason("applications_open", "2025-04-30") not in distant.reasons
    (only,) = rank(
        replace(learner, age=10), [replace(open_school, age_min=12, region="ARA")], TODAY
    )
    assert only.reasons == (
        Reason("area", "drawing"),
        Reason("applications_open", "2025-04-30"),
        Reason("far", "ARA"),
    )  # positives first; then the negatives by magnitude: far (-10) before age_later (-8)


def test_a_drawback_is_never_cut_from_the_reasons():
    learner = replace(LINA, area_levels={"drawing": 1}, competencies=frozenset())
    far_school = offer("w", focus_areas=frozenset({"drawing"}), region="WAL", age_min=12)
    far_open = replace(far_school, application_opens=TODAY, application_closes=date(2025, 4, 30))
    (match,) = rank(learner, [far_open], TODAY)
    # three positives (area, age_open, applications_open) and one negative: it shows
    assert match.reasons == (Reason("area", "drawing"), Reason("age_open"), Reason("far", "WAL"))


def test_reason_order_ties_by_code_and_negatives_by_magnitude():
    # distance and age_open both bring 10: by code name.
    (match,) = rank(LINA, [offer("d", focus_areas=frozenset({"drawing"}), mode="distance")], TODAY)
    assert match.reasons == (Reason("area", "drawing"), Reason("age_open"), Reason("distance"))
    # A competency (8), 3 years to wait (-12) and another region (-10): a negative score.
    learner = replace(LINA, area_levels={})
    far = offer("f", competencies=frozenset({"storyboard"}), region="OCC", age_min=17)
    (match,) = rank(learner, [far], TODAY)
    assert match.score == 8 - 12 - 10
    assert match.reasons == (
        Reason("competencies", 1),
        Reason("age_later", 3),
        Reason("far", "OCC"),
    )


def test_ties_go_to_the_offer_open_now_then_to_the_key():
    nowhere = replace(LINA, region=None, area_levels={"animation": 2})
    # 50 + 0 (unknown region) + 10 (age open) = 60
    now = offer("b-now", focus_areas=frozenset({"animation"}), region="ARA")
    # 50 + 10 (distance) + 8 (one competency) - 8 (two years to wait) = 60
    later = offer(
        "a-later",
        focus_areas=frozenset({"animation"}),
        competencies=frozenset({"keyframes"}),
        mode="distance",
        age_min=16,
    )
    twin = replace(now, key="c-twin")
    matches = rank(nowhere, [twin, later, now], TODAY)
    assert [(m.key, m.score) for m in matches] == [("b-now", 60), ("c-twin", 60), ("a-later", 60)]


def test_limit_and_determinism():
    offers = [
        offer(f"o{i:02d}", focus_areas=frozenset({"animation"}), region=r, age_min=a)
        for i, (r, a) in enumerate(
            [("IDF", None), ("ARA", None), (None, 15), ("IDF", 18), (None, None), ("BRU", 12)]
        )
    ]
    full = rank(LINA, offers, TODAY)
    assert [m.key for m in full] == ["o00", "o04", "o02", "o01", "o05", "o03"]
    assert [m.score for m in full] == [75, 65, 51, 50, 50, 49]
    assert rank(LINA, offers, TODAY, limit=2) == full[:2]
    assert rank(LINA, offers, TODAY, limit=0) == []
    assert rank(LINA, offers, TODAY, limit=100) == full
    shuffled = offers[:]
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert rank(LINA, iter(shuffled), TODAY) == full  # any iterable, any order


def test_bad_calls_raise():
    school = offer("s", focus_areas=frozenset({"animation"}))
    with pytest.raises(ValueError, match="limit"):
        rank(LINA, [school], TODAY, limit=-1)
    with pytest.raises(ValueError, match="duplicate"):
        rank(LINA, [school, replace(school, region="IDF")], TODAY)


def test_weights_are_the_documented_integers():
    assert dict(WEIGHTS) == {
        "area": 30,
        "area_level": 10,
        "competency": 8,
        "competency_cap": 3,
        "region": 15,
        "distance": 10,
        "anywhere": 5,
        "far": -10,
        "age_open": 10,
        "age_later": -4,
        "applications_open": 5,
    }
    assert all(isinstance(v, int) for v in WEIGHTS.values())


# --- properties ------------------------------------------------------------------------------

AREAS = ["animation", "drawing", "music", "robotics", "programming"]
COMPETENCIES = ["c1", "c2", "c3", "c4", "c5", "c6"]
REGIONS = ["IDF", "ARA", "BRU", "WAL"]
MODES = ["in_person", "distance", "hybrid", "work_study"]


def subsets(items: list[str]) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(st.sampled_from(items), max_size=len(items))


learners = st.builds(
    Learner,
    age=st.integers(10, 20),
    region=st.none() | st.sampled_from(REGIONS),
    area_levels=st.dictionaries(st.sampled_from(AREAS), st.integers(-1, 4), max_size=4),
    competencies=subsets(COMPETENCIES),
)
dates = st.none() | st.dates(TODAY - timedelta(days=40), TODAY + timedelta(days=40))


@st.composite
def offer_lists(draw: st.DrawFn) -> list[OfferFacts]:
    n = draw(st.integers(0, 10))
    return [
        OfferFacts(
            key=f"k{i}",
            focus_areas=draw(subsets(AREAS)),
            competencies=draw(subsets(COMPETENCIES)),
            region=draw(st.none() | st.sampled_from(REGIONS)),
            mode=draw(st.sampled_from(MODES)),
            age_min=draw(st.none() | st.integers(10, 20)),
            age_max=draw(st.none() | st.integers(10, 20)),
            application_opens=draw(dates),
            application_closes=draw(dates),
        )
        for i in draw(st.permutations(range(n)))
    ]


def eligible(learner: Learner, o: OfferFacts) -> bool:
    if o.age_max is not None and learner.age > o.age_max:
        return False
    return bool(o.focus_areas & learner.area_levels.keys() or o.competencies & learner.competencies)


def wait(learner: Learner, o: OfferFacts) -> int:
    return 0 if o.age_min is None else max(o.age_min - learner.age, 0)


@settings(max_examples=300)
@given(learners, offer_lists())
def test_sorted_by_score_then_wait_then_key(learner, offers):
    by_key = {o.key: o for o in offers}
    matches = rank(learner, offers, TODAY)
    order = [(-m.score, wait(learner, by_key[m.key]), m.key) for m in matches]
    assert order == sorted(order)


@settings(max_examples=300)
@given(learners, offer_lists())
def test_exactly_the_eligible_offers_come_back(learner, offers):
    keys = [m.key for m in rank(learner, offers, TODAY)]
    assert len(keys) == len(set(keys))
    assert set(keys) == {o.key for o in offers if eligible(learner, o)}


@settings(max_examples=300)
@given(learners, offer_lists())
def test_reasons_are_few_known_and_positive_first(learner, offers):
    for m in rank(learner, offers, TODAY):
        assert 1 <= len(m.reasons) <= MAX_REASONS
        codes = [r.code for r in m.reasons]
        assert len(codes) == len(set(codes)) and set(codes) <= set(REASON_CODES)
        negative = [c in ("far", "age_later") for c in codes]
        assert negative == sorted(negative)  # no positive reason after a negative one


@settings(max_examples=200)
@given(learners, offer_lists(), st.randoms(use_true_random=False), st.integers(0, 12))
def test_independent_of_input_order_and_limit_is_a_prefix(learner, offers, rnd, limit):
    full = rank(learner, offers, TODAY)
    shuffled = offers[:]
    rnd.shuffle(shuffled)
    assert rank(learner, shuffled, TODAY) == full
    assert rank(learner, shuffled, TODAY, limit=limit) == full[:limit]


@settings(max_examples=300)
@given(learners, offer_lists(), st.data())
def test_adding_a_shared_area_never_lowers_the_score(learner, offers, data):
    if not learner.area_levels or not offers:
        return
    slug = data.draw(st.sampled_from(sorted(learner.area_levels)))
    target = data.draw(st.sampled_from(offers))
    before = scores(rank(learner, offers, TODAY))
    wider = replace(target, focus_areas=target.focus_areas | {slug})
    after = scores(rank(learner, [wider if o is target else o for o in offers], TODAY))
    if target.age_max is None or learner.age <= target.age_max:
        assert target.key in after  # sharing an area is enough to be a candidate
    if target.key in before:
        assert after[target.key] >= before[target.key]


@settings(max_examples=300)
@given(learners, offer_lists(), st.data())
def test_a_higher_level_never_lowers_any_score(learner, offers, data):
    if not learner.area_levels:
        return
    slug = data.draw(st.sampled_from(sorted(learner.area_levels)))
    step = data.draw(st.integers(1, 3))
    higher = replace(
        learner, area_levels={**learner.area_levels, slug: learner.area_levels[slug] + step}
    )
    before = scores(rank(learner, offers, TODAY))
    after = scores(rank(higher, offers, TODAY))
    assert before.keys() == after.keys()
    assert all(after[k] >= before[k] for k in before)
