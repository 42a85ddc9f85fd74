"""Demo data of the enrolment capability.

For each centre: this year's registration of every demo student (a weekly slot given
round-robin within its seats; the last slot is left three seats short of full, so that the
pending requests that prefer it end up on its waiting list when registered), last year's
registration of about a third of them (the history), and about 40 pending pre-registrations
(most with the guardian's consent, some still waiting for it, a few possible duplicates).

Bulk inserts of the same rows ``people.services`` and ``enrolment.services`` create.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth.hashers import make_password

from parcours.consents.models import ConsentKind, ConsentMethod, ConsentRecord, ConsentText
from parcours.demo import clock, names
from parcours.enrolment import years
from parcours.enrolment.models import Enrolment, EnrolmentStatus, Submitter
from parcours.enrolment.services import request_keys
from parcours.people.models import (
    Gender,
    GuardianLink,
    Membership,
    Role,
    StudentProfile,
    User,
)
from parcours.schedule.models import Slot

PENDING = 40
NEARLY_FULL_MARGIN = 3


def _at(day: dt.date, rng: Any, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, rng.randint(0, 59), tzinfo=dt.UTC)


def _phone(rng: Any, country: str) -> str:
    if country == "BE":
        return f"+32 4{rng.randint(70, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    return f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def seed(*, centre: Any, students: list[Any], guardians: list[Any], rng: Any) -> None:
    # Our own generator, derived from the builder's state without drawing from it: what the
    # builder makes after this call stays the same as without enrolment data.
    rng = random.Random(f"{centre.slug}:enrolment:{rng.getstate()[1][:8]}")
    year = years.current_school_year(centre)
    start = years.year_start(year)
    profiles: dict[int, dict[str, Any]] = {
        p["user_id"]: dict(p)
        for p in StudentProfile.objects.filter(centre=centre).values(
            "user_id", "birth_date", "gender", "school", "grade", "postcode"
        )
    }
    slots = list(Slot.objects.filter(centre=centre).order_by("label"))
    capacity = {s.pk: s.seats for s in slots}
    if slots:
        capacity[slots[-1].pk] = max(slots[-1].seats - NEARLY_FULL_MARGIN, 0)

    # This year: everyone registered. The last slot first, up to three seats short of full
    # (at most half the students), then the others round-robin within their seats.
    order: list[Slot | None] = []
    if slots:
        nearly_full, others = slots[-1], slots[:-1]
        order += [nearly_full] * min(capacity[nearly_full.pk], len(students) // 2)
        free = {s.pk: s.seats for s in others}
        turn = 0
        while len(order) < len(students) and any(free.values()):
            candidate = others[turn % len(others)]
            turn += 1
            if free.get(candidate.pk, 0) > 0:
                free[candidate.pk] -= 1
                order.append(candidate)
    order += [None] * (len(students) - len(order))  # more students than weekly seats
    rows = []
    for student, guardian, slot in zip(students, guardians, order, strict=True):
        birth = profiles[student.pk]["birth_date"]
        request_key, person_key = request_keys(
            student.first_name, student.last_name, birth, guardian.email
        )
        submitted = _at(start - dt.timedelta(days=rng.randint(5, 80)), rng, rng.randint(8, 21))
        rows.append(
            Enrolment(
                centre=centre,
                student=student,
                guardian=guardian,
                guardian_phone=_phone(rng, centre.country),
                school_year=year,
                status=EnrolmentStatus.REGISTERED,
                preferred_slot=slot,
                slot=slot,
                submitted_by=rng.choice(
                    [Submitter.GUARDIAN, Submitter.GUARDIAN, Submitter.STUDENT]
                ),
                submitted_at=submitted,
                decided_at=submitted + dt.timedelta(days=rng.randint(1, 10)),
                request_key=request_key,
                person_key=person_key,
            )
        )

    # Last year: about a third of those old enough then (the demo guardian's child included).
    showcase = min(
        (
            s
            for s in students
            if profiles[s.pk]["gender"] == Gender.FEMALE
            and profiles[s.pk]["birth_date"] <= clock.day(2012, 1, 1)
        ),
        key=lambda s: s.username,
        default=None,
    )
    last_year = []
    for row in rows:
        birth = profiles[row.student_id]["birth_date"]
        old_enough = years.age_at_start(birth, year - 1) >= years.MIN_AGE
        if old_enough and (rng.random() < 0.34 or row.student is showcase):
            student, guardian = row.student, row.guardian
            assert guardian is not None
            request_key, person_key = request_keys(
                student.first_name, student.last_name, birth, guardian.email
            )
            submitted = _at(years.year_start(year - 1) - dt.timedelta(days=rng.randint(5, 60)), rng)
            last_year.append(
                Enrolment(
                    centre=centre,
                    student=student,
                    guardian=guardian,
                    guardian_phone=row.guardian_phone,
                    school_year=year - 1,
                    status=EnrolmentStatus.REGISTERED,
                    preferred_slot=row.slot,
                    slot=row.slot,
                    submitted_by=Submitter.GUARDIAN,
                    submitted_at=submitted,
                    decided_at=submitted + dt.timedelta(days=rng.randint(1, 10)),
                    request_key=request_key,
                    person_key=person_key,
                )
            )
            row.submitted_by = Submitter.GUARDIAN  # a re-enrolment, one click from home
            row.submitted_by_user = guardian
    Enrolment.objects.bulk_create(last_year, batch_size=1000)
    previous = dict(
        Enrolment.objects.filter(centre=centre, school_year=year - 1).values_list(
            "student_id", "pk"
        )
    )
    for row in rows:
        row.previous_id = previous.get(row.student_id)
    Enrolment.objects.bulk_create(rows, batch_size=1000)

    _pending(centre, year, slots, students, profiles, rng)


def _pending(
    centre: Any,
    year: int,
    slots: list[Slot],
    students: list[Any],
    profiles: dict[int, dict[str, Any]],
    rng: Any,
) -> None:
    """About 40 requests waiting for a decision."""
    open_slots = [s for s in slots if s.is_open] or slots
    nearly_full = slots[-1] if slots else None
    today = years.today_at(centre)
    unusable = make_password(None)
    texts = {
        t.language: t for t in ConsentText.objects.filter(kind=ConsentKind.ENROLMENT, version=1)
    }
    people = []
    for _i in range(PENDING):
        gender = rng.choice([Gender.FEMALE, Gender.MALE, Gender.FEMALE, Gender.UNDISCLOSED])
        pool = names.GIRLS if gender == Gender.FEMALE else names.BOYS
        first, last = rng.choice(pool), rng.choice(names.LAST)
        age = rng.randint(12, 17)
        birth = years.year_start(year) - dt.timedelta(days=365 * age + rng.randint(10, 350))
        sample = profiles[rng.choice(students).pk] if students else {}
        people.append(
            {
                "first": first,
                "last": last,
                "birth": birth,
                "gender": gender,
                "school": sample.get("school", ""),
                "grade": sample.get("grade", ""),
                "postcode": sample.get("postcode", ""),
                "guardian_first": rng.choice(names.GIRLS + names.BOYS),
                "language": "en" if rng.random() < 0.1 else "fr",
                "consent": rng.random() < 0.65,
                "slot": nearly_full
                if nearly_full is not None and rng.random() < 0.4
                else (rng.choice(open_slots) if open_slots else None),
            }
        )
    # Possible duplicates: the other parent filled the form too, or a registered student's
    # family used the form instead of re-enrolling (same name and birth date, other email).
    for k in (PENDING - 1, PENDING - 2):
        twin = people[k - 10]
        people[k].update(first=twin["first"], last=twin["last"], birth=twin["birth"])
    for k in (PENDING - 3,):
        if students:
            known = students[rng.randrange(len(students))]
            people[k].update(
                first=known.first_name,
                last=known.last_name,
                birth=profiles[known.pk]["birth_date"],
            )

    slug = centre.slug
    student_users = [
        User(
            username=f"{slug}-p{i:03d}",
            first_name=p["first"],
            last_name=p["last"],
            password=unusable,
            is_active=False,
            preferred_language=p["language"],
        )
        for i, p in enumerate(people, start=1)
    ]
    guardian_users = [
        User(
            username=f"{slug}-pg{i:03d}",
            first_name=p["guardian_first"],
            last_name=p["last"],
            email=f"demande{i:03d}@{slug}.parcours.invalid",
            password=unusable,
            is_active=False,
            preferred_language=p["language"],
        )
        for i, p in enumerate(people, start=1)
    ]
    User.objects.bulk_create(student_users + guardian_users)
    by_name = {
        u.username: u
        for u in User.objects.filter(username__startswith=f"{slug}-p").only("pk", "username")
    }
    pairs = [
        (by_name[f"{slug}-p{i:03d}"], by_name[f"{slug}-pg{i:03d}"], p)
        for i, p in enumerate(people, start=1)
    ]
    StudentProfile.objects.bulk_create(
        StudentProfile(
            user=s,
            centre=centre,
            birth_date=p["birth"],
            gender=p["gender"],
            school=p["school"],
            grade=p["grade"],
            postcode=p["postcode"],
            priority_neighbourhood=centre.is_priority_postcode(p["postcode"]),
        )
        for s, _g, p in pairs
    )
    Membership.objects.bulk_create(
        [Membership(user=s, centre=centre, role=Role.STUDENT) for s, _g, _p in pairs]
        + [Membership(user=g, centre=centre, role=Role.GUARDIAN) for _s, g, _p in pairs]
    )
    GuardianLink.objects.bulk_create(
        GuardianLink(centre=centre, guardian=g, student=s) for s, g, _p in pairs
    )
    enrolments = []
    consents = []
    for i, (s, g, p) in enumerate(pairs, start=1):
        email = f"demande{i:03d}@{slug}.parcours.invalid"
        request_key, person_key = request_keys(p["first"], p["last"], p["birth"], email)
        submitted = _at(today - dt.timedelta(days=rng.randint(0, 20)), rng, rng.randint(7, 22))
        enrolments.append(
            Enrolment(
                centre=centre,
                student=s,
                guardian=g,
                guardian_phone=_phone(rng, centre.country),
                school_year=year,
                status=EnrolmentStatus.PRE_REGISTERED,
                preferred_slot=p["slot"],
                submitted_by=rng.choice([Submitter.GUARDIAN, Submitter.STUDENT]),
                submitted_at=submitted,
                request_key=request_key,
                person_key=person_key,
            )
        )
        text = texts.get(p["language"]) or texts.get("fr")
        if p["consent"] and text is not None:
            consents.append(
                ConsentRecord(
                    centre=centre,
                    student=s,
                    kind=ConsentKind.ENROLMENT,
                    text=text,
                    given_by=g,
                    method=ConsentMethod.ONLINE,
                    given_at=submitted + dt.timedelta(hours=rng.randint(1, 30)),
                )
            )
    Enrolment.objects.bulk_create(enrolments)
    ConsentRecord.objects.bulk_create(consents)
