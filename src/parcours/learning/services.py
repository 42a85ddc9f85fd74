"""Every write of the learning path. Keyword-only, atomic, permission-checked, idempotent
where a student or a reviewer can repeat it."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid as uuid_lib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.catalogue import selectors as catalogue
from parcours.catalogue.choices import ActivityKind
from parcours.catalogue.models import Activity, FocusArea, QuizItem
from parcours.centres.models import Centre
from parcours.centres.permissions import can_manage_centre
from parcours.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from parcours.engine import mastery_ability
from parcours.engine.quiz import (
    ANSWERED_RIGHT,
    ANSWERED_WRONG,
    CHOICE_KINDS,
    AnswerError,
    BankItem,
    check,
    draw,
    evidence_for,
    shown_to_spec,
)
from parcours.learning import selectors
from parcours.learning.errors import LearningError
from parcours.learning.models import (
    ActivityProgress,
    Attempt,
    FocusChoice,
    Mastery,
    MasteryFit,
    MasteryParams,
    ProgressStatus,
    QuizSitting,
    Submission,
    SubmissionStatus,
)
from parcours.learning.permissions import can_steer, expert_ids_for, learner, submission_policy
from parcours.learning.tasks import fit_centre_mastery
from parcours.learning.uploads import check_upload
from parcours.notifications import services as notifications
from parcours.notifications.choices import Kind
from parcours.people.models import StudentProfile, User
from parcours.people.selectors import guardians_of
from parcours.people.types import Actor

QUIZ_PASS = 0.6  # share of items right for a quiz to count as done


def _profile(student: User) -> StudentProfile:
    return learner(student).student_profile


def _activity_for(student: User, activity: Activity) -> Activity:
    """The activity, if it is open to this student (published, shared or their centre's,
    in an area their centre offers)."""
    profile = _profile(student)
    visible = catalogue.activities(user=student, centre=profile.centre).filter(
        pk=activity.pk, focus_area__in=catalogue.offered_areas(profile.centre)
    )
    if not visible.exists():
        raise NotFound()
    return activity


# --- Focus areas -----------------------------------------------------------------------------


@transaction.atomic
def focus_choose(*, student: User, areas: Sequence[FocusArea]) -> list[FocusChoice]:
    """The student's own choice after discovery. Later changes go through the coach."""
    profile = _profile(student)
    User.objects.select_for_update().get(pk=student.pk)  # one choice at a time per student
    active = list(FocusChoice.objects.filter(student=student, dropped_at__isnull=True))
    wanted = {a.pk for a in areas}
    if active:
        if {c.focus_area_id for c in active} == wanted:
            return active  # the same choice again changes nothing
        raise Conflict(
            _("Your focus areas are chosen; to change them, talk to your coach."),
            code=LearningError.AREAS_CHOSEN,
        )
    needed = profile.centre.focus_areas_per_student
    if len(wanted) != needed:
        message = _("Choose exactly %(n)s focus areas.") % {"n": needed}
        raise ValidationFailed(message, fields={"areas": [message]}, code=LearningError.AREA_COUNT)
    if not wanted <= catalogue.offered_area_ids(profile.centre):
        raise ValidationFailed(
            _("Choose among the focus areas your centre offers."),
            fields={"areas": [_("Not offered by your centre.")]},
            code=LearningError.AREA_NOT_OFFERED,
        )
    if not selectors.discovery_done(student):
        raise Conflict(
            _("First try an activity in every focus area of your centre."),
            code=LearningError.DISCOVERY_UNFINISHED,
        )
    now = timezone.now()
    return [
        FocusChoice.objects.create(
            centre=profile.centre, student=student, focus_area=a, chosen_at=now, changed_by=student
        )
        for a in areas
    ]


