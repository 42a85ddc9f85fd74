"""Offers as a table: the columns of the import and export files (docs/training-offers.md),
reading a CSV or XLSX file into rows of text, one row's text into an offer's values with the
problems found per column, and an offer back into a row.

CSV files are read as UTF-8 (with or without BOM), else Windows-1252 as spreadsheets in France
often save them, with ``,`` or ``;`` between fields; XLSX files with openpyxl (first sheet,
header on the first row; docs/decisions/0036). Exporting then importing a file changes nothing:
every value is written in the form it is read back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from parcours.core.errors import ValidationFailed
from parcours.training_offers.choices import (
    AI_AXES,
    LEVEL_CODES,
    LEVELS,
    REGION_NAMES,
    Cost,
    Mode,
    plain,
)
from parcours.training_offers.errors import OfferError
from parcours.training_offers.models import LIMITS

if TYPE_CHECKING:
    from parcours.training_offers.models import Offer

AI_COLUMNS = {axis: axis.replace("-", "_") for axis in AI_AXES}  # ai-technical -> ai_technical
COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "provider",
    "place",
    "region",
    "mode",
    "duration",
    "level",
    "rncp_level",
    "eqf_level",
    "prerequisites",
    "certification",
    "cost",
    "cost_eur",
    "funding",
    "target_jobs",
    "focus_areas",
    "competencies",
    "ai_tools",
    *AI_COLUMNS.values(),
    "age_min",
    "age_max",
    "application_opens",
    "application_closes",
    "url",
    "description",
)
REQUIRED = ("title", "provider", "mode", "level", "cost")
TEXTS = (
    "title",
    "provider",
    "place",
    "duration",
    "prerequisites",
    "certification",
    "funding",
    "target_jobs",
    "ai_tools",
    "description",
)
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
LIST_SPLIT = re.compile(r"[;,\n]")


def _choice_words(choices: Any) -> dict[str, str]:
    """Each choice's value and its label in French and English, as typed in a file."""
    words: dict[str, str] = {}
    for value, label in choices:
        words[plain(str(value))] = value
        for lang in ("fr", "en"):
            with translation.override(lang):
                words[plain(str(label))] = value
    return words


_MODES: dict[str, str] = {}
_COSTS: dict[str, str] = {}
_REGIONS: dict[str, str] = {}


def _lookups() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    if not _MODES:
        _MODES.update(_choice_words(Mode.choices))
        _MODES.update(
            {"presentiel": "in_person", "distanciel": "distance", "alternance": "work_study"}
        )
        _COSTS.update(_choice_words(Cost.choices))
        _REGIONS.update(_choice_words(REGION_NAMES.items()))
    return _MODES, _COSTS, _REGIONS


def level_of(text: str) -> int | None:
    """``bac+2``, ``Bac + 2``, ``BAC``, ``doctorat``... as years from the bac; None if unknown."""
    word = plain(text).replace(" ", "")
    if word in ("doctorat", "doctorate", "phd"):
        return 8
    return LEVEL_CODES.get(word.replace("−", "-"))


# ---------------------------------------------------------------------------------- files


