"""Enrolment fixtures: weekly slots, consent texts, and a valid application to vary."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from tests import factories as f

from parcours.consents.models import ConsentKind, ConsentText
from parcours.consents.selectors import current_text
from parcours.consents.services import consent_give
from parcours.enrolment import services, years
from parcours.schedule.models import Slot, SlotMeeting


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    # The cache is the database's (as in production): a test without database access has no
    # rate limit to clear, and a test's rollback already forgets what it counted.
    with contextlib.suppress(RuntimeError):
        cache.clear()


def make_slot(centre: Any, label: str, seats: int, weekday: int = 1) -> Slot:
    slot = Slot.objects.create(centre=centre, label=label, seats=seats)
    SlotMeeting.objects.create(
        slot=slot, weekday=weekday, starts_at=dt.time(17, 0), ends_at=dt.time(20, 0)
    )
    return slot


@pytest.fixture
def slots(world: Any) -> dict[str, Slot]:
    return {
        "tuesday": make_slot(world.paris, "Mardi soir", 3, weekday=1),
        "saturday": make_slot(world.paris, "Samedi matin", 10, weekday=5),
        "liege": make_slot(world.liege, "Lundi + jeudi", 5, weekday=0),
    }


@pytest.fixture
def texts(db: Any) -> dict[tuple[str, str], Any]:
    """Version 1 of each consent text, in French and in English."""
    made = {}
    for kind in ConsentKind.values:
        for lang in ("fr", "en"):
            text = f.consent_text(kind, version=1, language=lang)
            # Each language its own words, to see which one a page shows.
            ConsentText.objects.filter(pk=text.pk).update(
                title=f"{kind} ({lang})", body=f"{kind} text v1 in {lang}"
            )
            text.refresh_from_db()
            made[(kind, lang)] = text
    return made


def birth_for(age: int, *, days: int = 40, centre: Any = None) -> dt.date:
    """A birth date giving ``age`` on 1 September of the current school year."""
    start = years.year_start(years.current_school_year(centre))
    return start.replace(year=start.year - age) - dt.timedelta(days=days)


def application(**changes: Any) -> dict[str, Any]:
    """Valid service data (the form's cleaned data)."""
    data: dict[str, Any] = {
        "filled_by": "guardian",
        "student_first_name": "Léa",
        "student_last_name": "Martin",
        "birth_date": birth_for(14),
        "school": "Collège Jean Jaurès",
        "grade": "4e",
        "gender": "female",
        "postcode": "75019",
        "referred_by_partner": "",
        "preferred_slot": None,
        "guardian_first_name": "Sonia",
        "guardian_last_name": "Martin",
        "guardian_email": "sonia.martin@example.org",
        "guardian_phone": "06 12 34 56 78",
        "language": "fr",
    }
    data.update(changes)
    return data


def pre_register(centre: Any, **changes: Any) -> services.PreRegistered:
    if centre.country == "BE":  # a family of Liège lives in Belgium (postcodes per country)
        changes.setdefault("postcode", "4000")
    return services.pre_register(
        centre=centre,
        application=services.Application.from_data(application(**changes)),
        site_url="http://testserver",
    )


def form_post(slot: Slot | None, **changes: Any) -> dict[str, Any]:
    """Valid POST data for the public form."""
    data = application(**changes)
    data["birth_date"] = data["birth_date"].isoformat()
    data["preferred_slot"] = slot.pk if slot is not None else ""
    data["website"] = ""
    return {k: v for k, v in data.items() if v is not None}


def api_body(centre: Any, slot: Slot | None, **changes: Any) -> dict[str, Any]:
    data = application(**changes)
    data["birth_date"] = data["birth_date"].isoformat()
    data["preferred_slot"] = str(slot.uuid) if slot is not None else None
    data["centre"] = centre.slug
    return data


def consent_for(enrolment: Any) -> None:
    """The guardian (an adult student: the student) consents to the enrolment (on the
    current French text)."""
    consent_give(
        student=enrolment.student,
        given_by=services.consenter(enrolment),
        kind=ConsentKind.ENROLMENT,
        text=current_text(kind=ConsentKind.ENROLMENT, language="fr"),
    )


def ready(centre: Any, slot: Slot | None, n: int, **changes: Any) -> list[Any]:
    """``n`` distinct pre-registrations with the guardian's enrolment consent."""
    made = []
    for i in range(n):
        values = {
            "preferred_slot": slot,
            "student_first_name": f"Eleve{i}",
            "guardian_email": f"family{i}@example.org",
            **changes,
        }
        result = pre_register(centre, **values)
        consent_for(result.enrolment)
        made.append(result.enrolment)
    return made
