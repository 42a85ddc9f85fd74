"""Background work of the learning path (django-tasks; `parcours worker` runs it)."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from parcours.catalogue.models import Activity, QuizItem
from parcours.engine import mastery_ability
from parcours.engine.quiz import evidence_for
from parcours.learning.models import Attempt, FitStatus, Mastery, MasteryFit, MasteryParams


def _progress(fit: MasteryFit, percent: int, **fields: Any) -> None:
    fit.progress = percent
    for name, value in fields.items():
        setattr(fit, name, value)
    fit.save()


@task()
def fit_centre_mastery(fit_id: int) -> dict[str, Any]:
    """Fit the centre's knowledge-tracing parameters on all its counted attempts (EM over every
    student at once, ``engine.mastery_ability``; retries are not counted), then recompute every
    student's mastery and trace with them."""
    fit = MasteryFit.objects.select_related("centre").get(pk=fit_id)
    if fit.status not in (FitStatus.QUEUED, FitStatus.RUNNING):
        return {"status": fit.status}
    started = time.perf_counter()
    _progress(fit, 5, status=FitStatus.RUNNING)
    try:
        result = _fit(fit, started)
    except Exception as exc:  # the page shows the failure; nothing half-written stays
        _progress(
            fit,
            fit.progress,
            status=FitStatus.FAILED,
            message=str(exc)[:300],
            finished_at=timezone.now(),
            seconds=time.perf_counter() - started,
        )
        raise
    return result


def _fit(fit: MasteryFit, started: float) -> dict[str, Any]:
    links = Activity.competencies.through.objects.values_list("activity_id", "competency_id")
    comps_of: dict[int, list[int]] = {}
    for activity_id, comp_id in links:
        comps_of.setdefault(activity_id, []).append(comp_id)
    # an item that checks one of its activity's competencies is evidence about that one only
    # (as services._observe counts it online)
    checks = dict(
        QuizItem.objects.filter(competency__isnull=False).values_list("pk", "competency_id")
    )
    rows = (
        Attempt.objects.filter(centre=fit.centre)
        .order_by("answered_at", "id")
        .values_list("student_id", "activity_id", "item_id", "answered_at", "correct")
    )
    students: list[int] = []
    skills: list[int] = []
    items: list[int] = []
    times: list[float] = []
    correct: list[bool] = []
    for student_id, activity_id, item_id, answered_at, ok in rows.iterator(chunk_size=5000):
        covered = comps_of.get(activity_id, [])
        checked = checks.get(item_id) if item_id is not None else None
        for comp_id in evidence_for(checked, covered):
            students.append(student_id)
            skills.append(comp_id)
            items.append(-1 if item_id is None else item_id)
            times.append(answered_at.timestamp())
            correct.append(ok)
    _progress(fit, 25, rows=len(correct))
    if not correct:
        _progress(
            fit,
            100,
            status=FitStatus.DONE,
            finished_at=timezone.now(),
            seconds=time.perf_counter() - started,
            message="no attempts yet: default parameters are used",
        )
        return {"rows": 0}
    data = mastery_ability.Attempts(
        student=np.asarray(students),
        skill=np.asarray(skills),
        correct=np.asarray(correct, dtype=bool),
        order=np.arange(len(correct)),
    )
    counted = mastery_ability.counted(data, np.asarray(items), np.asarray(times))
    params = mastery_ability.fit(data, counted_rows=counted)
    _progress(fit, 70)
    traces = mastery_ability.final_traces(data, params, counted_rows=counted)
    final = mastery_ability.final_mastery(data, params, counted_rows=counted)
    with transaction.atomic():
        for comp_id, p in params.items():
            MasteryParams.objects.update_or_create(
                centre=fit.centre,
                competency_id=comp_id,
                defaults={
                    "p_init": p.p_init,
                    "p_learn": p.p_learn,
                    "p_guess": p.p_guess,
                    "p_slip": p.p_slip,
                    "p_forget": 0.0,
                    "init_ability": p.init_ability,
                    "learn_ability": p.learn_ability,
                    "guess_practice": p.guess_practice,
                    "slip_practice": p.slip_practice,
                    "rows": int(counted[data.skill == comp_id].sum()),
                },
            )
        existing = {
            (m.student_id, m.competency_id): m for m in Mastery.objects.filter(centre=fit.centre)
        }
        changed = []
        for key, p_known in final.items():
            row = existing.get(key)
            if row is not None:
                row.p_known = float(min(1.0, max(0.0, p_known)))
                row.trace = traces[key].as_dict()
                changed.append(row)
        Mastery.objects.bulk_update(changed, ["p_known", "trace"], batch_size=2000)
    _progress(
        fit,
        100,
        status=FitStatus.DONE,
        competencies=len(params),
        finished_at=timezone.now(),
        seconds=time.perf_counter() - started,
    )
    return {"rows": len(correct), "competencies": len(params)}
