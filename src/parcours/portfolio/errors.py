from __future__ import annotations


class PortfolioError:
    """The API's error codes for the portfolio."""

    NO_CONSENT = "no_public_consent"
    AI_UNDECLARED = "ai_undeclared"
    NOT_OWNER = "not_owner"
    UNKNOWN_CREDENTIAL = "unknown_credential"
    NOT_REVIEWABLE = "not_reviewable"
