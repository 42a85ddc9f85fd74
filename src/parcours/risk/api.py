"""The early warning's API: the alerts the caller may read, and closing one with its
outcome; the same rules as the pages (the centre's coaches and managers, network admins)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from parcours.core.api import ERRORS, MAX_LIMIT, MAX_OFFSET
from parcours.risk import selectors, services

if TYPE_CHECKING:
    from parcours.risk.models import Alert, RiskFit

router = Router(tags=["early warning"])


class AlertOut(Schema):
    uuid: UUID
    student: UUID
    first_name: str
    last_name: str
    centre: str
    opened_on: date
    probability: float
    method: str = Field(description="model (the centre's) or rule (absences in a row)")
    reasons: list[str] = Field(description="why, in the reader's language")
    coach: UUID | None
    outcome: str
    note: str
    closed_at: datetime | None


class AlertFilters(Schema):
    status: Literal["open", "closed", "all"] = "open"
    q: str = Field("", max_length=100)
    mine: bool = False
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class AlertPage(Schema):
    count: int
    items: list[AlertOut]


class CloseIn(Schema):
    outcome: Literal["contacted", "back", "left", "false_alarm"]
    note: str = Field("", max_length=500)


def alert_out(alert: Alert) -> AlertOut:
    return AlertOut(
        uuid=alert.uuid,
        student=alert.student.uuid,
        first_name=alert.student.first_name,
        last_name=alert.student.last_name,
        centre=alert.centre.slug,
        opened_on=alert.opened_on,
        probability=round(alert.probability, 4),
        method=alert.method,
        reasons=selectors.reasons_text(alert.reasons),
        coach=alert.coach.uuid if alert.coach else None,
        outcome=alert.outcome,
        note=alert.note,
        closed_at=alert.closed_at,
    )


@router.get("/coaching/alerts", response={200: AlertPage, **ERRORS})
def list_alerts(request: HttpRequest, filters: Query[AlertFilters]) -> AlertPage:
    rows = selectors.alert_list(
        user=request.user, status=filters.status, q=filters.q, mine=filters.mine
    )
    page = rows[filters.offset : filters.offset + filters.limit]
    return AlertPage(count=rows.count(), items=[alert_out(a) for a in page])


@router.post("/coaching/alerts/{uuid}/close", response={200: AlertOut, **ERRORS})
def close_alert(request: HttpRequest, uuid: UUID, payload: CloseIn) -> AlertOut:
    alert = selectors.alert_get(user=request.user, uuid=uuid)
    closed = services.alert_close(
        actor=request.user, alert=alert, outcome=payload.outcome, note=payload.note
    )
    return alert_out(selectors.alert_get(user=request.user, uuid=closed.uuid))


class RiskFitOut(Schema):
    uuid: UUID
    status: str = Field(description="queued, running, done or failed")
    progress: int
    message: str
    created_at: datetime
    finished_at: datetime | None
    figures: dict[str, Any] = Field(
        description="what the training measured on held-out students: model and rule "
        "(auc, pr_auc, precision_top, recall_top), calibration bands, recall per group "
        "(groups under the minimum cell size left out)"
    )


class ModelOut(Schema):
    active: RiskFitOut | None
    latest: RiskFitOut | None


def fit_out(fit: RiskFit | None) -> RiskFitOut | None:
    if fit is None:
        return None
    return RiskFitOut(
        uuid=fit.uuid,
        status=fit.status,
        progress=fit.progress,
        message=fit.message,
        created_at=fit.created_at,
        finished_at=fit.finished_at,
        figures=fit.figures,
    )


@router.get("/coaching/centres/{slug}/model", response={200: ModelOut, **ERRORS})
def centre_model(request: HttpRequest, slug: str) -> ModelOut:
    """The centre's early-warning model: the training under way, and the last one's figures."""
    centre = selectors.model_centre(user=request.user, slug=slug)
    page = selectors.model_page(user=request.user, centre=centre)
    return ModelOut(active=fit_out(page.active), latest=fit_out(page.latest))


@router.post("/coaching/centres/{slug}/model/fit", response={202: RiskFitOut, **ERRORS})
def train_model(request: HttpRequest, slug: str) -> Status:
    """Queue a training (the worker runs it); one already queued or running is returned."""
    centre = selectors.model_centre(user=request.user, slug=slug)
    fit = services.fit_request(actor=request.user, centre=centre)
    return Status(202, fit_out(fit))
