from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    from parcours.people.selectors import access_for

    access = access_for(getattr(request, "user", None))
    return {"access": access, "nav_role": access.primary_role}
