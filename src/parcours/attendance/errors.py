"""Attendance's error codes: the ``code`` of the API's one error format (``code=`` of a
``DomainError``) for the reasons a client may act on. A plain invalid field keeps the generic
``invalid``."""

from __future__ import annotations

from enum import StrEnum


class AttendanceError(StrEnum):
    UNKNOWN_STUDENT = "unknown_student"  # no student of the session's centre has this uuid
    UNKNOWN_SESSION = "unknown_session"  # no session of the centre has this uuid
    NOT_A_STUDENT = "not_a_student"  # only students have a badge
    CODE_TAKEN = "code_taken"  # a badge already has this code: try again
    NOT_CHECKED_IN = "not_checked_in"  # a departure for a student who never arrived
    NOT_EXPECTED = "not_expected"  # a correction for a student not expected at the session
    SESSION_NOT_STARTED = "session_not_started"  # a correction before the session starts
    SESSION_NOT_ENDED = "session_not_ended"  # absences are recorded once the session has ended
