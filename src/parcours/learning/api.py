"""The learning path over HTTP: the same services, selectors and policies as the pages.

Every answer is built by an explicit ``*_out`` function from what a selector or a service
returned; the schemas hold no resolvers."""

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status, UploadedFile
from pydantic import Field

from parcours.catalogue import selectors as catalogue
from parcours.centres import selectors as centres
from parcours.core.api import ERRORS, filled
from parcours.learning import selectors, services
from parcours.learning.permissions import learner, submission_policy

if TYPE_CHECKING:
    from parcours.catalogue.models import QuizItem
    from parcours.learning.models import MasteryFit, QuizSitting, Submission

router = Router(tags=["learning"])


class PathLevelOut(Schema):
    level: int
    name: str
    percent: int
    required_done: int
    required_total: int
    competencies_mastered: int
    competencies_assessed: int
    complete: bool


class ActivityStateOut(Schema):
    uuid: UUID
    title: str
    kind: str
    level: int
    required: bool
    status: str | None
    open: bool


class MasteryCompetencyOut(Schema):
    key: str
    name: str
    mastery: float
    mastered: bool


class PathOut(Schema):
    focus_area: str
    levels: list[PathLevelOut]
    activities: list[ActivityStateOut]
    next_activity: UUID | None
    reason: str
    competencies: list[MasteryCompetencyOut]
    unlocked_levels: list[int]


class QuizItemOut(Schema):
    uuid: UUID
    type: str
    prompt: dict[str, str]
    choices: list[dict[str, str]] = Field(
        [], description="in the order drawn for this sitting: answer with their places, from 0"
    )


class QuizSittingOut(Schema):
    sitting: UUID = Field(..., description="send it back with the answers")
    items: list[QuizItemOut]


class QuizIn(Schema):
    answers: dict[str, list[str]] = Field(
        ...,
        description="quiz item uuid -> answer(s); a choice by its place in the sitting's list",
    )
    sitting: UUID = Field(
        ..., description="the sitting answered (GET .../quiz); sending it again changes nothing"
    )
    seconds: int | None = Field(None, ge=0, le=86_400)


class QuizItemResultOut(Schema):
    uuid: UUID
    correct: bool
    revealed: bool = Field(
        ..., description="the explanation is given once right or after the quiz's wrong tries"
    )
    feedback: dict[str, str] = Field(..., description="empty until revealed")


class QuizResultOut(Schema):
    score: float
    passed: bool
    replay: bool
    items: list[QuizItemResultOut]


class ChoiceIn(Schema):
    areas: list[str] = Field(..., min_length=1, max_length=12)


class SubmissionOut(Schema):
    uuid: UUID
    activity: UUID
    student: UUID
    version: int
    status: str
    original_name: str
    media_kind: str
    size: int
    comment: str
    created_at: datetime
    reviewed_at: datetime | None


class ReviewIn(Schema):
    approve: bool
    comment: str = Field("", max_length=4000)


class MasteryFitOut(Schema):
    uuid: UUID
    status: str
    progress: int
    rows: int
    competencies: int
    seconds: float | None
    message: str
    created_at: datetime


class StatusOut(Schema):
    status: str


# --- Output mapping --------------------------------------------------------------------------


def path_out(path: selectors.AreaPath, *, own: bool = True) -> PathOut:
    return PathOut(
        focus_area=path.area.slug,
        levels=[
            PathLevelOut(
                level=lv.number,
                name=lv.name,
                percent=lv.state.percent,
                required_done=lv.state.required_done,
                required_total=lv.state.required_total,
                competencies_mastered=len(lv.state.mastered),
                competencies_assessed=len(lv.state.assessed),
                complete=lv.state.complete,
            )
            for lv in path.levels
        ],
        activities=[
            ActivityStateOut(
                uuid=r.activity.uuid,
                title=r.activity.title,
                kind=r.activity.kind,
                level=r.activity.level,
                required=r.activity.required,
                status=r.status,
                open=r.is_open,
            )
            for lv in path.levels
            for r in lv.activities
        ],
        next_activity=path.suggestion.uuid if path.suggestion else None,
        reason=path.reason if own else path.reason_about,
        competencies=[
            MasteryCompetencyOut(
                key=c.competency.key,
                name=c.competency.name,
                mastery=round(c.p_known, 4),
                mastered=c.mastered,
            )
            for c in path.competencies
        ],
        unlocked_levels=path.unlocked_levels,
    )


def quiz_sitting_out(sitting: "QuizSitting", items: "list[QuizItem]") -> QuizSittingOut:
    """The sitting's questions, choices in the order drawn, never the answers."""
    return QuizSittingOut(
        sitting=sitting.uuid,
        items=[
            QuizItemOut(
                uuid=item.uuid, type=item.spec["type"], prompt=item.spec["prompt"], choices=choices
            )
            for item, choices in selectors.sitting_items(sitting, items)
        ],
    )


