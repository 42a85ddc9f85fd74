from __future__ import annotations


class OrientationError:
    CLOSED = "orientation_closed"
    ALREADY = "orientation_already_in"
    STAGE_MOVED = "orientation_stage_moved"
    NOT_ENROLLED = "orientation_not_enrolled"
    NOT_A_STUDENT = "orientation_not_a_student"
