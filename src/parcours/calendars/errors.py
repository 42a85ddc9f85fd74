"""The calendars app's error codes: the ``code`` of the API's one error format for the
reasons a client may act on."""

from __future__ import annotations

from enum import StrEnum


class CalendarsError(StrEnum):
    FEED_NOT_AVAILABLE = "feed_not_available"  # e.g. a staff feed for a student