def read_table(data: bytes, filename: str) -> list[dict[str, str]]:
    """The file's rows as {column: text}; a file that cannot be read, or whose columns are not
    the offers' columns, is refused as a whole (ValidationFailed naming the problem)."""
    if len(data) > MAX_BYTES:
        raise ValidationFailed(_("The file is larger than 5 MB: split it."), code=OfferError.FILE)
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        table = _read_xlsx(data)
    else:
        table = list(_read_csv(data))
    if not table:
        raise ValidationFailed(_("The file is empty."), code=OfferError.FILE)
    header = [plain(str(h or "")).replace(" ", "_") for h in table[0]]
    unknown = [h for h in header if h and h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing:
        parts = []
        if unknown:
            parts.append(_("unknown columns: %(c)s") % {"c": ", ".join(unknown)})
        if missing:
            parts.append(_("missing columns: %(c)s") % {"c": ", ".join(missing)})
        raise ValidationFailed(
            _("The first row must name the offers’ columns (%(p)s). See the documented columns.")
            % {"p": "; ".join(parts)},
            code=OfferError.COLUMNS,
        )
    if len([h for h in header if h]) != len({h for h in header if h}):
        raise ValidationFailed(_("A column is named twice."), code=OfferError.COLUMNS)
    rows: list[dict[str, str]] = []
    for cells in table[1:]:
        if not any(str(c or "").strip() for c in cells):
            rows.append({})  # a blank line keeps its number, and is skipped
            continue
        rows.append({h: _cell(c) for h, c in zip(header, cells, strict=False) if h})
    if len(rows) > MAX_ROWS:
        raise ValidationFailed(
            _("The file has more than %(n)s rows: split it.") % {"n": MAX_ROWS},
            code=OfferError.FILE,
        )
    return rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(data: bytes) -> list[list[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ValidationFailed(_("This is not a CSV or XLSX file."), code=OfferError.FILE)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ValidationFailed(
            _("The CSV file cannot be read: %(e)s") % {"e": exc}, code=OfferError.FILE
        ) from exc


def _read_xlsx(data: bytes) -> list[list[object]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ValidationFailed(
            _("The XLSX file cannot be read: is it an Excel or LibreOffice sheet?"),
            code=OfferError.FILE,
        ) from exc
    try:
        sheet = book.worksheets[0]
        rows: list[list[object]] = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        book.close()


def write_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def write_xlsx(rows: list[dict[str, str]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("offers")
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row.get(c, "") for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ----------------------------------------------------------------------------------- rows


@dataclass
class Parsed:
    """One row read: the values it sets (only for the columns the file has) and its problems."""

    values: dict[str, Any] = field(default_factory=dict)
    areas: list[str] | None = None  # focus-area slugs, None when the file has no such column
    problems: list[tuple[str, str]] = field(default_factory=list)

    def problem(self, column: str, message: str) -> None:
        self.problems.append((column, message))


def parse_row(row: dict[str, str], *, area_slugs: set[str], competency_keys: set[str]) -> Parsed:
    modes, costs, regions = _lookups()
    p = Parsed()
    for name in TEXTS:
        if name in row:
            text = row[name].strip()
            if len(text) > LIMITS[name]:
                p.problem(name, _("At most %(n)s characters.") % {"n": LIMITS[name]})
            p.values[name] = text
    for name in ("title", "provider"):
        if name in row and not row[name].strip():
            p.problem(name, _("Required."))
    if "region" in row:
        word = plain(row["region"])
        if word and word not in regions:
            p.problem(
                "region",
                _("Unknown region “%(v)s”: use a code such as IDF or WAL.") % {"v": row["region"]},
            )
        p.values["region"] = regions.get(word, "") if word else ""
    for name, words, hint in (
        ("mode", modes, "in_person, distance, hybrid, work_study"),
        ("cost", costs, "free, funded, paid"),
    ):
        if name in row:
            word = plain(row[name])
            if word not in words:
                p.problem(name, _("“%(v)s” is not one of: %(h)s.") % {"v": row[name], "h": hint})
            else:
                p.values[name] = words[word]
    if "level" in row:
        level = level_of(row["level"])
        if level is None:
            p.problem(
                "level",
                _("Unknown level “%(v)s”: use bac-3 … bac+8 (e.g. bac+2).") % {"v": row["level"]},
            )
        else:
            p.values["level"] = level
            for name, index in (("rncp_level", 2), ("eqf_level", 3)):
                if not row.get(name, "").strip():
                    p.values[name] = LEVELS[level][index]
    for name, low, high in (
        ("rncp_level", 1, 8),
        ("eqf_level", 1, 8),
        ("cost_eur", 0, 1_000_000),
        ("age_min", 10, 99),
        ("age_max", 10, 99),
    ):
        if row.get(name, "").strip():
            number = _integer(row[name])
            if number is None or not low <= number <= high:
                p.problem(name, _("A whole number from %(a)s to %(b)s.") % {"a": low, "b": high})
            else:
                p.values[name] = number
        elif name in row and name not in p.values:
            p.values[name] = None
    low, high = p.values.get("age_min"), p.values.get("age_max")  # type: ignore[assignment]
    if isinstance(low, int) and isinstance(high, int) and low > high:
        p.problem("age_max", _("The maximum age is below the minimum age."))
    for name in ("application_opens", "application_closes"):
        if name in row:
            text = row[name].strip()
            day = _date(text) if text else None
            if text and day is None:
                p.problem(name, _("A date as YYYY-MM-DD or DD/MM/YYYY."))
            p.values[name] = day
    opens, closes = p.values.get("application_opens"), p.values.get("application_closes")
    if opens and closes and opens > closes:
        p.problem("application_closes", _("Applications close before they open."))
    if "url" in row:
        url = row["url"].strip()
        p.values["url"] = url
        if len(url) > LIMITS["url"]:
            p.problem("url", _("At most %(n)s characters.") % {"n": LIMITS["url"]})
        elif url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                p.problem("url", _("A web address starting with https://."))
    if "focus_areas" in row:
        slugs = _items(row["focus_areas"])
        unknown = [s for s in slugs if s not in area_slugs]
        if unknown:
            p.problem("focus_areas", _("Unknown focus areas: %(v)s.") % {"v": ", ".join(unknown)})
        p.areas = sorted(set(slugs) - set(unknown))
    if "competencies" in row:
        keys = _items(row["competencies"])
        unknown = [k for k in keys if k not in competency_keys]
        if unknown:
            p.problem("competencies", _("Unknown competencies: %(v)s.") % {"v": ", ".join(unknown)})
        p.values["competencies"] = sorted(set(keys) - set(unknown))
    if any(column in row for column in AI_COLUMNS.values()):
        profile = {}
        for axis, column in AI_COLUMNS.items():
            text = row.get(column, "").strip()
            if not text:
                continue
            number = _integer(text)
            if number is None or not 0 <= number <= 3:
                p.problem(column, _("A level from 0 (not taught) to 3."))
            elif number:
                profile[axis] = number
        p.values["ai_profile"] = profile
    return p


def _items(text: str) -> list[str]:
    return [plain(x) for x in LIST_SPLIT.split(text) if x.strip()]


def _integer(text: str) -> int | None:
    cleaned = text.strip().replace(" ", "").replace("\u202f", "").replace("\xa0", "")
    if cleaned.endswith((".0", ",0")):
        cleaned = cleaned[:-2]
    return int(cleaned) if re.fullmatch(r"\d{1,9}", cleaned) else None


def _date(text: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    return None


def row_of(offer: Offer, area_slugs: list[str]) -> dict[str, str]:
    """The offer as its export row, every value in the form ``parse_row`` reads back."""

    def text(value: object) -> str:
        return "" if value is None else str(value)

    row = {name: getattr(offer, name) for name in TEXTS}
    row.update(
        id=str(offer.uuid),
        region=offer.region,
        mode=offer.mode,
        level=offer.level_code,
        rncp_level=text(offer.rncp_level),
        eqf_level=text(offer.eqf_level),
        cost=offer.cost,
        cost_eur=text(offer.cost_eur),
        focus_areas="; ".join(sorted(area_slugs)),
        competencies="; ".join(offer.competencies),
        age_min=text(offer.age_min),
        age_max=text(offer.age_max),
        application_opens=text(offer.application_opens and offer.application_opens.isoformat()),
        application_closes=text(offer.application_closes and offer.application_closes.isoformat()),
        url=offer.url,
    )
    for axis, column in AI_COLUMNS.items():
        row[column] = str(offer.ai_profile.get(axis, 0))
    return {c: row[c] for c in COLUMNS}
