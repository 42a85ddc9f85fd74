"""The audit log over HTTP: the same entries and filters as the page (managers: their
centres; network admins: all)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from parcours.audit import selectors
from parcours.audit.permissions import can_read_audit
from parcours.centres import selectors as centres
from parcours.core.api import ERRORS, MAX_LIMIT, MAX_OFFSET
from parcours.core.errors import Forbidden, ValidationFailed

router = Router(tags=["audit"])


class AuditQuery(Schema):
    centre: str = Field("", max_length=100, description="a centre's slug (default: all one reads)")
    action: Literal["", "create", "update", "delete", "access"] = ""
    kind: str = Field("", max_length=60, description="e.g. enrolment.Enrolment")
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)

    @field_validator("since", "until", mode="before")
    @classmethod
    def _iso_day(cls, value: object) -> object:
        # pydantic alone would read "0" as 1970-01-01: a day is written YYYY-MM-DD
        if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("a day is written YYYY-MM-DD")
        return value


class EntryOut(Schema):
    id: str
    when: dt.datetime
    actor: str
    actor_username: str
    action: str
    kind: str
    record: str
    student: str
    centre: str
    fields: list[str]
    via: str
    address: str


class EntryPage(Schema):
    items: list[EntryOut]
    count: int


def entry_out(r: selectors.AuditRow) -> EntryOut:
    return EntryOut(
        id=r.uuid,
        when=r.when,
        actor=r.actor,
        actor_username=r.actor_username,
        action=r.action,
        kind=r.kind,
        record=r.record,
        student=r.student,
        centre=r.centre,
        fields=r.fields,
        via=r.via,
        address=r.address,
    )


@router.get("/audit/entries", response={200: EntryPage, **ERRORS})
def list_entries(request: HttpRequest, q: Query[AuditQuery]) -> EntryPage:
    """Audit entries, newest first, ``limit`` at a time from ``offset``, with the ``count``."""
    if not can_read_audit(request.user):
        raise Forbidden()
    if q.since and q.until and q.since > q.until:
        message = _("The end comes before the start.")
        raise ValidationFailed(message, fields={"until": [message]})
    centre = centres.centre_get(user=request.user, slug=q.centre) if q.centre else None
    if centre is not None and centre not in selectors.audit_centres(request.user):
        raise Forbidden()
    rows = selectors.entries(
        request.user,
        selectors.AuditFilters(
            centre=centre, action=q.action, kind=q.kind, since=q.since, until=q.until
        ),
    )
    chunk = rows[q.offset : q.offset + q.limit]
    return EntryPage(items=[entry_out(r) for r in selectors.rows_of(chunk)], count=rows.count())
