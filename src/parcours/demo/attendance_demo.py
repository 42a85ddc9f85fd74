"""Demo data of attendance: badges, past check-ins, absences and their follow-up.

For each centre: a badge for every student (random codes, stored hashed like the service
does; the demo student's code is the readable ``DEMO-STUDENT`` so that the docs can say
"type DEMO-STUDENT at the kiosk"), then, for every session that has ended by now, a
check-in for about 85 % of the expected students (some late), an absence for the others,
and a follow-up for the few students drifting away (3 or more absences in a row). A session
running right now gets the check-ins of the students already in, for the live board.

Bulk inserts of the same rows ``attendance.services`` creates.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from parcours.attendance.models import Absence, Badge, CheckIn, FollowUp
from parcours.attendance.services import ALPHABET, hash_code
from parcours.demo import bulk, clock
from parcours.enrolment import years
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.people.models import Gender, StudentProfile
from parcours.schedule.models import Session
from parcours.schedule.services import sessions_ensure

DEMO_CODE = "DEMO-STUDENT"
STREAK = 3  # the default AttendanceSettings.absence_streak


def _demo_student_id(centre: Any, students: list[Any]) -> int | None:
    """The student the builder renames "student" (the first girl of Paris born by 2012)."""
    if centre.slug != "paris":
        return None
    ids = [s.pk for s in students]
    found = (
        StudentProfile.objects.filter(
            user_id__in=ids,
            user__username__startswith="paris-s",
            gender=Gender.FEMALE,
            birth_date__lte=clock.day(2012, 1, 1),
        )
        .order_by("user__username")
        .values_list("user_id", flat=True)
        .first()
    )
    return int(found) if found is not None else None


def seed(*, centre: Any, students: list[Any], rng: Any) -> None:
    # Our own generator, derived from the builder's state without drawing from it.
    rng = random.Random(f"{centre.slug}:attendance:{rng.getstate()[1][:8]}")
    now = timezone.now()
    issued = clock.moment(2026, 9, 2, 8, 0)
    demo_id = _demo_student_id(centre, students)

    def code() -> str:
        return "".join(rng.choice(ALPHABET) for _i in range(10))

    Badge.objects.bulk_create(
        (
            Badge(
                centre=centre,
                student=s,
                code_hash=hash_code(DEMO_CODE if s.pk == demo_id else code()),
                issued_at=issued,
            )
            for s in students
        ),
        batch_size=2000,
    )

    today = now.astimezone(centre.zone).date()
    year = years.current_school_year(centre)
    if not Session.objects.filter(centre=centre).exists():
        sessions_ensure(centre=centre, first=years.year_start(year), last=today)
    expected: dict[int, list[int]] = {}
    for student_id, slot_id in Enrolment.objects.filter(
        centre=centre, school_year=year, status=EnrolmentStatus.REGISTERED, slot__isnull=False
    ).values_list("student_id", "slot_id"):
        expected.setdefault(slot_id, []).append(student_id)

    sessions = list(
        Session.objects.filter(
            centre=centre,
            cancelled=False,
            slot__isnull=False,
            starts_at__gte=dt.datetime.combine(years.year_start(year), dt.time.min, centre.zone),
            starts_at__lte=now,
        ).order_by("starts_at")
    )
    ended = [s for s in sessions if s.ends_at <= now]
    running = [s for s in sessions if s.ends_at > now]

    # Each student's habit: most come nearly always; a few drift away over the last weeks.
    ids = [s.pk for s in students]
    propensity = {i: min(0.99, max(0.5, rng.gauss(0.87, 0.08))) for i in ids}
    slot_of = {sid: slot_id for slot_id, sids in expected.items() for sid in sids}
    # among the students registered in a slot (the others have no session to miss)
    others = [i for i in ids if i != demo_id and i in slot_of]
    drifting = set(rng.sample(others, k=min(len(others), max(1, len(ids) // 40))))
    # the last sessions they missed: those of their last four to six weeks (a slot meets once
    # or twice a week), so that the early warning's rule (three whole weeks in a row before
    # the build day's week) sees them
    fortnight = now - dt.timedelta(days=14)
    per_week: dict[int, int] = {}
    for s in ended:
        if s.starts_at >= fortnight and s.slot_id:
            per_week[s.slot_id] = per_week.get(s.slot_id, 0) + 1
    drift_from = {
        i: rng.randint(4, 6) * max(1, per_week.get(slot_of.get(i, 0), 2) // 2) for i in drifting
    }
    remaining: dict[int, int] = {}
    for s in ended:
        for sid in expected.get(s.slot_id or 0, []):
            remaining[sid] = remaining.get(sid, 0) + 1

    checkins: list[CheckIn] = []
    absent: list[tuple[Session, int]] = []
    seen: dict[int, int] = {}
    for s in ended:
        for sid in expected.get(s.slot_id or 0, []):
            seen[sid] = seen.get(sid, 0) + 1
            left = remaining[sid] - seen[sid]  # sessions after this one
            if sid in drifting and left < drift_from[sid]:
                present = False
            else:
                present = rng.random() < propensity[sid]
            if not present:
                absent.append((s, sid))
                continue
            late = rng.randint(11, 40) if rng.random() < 0.08 else 0
            early = rng.random() < 0.03
            arrived = s.starts_at + dt.timedelta(
                minutes=late or rng.randint(-25, 9), seconds=rng.randint(0, 59)
            )
            checkins.append(
                CheckIn(
                    centre=centre,
                    session=s,
                    student_id=sid,
                    checked_in_at=arrived,
                    device="Accueil",
                    late_minutes=late,
                    left_early=early,
                    left_at=s.ends_at - dt.timedelta(minutes=rng.randint(20, 60))
                    if early
                    else None,
                )
            )
    for s in running:
        for sid in expected.get(s.slot_id or 0, []):
            if sid not in drifting and rng.random() < 0.6 and s.starts_at <= now:
                checkins.append(
                    CheckIn(
                        centre=centre,
                        session=s,
                        student_id=sid,
                        checked_in_at=s.starts_at + dt.timedelta(minutes=rng.randint(-20, 5)),
                        device="Accueil",
                    )
                )
    bulk.insert(CheckIn, checkins)
    reasons = ["Malade", "Rendez-vous médical", "Sortie scolaire", "Raison familiale"]
    justified = {
        (s.pk, sid): rng.choice(reasons)
        for s, sid in absent
        if sid not in drifting and rng.random() < 0.2
    }
    bulk.insert(
        Absence,
        (
            Absence(
                centre=centre,
                session=s,
                student_id=sid,
                justified=(s.pk, sid) in justified,
                reason=justified.get((s.pk, sid), ""),
            )
            for s, sid in absent
        ),
    )
    Session.objects.filter(pk__in=[s.pk for s in ended]).update(absences_recorded_at=now)

    # Follow-ups: the trailing run of absences of each student, when it reaches the streak.
    last_present: dict[int, dt.datetime] = {}
    for c in checkins:
        if c.session.ends_at <= now and c.session.starts_at > last_present.get(
            c.student_id, dt.datetime.min.replace(tzinfo=dt.UTC)
        ):
            last_present[c.student_id] = c.session.starts_at
    runs: dict[int, list[dt.datetime]] = {}
    for s, sid in absent:
        if (s.pk, sid) in justified:  # a justified absence ends a run, as in the service
            last_present[sid] = max(s.starts_at, last_present.get(sid, s.starts_at))
            runs.pop(sid, None)
            continue
        if s.starts_at > last_present.get(sid, dt.datetime.min.replace(tzinfo=dt.UTC)):
            runs.setdefault(sid, []).append(s.starts_at)
    long_runs = {sid: starts for sid, starts in runs.items() if len(starts) >= STREAK}
    if long_runs:
        firsts = {
            (a.student_id, a.session.starts_at): a
            for a in Absence.objects.filter(centre=centre, student_id__in=long_runs).select_related(
                "session"
            )
        }
        FollowUp.objects.bulk_create(
            FollowUp(
                centre=centre,
                student_id=sid,
                first_absence=firsts[(sid, min(starts))],
                absences=len(starts),
                notified_at=sorted(starts)[STREAK - 1] + dt.timedelta(hours=4),
            )
            for sid, starts in long_runs.items()
        )
