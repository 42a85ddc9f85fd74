"""The error codes of labs: the ``code`` of the API's one error format
(``{"error": {"code", "message", "fields"}}``) for every refusal the labs raise, so that a client
tells them apart without reading the (translated) message."""

from __future__ import annotations

from enum import StrEnum

from parcours.core.errors import ValidationFailed


class LabsError(StrEnum):
    # Who may do it
    NOT_MANAGER = "not_manager"  # only the centre's managers (and network admins)
    NOT_STUDENT = "not_student"  # only the centre's students apply
    NOT_FAMILY = "not_family"  # only the student or their guardians (or a manager)
    NOT_LEAD = "not_lead"  # only the lab's expert or a manager
    # What a form or payload says
    UNKNOWN_FIELD = "unknown_field"
    UNKNOWN = "unknown"  # a key or uuid that names nothing (the field says which)
    INVALID_CHOICE = "invalid_choice"  # a mechanism, a priority rule, a status
    OUT_OF_RANGE = "out_of_range"  # a number or a length outside its bounds
    TOO_SHORT = "too_short"
    DATES_OUT_OF_ORDER = "dates_out_of_order"
    REQUIRED = "required"
    NAME_TAKEN = "name_taken"
    NOT_OF_CENTRE = "not_of_centre"  # a template, expert, room or slot of another centre
    SLOT_OR_HOLIDAY = "slot_or_holiday"  # a lab has a weekly slot or holiday dates, not both
    RESERVED_SEATS = "reserved_seats"  # reserved seats beyond the lab's seats
    # A student's list of labs, a masterlab application
    DUPLICATE = "duplicate"
    TOO_MANY = "too_many"
    FLAG_NOT_CHOSEN = "flag_not_chosen"
    NOT_IN_CYCLE = "not_in_cycle"
    NOT_ELIGIBLE = "not_eligible"
    NOT_OWN_PROJECT = "not_own_project"
    NOT_MASTERLAB = "not_masterlab"
    NO_SEAT = "no_seat"  # the student has no seat in this lab
    COMPETENCY_NOT_COVERED = "competency_not_covered"
    # The state does not allow it (409)
    PUBLISHED = "published"  # the seats or the selection are published: nothing changes
    IN_USE = "in_use"  # students applied: it cannot be deleted, its activity stays
    STATUS_CHANGE = "status_change"  # a cycle cannot go from this status to that one
    NO_LABS = "no_labs"  # a cycle opens with at least one lab
    CYCLE_NOT_OPEN = "cycle_not_open"
    CYCLE_IS_DRAFT = "cycle_is_draft"
    NOT_OPEN_YET = "not_open_yet"  # the applications open later
    APPLICATIONS_CLOSED = "applications_closed"
    APPLICATIONS_STILL_OPEN = "applications_still_open"  # publish or select after the deadline
    OTHER_MECHANISM = "other_mechanism"  # already published with another mechanism
    NOT_SCORED = "not_scored"
    WITHDRAWN = "withdrawn"
    SELECTION_NOT_PUBLISHED = "selection_not_published"
    OFFER_TO_ANSWER = "offer_to_answer"  # an offer is accepted or declined, not given up
    OFFER_EXPIRED = "offer_expired"
    OFFER_CLOSED = "offer_closed"
    IS_OVER = "is_over"  # the cycle or the masterlab is over: its outcome stays as it is


def field_error(name: str, message: str, code: LabsError) -> ValidationFailed:
    """A refusal about one field of a form or payload (the field says where)."""
    return ValidationFailed(message, fields={name: [message]}, code=code)
