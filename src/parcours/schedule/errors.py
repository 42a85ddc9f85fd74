"""The schedule's error codes: the ``code`` of the API's one error format (``code=`` of a
``DomainError``) for the reasons a client may act on. A plain invalid field keeps the generic
``invalid``."""

from __future__ import annotations

from enum import StrEnum


class ScheduleError(StrEnum):
    HOURS_OVERLAP = "hours_overlap"  # two opening periods of a day overlap
    OUTSIDE_OPENING_HOURS = "outside_opening_hours"  # a meeting when the centre is closed
    MEETING_OVERLAP = "meeting_overlap"  # a meeting overlaps another of the slot that day
    SLOT_LABEL_TAKEN = "slot_label_taken"  # the centre already has a slot of this name
    SEATS_HELD = "seats_held"  # fewer seats than students holding one
    PERIOD_TOO_LONG = "period_too_long"  # a non-working period or a generation too long
    MOMENT_PAST = "moment_past"  # an extra session is planned ahead, never in the past
    SESSION_OVER = "session_over"  # an ended session can no longer be cancelled or restored
    NO_INVITEES = "no_invitees"  # an extra session says who it is for
    UNKNOWN_INVITEE = "unknown_invitee"  # a slot or a student that is not the centre's
    NOT_EXTRA = "not_extra"  # invitations are for extra sessions; a weekly one has its slot