@transaction.atomic
def focus_change(
    *, actor: Actor, student: User, drop: FocusArea, add: FocusArea, reason: str
) -> FocusChoice:
    """A coach swaps one focus area for another. Progress in the dropped one is kept."""
    if not isinstance(actor, User) or not can_steer(actor, student):
        raise Forbidden()
    profile = _profile(student)
    if not reason.strip():
        raise ValidationFailed(
            _("Say why the focus area changes."),
            fields={"reason": [_("This field is required.")]},
            code=LearningError.REASON_REQUIRED,
        )
    User.objects.select_for_update().get(pk=student.pk)
    current = FocusChoice.objects.filter(
        student=student, focus_area=drop, dropped_at__isnull=True
    ).first()
    if current is None:
        raise ValidationFailed(
            _("This focus area is not one of the student's."),
            fields={"drop": [_("Not chosen by the student.")]},
            code=LearningError.AREA_NOT_CHOSEN,
        )
    if FocusChoice.objects.filter(
        student=student, focus_area=add, dropped_at__isnull=True
    ).exists():
        raise ValidationFailed(
            _("The student already follows this focus area."),
            fields={"add": [_("Already chosen.")]},
            code=LearningError.AREA_ALREADY_CHOSEN,
        )
    if add.pk not in catalogue.offered_area_ids(profile.centre):
        raise ValidationFailed(
            _("Choose among the focus areas the centre offers."),
            fields={"add": [_("Not offered by the centre.")]},
            code=LearningError.AREA_NOT_OFFERED,
        )
    now = timezone.now()
    current.dropped_at, current.changed_by, current.reason = now, actor, reason.strip()[:300]
    current.save(update_fields=["dropped_at", "changed_by", "reason", "updated_at"])
    return FocusChoice.objects.create(
        centre=profile.centre,
        student=student,
        focus_area=add,
        chosen_at=now,
        changed_by=actor,
        reason=reason[:300],
    )


# --- Activities ------------------------------------------------------------------------------


def _progress(student: User, activity: Activity) -> ActivityProgress:
    profile = _profile(student)
    try:
        with transaction.atomic():
            progress, _created = ActivityProgress.objects.select_for_update().get_or_create(
                student=student, activity=activity, defaults={"centre": profile.centre}
            )
    except IntegrityError:  # a simultaneous first request created it
        progress = ActivityProgress.objects.select_for_update().get(
            student=student, activity=activity
        )
    return progress


@transaction.atomic
def activity_start(*, student: User, activity: Activity) -> ActivityProgress:
    _activity_for(student, activity)
    return _progress(student, activity)


@transaction.atomic
def tutorial_complete(*, student: User, activity: Activity) -> ActivityProgress:
    _activity_for(student, activity)
    if activity.kind != ActivityKind.TUTORIAL:
        raise ValidationFailed(
            _("Only a tutorial is marked done by the student."), code=LearningError.WRONG_KIND
        )
    progress = _progress(student, activity)
    if progress.status != ProgressStatus.DONE:
        progress.status, progress.completed_at = ProgressStatus.DONE, timezone.now()
        progress.save(update_fields=["status", "completed_at", "updated_at"])
    return progress


@dataclass(frozen=True)
class QuizLine:
    """One item of a sent sitting: right or not, the answer as checked, and whether its
    explanation may be shown (once answered right, or after the quiz's number of wrong
    answers to it: before that, the explanation would give the answer away)."""

    item: QuizItem
    correct: bool
    answer: Any
    revealed: bool


class QuizResult:
    def __init__(
        self,
        *,
        lines: list[QuizLine],
        progress: ActivityProgress,
        replay: bool = False,
    ) -> None:
        self.lines = lines
        self.progress = progress
        self.replay = replay

    @property
    def score(self) -> float:
        return sum(line.correct for line in self.lines) / len(self.lines) if self.lines else 0.0

    @property
    def passed(self) -> bool:
        return self.score >= QUIZ_PASS


def _bank(items: Sequence[QuizItem]) -> list[BankItem]:
    return [
        BankItem(
            id=item.pk,
            group=item.competency_id,
            choices=len(item.spec.get("choices", [])) if item.kind in CHOICE_KINDS else 0,
        )
        for item in items
    ]


