"""Writes of the early warning: the weekly scoring of a centre (scores, alerts opened or kept up
to date, coaches told) and the closing of an alert with its outcome."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.centres.models import Centre
from parcours.centres.permissions import can_manage_centre
from parcours.core.errors import Conflict, NotFound, ValidationFailed
from parcours.engine import risk
from parcours.notifications.choices import Kind
from parcours.notifications.services import notify
from parcours.people.models import CoachAssignment, User
from parcours.people.types import Actor
from parcours.risk import selectors
from parcours.risk.models import Alert, Outcome, RiskFit, RiskScore, ScoreMethod
from parcours.risk.tasks import fit_centre_risk

# A centre's model needs this much history: at least 30 students seen leaving within 8 weeks
# of a training week (fewer, and a dozen odd cases decide the coefficients; ADR 29). Until
# then the centre keeps the rule.
MIN_LEAVERS = 30
# and a model's alert needs at least this probability of leaving within 8 weeks
MIN_PROBABILITY = 0.2
# An alert opens for the highest scores: the top tenth of the centre, when at least twice the
# centre's base rate and ``MIN_PROBABILITY`` (the model), or from the rule's 3 weeks absent in
# a row.
TOP_SHARE = 0.10
LIFT = 2.0
MOST_REASONS = 3

# Which way each feature raises the risk, for the reasons of the rule (no coefficients).
RISKY_DIRECTION = {
    "attendance": -1,
    "attendance_all": -1,
    "attendance_trend": -1,
    "absent_in_row": 1,
    "rule_alert": 0,
    "weeks_since_visit": 1,
    "activities": -1,
    "activity_trend": -1,
    "minutes": -1,
    "minutes_last": 0,
    "minutes_trend": 0,
    "pace": -1,
    "returned_open": 1,
    "labs_withdrawn": 1,
}


@dataclass
class ScoringResult:
    centre: Centre
    scored_on: dt.date
    method: str
    students: int
    alerts_opened: int
    training_rows: int
    leavers_seen: int


def _training(weeks: selectors.CentreWeeks) -> tuple[np.ndarray, np.ndarray]:
    """Every week W of the year whose 8 following weeks are known, for the students still
    there at W: their features at W and whether they left within 8 weeks."""
    xs, ys = [], []
    for week in range(2, weeks.weeks - risk.HORIZON + 1):
        there = risk.still_there(weeks.panel, week)
        if not there.any():
            continue
        xs.append(risk.features(weeks.panel.until(week), week)[there])
        ys.append(risk.leaves_within(weeks.panel, week)[there])
    if not xs:
        return np.zeros((0, len(risk.FEATURES))), np.zeros(0, dtype=np.int64)
    return np.vstack(xs), np.concatenate(ys)


def _rule_reasons(x: np.ndarray, row: np.ndarray) -> list[dict[str, float | str]]:
    """For the rule: its own reason first (the run of absences), then the features furthest
    from the centre's average in the risky way."""
    mean, spread = x.mean(axis=0), x.std(axis=0)
    spread = np.where(spread > 1e-9, spread, 1.0)
    run = risk.FEATURES.index("absent_in_row")
    out: list[dict[str, float | str]] = []
    if row[run] >= 1:
        out.append(
            {"feature": "absent_in_row", "value": float(row[run]), "usual": float(mean[run])}
        )
    pushes = sorted(
        (
            (RISKY_DIRECTION.get(name, 0) * (row[i] - mean[i]) / spread[i], i)
            for i, name in enumerate(risk.FEATURES)
            if name not in ("absent_in_row", "weeks_since_visit")
        ),
        reverse=True,
    )
    for push, i in pushes[: MOST_REASONS - len(out)]:
        if push > 0.5:
            out.append(
                {"feature": risk.FEATURES[i], "value": float(row[i]), "usual": float(mean[i])}
            )
    return out


