"""RFC 5545 calendars from sessions and lab meetings, with the ``icalendar`` library."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from parcours.calendars.selectors import LabMeeting
from parcours.schedule.models import Session


def lab_event(meeting: LabMeeting) -> Event:
    """A weekly lab meeting (UTC times) or a day of a holiday lab (an all-day event)."""
    lab = meeting.lab
    event = Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", lab.updated_at.astimezone(dt.UTC))
    if meeting.starts_at is not None and meeting.ends_at is not None:
        event.add("dtstart", meeting.starts_at.astimezone(dt.UTC))
        event.add("dtend", meeting.ends_at.astimezone(dt.UTC))
    else:
        event.add("dtstart", meeting.day)
        event.add("dtend", meeting.day + dt.timedelta(days=1))
    event.add("summary", _("Lab · %(title)s") % {"title": lab.template.title})
    place = lab.centre.address or lab.centre.name
    if lab.room is not None:
        place = _("%(room)s · %(place)s") % {"room": lab.room.name, "place": place}
    event.add("location", place)
    event.add("categories", [_("Lab")])
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    return event


def calendar_of(
    sessions: Iterable[Session], *, name: str, labs: Iterable[LabMeeting] = ()
) -> bytes:
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
    for meeting in labs:
        cal.add_component(lab_event(meeting))
    return bytes(cal.to_ical())
