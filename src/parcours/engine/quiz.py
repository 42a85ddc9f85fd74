"""Checking a quiz answer against its item. Items are the bilingual specs of the content
format (docs/catalogue.md): ``single``, ``multiple``, ``numeric`` (with tolerance) and
``text`` (accepted answers per language). Answers come from a form, as strings."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

KINDS = ("single", "multiple", "numeric", "text")


class AnswerError(ValueError):
    """The answer cannot be read for this item (not a choice, not a number...)."""


@dataclass(frozen=True)
class Checked:
    correct: bool
    answer: Any  # the normalised answer that was checked, as stored in the attempt log


TRAILING_PUNCTUATION = " .!?;:…"


def normalise_text(value: str) -> str:
    """Case, accents, typographic apostrophes, white space of any kind (tabs, new lines,
    no-break spaces) and punctuation around the answer do not count. White space is collapsed
    *before* punctuation is stripped, so "Paris!\n" reads as "paris"."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    collapsed = " ".join(plain.casefold().replace("’", "'").split())
    return " ".join(collapsed.strip(TRAILING_PUNCTUATION).split())


def parse_number(value: str) -> float:
    text = value.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError as exc:
        raise AnswerError("not a number") from exc
    if number != number or number in (float("inf"), float("-inf")):
        raise AnswerError("not a finite number")
    return number


def check(spec: Mapping[str, Any], answer: Sequence[str] | str) -> Checked:
    """Check one answer. ``answer`` is a string, or a list of strings for ``multiple``.

    Raises ``AnswerError`` when the answer is not of the item's form: the caller shows a
    message and records nothing."""
    kind = spec.get("type")
    if kind == "single":
        raw = answer if isinstance(answer, str) else (answer[0] if len(answer) == 1 else "")
        index = _choice(raw, len(spec["choices"]))
        return Checked(correct=[index] == list(spec["answer"]), answer=[index])
    if kind == "multiple":
        values = [answer] if isinstance(answer, str) else list(answer)
        if not values:
            raise AnswerError("no choice")
        chosen = sorted({_choice(v, len(spec["choices"])) for v in values})
        return Checked(correct=chosen == sorted(spec["answer"]), answer=chosen)
    if kind == "numeric":
        raw = answer if isinstance(answer, str) else (answer[0] if answer else "")
        number = parse_number(raw)
        tolerance = float(spec.get("tolerance", 0) or 0)
        expected = float(spec["answer"])
        return Checked(correct=abs(number - expected) <= tolerance + 1e-9, answer=number)
    if kind == "text":
        raw = answer if isinstance(answer, str) else (answer[0] if answer else "")
        given = normalise_text(raw)
        if not given:
            raise AnswerError("empty answer")
        accepted = {normalise_text(a) for lang in spec["accepted"].values() for a in lang}
        return Checked(correct=given in accepted, answer=given)
    raise AnswerError(f"unknown item type {kind!r}")


def _choice(raw: str, count: int) -> int:
    try:
        index = int(str(raw).strip())
    except ValueError as exc:
        raise AnswerError("not a choice") from exc
    if not 0 <= index < count:
        raise AnswerError("choice out of range")
    return index
