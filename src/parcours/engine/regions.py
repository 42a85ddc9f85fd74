"""Regions from postcodes: where a student lives, as precisely as offer matching needs.

Next-step training offers are regional (a school in Lyon, a course run by a Brussels
association), and a student's address is stored as a country and a postcode only. Matching
needs the region, not the town, so this module turns a postcode into a region code and nothing
more: no geocoding, no network, no data file. Pure Python, no Django (the engine contract of
import-linter). See docs/offers-matching.md.

France: the department is the postcode's first two digits (``20xxx`` is Corsica, ``97x``
three digits overseas), and the region is the department's region since 1 January 2016.
Belgium: ranges of the four-digit postcode (Brussels, Wallonia, Flanders). A postcode is
attributed by the post office, so a few villages near a department border carry the
neighbouring department's prefix; for a region this is almost always the same answer.

:func:`region_of_postcode` never raises: anything it cannot read gives ``None`` ("unknown").
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# France, metropolitan (13 regions since 2016).
FRANCE_METROPOLITAN: tuple[str, ...] = (
    "ARA",  # Auvergne-Rhône-Alpes
    "BFC",  # Bourgogne-Franche-Comté
    "BRE",  # Bretagne
    "CVL",  # Centre-Val de Loire
    "COR",  # Corse
    "GES",  # Grand Est
    "HDF",  # Hauts-de-France
    "IDF",  # Île-de-France
    "NOR",  # Normandie
    "NAQ",  # Nouvelle-Aquitaine
    "OCC",  # Occitanie
    "PDL",  # Pays de la Loire
    "PAC",  # Provence-Alpes-Côte d'Azur
)
# France, overseas regions (each one department).
FRANCE_OVERSEAS: tuple[str, ...] = (
    "GUA",  # Guadeloupe
    "MTQ",  # Martinique
    "GUF",  # Guyane
    "LRE",  # La Réunion
    "MAY",  # Mayotte
)
# Belgium's three regions.
BELGIUM: tuple[str, ...] = (
    "BRU",  # Brussels-Capital
    "WAL",  # Wallonia
    "VLG",  # Flanders
)

REGIONS: tuple[str, ...] = FRANCE_METROPOLITAN + FRANCE_OVERSEAS + BELGIUM

# The 96 metropolitan departments and their region (law of 16 January 2015, in force
# 1 January 2016). Corsica's 2A and 2B share the postcode prefix 20.
_REGION_DEPARTMENTS: Mapping[str, tuple[str, ...]] = {
    "ARA": ("01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"),
    "BFC": ("21", "25", "39", "58", "70", "71", "89", "90"),
    "BRE": ("22", "29", "35", "56"),
    "CVL": ("18", "28", "36", "37", "41", "45"),
    "COR": ("2A", "2B"),
    "GES": ("08", "10", "51", "52", "54", "55", "57", "67", "68", "88"),
    "HDF": ("02", "59", "60", "62", "80"),
    "IDF": ("75", "77", "78", "91", "92", "93", "94", "95"),
    "NOR": ("14", "27", "50", "61", "76"),
    "NAQ": ("16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"),
    "OCC": ("09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"),
    "PDL": ("44", "49", "53", "72", "85"),
    "PAC": ("04", "05", "06", "13", "83", "84"),
}

DEPARTMENT_REGION: Mapping[str, str] = MappingProxyType(
    {dept: region for region, depts in _REGION_DEPARTMENTS.items() for dept in depts}
)

# Overseas postcodes start with the three-digit department (971..976; 975 is Saint-Pierre-et-
# Miquelon, a collectivity, not a region).
_OVERSEAS_PREFIX: Mapping[str, str] = MappingProxyType(
    {"971": "GUA", "972": "MTQ", "973": "GUF", "974": "LRE", "976": "MAY"}
)

# Belgian postcode ranges, inclusive, in order.
_BELGIUM_RANGES: tuple[tuple[int, int, str], ...] = (
    (1000, 1299, "BRU"),
    (1300, 1499, "WAL"),  # Walloon Brabant
    (1500, 3999, "VLG"),  # Flemish Brabant, Antwerp, Limburg
    (4000, 7999, "WAL"),  # Liège, Namur, Luxembourg, Hainaut
    (8000, 9999, "VLG"),  # West and East Flanders
)

_DIGITS = frozenset("0123456789")


def _digits(text: str, length: int) -> bool:
    # ASCII digits only: str.isdigit() also accepts "²" and other scripts' digits.
    return len(text) == length and all(c in _DIGITS for c in text)


def _france(postcode: str) -> str | None:
    if not _digits(postcode, 5):
        return None
    if postcode.startswith("97"):
        return _OVERSEAS_PREFIX.get(postcode[:3])
    prefix = postcode[:2]
    if prefix == "20":
        return "COR"
    return DEPARTMENT_REGION.get(prefix)


def _belgium(postcode: str) -> str | None:
    if not _digits(postcode, 4):
        return None
    number = int(postcode)
    for low, high, region in _BELGIUM_RANGES:
        if low <= number <= high:
            return region
    return None


def region_of_postcode(country: str, postcode: str) -> str | None:
    """The region code (one of :data:`REGIONS`) of a postcode, or ``None`` if unknown.

    ``country`` is ISO 3166-1 alpha-2, any case ("FR", "be"); surrounding spaces are ignored
    in both arguments. Other countries, malformed postcodes and values of the wrong type give
    ``None``: this function never raises.
    """
    if not isinstance(country, str) or not isinstance(postcode, str):
        return None
    code = country.strip().upper()
    text = postcode.strip()
    if code == "FR":
        return _france(text)
    if code == "BE":
        return _belgium(text)
    return None