def _sitting_fits(sitting: QuizSitting, items: Sequence[QuizItem]) -> bool:
    """Whether an open sitting still matches the quiz (its items may have been re-imported
    or edited since it was drawn)."""
    shapes = {b.id: b.choices for b in _bank(items)}
    return all(
        entry["item"] in shapes and len(entry["order"]) == shapes[entry["item"]]
        for entry in sitting.items
    )


def _quiz_items(student: User, activity: Activity) -> list[QuizItem]:
    """The items of a quiz open to the student, or why not (not a quiz, no question yet)."""
    _activity_for(student, activity)
    if activity.kind != ActivityKind.QUIZ:
        raise ValidationFailed(_("This activity is not a quiz."), code=LearningError.WRONG_KIND)
    items = list(activity.quiz_items.all())
    if not items:
        raise ValidationFailed(_("This quiz has no questions yet."), code=LearningError.QUIZ_EMPTY)
    return items


def quiz_sitting_open(*, student: User, activity: Activity) -> QuizSitting:
    """The student's open sitting of this quiz: the one already drawn (reloading the page
    asks the same questions), or a new draw from the bank (``engine.quiz.draw``): the
    quiz's ``quiz_draw`` items spread over its competencies, those never asked first and those
    answered right last, shuffled, with shuffled choices."""
    items = _quiz_items(student, activity)
    mine = QuizSitting.objects.filter(student=student, activity=activity)
    current = mine.filter(submitted_at__isnull=True).first()
    if current is not None and _sitting_fits(current, items):
        return current
    history = (
        Attempt.objects.filter(student=student, activity=activity, item__isnull=False)
        .values("item_id")
        .annotate(right=Count("id", filter=Q(correct=True)))
    )
    seen = {row["item_id"]: ANSWERED_RIGHT if row["right"] else ANSWERED_WRONG for row in history}
    drawn = draw(_bank(items), activity.quiz_draw, secrets.randbits(64), seen=seen)
    try:
        with transaction.atomic():
            if current is not None:
                current.delete()  # drawn from questions that changed since
            return QuizSitting.objects.create(
                centre=_profile(student).centre,
                student=student,
                activity=activity,
                items=[{"item": d.id, "order": list(d.order)} for d in drawn],
            )
    except IntegrityError:  # drawn meanwhile by a concurrent request: that one is shown
        return mine.get(submitted_at__isnull=True)


def _revealed(student: User, lines: Sequence[tuple[QuizItem, bool, Any]], after: int) -> set[int]:
    """The items whose explanation may be shown: answered right (now or before), or answered
    wrong at least ``after`` times (0: never on that count)."""
    ids = [item.pk for item, _ok, _answer in lines]
    counts = (
        Attempt.objects.filter(student=student, item_id__in=ids)
        .values("item_id")
        .annotate(
            right=Count("id", filter=Q(correct=True)), wrong=Count("id", filter=Q(correct=False))
        )
    )
    return {
        row["item_id"]
        for row in counts
        if row["right"] > 0 or (after > 0 and row["wrong"] >= after)
    }


