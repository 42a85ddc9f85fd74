from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parcours.engine.quiz import AnswerError, check, normalise_text, parse_number

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
