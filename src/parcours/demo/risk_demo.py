"""The early warning in the demo: a few students of each centre left during the autumn (they
stopped coming, the centre withdrew them after two missed sessions), as every centre sees;
each centre scored a week ago and today, as the worker does every week; last week's first
alert closed by its coach with what happened; the model page's training run."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from parcours.attendance.models import Absence, CheckIn, FollowUp
from parcours.enrolment import years
from parcours.enrolment.choices import Submitter
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.labs.models import Seat
from parcours.people.models import CoachAssignment
from parcours.risk import services as risk_services
from parcours.risk.models import Alert, Outcome, RiskFit
from parcours.risk.tasks import fit_centre_risk
from parcours.schedule.models import Session

# what a coach wrote when closing last week's first alert (the student still stayed away,
# so this week's score opens a new one)
CLOSED = [
    (Outcome.CONTACTED, "Appel à la famille : un mois chargé au collège, doit revenir mardi."),
]


# The share of a centre's registered students who stopped coming since September: about one
# in twenty-five by December (a free, optional after-school programme), enough for the model
# page to measure the centre's model on its own year (30 leavers).
LEAVING_SHARE = 0.04
MISSED_BEFORE_WITHDRAWAL = 2
MIN_LEAVERS = risk_services.MIN_LEAVERS


def leavers(centre: Any, *, share: float = LEAVING_SHARE) -> int:
    """Some registered students (generated ones, not the demo coach's nor any lab seat
    holder's) stop coming after a session between their fourth and their last few, having
    missed more and more of the sessions before: no check-in after it, two sessions missed,
    then the centre withdraws their registration (the staff, two days after the second
    missed session). Returns how many."""
    rng = random.Random(f"{centre.slug}:leavers")
    now = timezone.now()
    year = years.current_school_year(centre)
    kept = set(
        CoachAssignment.objects.filter(centre=centre, coach__username="coach").values_list(
            "student_id", flat=True
        )
    ) | set(Seat.objects.filter(centre=centre).values_list("student_id", flat=True))
    rows = list(
        Enrolment.objects.filter(
            centre=centre,
            school_year=year,
            status=EnrolmentStatus.REGISTERED,
            slot__isnull=False,
            student__username__startswith=f"{centre.slug}-s",
        )
        .exclude(student_id__in=kept)
        .order_by("pk")
        .values_list("pk", "student_id", "slot_id")
    )
    sessions: dict[int, list[Any]] = {}
    for session in Session.objects.filter(
        centre=centre,
        cancelled=False,
        slot_id__in={slot for _e, _s, slot in rows},
        starts_at__gte=dt.datetime.combine(years.year_start(year), dt.time.min, centre.zone),
        ends_at__lte=now,
    ).order_by("starts_at"):
        if session.slot_id is not None:
            sessions.setdefault(session.slot_id, []).append(session)
    # a small demo (the tests' 400 students) still shows the model page's figures: at least
    # the leavers the page asks for, up to a quarter of the centre
    k = max(round(share * len(rows)), min(MIN_LEAVERS + 6, len(rows) // 4))
    chosen = rng.sample(rows, k=min(len(rows), k))
    done = 0
    for enrolment_id, student_id, slot_id in chosen:
        held = sessions.get(slot_id, [])
        if len(held) < 2 + MISSED_BEFORE_WITHDRAWAL + 1:
            continue
        stop = rng.randint(4, len(held) - MISSED_BEFORE_WITHDRAWAL - 1)  # sessions attended
        missed = held[stop : stop + MISSED_BEFORE_WITHDRAWAL]
        after = held[stop:]
        # before leaving, they came less and less: each of their last four sessions missed
        # more often as it nears the end (the signs the early warning learns from)
        fading = [s for i, s in enumerate(held[stop - 4 : stop]) if rng.random() < 0.25 + 0.15 * i]
        after = after + fading
        missed = fading + missed
        withdrawn_at = min(
            held[stop + MISSED_BEFORE_WITHDRAWAL - 1].starts_at + dt.timedelta(days=2), now
        )
        FollowUp.objects.filter(student_id=student_id).delete()
        CheckIn.objects.filter(student_id=student_id, session__in=after).delete()
        Absence.objects.filter(student_id=student_id, session__in=after).delete()
        Absence.objects.bulk_create(
            Absence(centre=centre, session=s, student_id=student_id) for s in missed
        )
        Enrolment.objects.filter(pk=enrolment_id).update(
            status=EnrolmentStatus.WITHDRAWN,
            withdrawn_by=Submitter.STAFF,
            decided_at=withdrawn_at,
            updated_at=withdrawn_at,
        )
        done += 1
    return done


def seed(centres: list[Any]) -> dict[str, int]:
    closed = 0
    left = 0
    for centre in centres:
        left += leavers(centre)
    for centre in centres:
        today = timezone.localdate(timezone=centre.zone)
        risk_services.score_centre(centre=centre, day=today - dt.timedelta(days=7))
        for alert, (outcome, note) in zip(
            Alert.objects.filter(centre=centre, closed_at__isnull=True)
            .exclude(coach=None)
            .select_related("coach")
            .order_by("pk"),
            CLOSED,
            strict=False,
        ):
            coach = alert.coach
            if coach is not None:
                risk_services.alert_close(actor=coach, alert=alert, outcome=outcome, note=note)
            closed += 1
        risk_services.score_centre(centre=centre, day=today)
        # the model page's figures, as a manager's "Train and measure now" leaves them
        fit = RiskFit.objects.create(centre=centre, requested_by=None)
        fit_centre_risk.call(fit.pk)
    return {
        "alerts_open": Alert.objects.filter(closed_at__isnull=True).count(),
        "closed": closed,
        "left": left,
    }