@transaction.atomic
def quiz_submit(
    *,
    student: User,
    activity: Activity,
    answers: Mapping[str, Sequence[str]],
    sitting: uuid_lib.UUID | str,
    seconds: int | None = None,
) -> QuizResult:
    """Check every answer of the sitting ``sitting`` (its items, choices as shown), then
    record them all (or nothing) and close the sitting. Sending the same sitting again
    returns the first result and records nothing. Answers to items the sitting does not
    hold are ignored."""
    items = _quiz_items(student, activity)
    progress = _progress(student, activity)
    stale = ValidationFailed(
        _("These questions are no longer the quiz's: here are its questions again."),
        code=LearningError.SITTING_UNKNOWN,
    )
    try:
        found = (
            QuizSitting.objects.select_for_update()
            .filter(student=student, activity=activity, uuid=sitting)
            .first()
        )
    except (ValueError, ValidationError) as exc:
        raise stale from exc
    if found is None:
        raise stale
    by_id = {item.pk: item for item in items}
    if found.submitted_at is not None:
        earlier = Attempt.objects.filter(
            student=student, activity=activity, answer__batch=str(found.uuid)
        )
        by_item = {a.item_id: a for a in earlier}
        replayed = [
            (
                by_id[e["item"]],
                by_item[e["item"]].correct,
                (by_item[e["item"]].answer or {}).get("value"),
            )
            for e in found.items
            if e["item"] in by_id and e["item"] in by_item
        ]
        shown = _revealed(student, replayed, activity.quiz_reveal_after)
        return QuizResult(
            lines=[QuizLine(i, ok, a, i.pk in shown) for i, ok, a in replayed],
            progress=progress,
            replay=True,
        )
    if not _sitting_fits(found, items):  # quiz_sitting_open replaces it with a new draw
        raise stale
    checked: list[tuple[QuizItem, bool, Any]] = []
    errors: dict[str, list[str]] = {}
    for entry in found.items:
        item = by_id[entry["item"]]
        given = answers.get(str(item.uuid))
        if not given or not any(str(g).strip() for g in given):
            errors[str(item.uuid)] = [_("Answer this question.")]
            continue
        if item.kind in CHOICE_KINDS:
            given = shown_to_spec(entry["order"], list(given))
        try:
            outcome = check(item.spec, list(given))
        except AnswerError:
            errors[str(item.uuid)] = [_("This answer cannot be read; check its form.")]
            continue
        checked.append((item, outcome.correct, outcome.answer))
    if errors:
        raise ValidationFailed(
            _("Some questions need an answer."), fields=errors, code=LearningError.ANSWERS_INVALID
        )
    now = timezone.now()
    Attempt.objects.bulk_create(
        Attempt(
            centre=progress.centre,
            student=student,
            activity=activity,
            item=item,
            correct=ok,
            answer={"value": value, "batch": str(found.uuid)},
            answered_at=now,
            seconds=seconds,
        )
        for item, ok, value in checked
    )
    found.submitted_at = now
    found.save(update_fields=["submitted_at", "updated_at"])
    _observe(
        student,
        activity,
        [(item.pk, ok) for item, ok, _value in checked],
        at=now,
        checks={item.pk: item.competency_id for item, _ok, _value in checked},
    )
    shown = _revealed(student, checked, activity.quiz_reveal_after)
    result = QuizResult(
        lines=[QuizLine(i, ok, a, i.pk in shown) for i, ok, a in checked], progress=progress
    )
    progress.best_score = max(progress.best_score or 0.0, result.score)
    if result.passed and progress.status != ProgressStatus.DONE:
        progress.status, progress.completed_at = ProgressStatus.DONE, now
    progress.save()
    return result


# --- Projects --------------------------------------------------------------------------------


def project_submit(
    *, student: User, activity: Activity, upload: UploadedFile[Any], note: str = ""
) -> Submission:
    """Store the file and record the submission together: if the record fails, the file is
    removed, so nothing is half-stored."""
    _activity_for(student, activity)
    if activity.kind != ActivityKind.PROJECT:
        raise ValidationFailed(_("This activity is not a project."), code=LearningError.WRONG_KIND)
    kind, content_type = check_upload(upload)
    profile = _profile(student)
    stored_name: str | None = None
    try:
        with transaction.atomic():
            User.objects.select_for_update().get(pk=student.pk)
            if Submission.objects.filter(
                student=student, activity=activity, status=SubmissionStatus.SUBMITTED
            ).exists():
                raise Conflict(
                    _("Your work is already waiting for review."),
                    code=LearningError.ALREADY_WAITING,
                )
            if Submission.objects.filter(
                student=student, activity=activity, status=SubmissionStatus.APPROVED
            ).exists():
                raise Conflict(
                    _("This project is already approved."), code=LearningError.ALREADY_APPROVED
                )
            version = (
                Submission.objects.filter(student=student, activity=activity).aggregate(
                    v=Max("version")
                )["v"]
                or 0
            ) + 1
            submission = Submission(
                centre=profile.centre,
                student=student,
                activity=activity,
                version=version,
                original_name=str(upload.name)[-200:],
                media_kind=kind.key,
                content_type=content_type,
                size=upload.size or 0,
                note=note[:2000],
            )
            submission.file.save(str(upload.name)[-100:], upload, save=False)
            stored_name = submission.file.name
            submission.save()
            progress = _progress(student, activity)
            progress.status = ProgressStatus.SUBMITTED
            progress.save(update_fields=["status", "updated_at"])
            _tell_reviewers(submission)
            return submission
    except Exception:
        if stored_name:
            default_storage.delete(stored_name)
        raise


