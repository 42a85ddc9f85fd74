"""The schedule over HTTP: the same services, selectors and policies as the pages.

Staff of a centre read; managers (and network admins) write. Every answer is built by one
``*_out()`` function per schema."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from parcours.centres import selectors as centres
from parcours.core.api import ERRORS, filled
from parcours.core.errors import Forbidden
from parcours.schedule import selectors, services
from parcours.schedule.choices import ClosedDayKind
from parcours.schedule.permissions import can_read_schedule

if TYPE_CHECKING:
    from parcours.centres.models import Centre
    from parcours.schedule.models import ClosedDays, OpeningHours, Session, SlotMeeting

router = Router(tags=["schedule"])


def _centre(request: HttpRequest, slug: str) -> Centre:
    centre = centres.centre_get(user=request.user, slug=slug)
    if not can_read_schedule(request.user, centre):
        raise Forbidden()
    return centre


# --- Schemas ---------------------------------------------------------------------------------


class HoursItem(Schema):
    weekday: int = Field(..., ge=0, le=6, description="0 = Monday")
    opens_at: dt.time
    closes_at: dt.time


class HoursIn(Schema):
    hours: list[HoursItem] = Field(..., max_length=28)


class MeetingOut(Schema):
    uuid: UUID
    weekday: int
    starts_at: dt.time
    ends_at: dt.time


class SlotOut(Schema):
    uuid: UUID
    label: str
    seats: int
    held: int
    is_open: bool
    meetings: list[MeetingOut]
    updated_at: dt.datetime


class SlotIn(Schema):
    label: str = Field(..., min_length=1, max_length=80)
    seats: int = Field(..., ge=1, le=2000)
    is_open: bool = True


class SlotPatch(Schema):
    label: str | None = Field(None, min_length=1, max_length=80)
    seats: int | None = Field(None, ge=1, le=2000)
    is_open: bool | None = None
    seen: dt.datetime | None = Field(None, description="updated_at as last read (409 if older)")


class MeetingIn(Schema):
    weekday: int = Field(..., ge=0, le=6, description="0 = Monday")
    starts_at: dt.time
    ends_at: dt.time


class ClosedOut(Schema):
    uuid: UUID
    label: str
    kind: str
    first_day: dt.date
    last_day: dt.date


class ClosedIn(Schema):
    label: str = Field(..., min_length=1, max_length=120)
    kind: ClosedDayKind = ClosedDayKind.HOLIDAY
    first_day: dt.date
    last_day: dt.date


class ClosedCreated(Schema):
    period: ClosedOut
    created: bool
    cancelled: int


class ScheduleSessionOut(Schema):
    uuid: UUID
    kind: str
    slot: UUID | None = None
    label: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    seats: int | None = None
    expected: int | None = None
    open_to_all: bool = False
    cancelled: bool


class ExtraIn(Schema):
    label: str = Field(..., min_length=1, max_length=120)
    day: dt.date = Field(..., description="local date at the centre")
    starts_at: dt.time
    ends_at: dt.time
    seats: int | None = Field(None, ge=1, le=2000)
    slots: list[UUID] = Field(
        default_factory=list, max_length=200, description="weekly slots invited"
    )
    students: list[UUID] = Field(
        default_factory=list, max_length=500, description="students invited by name"
    )
    open_to_all: bool = Field(False, description="any registered student may check in")


class InviteesIn(Schema):
    slots: list[UUID] = Field(default_factory=list, max_length=200)
    students: list[UUID] = Field(default_factory=list, max_length=500)
    open_to_all: bool = False


class InviteesOut(Schema):
    session: UUID
    open_to_all: bool
    slots: list[UUID]
    students: list[UUID]
    expected: int


class GenerateIn(Schema):
    first: dt.date
    last: dt.date


class GenerateOut(Schema):
    first: dt.date
    last: dt.date
    created: int
    by_slot: dict[str, int]


class CancelIn(Schema):
    cancelled: bool = True


class WeekQuery(Schema):
    week: dt.date | None = Field(None, description="any day of the week; default: today")


class DayStatusOut(Schema):
    day: dt.date
    closed: bool
    label: str
    kind: str


# --- Output ---------------------------------------------------------------------------------


def hours_out(rows: Iterable[OpeningHours]) -> list[HoursItem]:
    return [filled(HoursItem, h) for h in rows]


def meeting_out(meeting: SlotMeeting) -> MeetingOut:
    return filled(MeetingOut, meeting)


def slot_out(row: selectors.SlotRow) -> SlotOut:
    return filled(SlotOut, row.slot, held=row.held, meetings=[meeting_out(m) for m in row.meetings])


def closed_out(period: ClosedDays) -> ClosedOut:
    return filled(ClosedOut, period)


def day_status_out(status: selectors.DayStatus) -> DayStatusOut:
    return filled(DayStatusOut, status)


def generated_out(result: services.Generated) -> GenerateOut:
    return filled(GenerateOut, result)


def session_out(
    session: Session, expected: int | None = None, seats: int | None = None
) -> ScheduleSessionOut:
    return filled(
        ScheduleSessionOut,
        session,
        slot=session.slot.uuid if session.slot else None,
        label=session.label or (session.slot.label if session.slot else ""),
        seats=seats if seats is not None else session.seats,
        expected=expected,
    )


# --- Opening hours ---------------------------------------------------------------------------


@router.get("/centres/{slug}/opening-hours", response={200: list[HoursItem], **ERRORS})
def get_hours(request: HttpRequest, slug: str) -> list[HoursItem]:
    centre = _centre(request, slug)
    return hours_out(selectors.opening_hours(user=request.user, centre=centre))


@router.put("/centres/{slug}/opening-hours", response={200: list[HoursItem], **ERRORS})
def put_hours(request: HttpRequest, slug: str, payload: HoursIn) -> list[HoursItem]:
    """Replace the week's opening hours (an empty list: none set)."""
    centre = _centre(request, slug)
    hours = [(h.weekday, h.opens_at, h.closes_at) for h in payload.hours]
    return hours_out(services.opening_hours_set(actor=request.user, centre=centre, hours=hours))


