"""The offer-analysis grid's closed lists (CNC/AFDAS study, seed 003): how an offer is
followed, what it costs the learner, the level of its certification and its region.

Levels are counted from the French baccalauréat, as the seeds do ("from bac-3 to doctorate");
each has its RNCP level (France's 2019 nomenclature) and its EQF level when one applies.
"""

from __future__ import annotations

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parcours.engine.regions import REGIONS


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    DISTANCE = "distance", _("distance learning")
    HYBRID = "hybrid", _("hybrid")
    WORK_STUDY = "work_study", _("work-study (apprenticeship)")


class Cost(models.TextChoices):
    FREE = "free", pgettext_lazy("cost", "free")
    FUNDED = "funded", _("funded (free for the learner)")
    PAID = "paid", _("paid")


# level (years from the bac) -> (code in files, label, RNCP level, EQF level)
LEVELS: dict[int, tuple[str, object, int | None, int | None]] = {
    -3: ("bac-3", _("secondary school, before the bac (3rd year before)"), None, 1),
    -2: ("bac-2", _("bac−2 (CAP, first vocational years)"), 3, 3),
    -1: ("bac-1", _("bac−1"), 3, 3),
    0: ("bac", _("bac (secondary school diploma)"), 4, 4),
    1: ("bac+1", _("bac+1"), 4, 4),
    2: ("bac+2", _("bac+2 (BTS, DEUST)"), 5, 5),
    3: ("bac+3", _("bac+3 (bachelor, BUT, licence)"), 6, 6),
    4: ("bac+4", _("bac+4"), 6, 6),
    5: ("bac+5", _("bac+5 (master, engineer)"), 7, 7),
    6: ("bac+6", _("bac+6 (specialised master)"), 7, 7),
    8: ("bac+8", _("bac+8 (doctorate)"), 8, 8),
}
LEVEL_CHOICES = [(n, label) for n, (_code, label, _r, _e) in LEVELS.items()]
LEVEL_CODES = {code: n for n, (code, _label, _r, _e) in LEVELS.items()}


REGION_NAMES: dict[str, object] = {
    "ARA": _("Auvergne-Rhône-Alpes"),
    "BFC": _("Bourgogne-Franche-Comté"),
    "BRE": _("Brittany"),
    "CVL": _("Centre-Val de Loire"),
    "COR": _("Corsica"),
    "GES": _("Grand Est"),
    "HDF": _("Hauts-de-France"),
    "IDF": _("Île-de-France"),
    "NOR": _("Normandy"),
    "NAQ": _("Nouvelle-Aquitaine"),
    "OCC": _("Occitanie"),
    "PDL": _("Pays de la Loire"),
    "PAC": _("Provence-Alpes-Côte d’Azur"),
    "GUA": _("Guadeloupe"),
    "MTQ": _("Martinique"),
    "GUF": _("French Guiana"),
    "LRE": _("La Réunion"),
    "MAY": _("Mayotte"),
    "BRU": _("Brussels-Capital Region"),
    "WAL": _("Wallonia"),
    "VLG": _("Flanders"),
}
assert set(REGION_NAMES) == set(REGIONS)
REGION_CHOICES = [(code, REGION_NAMES[code]) for code in REGIONS]

AI_AXES = (
    "ai-technical",
    "ai-creative",
    "ai-fundamentals",
    "ai-transverse",
    "ai-hybridisation",
    "ai-integration",
)


def plain(text: str) -> str:
    """Lower case without accents or extra spaces: how codes and names are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())
