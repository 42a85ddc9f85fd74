from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from parcours.web.shell import shell_context


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The app shell's data (web/shell.py): roles, navigation per role, centre, theme."""

    return shell_context(request)
