from django.http import HttpRequest
from ninja import Router, Schema

from parcours.core.api import ERRORS
from parcours.people.selectors import access_for

router = Router(tags=["people"])


class MeOut(Schema):
    username: str
    first_name: str
    last_name: str
    language: str
    roles: list[str]
    network_admin: bool
    centres: dict[str, list[int]]


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request: HttpRequest) -> MeOut:
    user = request.user
    access = access_for(user)
    return MeOut(
        username=user.get_username(),
        first_name=user.first_name,  # type: ignore[union-attr]
        last_name=user.last_name,  # type: ignore[union-attr]
        language=user.preferred_language,  # type: ignore[union-attr]
        roles=access.roles,
        network_admin=access.network_admin,
        centres={role: sorted(ids) for role, ids in access.by_role.items()},
    )
