"""Background work of the early warning (django-tasks; `parcours worker` runs it)."""

from __future__ import annotations

import dataclasses
import math
import time
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from parcours.engine import risk
from parcours.people.models import StudentProfile
from parcours.risk import selectors
from parcours.risk.models import FitStatus, RiskFit


def _progress(fit: RiskFit, percent: int, **fields: Any) -> None:
    fit.progress = percent
    for name, value in fields.items():
        setattr(fit, name, value)
    fit.save()


def _clean(value: Any) -> Any:
    """JSON without NaN (a measure that cannot be computed is null)."""
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


@task()
def fit_centre_risk(fit_id: int) -> dict[str, Any]:
    """Train the centre's model on its school year so far and measure it on held-out
    students (``engine.risk.evaluate``): quality against the rule, calibration, recall per
    group. The weekly scoring trains the same model on the same weeks (and any newer)."""
    fit = RiskFit.objects.select_related("centre").get(pk=fit_id)
    if fit.status not in (FitStatus.QUEUED, FitStatus.RUNNING):
        return {"status": fit.status}
    started = time.perf_counter()
    _progress(fit, 5, status=FitStatus.RUNNING)
    try:
        centre = fit.centre
        day = timezone.localdate(timezone=centre.zone)
        weeks = selectors.centre_weeks(centre, day)
        _progress(fit, 40)
        groups = _groups(weeks.student_ids)
        result = risk.evaluate(
            weeks.panel, groups, min_cell=settings.PARCOURS_MIN_CELL_SIZE, seed=fit.pk
        )
        _progress(fit, 90)
        figures = _clean(
            {
                "day": day.isoformat(),
                "weeks": weeks.weeks,
                "students": len(weeks.student_ids),
                "leavers_known": int((weeks.panel.left_week > 0).sum()),
                **dataclasses.asdict(result),
            }
        )
        _progress(
            fit,
            100,
            status=FitStatus.DONE,
            figures=figures,
            finished_at=timezone.now(),
            seconds=time.perf_counter() - started,
        )
    except Exception as exc:  # the page shows the failure
        _progress(
            fit,
            fit.progress,
            status=FitStatus.FAILED,
            message=str(exc)[:300],
            finished_at=timezone.now(),
            seconds=time.perf_counter() - started,
        )
        raise
    return {"status": fit.status}


def _groups(student_ids: list[int]) -> dict[str, list[str]]:
    """Each student's gender (girl, boy; other answers and none are left out of the
    comparison) and whether they live in a priority neighbourhood: read to measure the
    model's fairness only, never as its features."""
    rows = dict(
        (uid, (gender, priority))
        for uid, gender, priority in StudentProfile.objects.filter(
            user_id__in=student_ids
        ).values_list("user_id", "gender", "priority_neighbourhood")
    )
    gender = {"female": "girls", "male": "boys"}
    return {
        "gender": [gender.get(rows.get(s, ("", False))[0], "") for s in student_ids],
        "priority_neighbourhood": [
            ("priority" if rows[s][1] else "other") if s in rows else "" for s in student_ids
        ],
    }
