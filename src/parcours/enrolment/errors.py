"""The enrolment app's error codes: the ``code`` of the API's one error format (``code=`` of a
``DomainError``) for the reasons a client may act on. A plain invalid field keeps the
generic ``invalid``, an unknown or unseen object ``not_found``."""

from __future__ import annotations

from enum import StrEnum


class EnrolmentError(StrEnum):
    REQUEST_CLOSED = "request_closed"  # refused or withdrawn: it cannot change any more
    ALREADY_REGISTERED = "already_registered"  # withdraw the registration instead
    NOT_REGISTERED = "not_registered"  # the step needs a registered student
    NOT_THIS_YEAR = "not_this_year"  # the step starts from this school year's registration
    DUPLICATE_REQUEST = "duplicate_request"  # a request with the same details exists
    CONSENT_MISSING = "consent_missing"  # a minor's guardian has not consented yet
    CONSENT_ALREADY_GIVEN = "consent_already_given"  # nothing to ask again
    CONSENT_TEXT_CHANGED = "consent_text_changed"  # a newer text was published: read it
    NO_EMAIL = "no_email"  # nobody to e-mail: record the consent on paper, or add an address
    SLOT_MISSING = "slot_missing"  # the centre has weekly slots and none is chosen
    SLOT_FULL = "slot_full"  # no seat is left in the wished slot
    SLOT_CHANGE_PENDING = "slot_change_pending"  # another change is waiting for the centre
    ALREADY_ANSWERED = "already_answered"  # the centre has answered the request
    FAMILY_ONLY = "family_only"  # only the student or their guardian does this
    LINK_EXPIRED = "link_expired"  # the e-mailed consent link is too old: ask a new one
    RATE_LIMITED = "rate_limited"  # too many requests from here: wait
