"""Prevention internships' API: a partner refers a young person by the internship's key and
reads its status by the private token (no sign-in); the centre's staff list internships,
read one with its referrals, decide, and record each day's attendance and log."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from parcours.centres.selectors import centre_get
from parcours.core.api import ERRORS
from parcours.core.errors import NotFound
from parcours.internships import selectors, services

router = Router(tags=["prevention internships"])


class InternshipRow(Schema):
    id: UUID
    title: str
    theme: str
    project_kind: str
    starts_on: dt.date
    ends_on: dt.date
    capacity: int
    referral_url: str


def _row(i: Any) -> InternshipRow:
    return InternshipRow(
        id=i.uuid,
        title=i.title,
        theme=i.theme,
        project_kind=i.project_kind,
        starts_on=i.starts_on,
        ends_on=i.ends_on,
        capacity=i.capacity,
        referral_url=reverse("internships:refer", args=[i.referral_key]),
    )


@router.get("/internships/centres/{slug}", response={200: list[InternshipRow], **ERRORS})
def list_internships(request: HttpRequest, slug: str) -> list[InternshipRow]:
    place = centre_get(user=request.user, slug=slug)
    if not services.runs(request.user, place.pk):
        raise NotFound()
    return [_row(i) for i in selectors.internships_of(place)[:100]]


class ReferralOut(Schema):
    id: UUID
    first_name: str
    last_name: str
    birth_date: dt.date
    referrer_organisation: str
    referrer_name: str
    guardian_consent: bool
    needs: str
    status: str
    decision_reason: str
    days_present: int
    follow_up: str


class InternshipOut(InternshipRow):
    referrals: list[ReferralOut]


@router.get("/internships/{uuid}", response={200: InternshipOut, **ERRORS})
def get_internship(request: HttpRequest, uuid: UUID) -> InternshipOut:
    i = selectors.internship_get(user=request.user, uuid=uuid)
    return InternshipOut(
        **_row(i).dict(),
        referrals=[
            ReferralOut(
                id=r.uuid,
                first_name=r.first_name,
                last_name=r.last_name,
                birth_date=r.birth_date,
                referrer_organisation=r.referrer_organisation,
                referrer_name=r.referrer_name,
                guardian_consent=r.guardian_consent,
                needs=r.needs,
                status=r.status,
                decision_reason=r.decision_reason,
                days_present=getattr(r, "days_came", 0),
                follow_up=r.follow_up,
            )
            for r in selectors.referrals(i)
        ],
    )


class DecisionIn(Schema):
    accept: bool
    reason: str = Field("", max_length=500)


class ReferralStatusOut(Schema):
    status: str
    internship: str
    starts_on: dt.date
    ends_on: dt.date


def _status(r: Any) -> ReferralStatusOut:
    i = r.internship
    return ReferralStatusOut(
        status=r.status, internship=i.title, starts_on=i.starts_on, ends_on=i.ends_on
    )


@router.post("/internships/referrals/{uuid}/decision", response={200: ReferralStatusOut, **ERRORS})
def decide(request: HttpRequest, uuid: UUID, payload: DecisionIn) -> ReferralStatusOut:
    """Accept or refuse (with a reason); the referrer is told by e-mail; 409 when full."""
    r = selectors.referral_get(user=request.user, uuid=uuid)
    return _status(services.decide(actor=request.user, referral=r, **payload.dict()))


class DayIn(Schema):
    present: list[UUID] = Field(default_factory=list, max_length=16)
    log: str = Field("", max_length=2000)


@router.put("/internships/{uuid}/days/{number}", response={204: None, **ERRORS})
def record_day(request: HttpRequest, uuid: UUID, number: int, payload: DayIn) -> Status:
    i = selectors.internship_get(user=request.user, uuid=uuid)
    by_id = {r.uuid: r for r in selectors.referrals(i)}
    if any(p not in by_id for p in payload.present):
        raise NotFound()
    services.day_record(
        actor=request.user,
        internship=i,
        number=number,
        present=[by_id[p] for p in payload.present],
        log=payload.log,
    )
    return Status(204, None)


class ReferralIn(Schema):
    first_name: str = Field(..., min_length=1, max_length=100)
    last_name: str = Field(..., min_length=1, max_length=100)
    birth_date: dt.date
    contact: str = Field("", max_length=200)
    guardian_name: str = Field("", max_length=200)
    guardian_contact: str = Field("", max_length=200)
    guardian_consent: bool = False
    needs: str = Field("", max_length=2000)
    referrer_name: str = Field(..., min_length=1, max_length=200)
    referrer_organisation: str = Field(..., min_length=1, max_length=200)
    referrer_email: str = Field(..., min_length=3, max_length=254)
    referrer_phone: str = Field("", max_length=40)


class ReferralMadeOut(ReferralStatusOut):
    status_url: str = Field(description="private: the partner's way to follow the referral")


@router.post(
    "/internships/refer/{referral_key}", response={201: ReferralMadeOut, **ERRORS}, auth=None
)
def refer(request: HttpRequest, referral_key: str, payload: ReferralIn) -> Status:
    """A partner refers a young person (no sign-in: the internship's key); the same young
    person again is the same referral."""
    internship = selectors.public_internship(referral_key)
    r = services.referral_submit(internship=internship, data=payload.dict())
    return Status(
        201,
        ReferralMadeOut(
            **_status(r).dict(), status_url=reverse("internships:status", args=[r.tracking_token])
        ),
    )


@router.get("/internships/status/{token}", response={200: ReferralStatusOut, **ERRORS}, auth=None)
def referral_status(request: HttpRequest, token: str) -> ReferralStatusOut:
    return _status(selectors.referral_by_token(token))
