"""The catalogue's error codes: the ``code`` of the API's error body (``{"error": {"code",
"message", "fields"}}``) for each refusal the catalogue can give. Generic refusals keep the
core codes (``not_found``, ``forbidden``)."""

from __future__ import annotations

from enum import StrEnum


class CatalogueError(StrEnum):
    KEY_TAKEN = "key_taken"
    UNKNOWN_FOCUS_AREA = "unknown_focus_area"
    UNKNOWN_COMPETENCY = "unknown_competency"
    UNKNOWN_ACTIVITY = "unknown_activity"
    COMPETENCY_OUTSIDE_AREA = "competency_outside_area"
    OWN_PREREQUISITE = "own_prerequisite"
    PREREQUISITE_OUTSIDE_AREA = "prerequisite_outside_area"
    PREREQUISITE_LOOP = "prerequisite_loop"
    NOT_A_DRAFT = "not_a_draft"
    EMPTY_VERSION = "empty_version"
    VERSION_FROZEN = "version_frozen"
    INVALID_PACKAGE = "invalid_package"
    DRAFT_WAITING = "draft_waiting"
