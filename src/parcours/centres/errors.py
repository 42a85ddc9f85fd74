"""The centres app's error codes: the ``code`` of the API's one error format for the reasons
a client may act on. A plain invalid field keeps the generic ``invalid``."""

from __future__ import annotations

from enum import StrEnum


class CentresError(StrEnum):
    ROOM_NAME_TAKEN = "room_name_taken"  # the centre already has a room of this name