# --- Slots -----------------------------------------------------------------------------------


@router.get("/centres/{slug}/slots", response={200: list[SlotOut], **ERRORS})
def list_slots(request: HttpRequest, slug: str) -> list[SlotOut]:
    centre = _centre(request, slug)
    return [slot_out(row) for row in selectors.slot_list(user=request.user, centre=centre)]


def _slot_now(request: HttpRequest, uuid: UUID) -> SlotOut:
    return slot_out(selectors.slot_detail(user=request.user, uuid=uuid))


@router.post("/centres/{slug}/slots", response={201: SlotOut, **ERRORS})
def create_slot(request: HttpRequest, slug: str, payload: SlotIn) -> Status:
    centre = _centre(request, slug)
    slot = services.slot_create(actor=request.user, centre=centre, data=payload.dict())
    return Status(201, _slot_now(request, slot.uuid))


@router.get("/slots/{uuid}", response={200: SlotOut, **ERRORS})
def get_slot(request: HttpRequest, uuid: UUID) -> SlotOut:
    return _slot_now(request, uuid)


@router.patch("/slots/{uuid}", response={200: SlotOut, **ERRORS})
def patch_slot(request: HttpRequest, uuid: UUID, payload: SlotPatch) -> SlotOut:
    """Seats below the number of students holding one answer 400 and change nothing."""
    slot = selectors.slot_detail(user=request.user, uuid=uuid).slot
    data = payload.dict(exclude_unset=True)
    seen = data.pop("seen", None)
    services.slot_update(actor=request.user, slot=slot, data=data, seen=seen)
    return _slot_now(request, uuid)


@router.post("/slots/{uuid}/meetings", response={201: SlotOut, **ERRORS})
def add_meeting(request: HttpRequest, uuid: UUID, payload: MeetingIn) -> Status:
    slot = selectors.slot_detail(user=request.user, uuid=uuid).slot
    services.meeting_add(actor=request.user, slot=slot, **payload.dict())
    return Status(201, _slot_now(request, uuid))


@router.delete("/meetings/{uuid}", response={204: None, **ERRORS})
def remove_meeting(request: HttpRequest, uuid: UUID) -> Status:
    meeting = selectors.meeting_get(user=request.user, uuid=uuid)
    services.meeting_remove(actor=request.user, meeting=meeting)
    return Status(204, None)


# --- Non-working days ------------------------------------------------------------------------


@router.get("/centres/{slug}/closed-days", response={200: list[ClosedOut], **ERRORS})
def list_closed(request: HttpRequest, slug: str) -> list[ClosedOut]:
    centre = _centre(request, slug)
    return [closed_out(p) for p in selectors.closed_days_list(user=request.user, centre=centre)]