@transaction.atomic
def submission_review(
    *, actor: Actor, submission: Submission, approve: bool, comment: str = ""
) -> Submission:
    submission_policy.get_editable(actor, pk=submission.pk)
    if not isinstance(actor, User):  # an anonymous actor sees no submission
        raise NotFound()
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.status != SubmissionStatus.SUBMITTED:
        raise Conflict(
            _("This work has already been reviewed."), code=LearningError.ALREADY_REVIEWED
        )
    if not approve and not comment.strip():
        raise ValidationFailed(
            _("Say what to change."),
            fields={"comment": [_("Say what to change.")]},
            code=LearningError.COMMENT_REQUIRED,
        )
    now = timezone.now()
    locked.status = SubmissionStatus.APPROVED if approve else SubmissionStatus.CHANGES
    locked.reviewer, locked.comment, locked.reviewed_at = actor, comment.strip()[:4000], now
    locked.save()
    progress = _progress(locked.student, locked.activity)
    progress.status = ProgressStatus.DONE if approve else ProgressStatus.CHANGES
    if approve:
        progress.completed_at = now
    progress.save()
    Attempt.objects.create(
        centre=locked.centre,
        student=locked.student,
        activity=locked.activity,
        correct=approve,
        answer={"submission": str(locked.uuid)},
        answered_at=now,
    )
    _observe(locked.student, locked.activity, [(None, approve)], at=now)
    _tell_family(locked)
    return locked


def _tell_reviewers(submission: Submission) -> None:
    """A project waits: its student's coaches and the experts who lead labs of its area in the
    centre are told (a work item: by default in their daily digest)."""
    student, activity = submission.student, submission.activity
    reviewers = list(
        User.objects.filter(
            Q(caseload__student=student)
            | Q(pk__in=expert_ids_for(submission.centre_id, activity.focus_area_id))
        ).distinct()
    )
    notifications.notify(
        recipients=reviewers,
        kind=Kind.REVIEW_WAITING,
        params={"student": student.get_full_name(), "activity": activity.title},
        url=reverse("learning:review", args=[submission.uuid]),
        centre_id=submission.centre_id,
        dedupe_key=f"submission:{submission.uuid}",
    )


def _tell_family(submission: Submission) -> None:
    """The student and their guardians learn that a project is approved or returned."""
    student = submission.student
    approved = submission.status == SubmissionStatus.APPROVED
    notifications.notify(
        recipients=[student, *guardians_of(student)],
        kind=Kind.PROJECT_APPROVED if approved else Kind.PROJECT_RETURNED,
        params={"activity": submission.activity.title, "comment": submission.comment[:300]},
        url=reverse("learning:activity", args=[submission.activity.uuid]),
        centre_id=submission.centre_id,
        dedupe_key=f"submission:{submission.uuid}:{submission.status}",
    )


# --- Mastery ---------------------------------------------------------------------------------


def params_for(
    centre_id: int, competency_ids: Iterable[int]
) -> dict[int, mastery_ability.SkillParams]:
    """The centre's fitted parameters of these competencies (those never fitted are absent:
    the engine's defaults serve them)."""
    return {
        p.competency_id: mastery_ability.SkillParams(
            p_init=p.p_init,
            p_learn=p.p_learn,
            p_guess=min(p.p_guess, 0.5),
            p_slip=min(p.p_slip, 0.5),
            init_ability=p.init_ability,
            learn_ability=p.learn_ability,
            guess_practice=p.guess_practice,
            slip_practice=p.slip_practice,
        )
        for p in MasteryParams.objects.filter(
            centre_id=centre_id, competency_id__in=list(competency_ids)
        )
    }