def quiz_result_out(result: services.QuizResult) -> QuizResultOut:
    return QuizResultOut(
        score=round(result.score, 4),
        passed=result.passed,
        replay=result.replay,
        items=[
            QuizItemResultOut(
                uuid=line.item.uuid,
                correct=line.correct,
                revealed=line.revealed,
                feedback=line.item.spec.get("feedback", {}) if line.revealed else {},
            )
            for line in result.lines
        ],
    )


def submission_out(submission: "Submission") -> SubmissionOut:
    return filled(
        SubmissionOut,
        submission,
        activity=submission.activity.uuid,
        student=submission.student.uuid,
    )


def fit_out(fit: "MasteryFit") -> MasteryFitOut:
    return filled(MasteryFitOut, fit)


# --- Endpoints -------------------------------------------------------------------------------


@router.get("/me/path", response={200: list[PathOut], **ERRORS})
def my_path(request: HttpRequest) -> list[PathOut]:
    student = learner(request.user)
    return [path_out(p) for p in selectors.paths(student)]


@router.get("/students/{uuid}/path", response={200: list[PathOut], **ERRORS})
def student_path(request: HttpRequest, uuid: UUID) -> list[PathOut]:
    student = selectors.followed_student_get(user=request.user, uuid=uuid)
    return [path_out(p, own=False) for p in selectors.paths(student)]


@router.post("/me/focus-areas", response={200: list[str], **ERRORS})
def choose(request: HttpRequest, payload: ChoiceIn) -> list[str]:
    student = learner(request.user)
    areas = catalogue.focus_areas_get(user=student, slugs=payload.areas)
    choices = services.focus_choose(student=student, areas=areas)
    return [c.focus_area.slug for c in choices]


@router.post("/me/activities/{uuid}/done", response={200: StatusOut, **ERRORS})
def tutorial_done(request: HttpRequest, uuid: UUID) -> StatusOut:
    student = learner(request.user)
    activity = selectors.activity_for(student, uuid)
    progress = services.tutorial_complete(student=student, activity=activity)
    return StatusOut(status=progress.status)


@router.get("/me/activities/{uuid}/quiz", response={200: QuizSittingOut, **ERRORS})
def quiz_items(request: HttpRequest, uuid: UUID) -> QuizSittingOut:
    """The student's open sitting of the quiz (drawn from its bank on the first call, the
    same until answered): the questions with their choices shuffled, never the answers."""
    student = learner(request.user)
    activity = selectors.activity_for(student, uuid)
    sitting = services.quiz_sitting_open(student=student, activity=activity)
    return quiz_sitting_out(sitting, catalogue.quiz_items(activity))


@router.post("/me/activities/{uuid}/quiz", response={200: QuizResultOut, **ERRORS})
def quiz_answer(request: HttpRequest, uuid: UUID, payload: QuizIn) -> QuizResultOut:
    student = learner(request.user)
    result = services.quiz_submit(
        student=student,
        activity=selectors.activity_for(student, uuid),
        answers=payload.answers,
        sitting=payload.sitting,
        seconds=payload.seconds,
    )
    return quiz_result_out(result)


@router.post("/me/activities/{uuid}/project", response={201: SubmissionOut, **ERRORS})
def project(
    request: HttpRequest, uuid: UUID, file: File[UploadedFile], note: Form[str] = ""
) -> Status:
    student = learner(request.user)
    submission = services.project_submit(
        student=student,
        activity=selectors.activity_for(student, uuid),
        upload=file,
        note=note[:2000],
    )
    return Status(201, submission_out(submission))


@router.get("/reviews", response={200: list[SubmissionOut], **ERRORS})
def reviews(request: HttpRequest) -> list[SubmissionOut]:
    return [submission_out(s) for s in selectors.review_queue(request.user)]


@router.post("/submissions/{uuid}/review", response={200: SubmissionOut, **ERRORS})
def review(request: HttpRequest, uuid: UUID, payload: ReviewIn) -> SubmissionOut:
    submission = submission_policy.get_visible(request.user, uuid=uuid)
    reviewed = services.submission_review(
        actor=request.user, submission=submission, approve=payload.approve, comment=payload.comment
    )
    return submission_out(reviewed)


@router.post("/centres/{slug}/mastery/fit", response={202: MasteryFitOut, **ERRORS})
def fit(request: HttpRequest, slug: str) -> Status:
    centre = centres.centre_get(user=request.user, slug=slug)
    return Status(202, fit_out(services.mastery_fit_request(actor=request.user, centre=centre)))


@router.get("/centres/{slug}/mastery/fits", response={200: list[MasteryFitOut], **ERRORS})
def fits(request: HttpRequest, slug: str) -> list[MasteryFitOut]:
    centre = centres.centre_get(user=request.user, slug=slug)
    return [
        fit_out(f) for f in selectors.mastery_fits(user=request.user, centre=centre, limit=20).fits
    ]
