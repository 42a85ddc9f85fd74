"""The ``parcours`` console script: Django's manage.py under the product's name.

``parcours demo-data``, ``parcours runserver``, ``parcours migrate``, ``parcours worker`` ...

Parcours runs in production mode unless ``PARCOURS_DEBUG=1`` (docs/deployment.md). The offline
tools that serve nobody and hold no one's data — the benchmarks, the allocation command on a
file, the demo builder — run in development mode by default, so that they work from a fresh
checkout as their docs say.
"""

from __future__ import annotations

import os
import sys

OFFLINE_TOOLS = frozenset({"bench", "allocate", "demo-data"})


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else ["parcours", *argv])
    if len(args) > 1 and args[1] in OFFLINE_TOOLS:
        os.environ.setdefault("PARCOURS_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parcours.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 - after the env

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
