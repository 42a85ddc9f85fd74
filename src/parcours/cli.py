"""The ``parcours`` console script: Django's manage.py under the product's name.

``parcours demo-data``, ``parcours runserver``, ``parcours migrate``, ``parcours worker`` ...
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parcours.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 - after the env

    args = list(sys.argv if argv is None else ["parcours", *argv])
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
