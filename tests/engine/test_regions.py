"""Regions from postcodes: every French department, known towns, Belgian ranges, bad input."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parcours.engine.regions import DEPARTMENT_REGION, REGIONS, region_of_postcode

METROPOLITAN = (
    "ARA", "BFC", "BRE", "CVL", "COR", "GES", "HDF", "IDF", "NOR", "NAQ", "OCC", "PDL", "PAC",
)  # fmt: skip


def test_region_codes():
    assert REGIONS[:13] == METROPOLITAN
    assert REGIONS[13:] == ("GUA", "MTQ", "GUF", "LRE", "MAY", "BRU", "WAL", "VLG")
    assert len(set(REGIONS)) == len(REGIONS)


def test_the_96_metropolitan_departments():
    numbered = {f"{n:02d}" for n in range(1, 96)} - {"20"}
    assert set(DEPARTMENT_REGION) == numbered | {"2A", "2B"}
    assert len(DEPARTMENT_REGION) == 96
    assert set(DEPARTMENT_REGION.values()) == set(METROPOLITAN)
    # Departments per region since 2016.
    assert Counter(DEPARTMENT_REGION.values()) == {
        "ARA": 12, "BFC": 8, "BRE": 4, "CVL": 6, "COR": 2, "GES": 10, "HDF": 5,
        "IDF": 8, "NOR": 5, "NAQ": 12, "OCC": 13, "PDL": 5, "PAC": 6,
    }  # fmt: skip


@pytest.mark.parametrize("department", [f"{n:02d}" for n in range(1, 96)])
def test_every_metropolitan_postcode_prefix_has_a_region(department):
    region = region_of_postcode("FR", f"{department}100")
    assert region in REGIONS
    expected = "COR" if department == "20" else DEPARTMENT_REGION[department]
    assert region == expected


@pytest.mark.parametrize(
    ("country", "postcode", "region"),
    [
        ("FR", "75001", "IDF"),  # Paris
        ("FR", "69001", "ARA"),  # Lyon
        ("FR", "13001", "PAC"),  # Marseille
        ("FR", "59000", "HDF"),  # Lille
        ("FR", "33000", "NAQ"),  # Bordeaux
        ("FR", "35000", "BRE"),  # Rennes
        ("FR", "67000", "GES"),  # Strasbourg
        ("FR", "20000", "COR"),  # Ajaccio (2A)
        ("FR", "20200", "COR"),  # Bastia (2B)
        ("FR", "01000", "ARA"),  # Bourg-en-Bresse: the leading zero matters
        ("FR", "93200", "IDF"),  # Saint-Denis
        ("FR", "44000", "PDL"),  # Nantes
        ("FR", "31000", "OCC"),  # Toulouse
        ("FR", "76000", "NOR"),  # Rouen
        ("FR", "45000", "CVL"),  # Orléans
        ("FR", "21000", "BFC"),  # Dijon
        ("FR", "97100", "GUA"),  # Basse-Terre
        ("FR", "97199", "GUA"),
        ("FR", "97200", "MTQ"),  # Fort-de-France
        ("FR", "97300", "GUF"),  # Cayenne
        ("FR", "97400", "LRE"),  # Saint-Denis de La Réunion
        ("FR", "97600", "MAY"),  # Mamoudzou
        ("BE", "1000", "BRU"),  # Brussels
        ("BE", "1299", "BRU"),
        ("BE", "1300", "WAL"),  # Wavre
        ("BE", "1348", "WAL"),  # Louvain-la-Neuve
        ("BE", "1499", "WAL"),
        ("BE", "1500", "VLG"),  # Halle
        ("BE", "2000", "VLG"),  # Antwerp
        ("BE", "3000", "VLG"),  # Leuven
        ("BE", "3999", "VLG"),
        ("BE", "4000", "WAL"),  # Liège
        ("BE", "5000", "WAL"),  # Namur
        ("BE", "7000", "WAL"),  # Mons
        ("BE", "7999", "WAL"),
        ("BE", "8000", "VLG"),  # Bruges
        ("BE", "9000", "VLG"),  # Ghent
        ("BE", "9999", "VLG"),
    ],
)
def test_known_postcodes(country, postcode, region):
    assert region_of_postcode(country, postcode) == region


def test_country_is_case_insensitive_and_spaces_are_trimmed():
    assert region_of_postcode("fr", "75001") == "IDF"
    assert region_of_postcode(" Be ", " 4000 ") == "WAL"
    assert region_of_postcode("FR", "\t69001\n") == "ARA"


@pytest.mark.parametrize(
    ("country", "postcode"),
    [
        ("FR", ""),
        ("FR", "7500"),  # too short
        ("FR", "750011"),  # too long
        ("FR", "75 001"),  # a space inside
        ("FR", "7500A"),
        ("FR", "2A000"),  # Corsica's postcodes are numeric
        ("FR", "00100"),  # no department 00
        ("FR", "96000"),  # no department 96
        ("FR", "97500"),  # Saint-Pierre-et-Miquelon: a collectivity, not a region
        ("FR", "97700"),
        ("FR", "98000"),  # Monaco
        ("FR", "98800"),  # New Caledonia
        ("FR", "７５００１"),  # full-width digits
        ("FR", "٧٥٠٠١"),  # Arabic-Indic digits
        ("FR", "-7500"),
        ("BE", "0999"),  # below the first Belgian postcode
        ("BE", "999"),
        ("BE", "10000"),
        ("BE", "B-1000"),
        ("BE", "1 000"),
        ("BE", "+100"),
        ("DE", "10115"),  # another country
        ("LU", "1009"),
        ("", "75001"),
        ("FRA", "75001"),  # alpha-3 is not accepted
    ],
)
def test_malformed_or_unknown_is_none(country, postcode):
    assert region_of_postcode(country, postcode) is None


def test_wrong_types_are_none():
    assert region_of_postcode("FR", None) is None  # type: ignore[arg-type]
    assert region_of_postcode(None, "75001") is None  # type: ignore[arg-type]
    assert region_of_postcode("FR", 75001) is None  # type: ignore[arg-type]


@given(st.text(max_size=3), st.text(max_size=8))
def test_never_raises_and_answers_a_known_region(country, postcode):
    region = region_of_postcode(country, postcode)
    assert region is None or region in REGIONS


@given(st.integers(0, 99999))
def test_every_numeric_french_postcode(number):
    postcode = f"{number:05d}"
    region = region_of_postcode("FR", postcode)
    if postcode.startswith(("00", "96", "970", "975", "977", "978", "979", "98", "99")):
        assert region is None
    else:
        assert region in REGIONS


@given(st.integers(1000, 9999))
def test_every_belgian_postcode_is_belgian(number):
    assert region_of_postcode("BE", str(number)) in ("BRU", "WAL", "VLG")
