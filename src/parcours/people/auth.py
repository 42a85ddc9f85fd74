"""API authentication by personal token: ``Authorization: Bearer <token>``.

Wired in ``parcours.api`` before the session: a request that carries a bearer token is
judged by the token alone (no cookie, so no CSRF to check), and a token that is unknown,
revoked, expired or whose account is inactive answers 401, even if a session cookie came
along. A request without a bearer token falls through to the session (+ CSRF) as before."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from parcours.people import selectors, services
from parcours.people.models import PersonalToken


class PersonalTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> PersonalToken:
        found = selectors.api_token_for(token.strip())
        if found is None:
            raise AuthenticationError()
        services.api_token_touch(token=found)
        # Every view and policy reads request.user: the token acts as its user, exactly.
        request.user = found.user
        return found  # request.auth: the token, so that an operation can tell (see api.py)


token_auth = PersonalTokenAuth()


def by_token(request: HttpRequest) -> bool:
    """True when the request acts through a personal token (not the site's session)."""
    return isinstance(getattr(request, "auth", None), PersonalToken)
