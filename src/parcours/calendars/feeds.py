"""RFC 5545 calendars from sessions, with the ``icalendar`` library."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from parcours.schedule.models import Session


def calendar_of(sessions: Iterable[Session], *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Parcours//Calendar feed//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for s in sessions:
        event = Event()
        event.add("uid", f"{s.uuid}@parcours")
        event.add("dtstamp", s.updated_at.astimezone(dt.UTC))
        event.add("dtstart", s.starts_at.astimezone(dt.UTC))
        event.add("dtend", s.ends_at.astimezone(dt.UTC))
        title = s.label or (s.slot.label if s.slot else "")
        event.add(
            "summary", _("%(centre)s · %(session)s") % {"centre": s.centre.name, "session": title}
        )
        event.add("location", s.centre.address or s.centre.name)
        event.add("status", "CANCELLED" if s.cancelled else "CONFIRMED")
        cal.add_component(event)
    return bytes(cal.to_ical())
