"""Demo data of the learning path: choices, progress, quiz attempts, mastery, and projects
waiting for review or returned. Attempts are simulated from a knowledge-tracing model, so the
centre's mastery fit has real signal to find."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone

from parcours.catalogue.models import Activity, FocusArea, QuizItem
from parcours.demo import bulk
from parcours.engine import mastery as bkt
from parcours.engine.quiz import evidence_for
from parcours.learning.models import (
    ActivityProgress,
    Attempt,
    FocusChoice,
    Mastery,
    ProgressStatus,
    Submission,
    SubmissionStatus,
)

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63fccf00000301010018dd8db00000000049454e44ae426082"
)
TRUE_PARAMS = bkt.BKTParams(p_init=0.25, p_learn=0.2, p_guess=0.2, p_slip=0.08)


def seed(*, centre: Any, students: list[Any], rng: Any) -> None:
    areas = list(FocusArea.objects.filter(offers__centre=centre, offers__is_offered=True))
    if not areas or not students:
        return
    acts: dict[int, list[Activity]] = {
        a.pk: list(
            Activity.objects.filter(focus_area=a, centre__isnull=True)
            .prefetch_related("competencies", "quiz_items")
            .order_by("level", "order")
        )
        for a in areas
    }
    now = timezone.now()
    start = now - dt.timedelta(days=70)
    choices: list[FocusChoice] = []
    progress: list[ActivityProgress] = []
    attempts: list[Attempt] = []
    submissions: list[Any] = []
    np_rng = np.random.default_rng(rng.randint(0, 2**31))
    known: dict[tuple[int, int], bool] = {}
    for student in students:
        if rng.random() < 0.12:  # still discovering: tried a few areas
            for area in rng.sample(areas, k=rng.randint(1, len(areas) - 1)):
                first = acts[area.pk][0]
                progress.append(
                    ActivityProgress(
                        centre=centre,
                        student=student,
                        activity=first,
                        status="started",
                        completed_at=start + dt.timedelta(days=rng.randint(40, 69)),
                    )
                )
            continue
        marks = (len(progress), len(attempts), len(submissions))
        chosen = rng.sample(areas, k=min(3, len(areas)))
        when = start + dt.timedelta(days=rng.randint(0, 20))
        for area in chosen:
            choices.append(
                FocusChoice(
                    centre=centre,
                    student=student,
                    focus_area=area,
                    chosen_at=when,
                    changed_by=student,
                )
            )
            pace = rng.random()
            n_done = int(pace * len(acts[area.pk]) * 0.7)
            for i, activity in enumerate(acts[area.pk][: n_done + 1]):
                at = when + dt.timedelta(days=7 * i * (1.2 - pace) + rng.random())
                at = min(at, now - dt.timedelta(minutes=5))
                is_last = i == n_done
                status = ProgressStatus.DONE
                if activity.kind == "quiz":
                    ok_count = 0
                    items = list(activity.quiz_items.all())
                    if 0 < activity.quiz_draw < len(items):  # one sitting: a draw of the bank
                        items = rng.sample(items, activity.quiz_draw)
                    covered = [c.pk for c in activity.competencies.all()]
                    for item in items:
                        # an item checks its competency, or all of the activity's
                        comp_ids = evidence_for(item.competency_id, covered) or [0]
                        correct = True
                        for comp in comp_ids:
                            k = known.get((student.pk, comp))
                            if k is None:
                                k = np_rng.random() < TRUE_PARAMS.p_init
                            p_ok = (1 - TRUE_PARAMS.p_slip) if k else TRUE_PARAMS.p_guess
                            correct = correct and bool(np_rng.random() < p_ok)
                            if not k and np_rng.random() < TRUE_PARAMS.p_learn:
                                k = True
                            known[(student.pk, comp)] = k
                        ok_count += correct
                        attempts.append(
                            Attempt(
                                centre=centre,
                                student=student,
                                activity=activity,
                                item=item,
                                correct=correct,
                                answer={"value": None, "batch": "demo"},
                                answered_at=at,
                                seconds=rng.randint(8, 90),
                            )
                        )
                    if items and ok_count / len(items) < 0.6:
                        status = ProgressStatus.STARTED
                elif activity.kind == "project" and is_last:
                    status = (
                        ProgressStatus.SUBMITTED if rng.random() < 0.6 else ProgressStatus.CHANGES
                    )
                    submissions.append((student, activity, status, at))
                elif is_last and activity.kind == "tutorial":
                    status = ProgressStatus.STARTED
                progress.append(
                    ActivityProgress(
                        centre=centre,
                        student=student,
                        activity=activity,
                        status=status,
                        completed_at=at,  # the last change; kept for DONE only, below
                    )
                )
        _recent(rng, now, marks, progress, attempts, submissions)
    bulk.insert(FocusChoice, choices)
    # one row per student and activity, the first made (as bulk_create's ignore_conflicts did)
    unique: dict[tuple[int, int], ActivityProgress] = {}
    for p in progress:
        unique.setdefault((p.student_id, p.activity_id), p)
    bulk.insert(ActivityProgress, unique.values())
    # A progress row's timestamps are when the student worked on it (the coach's "last
    # activity"), not when the demo was built: auto_now cannot be given to bulk_create.
    mine = ActivityProgress.objects.filter(centre=centre, student__in=students)
    mine.filter(completed_at__isnull=False).update(
        created_at=F("completed_at"), updated_at=F("completed_at")
    )
    mine.exclude(status=ProgressStatus.DONE).update(completed_at=None)
    bulk.insert(Attempt, attempts)
    _mastery(centre, attempts)
    _submissions(centre, submissions, rng)


def _recent(
    rng: Any,
    now: dt.datetime,
    marks: tuple[int, int, int],
    progress: list[ActivityProgress],
    attempts: list[Attempt],
    submissions: list[Any],
) -> None:
    """Most students worked on their path in the last days (they come every week): move the
    student's work just made so that their last step is 0 to 12 days old. About one in seven is
    left as it is, so the coach's "no activity for 21 days" list has a few names, not most."""
    mine = progress[marks[0] :]
    if not mine or rng.random() < 0.15:
        return
    last = max(p.completed_at for p in mine if p.completed_at is not None)
    delta = now - dt.timedelta(days=rng.uniform(0.2, 12)) - last
    if delta <= dt.timedelta(0):
        return
    for p in mine:
        if p.completed_at is not None:
            p.completed_at = min(p.completed_at + delta, now - dt.timedelta(minutes=5))
    for a in attempts[marks[1] :]:
        a.answered_at = min(a.answered_at + delta, now - dt.timedelta(minutes=5))
    for k in range(marks[2], len(submissions)):
        student, activity, status, at = submissions[k]
        submissions[k] = (student, activity, status, min(at + delta, now - dt.timedelta(minutes=5)))