@router.post(
    "/centres/{slug}/closed-days", response={200: ClosedCreated, 201: ClosedCreated, **ERRORS}
)
def create_closed(request: HttpRequest, slug: str, payload: ClosedIn) -> Status:
    """201 when created (with the sessions it cancelled), 200 when it was already there."""
    centre = _centre(request, slug)
    result = services.closed_days_create(actor=request.user, centre=centre, data=payload.dict())
    body = ClosedCreated(
        period=closed_out(result.period),
        created=result.created,
        cancelled=result.cancelled,
    )
    return Status(201 if result.created else 200, body)


@router.delete("/closed-days/{uuid}", response={204: None, **ERRORS})
def delete_closed(request: HttpRequest, uuid: UUID) -> Status:
    period = selectors.closed_days_get(user=request.user, uuid=uuid)
    services.closed_days_delete(actor=request.user, period=period)
    return Status(204, None)


@router.get("/centres/{slug}/day-status", response={200: DayStatusOut, **ERRORS})
def get_day_status(request: HttpRequest, slug: str, day: dt.date) -> DayStatusOut:
    centre = _centre(request, slug)
    return day_status_out(selectors.day_status(centre, day))


# --- Sessions --------------------------------------------------------------------------------


@router.get("/centres/{slug}/sessions", response={200: list[ScheduleSessionOut], **ERRORS})
def list_sessions(
    request: HttpRequest, slug: str, query: Query[WeekQuery]
) -> list[ScheduleSessionOut]:
    """The sessions of a week (Monday to Sunday, centre time), with the students expected."""
    centre = _centre(request, slug)
    day = query.week or dt.datetime.now(tz=centre.zone).date()
    rows = selectors.week_sessions(user=request.user, centre=centre, monday=selectors.week_of(day))
    return [session_out(r.session, expected=r.expected, seats=r.seats) for r in rows]


@router.post("/centres/{slug}/sessions/generate", response={200: GenerateOut, **ERRORS})
def generate(request: HttpRequest, slug: str, payload: GenerateIn) -> GenerateOut:
    centre = _centre(request, slug)
    result = services.sessions_generate(
        actor=request.user, centre=centre, first=payload.first, last=payload.last
    )
    return generated_out(result)


@router.post(
    "/centres/{slug}/sessions/extra",
    response={200: ScheduleSessionOut, 201: ScheduleSessionOut, **ERRORS},
)
def create_extra(request: HttpRequest, slug: str, payload: ExtraIn) -> Status:
    centre = _centre(request, slug)
    data = payload.dict()
    data["slots"] = [str(u) for u in data["slots"]]
    data["students"] = [str(u) for u in data["students"]]
    result = services.extra_session_create(actor=request.user, centre=centre, data=data)
    return Status(201 if result.created else 200, session_out(result.session))


def invitees_out(session: Session) -> InviteesOut:
    found = selectors.invitees(session)
    return InviteesOut(
        session=session.uuid,
        open_to_all=session.open_to_all,
        slots=[slot.uuid for slot in found.slots],
        students=[student.uuid for student in found.students],
        expected=found.expected,
    )


@router.get("/sessions/{uuid}/invitees", response={200: InviteesOut, **ERRORS})
def get_invitees(request: HttpRequest, uuid: UUID) -> InviteesOut:
    """Who an extra session is for (its editors only)."""
    session = selectors.extra_get(user=request.user, uuid=uuid)
    return invitees_out(session)


@router.put("/sessions/{uuid}/invitees", response={200: InviteesOut, **ERRORS})
def put_invitees(request: HttpRequest, uuid: UUID, payload: InviteesIn) -> InviteesOut:
    """Replace who an extra session that has not ended is for."""
    session = selectors.extra_get(user=request.user, uuid=uuid)
    data = payload.dict()
    data["slots"] = [str(u) for u in data["slots"]]
    data["students"] = [str(u) for u in data["students"]]
    updated = services.extra_session_invite(actor=request.user, session=session, data=data)
    return invitees_out(updated)


@router.post("/sessions/{uuid}/cancel", response={200: ScheduleSessionOut, **ERRORS})
def cancel_session(request: HttpRequest, uuid: UUID, payload: CancelIn) -> ScheduleSessionOut:
    session = selectors.session_get(user=request.user, uuid=uuid)
    updated = services.session_cancel(
        actor=request.user, session=session, cancelled=payload.cancelled
    )
    return session_out(updated)
