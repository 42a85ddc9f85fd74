"""Background work of labs (django-tasks; `parcours worker` runs it): dry runs of every
mechanism, and the publication of a cycle's seats."""

from __future__ import annotations

import time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from parcours.engine import allocation as engine
from parcours.labs import allocation, emails, selectors
from parcours.labs.models import (
    AllocationRun,
    Application,
    CycleStatus,
    Lab,
    LabCycle,
    RunStatus,
    Seat,
    SeatStatus,
)
from parcours.people.models import User


def _progress(run: AllocationRun, percent: int, **fields: Any) -> None:
    run.progress = percent
    for name, value in fields.items():
        setattr(run, name, value)
    run.save()


@task()
def run_allocation(run_id: int) -> dict[str, Any]:
    run = AllocationRun.objects.select_related("cycle", "cycle__centre").get(pk=run_id)
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        return {"status": run.status}
    _progress(run, 5, status=RunStatus.RUNNING)
    try:
        result = _dry_run(run) if run.dry_run else _publish(run)
    except Exception as exc:  # the page shows the failure; the publication rolled back
        _progress(
            run,
            run.progress,
            status=RunStatus.FAILED,
            message=str(exc)[:300],
            finished_at=timezone.now(),
        )
        raise
    return result


def _dry_run(run: AllocationRun) -> dict[str, Any]:
    built = allocation.build_instance(selectors.cycle_allocation_input(run.cycle))
    _progress(run, 10)
    figures: dict[str, Any] = {}
    for i, mechanism in enumerate(engine.MECHANISMS, start=1):
        started = time.perf_counter()
        result = engine.allocate(built.instance, mechanism=mechanism)
        figures[mechanism] = {
            **allocation.figures(built.instance, result),
            "seconds": round(time.perf_counter() - started, 3),
        }
        _progress(run, 10 + 85 * i // len(engine.MECHANISMS), metrics=figures)
    _progress(run, 100, status=RunStatus.DONE, finished_at=timezone.now())
    return figures


def _cutoffs(
    built: allocation.CycleInstance, result: engine.Result
) -> dict[str, tuple[int, float]]:
    """The lowest admitted (priority, lottery) of each lab: lowest priority, then the highest
    lottery number among those."""
    students = {s.id: s for s in built.instance.students}
    worst: dict[str, tuple[int, float]] = {}
    for sid, lab in result.assignment.items():
        if lab is None:
            continue
        s = students[sid]
        key = (allocation.priority_of(s, lab), s.lottery)
        current = worst.get(lab)
        if current is None or (key[0], -key[1]) < (current[0], -current[1]):
            worst[lab] = key
    return worst


def _publish(run: AllocationRun) -> dict[str, Any]:
    built = allocation.build_instance(selectors.cycle_allocation_input(run.cycle))
    _progress(run, 20)
    result = engine.allocate(built.instance, mechanism=run.mechanism)
    figures = allocation.figures(built.instance, result)
    _progress(run, 50, metrics={run.mechanism: figures})
    cutoffs = _cutoffs(built, result)
    now = timezone.now()
    with transaction.atomic():
        cycle = LabCycle.objects.select_for_update().get(pk=run.cycle_id)
        locked = AllocationRun.objects.select_for_update().get(pk=run.pk)
        if locked.published_at is not None or cycle.status == CycleStatus.PUBLISHED:
            return {"status": "already published"}
        seats = [
            Seat(
                centre_id=cycle.centre_id,
                cycle=cycle,
                lab_id=int(lab),
                student_id=int(sid),
                run=locked,
                status=SeatStatus.HELD,
                reason=allocation.reason_data(result, built.instance, sid),
            )
            for sid, lab in sorted(result.assignment.items())
            if lab is not None
        ]
        Seat.objects.bulk_create(seats, batch_size=1000)
        waiting = []
        for lab_id, students in result.waitlists.items():
            for position, sid in enumerate(students, start=1):
                app = built.applications.get((sid, lab_id))
                if app is not None:
                    app.waitlist_position = position
                    waiting.append(app)
        Application.objects.bulk_update(waiting, ["waitlist_position"], batch_size=1000)
        labs = list(Lab.objects.filter(cycle=cycle))
        for lab in labs:
            lab.cutoff_priority, lab.cutoff_lottery = cutoffs.get(str(lab.pk), (None, None))
        Lab.objects.bulk_update(labs, ["cutoff_priority", "cutoff_lottery"])
        cycle.status = CycleStatus.PUBLISHED
        cycle.save(update_fields=["status", "updated_at"])
        locked.status, locked.progress, locked.metrics = RunStatus.DONE, 100, run.metrics
        locked.published_at = locked.finished_at = now
        locked.save()
        _notify(cycle, built, result)
    run.refresh_from_db()
    return figures


def _notify(cycle: LabCycle, built: allocation.CycleInstance, result: engine.Result) -> None:
    """One email per student, in their language, once the publication commits."""
    titles = allocation.lab_titles(built.labs.values())
    students = User.objects.filter(pk__in=[int(s.id) for s in built.instance.students])
    for student in students:
        reason = allocation.reason_data(result, built.instance, str(student.pk))
        emails.cycle_result(student, cycle, reason, titles)
