"""Times as people read them, said once: in the centre's time zone, in the reader's language.

Stored times are aware and in UTC. Pages get the right zone from the time zone the request
activates (``centres.middleware``); text built outside a template (an e-mail, a message, an
API's human sentence) goes through :func:`when`, :func:`day`, :func:`clock` or :func:`moment`
with the centre's zone. Formats are the project's own per language (``parcours/formats``:
en-GB style for English, 24-hour clock), never ``strftime``.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

Zone = zoneinfo.ZoneInfo | dt.tzinfo | str | None


def _zone(zone: Zone) -> dt.tzinfo:
    if zone is None:
        return timezone.get_current_timezone()
    if isinstance(zone, str):
        return zoneinfo.ZoneInfo(zone)
    return zone


def local(value: dt.datetime, zone: Zone = None) -> dt.datetime:
    """``value`` seen from ``zone`` (the active zone when not given)."""
    return timezone.localtime(value, _zone(zone))


def when(value: dt.datetime, zone: Zone = None, *, fmt: str = "SHORT_DATETIME_FORMAT") -> str:
    """A moment, e.g. "26/11/2026 17:00", in ``zone``, in the active language's format.
    ``fmt`` is a Django format name (``DATETIME_FORMAT``...) or a format string."""
    return date_format(local(value, zone), fmt)


def clock(value: dt.datetime | dt.time, zone: Zone = None) -> str:
    """The time of day only, e.g. "17:00"; a datetime is first seen from ``zone``, a time of
    day (a weekly meeting's) is shown as it is."""
    if isinstance(value, dt.datetime):
        value = local(value, zone)
    return time_format(value, "TIME_FORMAT")


def moment(value: dt.datetime, zone: Zone = None) -> str:
    """When a session meets, as people say it: "Wednesday 4 November at 14:00" /
    "mercredi 4 novembre à 14:00" (the week day, no year), in ``zone``."""
    return _("%(day)s at %(time)s") % {
        "day": date_format(local(value, zone), "l j F"),
        "time": clock(value, zone),
    }


def day(value: dt.date | dt.datetime, zone: Zone = None, *, fmt: str = "DATE_FORMAT") -> str:
    """A day, e.g. "26 November 2026" / "26 novembre 2026"; a datetime is first seen from
    ``zone``."""
    if isinstance(value, dt.datetime):
        value = local(value, zone).date()
    return date_format(value, fmt)
