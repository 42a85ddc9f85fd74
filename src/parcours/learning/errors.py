"""The learning path's error codes: the ``code`` of the API's error body (``{"error": {"code",
"message", "fields"}}``) for each refusal the learning path can give. Generic refusals keep
the core codes (``not_found``, ``forbidden``)."""

from __future__ import annotations

from enum import StrEnum


class LearningError(StrEnum):
    NOT_A_STUDENT = "not_a_student"
    AREAS_CHOSEN = "areas_chosen"
    AREA_COUNT = "area_count"
    AREA_NOT_OFFERED = "area_not_offered"
    DISCOVERY_UNFINISHED = "discovery_unfinished"
    REASON_REQUIRED = "reason_required"
    AREA_NOT_CHOSEN = "area_not_chosen"
    AREA_ALREADY_CHOSEN = "area_already_chosen"
    WRONG_KIND = "wrong_kind"
    QUIZ_EMPTY = "quiz_empty"
    ANSWERS_INVALID = "answers_invalid"
    SITTING_UNKNOWN = "sitting_unknown"
    FILE_REFUSED = "file_refused"
    ALREADY_WAITING = "already_waiting"
    ALREADY_APPROVED = "already_approved"
    ALREADY_REVIEWED = "already_reviewed"
    COMMENT_REQUIRED = "comment_required"
