"""The people app's error codes: the ``code`` of the API's one error format (``code=`` of a
``DomainError``) for the reasons a client may act on. A plain invalid field keeps the
generic ``invalid``."""

from __future__ import annotations

from enum import StrEnum


class PeopleError(StrEnum):
    TOKENS_FOR_STAFF = "tokens_for_staff"  # students' and families' accounts hold no token
    TOKEN_NAME_TAKEN = "token_name_taken"  # an active token already has this name
    TOO_MANY_TOKENS = "too_many_tokens"  # the limit of active tokens is reached
    TOKEN_CANNOT_MINT = "token_cannot_mint"  # a token cannot make tokens: sign in to the site
