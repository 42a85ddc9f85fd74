"""Privacy rights over HTTP, with the pages' permissions: a student's data as a ZIP, erasure
requests made, listed, cancelled and decided."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from parcours.core.api import ERRORS, filled
from parcours.privacy import selectors, services

if TYPE_CHECKING:
    from parcours.privacy.models import ErasureRequest, RetentionPolicy

router = Router(tags=["privacy"])


class SubjectOut(Schema):
    student: UUID
    name: str
    centre: str
    can_download: bool
    can_request_erasure: bool
    open_request: UUID | None


class ErasureIn(Schema):
    reason: str = Field("", max_length=2000)


class ErasureRefuseIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


class ErasureOut(Schema):
    uuid: UUID
    student: UUID
    centre: str
    status: str
    requested_by: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    refusal_reason: str
    summary: dict[str, int]


class StatusQuery(Schema):
    status: str = Field("", max_length=20, description="requested, refused, cancelled, done")


def erasure_out(r: ErasureRequest) -> ErasureOut:
    return ErasureOut(
        uuid=r.uuid,
        student=r.student.uuid,
        centre=r.centre.slug,
        status=r.status,
        requested_by=str(r.requested_by) if r.requested_by else "",
        requested_at=r.created_at,
        decided_at=r.decided_at,
        refusal_reason=r.refusal_reason,
        summary={str(k): int(v) for k, v in (r.summary or {}).items()},
    )


@router.get("/privacy/students", response={200: list[SubjectOut], **ERRORS})
def list_subjects(request: HttpRequest) -> list[SubjectOut]:
    """The students whose rights the user exercises: themselves and their wards."""
    return [
        SubjectOut(
            student=s.student.uuid,
            name=s.student.get_full_name(),
            centre=s.student.student_profile.centre.slug,
            can_download=s.can_download,
            can_request_erasure=s.can_request,
            open_request=s.open_request.uuid if s.open_request else None,
        )
        for s in selectors.family_subjects(request.user)
    ]


@router.post(
    "/privacy/students/{uuid}/export",
    response={200: bytes, **ERRORS},
    openapi_extra={
        "responses": {200: {"content": {"application/zip": {}}, "description": "the ZIP"}}
    },
)
def export(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The student's data as a ZIP (data.json, files/, README.html); recorded."""
    student = selectors.student_get(user=request.user, uuid=uuid)
    made = services.data_export(actor=request.user, student=student)
    response = HttpResponse(made.archive.data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{made.archive.name}"'
    return response


@router.post(
    "/privacy/students/{uuid}/erasure-requests",
    response={201: ErasureOut, 200: ErasureOut, **ERRORS},
)
def ask(request: HttpRequest, uuid: UUID, payload: ErasureIn) -> Status[ErasureOut]:
    """Ask to erase the student's data (guardians; the student once an adult). Asking again
    while one waits answers 200 with it."""
    student = selectors.student_get(user=request.user, uuid=uuid)
    before = selectors.open_request_of(student)
    made = services.erasure_request(actor=request.user, student=student, reason=payload.reason)
    return Status(200 if before is not None else 201, erasure_out(made))


@router.get("/privacy/erasure-requests", response={200: list[ErasureOut], **ERRORS})
def list_requests(request: HttpRequest, q: Query[StatusQuery]) -> list[ErasureOut]:
    """Requests one may see: the family's own; a manager's centres'; all for network admins."""
    return [erasure_out(r) for r in selectors.requests_visible(request.user, status=q.status)[:500]]


@router.get("/privacy/erasure-requests/{uuid}", response={200: ErasureOut, **ERRORS})
def get_request(request: HttpRequest, uuid: UUID) -> ErasureOut:
    return erasure_out(selectors.request_get(user=request.user, uuid=uuid))


@router.post("/privacy/erasure-requests/{uuid}/cancel", response={200: ErasureOut, **ERRORS})
def cancel(request: HttpRequest, uuid: UUID) -> ErasureOut:
    found = selectors.request_get(user=request.user, uuid=uuid)
    return erasure_out(services.erasure_cancel(actor=request.user, request=found))


@router.post("/privacy/erasure-requests/{uuid}/approve", response={200: ErasureOut, **ERRORS})
def approve(request: HttpRequest, uuid: UUID) -> ErasureOut:
    """Approve and erase at once (the centre's managers, network admins)."""
    found = selectors.request_get(user=request.user, uuid=uuid)
    return erasure_out(services.erasure_approve(actor=request.user, request=found))


@router.post("/privacy/erasure-requests/{uuid}/refuse", response={200: ErasureOut, **ERRORS})
def refuse(request: HttpRequest, uuid: UUID, payload: ErasureRefuseIn) -> ErasureOut:
    found = selectors.request_get(user=request.user, uuid=uuid)
    return erasure_out(
        services.erasure_refuse(actor=request.user, request=found, reason=payload.reason)
    )


class RetentionOut(Schema):
    closed_requests_months: int
    past_students_months: int
    kiosk_months: int
    audit_months: int


class RetentionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    closed_requests_months: int | None = Field(None, ge=1, le=120)
    past_students_months: int | None = Field(None, ge=1, le=120)
    kiosk_months: int | None = Field(None, ge=1, le=120)
    audit_months: int | None = Field(None, ge=6, le=120)


def retention_out(policy: RetentionPolicy) -> RetentionOut:
    return filled(RetentionOut, policy)


@router.get("/privacy/retention", response={200: RetentionOut, **ERRORS})
def get_retention(request: HttpRequest) -> RetentionOut:
    """The network's retention rules, in months (network admins)."""
    return retention_out(selectors.retention_get(request.user))


@router.patch("/privacy/retention", response={200: RetentionOut, **ERRORS})
def set_retention(request: HttpRequest, payload: RetentionIn) -> RetentionOut:
    """Change some of the retention rules (network admins); the worker applies them nightly."""
    policy = selectors.retention_get(request.user)
    values = {k: v for k, v in payload.dict().items() if v is not None}
    return retention_out(services.retention_update(actor=request.user, policy=policy, **values))