def _mastery(centre: Any, attempts: list[Attempt]) -> None:
    links: dict[int, list[int]] = {}
    for activity_id, comp_id in Activity.competencies.through.objects.values_list(
        "activity_id", "competency_id"
    ):
        links.setdefault(activity_id, []).append(comp_id)
    checks = dict(
        QuizItem.objects.filter(competency__isnull=False).values_list("pk", "competency_id")
    )
    students, skills, correct = [], [], []
    for a in attempts:
        covered = links.get(a.activity_id, [])
        checked = checks.get(a.item_id) if a.item_id is not None else None
        for comp in evidence_for(checked, covered):
            students.append(a.student_id)
            skills.append(comp)
            correct.append(a.correct)
    if not correct:
        return
    data = bkt.Attempts(
        student=np.asarray(students),
        skill=np.asarray(skills),
        correct=np.asarray(correct, dtype=bool),
        order=np.arange(len(correct)),
    )
    final = bkt.final_mastery(data, {int(s): bkt.DEFAULT for s in set(skills)})
    counts: dict[tuple[int, int], int] = {}
    for s, k in zip(students, skills, strict=True):
        counts[(s, k)] = counts.get((s, k), 0) + 1
    bulk.insert(
        Mastery,
        (
            Mastery(
                centre=centre,
                student_id=s,
                competency_id=k,
                p_known=float(p),
                observations=counts[(s, k)],
            )
            for (s, k), p in final.items()
        ),
    )


def _submissions(centre: Any, rows: list[Any], rng: Any) -> None:
    comments = [
        "Beau travail ! Ajoute un titre et signe ton œuvre, puis renvoie-la.",
        "L'idée est là. Soigne le cadrage de la deuxième partie et renvoie une version.",
        "Il manque la déclaration d'usage de l'IA : précise tes outils et tes prompts.",
    ]
    for student, activity, status, at in rows:
        submission = Submission(
            centre=centre,
            student=student,
            activity=activity,
            version=1,
            original_name="projet.png",
            media_kind="image",
            content_type="image/png",
            size=len(PNG),
            note="Voici mon projet !",
            status=(
                SubmissionStatus.SUBMITTED
                if status == ProgressStatus.SUBMITTED
                else SubmissionStatus.CHANGES
            ),
            comment="" if status == ProgressStatus.SUBMITTED else rng.choice(comments),
            reviewed_at=None if status == ProgressStatus.SUBMITTED else at,
        )
        submission.file.save("projet.png", ContentFile(PNG), save=False)
        submission.save()
        # sent when the student did the work, not when the demo was built (auto_now)
        Submission.objects.filter(pk=submission.pk).update(created_at=at, updated_at=at)
