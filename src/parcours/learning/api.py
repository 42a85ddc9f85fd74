"""The learning path over HTTP: the same services, selectors and policies as the pages."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status, UploadedFile
from pydantic import Field

from parcours.catalogue import selectors as catalogue
from parcours.catalogue.models import Activity, FocusArea
from parcours.centres import selectors as centres
from parcours.core.api import ERRORS
from parcours.core.errors import Forbidden, NotFound, ValidationFailed
from parcours.learning import selectors, services
from parcours.learning.models import MasteryFit
from parcours.learning.permissions import can_follow, submission_policy
from parcours.people.models import User

router = Router(tags=["learning"])


class LevelOut(Schema):
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


class CompetencyOut(Schema):
    key: str
    name: str
    mastery: float
    mastered: bool


class PathOut(Schema):
    focus_area: str
    levels: list[LevelOut]
    activities: list[ActivityStateOut]
    next_activity: UUID | None
    reason: str
    competencies: list[CompetencyOut]
    unlocked_levels: list[int]


class QuizItemOut(Schema):
    uuid: UUID
    type: str
    prompt: dict[str, str]
    choices: list[dict[str, str]] = []


class QuizIn(Schema):
    answers: dict[str, list[str]] = Field(..., description="quiz item uuid -> answer(s)")
    batch: UUID | None = Field(None, description="one id per sending; resending changes nothing")
    seconds: int | None = Field(None, ge=0, le=86_400)


class QuizItemResultOut(Schema):
    uuid: UUID
    correct: bool
    feedback: dict[str, str]


class QuizResultOut(Schema):
    score: float
    passed: bool
    replay: bool
    items: list[QuizItemResultOut]


class ChoiceIn(Schema):
    areas: list[str] = Field(..., min_length=1, max_length=12)


class SubmissionOut(Schema):
    uuid: UUID
    activity: UUID = Field(..., alias="activity.uuid")
    student: UUID = Field(..., alias="student.uuid")
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


class FitOut(Schema):
    uuid: UUID
    status: str
    progress: int
    rows: int
    competencies: int
    seconds: float | None
    message: str
    created_at: datetime


def _path_out(path: selectors.AreaPath) -> dict[str, Any]:
    return {
        "focus_area": path.area.slug,
        "levels": [
            {
                "level": lv.number,
                "name": lv.name,
                "percent": lv.state.percent,
                "required_done": lv.state.required_done,
                "required_total": lv.state.required_total,
                "competencies_mastered": len(lv.state.mastered),
                "competencies_assessed": len(lv.state.assessed),
                "complete": lv.state.complete,
            }
            for lv in path.levels
        ],
        "activities": [
            {
                "uuid": r.activity.uuid,
                "title": r.activity.title,
                "kind": r.activity.kind,
                "level": r.activity.level,
                "required": r.activity.required,
                "status": r.status,
                "open": r.is_open,
            }
            for lv in path.levels
            for r in lv.activities
        ],
        "next_activity": path.suggestion.uuid if path.suggestion else None,
        "reason": path.reason,
        "competencies": [
            {
                "key": c.competency.key,
                "name": c.competency.name,
                "mastery": round(c.p_known, 4),
                "mastered": c.mastered,
            }
            for c in path.competencies
        ],
        "unlocked_levels": path.unlocked_levels,
    }


def _student(request: HttpRequest) -> Any:
    if getattr(request.user, "student_profile", None) is None:
        raise Forbidden("This is for students.")
    return request.user


def _activity(student: Any, uuid: UUID) -> Activity:
    activity = catalogue.activity_get(user=student, uuid=uuid)
    if (
        not catalogue.offered_areas(student.student_profile.centre)
        .filter(pk=activity.focus_area_id)
        .exists()
    ):
        raise NotFound()
    return activity


@router.get("/me/path", response={200: list[PathOut], **ERRORS})
def my_path(request: HttpRequest) -> list[dict[str, Any]]:
    student = _student(request)
    return [_path_out(p) for p in selectors.dashboard(student).paths]


@router.get("/students/{uuid}/path", response={200: list[PathOut], **ERRORS})
def student_path(request: HttpRequest, uuid: UUID) -> list[dict[str, Any]]:
    student = User.objects.filter(uuid=uuid, student_profile__isnull=False).first()
    if student is None or not can_follow(request.user, student):
        raise NotFound()
    return [_path_out(p) for p in selectors.dashboard(student).paths]


@router.post("/me/focus-areas", response={200: list[str], **ERRORS})
def choose(request: HttpRequest, payload: ChoiceIn) -> list[str]:
    student = _student(request)
    areas = list(FocusArea.objects.filter(slug__in=payload.areas))
    if len(areas) != len(set(payload.areas)):
        raise ValidationFailed(fields={"areas": ["unknown focus area"]})
    choices = services.focus_choose(student=student, areas=areas)
    return [c.focus_area.slug for c in choices]


@router.post("/me/activities/{uuid}/done", response={200: dict, **ERRORS})
def tutorial_done(request: HttpRequest, uuid: UUID) -> dict[str, str]:
    student = _student(request)
    progress = services.tutorial_complete(student=student, activity=_activity(student, uuid))
    return {"status": progress.status}


@router.get("/me/activities/{uuid}/quiz", response={200: list[QuizItemOut], **ERRORS})
def quiz_items(request: HttpRequest, uuid: UUID) -> list[dict[str, Any]]:
    """The questions, never the answers."""
    student = _student(request)
    activity = _activity(student, uuid)
    return [
        {
            "uuid": i.uuid,
            "type": i.spec["type"],
            "prompt": i.spec["prompt"],
            "choices": i.spec.get("choices", []),
        }
        for i in activity.quiz_items.order_by("order")
    ]


@router.post("/me/activities/{uuid}/quiz", response={200: QuizResultOut, **ERRORS})
def quiz_answer(request: HttpRequest, uuid: UUID, payload: QuizIn) -> dict[str, Any]:
    student = _student(request)
    result = services.quiz_submit(
        student=student,
        activity=_activity(student, uuid),
        answers=payload.answers,
        batch=payload.batch,
        seconds=payload.seconds,
    )
    return {
        "score": round(result.score, 4),
        "passed": result.passed,
        "replay": result.replay,
        "items": [
            {"uuid": item.uuid, "correct": ok, "feedback": item.spec.get("feedback", {})}
            for item, ok, _a in result.items
        ],
    }


@router.post("/me/activities/{uuid}/project", response={201: SubmissionOut, **ERRORS})
def project(
    request: HttpRequest, uuid: UUID, file: File[UploadedFile], note: Form[str] = ""
) -> Status:
    student = _student(request)
    submission = services.project_submit(
        student=student, activity=_activity(student, uuid), upload=file, note=note[:2000]
    )
    return Status(201, submission)


@router.get("/reviews", response={200: list[SubmissionOut], **ERRORS})
def reviews(request: HttpRequest) -> list[Any]:
    return list(selectors.review_queue(request.user))


@router.post("/submissions/{uuid}/review", response={200: SubmissionOut, **ERRORS})
def review(request: HttpRequest, uuid: UUID, payload: ReviewIn) -> Any:
    submission = submission_policy.get_visible(request.user, uuid=uuid)
    return services.submission_review(
        actor=request.user, submission=submission, approve=payload.approve, comment=payload.comment
    )


@router.post("/centres/{slug}/mastery/fit", response={202: FitOut, **ERRORS})
def fit(request: HttpRequest, slug: str) -> Status:
    centre = centres.centre_get(user=request.user, slug=slug)
    return Status(202, services.mastery_fit_request(actor=request.user, centre=centre))


@router.get("/centres/{slug}/mastery/fits", response={200: list[FitOut], **ERRORS})
def fits(request: HttpRequest, slug: str) -> list[Any]:
    from parcours.centres.permissions import can_manage_centre

    centre = centres.centre_get(user=request.user, slug=slug)
    if not can_manage_centre(request.user, centre):
        raise Forbidden()
    return list(MasteryFit.objects.filter(centre=centre)[:20])