@transaction.atomic
def score_centre(*, centre: Centre, day: dt.date | None = None) -> ScoringResult:
    """Score every student registered at ``centre`` from the weeks completed before ``day``'s
    week (today by default), with the centre's model when its history is enough, else the
    rule; open an alert (and tell the coach) for the students who stand out; update the open
    alerts of the others. Running it again the same day replaces that day's scores and opens
    nothing twice."""
    day = day or timezone.localdate(timezone=centre.zone)
    weeks = selectors.centre_weeks(centre, day)
    result = ScoringResult(centre, day, ScoreMethod.RULE, 0, 0, 0, 0)
    if weeks.weeks < 2 or not weeks.registered:
        return result
    x_train, y_train = _training(weeks)
    result.training_rows, result.leavers_seen = len(y_train), int(y_train.sum())
    model = risk.RiskModel.fit(x_train, y_train) if len(y_train) else None
    at = weeks.weeks
    x = risk.features(weeks.panel, at)
    rows = [i for i, sid in enumerate(weeks.student_ids) if sid in weeks.registered]
    x_now = x[rows]
    absent = x_now[:, risk.FEATURES.index("absent_in_row")]
    if model is not None and model.usable and result.leavers_seen >= MIN_LEAVERS:
        result.method = ScoreMethod.MODEL
        probability = model.probability(x_now)
        cut = np.quantile(probability, 1 - TOP_SHARE) if len(probability) else 1.0
        flagged = (
            (probability >= cut)
            & (probability >= LIFT * max(model.base_rate, 1e-6))
            & (probability >= MIN_PROBABILITY)
        )
        reasons: list[list[dict[str, float | str]]] = [
            [
                {"feature": r.feature, "value": r.value, "usual": r.usual}
                for r in model.reasons(x_now[k], most=MOST_REASONS)
            ]
            for k in range(len(rows))
        ]
        # the rule stays a floor: a student absent three whole weeks in a row is flagged
        # whatever the model says, the run of absences as the first reason
        run = absent >= risk.RULE_ABSENCES
        usual = float(absent.mean()) if len(absent) else 0.0
        for i in (int(j) for j in np.flatnonzero(run & ~flagged)):
            reasons[i] = [
                {"feature": "absent_in_row", "value": float(absent[i]), "usual": usual},
                *[r for r in reasons[i] if r["feature"] != "absent_in_row"][: MOST_REASONS - 1],
            ]
        flagged = flagged | run
    else:
        # the rule: a share of those absent as long (a rough probability, said as such)
        probability = np.clip(absent / (risk.RULE_ABSENCES * 2), 0, 1)
        flagged = absent >= risk.RULE_ABSENCES
        reasons = [_rule_reasons(x_now, x_now[k]) for k in range(len(rows))]
    student_ids = [weeks.student_ids[i] for i in rows]
    RiskScore.objects.filter(centre=centre, scored_on=day).delete()
    RiskScore.objects.bulk_create(
        RiskScore(
            centre=centre,
            student_id=sid,
            scored_on=day,
            probability=float(probability[k]),
            absent_in_row=int(absent[k]),
            method=result.method,
            reasons=reasons[k],
        )
        for k, sid in enumerate(student_ids)
    )
    result.students = len(student_ids)
    open_alerts = {
        a.student_id: a
        for a in Alert.objects.select_for_update().filter(
            centre=centre, student_id__in=student_ids, closed_at__isnull=True
        )
    }
    coaches = dict(
        CoachAssignment.objects.filter(student_id__in=student_ids, centre=centre)
        .order_by("student_id", "pk")
        .values_list("student_id", "coach_id")
    )
    names = dict(
        User.objects.filter(
            pk__in=[s for k, s in enumerate(student_ids) if flagged[k]]
        ).values_list("pk", "first_name")
    )
    opened: list[Alert] = []
    for k, sid in enumerate(student_ids):
        alert = open_alerts.get(sid)
        if alert is not None:  # still open: its figures follow the latest score
            alert.probability, alert.reasons = float(probability[k]), reasons[k]
            alert.method = result.method
            alert.save(update_fields=["probability", "reasons", "method", "updated_at"])
        elif flagged[k]:
            opened.append(
                Alert(
                    centre=centre,
                    student_id=sid,
                    coach_id=coaches.get(sid),
                    opened_on=day,
                    probability=float(probability[k]),
                    method=result.method,
                    reasons=reasons[k],
                )
            )
    Alert.objects.bulk_create(opened)
    result.alerts_opened = len(opened)
    staff = User.objects.in_bulk({a.coach_id for a in opened if a.coach_id})
    for alert in opened:
        if alert.coach_id not in staff:
            continue
        notify(
            recipients=[staff[alert.coach_id]],
            kind=Kind.RISK_ALERT,
            params={"student": names.get(alert.student_id, "")},
            url=reverse("risk:alerts"),
            centre_id=centre.pk,
            dedupe_key=f"risk:{alert.student_id}:{day.isoformat()}",
        )
    return result


@transaction.atomic
def alert_close(*, actor: Actor, alert: Alert, outcome: str, note: str = "") -> Alert:
    """Close an open alert with what happened (contacted, came back, left, false alarm); the
    next training reads "left". The centre's coaches and managers; closing twice is refused."""
    if outcome not in Outcome.values:
        raise ValidationFailed(
            _("Say what happened: contacted, came back, left or false alarm."),
            fields={"outcome": [_("Choose one of the outcomes.")]},
            code="bad_outcome",
        )
    if len(note) > 500:
        raise ValidationFailed(
            _("The note is too long (500 characters at most)."),
            fields={"note": [_("500 characters at most.")]},
            code="note_too_long",
        )
    if not selectors.alerts_visible(actor).filter(pk=alert.pk).exists():
        raise NotFound()
    locked = Alert.objects.select_for_update().get(pk=alert.pk)
    if locked.closed_at is not None:
        raise Conflict(_("This alert is already closed."), code="already_closed")
    locked.outcome, locked.note = outcome, note.strip()
    locked.closed_at = timezone.now()
    locked.closed_by_id = getattr(actor, "pk", None)
    locked.save(update_fields=["outcome", "note", "closed_at", "closed_by", "updated_at"])
    return locked


def score_due_centres() -> int:
    """Score each centre not scored yet since its week began (its Monday, in its zone): the
    worker runs this daily, so each centre is scored on the first run of its week. Returns the
    centres whose students were scored."""
    done = 0
    for centre in Centre.objects.order_by("pk"):
        today = timezone.localdate(timezone=centre.zone)
        monday = today - dt.timedelta(days=today.weekday())
        if RiskScore.objects.filter(centre=centre, scored_on__gte=monday).exists():
            continue
        if score_centre(centre=centre, day=today).students:
            done += 1  # a centre with nobody to score is looked at again next run, cheaply
    return done


def fit_request(*, actor: Actor, centre: Centre) -> RiskFit:
    """Queue a training of the centre's model (its managers, network admins). Idempotent: a
    training already queued or running is returned instead of a second one."""
    if not can_manage_centre(actor, centre):
        raise NotFound()
    active = RiskFit.objects.filter(centre=centre, status__in=["queued", "running"]).first()
    if active:
        return active
    try:
        with transaction.atomic():
            fit = RiskFit.objects.create(
                centre=centre, requested_by=actor if isinstance(actor, User) else None
            )
    except IntegrityError:
        return RiskFit.objects.get(centre=centre, status__in=["queued", "running"])
    transaction.on_commit(lambda: fit_centre_risk.enqueue(fit.pk))
    return fit
