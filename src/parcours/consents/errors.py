"""The consents app's error codes: the ``code`` of the API's one error format for the reasons
a client may act on. A plain invalid field keeps the generic ``invalid``."""

from __future__ import annotations

from enum import StrEnum


class ConsentsError(StrEnum):
    ADULT_CONSENTS_ALONE = "adult_consents_alone"  # 18 or over: a guardian cannot consent
    GUARDIAN_CONSENTS = "guardian_consents"  # a minor: a linked guardian consents
    NO_TEXT = "no_consent_text"  # no text of this kind is published yet
    NOT_WITHDRAWABLE_ONLINE = "not_withdrawable_online"  # enrolment consent: ask the centre
    NOTHING_TO_WITHDRAW = "nothing_to_withdraw"  # no consent of this kind was ever recorded
    PAPER_BY_MANAGERS = "paper_by_managers"  # the family sees it, the centre records paper