def trace_of(row: Mastery) -> mastery_ability.Trace:
    """The engine's state kept on a mastery row; a row from before the ability model (or
    unreadable) knows only its probability."""
    try:
        return mastery_ability.Trace.from_dict(row.trace)
    except ValueError:
        return mastery_ability.Trace.flat(row.p_known, row.observations)


def _observe(
    student: User,
    activity: Activity,
    answers: Sequence[tuple[int | None, bool]],
    *,
    at: dt.datetime,
    checks: Mapping[int, int | None] | None = None,
) -> None:
    """Update the student's mastery after answers on an activity: (quiz item or None, right)
    each, an observation on every competency the activity practises. The student's ability
    comes from all their competencies, so every one of their estimates is updated. An answer
    to an item the student last answered less than ``RETRY_WINDOW`` before is a retry: it is
    recorded but not counted (``mastery_ability.is_retry``). ``checks`` names the competency
    an item checks: its answer is evidence about that competency only (when it is one of the
    activity's), else about every competency of the activity."""
    profile = _profile(student)
    comp_ids = list(activity.competencies.values_list("pk", flat=True))
    if not comp_ids or not answers:
        return
    params = params_for(profile.centre_id, comp_ids)
    mine = Mastery.objects.select_for_update().filter(student=student).order_by("pk")
    rows = {row.competency_id: row for row in mine}
    for comp_id in comp_ids:
        if comp_id in rows:
            continue
        start = mastery_ability.start(params.get(comp_id, mastery_ability.DEFAULT_PARAMS))
        try:
            with transaction.atomic():
                rows[comp_id] = Mastery.objects.create(
                    centre=profile.centre,
                    student=student,
                    competency_id=comp_id,
                    p_known=mastery_ability.p_known(start, mastery_ability.ABILITY_WEIGHTS),
                    trace=start.as_dict(),
                )
        except IntegrityError:  # created meanwhile by a concurrent answer
            rows[comp_id] = Mastery.objects.select_for_update().get(
                student=student, competency_id=comp_id
            )
    traces = {comp_id: trace_of(row) for comp_id, row in rows.items()}
    items = [item for item, _ in answers if item is not None]
    last_seen = dict(
        Attempt.objects.filter(student=student, item_id__in=items, answered_at__lt=at)
        .values("item_id")
        .annotate(last=Max("answered_at"))
        .values_list("item_id", "last")
    )
    for item, correct in answers:
        previous = last_seen.get(item) if item is not None else None
        counts = not mastery_ability.is_retry(
            previous.timestamp() if previous is not None else None, at.timestamp()
        )
        checked = (checks or {}).get(item) if item is not None else None
        for comp_id in evidence_for(checked, comp_ids):
            p = params.get(comp_id, mastery_ability.DEFAULT_PARAMS)
            traces[comp_id] = mastery_ability.observe(traces[comp_id], correct, p, counted=counts)
            rows[comp_id].observations += 1
    estimates = mastery_ability.student_mastery(traces)
    now = timezone.now()
    for comp_id, row in rows.items():
        row.p_known = estimates[comp_id]
        row.trace = traces[comp_id].as_dict()
        row.updated_at = now
    Mastery.objects.bulk_update(
        list(rows.values()), ["p_known", "trace", "observations", "updated_at"]
    )


def mastery_fit_request(*, actor: Actor, centre: Centre) -> MasteryFit:
    """Queue a refit of the centre's model. Idempotent: a fit already queued or running is
    returned instead of a second one."""
    if not isinstance(actor, User) or not can_manage_centre(actor, centre):
        raise Forbidden()
    active = MasteryFit.objects.filter(centre=centre, status__in=["queued", "running"]).first()
    if active:
        return active
    try:
        with transaction.atomic():
            fit = MasteryFit.objects.create(centre=centre, requested_by=actor)
    except IntegrityError:
        return MasteryFit.objects.get(centre=centre, status__in=["queued", "running"])
    transaction.on_commit(lambda: fit_centre_mastery.enqueue(fit.pk))
    return fit
