"""Demo data of the schedule: opening hours, the 2026-2027 non-working days, a couple of
extra sessions, and the dated sessions from 1 September 2026 to the end of January 2027, all
moved by whole weeks to the day the demo is built (demo/clock.py).

Holidays: France zone C (Paris) as published by the Ministry; Belgium, Fédération
Wallonie-Bruxelles 2026-2027 (the reformed calendar: two weeks in autumn, winter, "détente"
and spring), plus each country's public holidays."""

from __future__ import annotations

import datetime as dt
from typing import Any

from parcours.demo import clock
from parcours.schedule.models import ClosedDays, OpeningHours, Session, SessionKind, Slot
from parcours.schedule.services import sessions_ensure

D = dt.date  # dates of the 2026-2027 story; seed() moves them to the build (demo/clock.py)
T = dt.time.fromisoformat

HOURS = {
    # Paris: Tuesday to Friday afternoons and evenings, and Saturday.
    "FR": [(1, "13:00", "20:30"), (2, "13:00", "20:30"), (3, "13:00", "20:30"),
           (4, "13:00", "20:30"), (5, "09:30", "18:00")],
    # Liège: after school on weekdays, Wednesday afternoon, and Saturday.
    "BE": [(0, "15:30", "20:30"), (1, "15:30", "20:30"), (2, "13:30", "18:30"),
           (3, "15:30", "20:30"), (4, "15:30", "20:30"), (5, "09:30", "19:30")],
}  # fmt: skip

CLOSED = {
    "FR": [
        ("holiday", "Vacances de la Toussaint", D(2026, 10, 17), D(2026, 11, 1)),
        ("public", "Armistice", D(2026, 11, 11), D(2026, 11, 11)),
        ("holiday", "Vacances de Noël", D(2026, 12, 19), D(2027, 1, 3)),
        ("holiday", "Vacances d'hiver (zone C)", D(2027, 2, 20), D(2027, 3, 8)),
        ("public", "Lundi de Pâques", D(2027, 3, 29), D(2027, 3, 29)),
        ("holiday", "Vacances de printemps (zone C)", D(2027, 4, 17), D(2027, 5, 3)),
        ("public", "Fête du Travail", D(2027, 5, 1), D(2027, 5, 1)),
        ("public", "Victoire 1945", D(2027, 5, 8), D(2027, 5, 8)),
        ("public", "Ascension", D(2027, 5, 6), D(2027, 5, 6)),
        ("public", "Lundi de Pentecôte", D(2027, 5, 17), D(2027, 5, 17)),
    ],
    "BE": [
        ("public", "Fête de la Fédération Wallonie-Bruxelles", D(2026, 9, 27), D(2026, 9, 27)),
        ("holiday", "Congé d'automne (Toussaint)", D(2026, 10, 17), D(2026, 11, 1)),
        ("public", "Armistice", D(2026, 11, 11), D(2026, 11, 11)),
        ("holiday", "Vacances d'hiver", D(2026, 12, 19), D(2027, 1, 3)),
        ("holiday", "Congé de détente (Carnaval)", D(2027, 2, 13), D(2027, 2, 28)),
        ("public", "Lundi de Pâques", D(2027, 3, 29), D(2027, 3, 29)),
        ("holiday", "Vacances de printemps", D(2027, 4, 24), D(2027, 5, 9)),
        ("public", "Ascension", D(2027, 5, 6), D(2027, 5, 6)),
        ("public", "Lundi de Pentecôte", D(2027, 5, 17), D(2027, 5, 17)),
    ],
}

EXTRA = {
    "FR": [
        ("Portes ouvertes", D(2026, 9, 19), "14:00", "18:00", None),
        ("Après-midi de rattrapage", D(2026, 11, 4), "14:00", "17:30", 60),
        ("Atelier de fin de trimestre", D(2026, 12, 16), "14:00", "17:00", 40),
    ],
    "BE": [
        ("Journée portes ouvertes", D(2026, 9, 12), "10:00", "16:00", None),
        ("Atelier de Toussaint", D(2026, 10, 28), "14:00", "17:00", 40),
        ("Atelier de décembre", D(2026, 12, 16), "14:00", "17:00", 30),
    ],
}

FIRST, LAST = D(2026, 9, 1), D(2027, 1, 31)


def seed(*, centre: Any, rng: Any) -> None:
    country = "BE" if centre.country == "BE" else "FR"
    zone = centre.zone
    moved = clock.shift()
    OpeningHours.objects.bulk_create(
        OpeningHours(centre=centre, weekday=d, opens_at=T(o), closes_at=T(c))
        for d, o, c in HOURS[country]
    )
    ClosedDays.objects.bulk_create(
        ClosedDays(
            centre=centre, kind=k, label=label, first_day=first + moved, last_day=last + moved
        )
        for k, label, first, last in CLOSED[country]
    )
    extras = Session.objects.bulk_create(
        Session(
            centre=centre,
            kind=SessionKind.EXTRA,
            label=label,
            starts_at=dt.datetime.combine(day + moved, T(start), tzinfo=zone),
            ends_at=dt.datetime.combine(day + moved, T(end), tzinfo=zone),
            seats=seats,
            open_to_all=seats is None,  # the open days: whoever comes
        )
        for label, day, start, end, seats in EXTRA[country]
    )
    # The catch-up afternoons are for the first weekly slot's students (issue 11: an extra
    # session says who it is for, and the kiosk checks them in).
    first_slot = Slot.objects.filter(centre=centre).order_by("label").first()
    for extra in extras:
        if extra.seats is not None and first_slot is not None:
            extra.invited_slots.add(first_slot)
    sessions_ensure(centre=centre, first=FIRST + moved, last=LAST + moved)
