"""Reads of the early warning: a centre's weeks as the engine's panel (only what is dated
before the scoring week), the alerts as each reader may see them, and the reasons in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import numpy as np
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from parcours.attendance.models import CheckIn
from parcours.centres.models import Centre
from parcours.centres.permissions import can_manage_centre
from parcours.centres.selectors import centre_managed
from parcours.core.errors import NotFound
from parcours.core.lists import name_matches
from parcours.engine import risk
from parcours.enrolment import years
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.labs.models import Seat, SeatStatus
from parcours.learning.models import ActivityProgress, ProgressStatus, Submission, SubmissionStatus
from parcours.people.models import Role
from parcours.people.selectors import access_for
from parcours.people.types import Actor
from parcours.risk.models import Alert, Outcome, RiskFit

# The staff who read alerts: the centre's coaches and managers (and network admins).
ALERT_ROLES = (Role.COACH, Role.MANAGER)


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass
class CentreWeeks:
    """A centre's school year up to a scoring day, as the engine reads it."""

    panel: risk.Panel
    student_ids: list[int]  # in the panel's order
    first_monday: dt.date
    weeks: int  # weeks completed before the scoring day's week
    registered: set[int]  # students registered now (scored); the others are history


def centre_weeks(centre: Centre, day: dt.date) -> CentreWeeks:
    """The weeks of ``centre``'s school year completed before ``day``'s week: per student,
    sessions attended, activities completed and their minutes, projects submitted and
    returned, lab seats given up; and who left (withdrawn, or never back for 8 weeks, or an
    alert closed as "left"). Nothing dated on or after ``day``'s Monday is read: six grouped
    queries, whatever the number of students."""
    year = years.school_year_of(day)
    first = monday(years.year_start(year))
    end = monday(day)
    weeks = max((end - first).days // 7, 0)
    zone = centre.zone
    start_at = dt.datetime.combine(first, dt.time.min, zone)
    end_at = dt.datetime.combine(end, dt.time.min, zone)
    rows = list(
        Enrolment.objects.filter(
            centre=centre,
            school_year=year,
            status__in=[EnrolmentStatus.REGISTERED, EnrolmentStatus.WITHDRAWN],
        ).values_list("student_id", "status", "updated_at", "decided_at", "previous_id")
    )
    enrolments = [(sid, status, changed) for sid, status, changed, _d, _p in rows]
    ids = sorted({e[0] for e in enrolments})
    index = {sid: i for i, sid in enumerate(ids)}
    values = {c: np.zeros((len(ids), weeks)) for c in risk.COLUMNS}

    def week_of(moment: dt.datetime | dt.date) -> int:
        day_ = moment.astimezone(zone).date() if isinstance(moment, dt.datetime) else moment
        return (day_ - first).days // 7

    def add(column: str, rows: Iterable[tuple[int, dt.date, float | None]]) -> None:
        for sid, on, figure in rows:
            if sid in index and 0 <= week_of(on) < weeks:
                values[column][index[sid], week_of(on)] += float(figure or 0)

    add(
        "present",
        CheckIn.objects.filter(
            centre=centre,
            present=True,
            student_id__in=ids,
            session__starts_at__gte=start_at,
            session__starts_at__lt=end_at,
        )
        .annotate(on=TruncDate("session__starts_at", tzinfo=zone))
        .values_list("student_id", "on")
        .annotate(n=Count("id")),
    )
    done = (
        ActivityProgress.objects.filter(
            centre=centre,
            student_id__in=ids,
            status=ProgressStatus.DONE,
            completed_at__gte=start_at,
            completed_at__lt=end_at,
        )
        .annotate(on=TruncDate("completed_at", tzinfo=zone))
        .values_list("student_id", "on")
        .annotate(n=Count("id"), minutes=Sum("activity__minutes"))
    )
    done_rows = list(done)
    add("activities", ((s, on, n) for s, on, n, _m in done_rows))
    add("minutes", ((s, on, m) for s, on, _n, m in done_rows))
    submissions = Submission.objects.filter(centre=centre, student_id__in=ids)
    add(
        "projects_submitted",
        submissions.filter(created_at__gte=start_at, created_at__lt=end_at)
        .annotate(on=TruncDate("created_at", tzinfo=zone))
        .values_list("student_id", "on")
        .annotate(n=Count("id")),
    )
    add(
        "projects_returned",
        submissions.filter(
            status=SubmissionStatus.CHANGES, reviewed_at__gte=start_at, reviewed_at__lt=end_at
        )
        .annotate(on=TruncDate("reviewed_at", tzinfo=zone))
        .values_list("student_id", "on")
        .annotate(n=Count("id")),
    )
    add(
        "labs_withdrawn",
        Seat.objects.filter(
            centre=centre,
            student_id__in=ids,
            status=SeatStatus.WITHDRAWN,
            updated_at__gte=start_at,
            updated_at__lt=end_at,
        )
        .annotate(on=TruncDate("updated_at", tzinfo=zone))
        .values_list("student_id", "on")
        .annotate(n=Count("id")),
    )
    left = np.zeros(len(ids), dtype=np.int64)
    present = values["present"] > 0
    told_left = set(
        Alert.objects.filter(
            centre=centre, outcome=Outcome.LEFT, closed_at__lt=end_at, student_id__in=ids
        ).values_list("student_id", flat=True)
    )
    registered = set()
    for sid, status, changed in enrolments:
        i = index[sid]
        visits = np.flatnonzero(present[i])
        last = int(visits[-1]) + 1 if len(visits) else 0  # the last week attended, from 1
        gone = last > 0 and weeks - last >= risk.HORIZON  # came, then never back for 8 weeks
        if status == EnrolmentStatus.WITHDRAWN and changed < end_at:
            left[i] = min(last + 1, max(week_of(changed) + 1, 1)) if last else 1
        elif gone or sid in told_left:
            left[i] = last + 1
        elif status == EnrolmentStatus.REGISTERED:
            registered.add(sid)
    # who joined during the year (registered after it started, not a renewal): the weeks
    # before are not theirs (a withdrawal's decision is its own date: those count from 0)
    first_week = np.zeros(len(ids), dtype=np.int64)
    for sid, status, _changed, decided, previous in rows:
        if status == EnrolmentStatus.REGISTERED and decided is not None and previous is None:
            first_week[index[sid]] = min(max(week_of(decided), 0), weeks)
    panel = risk.Panel([str(sid) for sid in ids], values, left, first_week)
    return CentreWeeks(panel, ids, first, weeks, registered)


# --- Alerts ------------------------------------------------------------------------------------


def alerts_visible(user: Actor) -> QuerySet[Alert]:
    """The alerts of the centres where the user coaches or manages (every centre for network
    admins); none for anyone else, students and families included."""
    access = access_for(user)
    if access.network_admin:
        return Alert.objects.all()
    return Alert.objects.filter(centre_id__in=access.centres(*ALERT_ROLES))


def may_read_alerts(user: Actor) -> bool:
    access = access_for(user)
    return access.network_admin or bool(access.centres(*ALERT_ROLES))


def alert_list(
    *, user: Actor, status: str = "open", q: str = "", mine: bool = False
) -> QuerySet[Alert]:
    """Alerts, open ones by default (``status``: open, closed, all), newest first; ``q``
    searches the student's name; ``mine``: the students the user coaches."""
    if not may_read_alerts(user):
        raise NotFound()
    rows = alerts_visible(user)
    if status == "open":
        rows = rows.filter(closed_at__isnull=True)
    elif status == "closed":
        rows = rows.filter(closed_at__isnull=False)
    if mine:
        rows = rows.filter(student__coaches__coach_id=access_for(user).user_id)
    rows = name_matches(rows, q)
    return rows.select_related("student", "coach", "closed_by", "centre").order_by(
        "-opened_on", "-probability", "pk"
    )


def alert_get(*, user: Actor, uuid: UUID | str) -> Alert:
    try:
        return alerts_visible(user).select_related("student", "centre").get(uuid=uuid)
    except (Alert.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def caseload_alerts(user: Actor) -> list[tuple[Alert, list[str]]]:
    """The open alerts of the students the user coaches, most worrying first, each with its
    reasons in words (the coach's home): one query."""
    access = access_for(user)
    if not access.user_id:
        return []
    rows = (
        Alert.objects.filter(closed_at__isnull=True, student__coaches__coach_id=access.user_id)
        .select_related("student")
        .order_by("-probability", "-opened_on", "pk")
    )
    return [(a, reasons_text(a.reasons)) for a in rows]


# --- Reasons in words ------------------------------------------------------------------------


def _percent(value: float) -> int:
    return round(100 * value)


def reason_text(reason: dict[str, float | str]) -> str:
    """One reason (``{"feature", "value", "usual"}``) as a coach reads it, in the active
    language."""
    feature = str(reason.get("feature", ""))
    value = float(reason.get("value", 0) or 0)
    usual = float(reason.get("usual", 0) or 0)
    n = round(value)
    if feature in ("absent_in_row", "rule_alert"):
        return ngettext("absent %(n)s week in a row", "absent %(n)s weeks in a row", n) % {"n": n}
    if feature == "weeks_since_visit":
        return ngettext("no visit for %(n)s week", "no visit for %(n)s weeks", n) % {"n": n}
    if feature == "attendance":
        return _("came %(v)s%% of the last 4 weeks (usually %(u)s%%)") % {
            "v": _percent(value),
            "u": _percent(usual),
        }
    if feature == "attendance_all":
        return _("came %(v)s%% of the weeks since the start of the year (usually %(u)s%%)") % {
            "v": _percent(value),
            "u": _percent(usual),
        }
    if feature == "attendance_trend":
        return _("coming less often lately")
    if feature == "activities":
        return _("%(v)s activities a week lately (usually %(u)s)") % {
            "v": f"{value:.1f}",
            "u": f"{usual:.1f}",
        }
    if feature == "activity_trend":
        return _("fewer activities lately")
    if feature in ("minutes", "minutes_last", "minutes_trend"):
        return _("less time working lately")
    if feature == "pace":
        return _("%(v)s%% of the centre's usual pace") % {"v": _percent(value)}
    if feature == "returned_open":
        return ngettext(
            "%(n)s returned project not resubmitted", "%(n)s returned projects not resubmitted", n
        ) % {"n": n}
    if feature == "labs_withdrawn":
        return ngettext("gave up %(n)s lab", "gave up %(n)s labs", n) % {"n": n}
    return feature


def reasons_text(reasons: Iterable[dict[str, float | str]]) -> list[str]:
    """The alert's reasons in words, without saying the same thing twice."""
    out: list[str] = []
    reasons = list(reasons)
    said = {str(r.get("feature")) for r in reasons}
    for reason in reasons:
        if reason.get("feature") == "weeks_since_visit" and "absent_in_row" in said:
            continue  # the same weeks, said once
        text = reason_text(reason)
        if text not in out:
            out.append(text)
    return out


# --- The managers' model page -----------------------------------------------------------------


@dataclass
class ModelPage:
    centre: Centre
    fits: list[RiskFit]  # newest first
    latest: RiskFit | None  # the newest finished one

    @property
    def active(self) -> RiskFit | None:
        return next((f for f in self.fits if f.status in ("queued", "running")), None)


def model_centre(*, user: Actor, slug: str) -> Centre:
    """A centre whose model the user may see and train: its managers, network admins."""
    return centre_managed(user=user, slug=slug)


def model_page(*, user: Actor, centre: Centre, limit: int = 5) -> ModelPage:
    if not can_manage_centre(user, centre):
        raise NotFound()
    fits = list(RiskFit.objects.filter(centre=centre).select_related("requested_by")[:limit])
    latest = next((f for f in fits if f.status == "done"), None)
    if latest is None:
        latest = RiskFit.objects.filter(centre=centre, status="done").first()
    return ModelPage(centre=centre, fits=fits, latest=latest)


GROUP_LABELS = {
    "girls": gettext_lazy("girls"),
    "boys": gettext_lazy("boys"),
    "priority": gettext_lazy("priority neighbourhood"),
    "other": gettext_lazy("other neighbourhoods"),
}
ATTRIBUTE_LABELS = {
    "gender": gettext_lazy("Girls and boys"),
    "priority_neighbourhood": gettext_lazy("Priority neighbourhoods and others"),
}


def _pct(value: float | None) -> int | None:
    return None if value is None else round(100 * value)


def model_figures(fit: RiskFit | None, *, min_leavers: int = 0) -> dict[str, Any] | None:
    """A finished training's figures as the page shows them: percentages, the calibration
    as a chart's data, and the recall per group with the gap within each attribute.
    ``enough``: the centre had ``min_leavers`` leavers, as the weekly scoring asks before it
    uses the model (below that, figures measured on a handful of leavers mean nothing)."""
    if fit is None or not fit.figures:
        return None
    f = fit.figures
    model, rule = f.get("model"), f.get("rule") or {}
    attributes = []
    for attribute, label in ATTRIBUTE_LABELS.items():
        rows = [g for g in f.get("groups", []) if g["attribute"] == attribute]
        if not rows:
            continue
        recalls = [g["recall"] for g in rows]
        attributes.append(
            {
                "label": label,
                "groups": [
                    {
                        "label": GROUP_LABELS.get(g["group"], g["group"]),
                        "students": g["students"],
                        "recall": _pct(g["recall"]),
                    }
                    for g in rows
                ],
                "gap": _pct(max(recalls) - min(recalls)) if len(rows) > 1 else None,
            }
        )
    return {
        "enough": (f.get("leavers_known") or 0) >= min_leavers and bool(f.get("model")),
        "day": dt.date.fromisoformat(f["day"]) if f.get("day") else None,
        "weeks": f.get("weeks"),
        "students": f.get("students"),
        "test_students": f.get("test_students"),
        "leavers": f.get("leavers"),
        "leavers_known": f.get("leavers_known"),
        "model": {k: _pct(v) if k != "auc" else v for k, v in model.items()} if model else None,
        "rule": {k: _pct(v) if k != "auc" else v for k, v in rule.items()},
        "calibration": [
            {
                "label": _("%(p)s%% predicted") % {"p": _pct(b["predicted"])},
                "value": _pct(b["observed"]),
                "rows": b["rows"],
                "low": _pct(b["low"]),
                "high": _pct(b["high"]),
                "predicted": _pct(b["predicted"]),
            }
            for b in f.get("calibration", [])
        ],
        "attributes": attributes,
        "hidden_groups": f.get("hidden_groups", 0),
    }
