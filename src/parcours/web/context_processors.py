from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The app shell's data (web/shell.py): roles, navigation per role, centre, theme."""
    from parcours.web.shell import shell_context

    return shell_context(request)
