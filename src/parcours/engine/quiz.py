"""Checking a quiz answer against its item. Items are the bilingual specs of the content
format (docs/catalogue.md): ``single``, ``multiple``, ``numeric`` (with tolerance) and
``text`` (accepted answers per language). Answers come from a form, as strings."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

KINDS = ("single", "multiple", "numeric", "text")
CHOICE_KINDS = ("single", "multiple")  # answered by choosing: a sitting shuffles their choices


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


# --- Drawing a sitting from the bank -------------------------------------------------------


@dataclass(frozen=True)
class BankItem:
    """An item of a quiz's bank as the draw sees it: its id, the competency it checks (None:
    the quiz as a whole) and how many choices it shows (0 for number and text answers)."""

    id: int
    group: int | None
    choices: int


@dataclass(frozen=True)
class Drawn:
    """An item of a sitting: ``order[k]`` is the spec index of the k-th choice shown."""

    id: int
    order: tuple[int, ...]


# How far a student is with an item, for the draw: the lower, the sooner it is asked again.
NEVER_ASKED, ANSWERED_WRONG, ANSWERED_RIGHT = 0, 1, 2


def draw(
    bank: Sequence[BankItem], size: int, seed: int, *, seen: Mapping[int, int] | None = None
) -> list[Drawn]:
    """The items of one sitting, in the order shown, each with its choices' order.

    ``size`` 0 (or at least the bank's size) asks every item. Otherwise the items are taken
    in turn from each competency's items (the competencies in a random order), so a sitting
    covers every competency it can; within a competency, items never asked come first, then
    those only answered wrong, then those answered right (``seen``: item id -> one of
    ``NEVER_ASKED``, ``ANSWERED_WRONG``, ``ANSWERED_RIGHT``), so a retry asks other
    questions while there are some. The items and each item's choices are then shuffled.
    The same seed gives the same sitting."""
    rank = seen or {}
    rng = random.Random(seed)
    if size <= 0 or size >= len(bank):
        chosen = list(bank)
    else:
        groups: dict[int | None, list[BankItem]] = {}
        for item in sorted(bank, key=lambda i: i.id):
            groups.setdefault(item.group, []).append(item)
        queues = []
        for members in groups.values():
            rng.shuffle(members)
            members.sort(key=lambda i: rank.get(i.id, NEVER_ASKED))  # stable: still shuffled
            queues.append(members)
        rng.shuffle(queues)
        chosen = []
        while len(chosen) < size:
            for queue in queues:
                if queue and len(chosen) < size:
                    chosen.append(queue.pop(0))
    rng.shuffle(chosen)
    drawn = []
    for item in chosen:
        order = list(range(item.choices))
        rng.shuffle(order)
        drawn.append(Drawn(id=item.id, order=tuple(order)))
    return drawn


def shown_to_spec(order: Sequence[int], positions: Sequence[str]) -> list[str]:
    """Translate the positions of the choices a student ticked (as shown, from 0) into the
    spec's indices, as ``check`` reads them. A position that is not a shown choice is kept
    as it is, so ``check`` refuses it (``AnswerError``)."""
    translated = []
    for raw in positions:
        try:
            position = int(str(raw).strip())
        except ValueError:
            translated.append(str(raw))
            continue
        inside = 0 <= position < len(order)
        translated.append(str(order[position]) if inside else str(raw))
    return translated


def evidence_for(checked: int | None, covered: Sequence[int]) -> list[int]:
    """The competencies an answer is evidence about: the one its item checks when that is
    one of the activity's (``covered``), else every competency of the activity."""
    return [checked] if checked is not None and checked in covered else list(covered)
