from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parcours.engine.quiz import (
    ANSWERED_RIGHT,
    ANSWERED_WRONG,
    NEVER_ASKED,
    AnswerError,
    BankItem,
    check,
    draw,
    evidence_for,
    normalise_text,
    parse_number,
    shown_to_spec,
)

SINGLE = {"type": "single", "choices": [{}, {}, {}], "answer": [1]}
MULTI = {"type": "multiple", "choices": [{}, {}, {}, {}], "answer": [0, 2]}
NUM = {"type": "numeric", "answer": 24, "tolerance": 0.5}
TEXT = {"type": "text", "accepted": {"fr": ["boucle"], "en": ["loop"]}}


def test_single_and_multiple():
    assert check(SINGLE, "1").correct and not check(SINGLE, ["2"]).correct
    assert check(MULTI, ["2", "0"]).correct
    assert not check(MULTI, ["0"]).correct and not check(MULTI, ["0", "1", "2"]).correct


@pytest.mark.parametrize("value", ["24", "24,4", " 23.6 ", "2\u202f4"])
def test_numeric_with_tolerance_and_french_decimal_comma(value):
    assert check(NUM, value).correct


def test_numeric_outside_tolerance():
    assert not check(NUM, "25").correct


@pytest.mark.parametrize(
    "value", ["Boucle", "  LOOP. ", "boucle !", "boucle!\n", "loop.\t", "\tBoucle \u00a0?\r\n"]
)
def test_text_is_case_accent_and_space_insensitive(value):
    assert check(TEXT, value).correct


@pytest.mark.parametrize(
    ("spec", "value"),
    [
        (SINGLE, "7"),
        (SINGLE, "x"),
        (MULTI, []),
        (NUM, "twenty"),
        (NUM, "nan"),
        (TEXT, "  "),
        ({"type": "essay"}, "x"),
    ],
)
def test_unreadable_answers_raise(spec, value):
    with pytest.raises(AnswerError):
        check(spec, value)


@given(st.floats(allow_nan=False, allow_infinity=False, width=32))
def test_parse_number_round_trips(x):
    assert parse_number(repr(float(x))) == pytest.approx(float(x))


@given(st.text())
def test_normalise_text_is_idempotent(s):
    assert normalise_text(normalise_text(s)) == normalise_text(s)


PUNCTUATION_OR_SPACE = st.sampled_from([" ", "\t", "\n", "\r\n", "\u00a0", ".", "!", "?", "…"])


@given(
    st.sampled_from(["boucle", "loop", "Boucle", "LOOP"]),
    st.lists(PUNCTUATION_OR_SPACE, max_size=4),
    st.lists(PUNCTUATION_OR_SPACE, max_size=4),
)
def test_punctuation_and_any_white_space_around_an_answer_do_not_count(word, before, after):
    assert check(TEXT, "".join(before) + word + "".join(after)).correct


# --- Drawing a sitting -----------------------------------------------------------------------

banks = st.lists(
    st.tuples(st.sampled_from([None, 1, 2, 3]), st.integers(min_value=0, max_value=6)),
    min_size=1,
    max_size=14,
).map(lambda rows: [BankItem(id=i, group=g, choices=c) for i, (g, c) in enumerate(rows)])


@given(banks, st.integers(min_value=0, max_value=20), st.integers(), st.data())
def test_a_draw_is_a_shuffled_cover_of_the_bank(bank, size, seed, data):
    seen = data.draw(
        st.dictionaries(
            st.sampled_from([b.id for b in bank]),
            st.sampled_from([NEVER_ASKED, ANSWERED_WRONG, ANSWERED_RIGHT]),
        )
    )
    drawn = draw(bank, size, seed, seen=seen)
    assert draw(bank, size, seed, seen=seen) == drawn  # the same seed, the same sitting
    expected = len(bank) if size <= 0 or size >= len(bank) else size
    ids = [d.id for d in drawn]
    assert len(ids) == expected == len(set(ids))  # no item twice
    by_id = {b.id: b for b in bank}
    for d in drawn:  # every choice shown once
        assert sorted(d.order) == list(range(by_id[d.id].choices))
    groups = {b.group for b in bank}
    asked = {by_id[i].group for i in ids}
    assert len(asked) == min(len(groups), expected)  # as many competencies as the size allows
    for group in groups:  # within a competency: never asked, then wrong, then right
        mine = [b.id for b in bank if b.group == group]
        taken = [i for i in ids if i in mine]
        left = [i for i in mine if i not in taken]
        if taken and left:
            assert max(seen.get(i, NEVER_ASKED) for i in taken) <= min(
                seen.get(i, NEVER_ASKED) for i in left
            )


def test_draws_vary_with_the_seed():
    bank = [BankItem(id=i, group=i % 2, choices=4) for i in range(8)]
    sittings = {tuple((d.id, d.order) for d in draw(bank, 4, seed)) for seed in range(50)}
    assert len(sittings) > 40
    orders = {d.order for seed in range(50) for d in draw(bank, 4, seed)}
    assert len(orders) > 12  # choices come in many orders (24 exist)
    first = {draw(bank, 4, seed)[0].id for seed in range(50)}
    assert len(first) == 8  # any item may come first


@given(st.permutations(range(5)), st.lists(st.integers(min_value=-3, max_value=8), max_size=4))
def test_shown_positions_map_back_to_the_spec(order, positions):
    mapped = shown_to_spec(order, [str(p) for p in positions])
    for position, value in zip(positions, mapped, strict=True):
        if 0 <= position < 5:
            assert value == str(order[position])
        else:  # not a shown choice: left as it is, so check() refuses it
            assert value == str(position)
            with pytest.raises(AnswerError):
                check({"type": "single", "choices": [{}] * 5, "answer": [0]}, value)


def test_an_answer_is_evidence_about_the_competency_its_item_checks():
    assert evidence_for(7, [3, 7]) == [7]
    assert evidence_for(None, [3, 7]) == [3, 7]
    assert evidence_for(9, [3, 7]) == [3, 7]  # not one of the activity's: all of them
