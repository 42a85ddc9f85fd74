"""``parcours offers export FILE.csv|FILE.xlsx [--centre SLUG]``: write the network's offers
(or a centre's) to a file whose first column ``id`` is each offer's uuid.

``parcours offers import FILE.csv|FILE.xlsx [--centre SLUG] [--json] [--dry-run]``: import a
file (docs/training-offers.md): valid rows create or update offers, invalid rows are left out
and named; prints ``{"created": n, "updated": n, "unchanged": n, "errors": [{"row": n,
"column": "...", "message": "..."}]}`` with ``--json``. Importing the same file again changes
nothing. Exit status 1 when some rows were left out.

``parcours offers seed``: load the shipped list of real programmes as the network's offers
(again: nothing changes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from parcours.centres.models import Centre
from parcours.core.errors import DomainError
from parcours.training_offers import importing, selectors, services
from parcours.training_offers.seeding import load_seed_offers
from parcours.training_offers.tabular import read_table, write_csv, write_xlsx


class Command(BaseCommand):
    help = "Export or import next-step training offers (CSV or XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "import", "seed"])
        parser.add_argument("file", nargs="?", default="", help="a .csv or .xlsx file")
        parser.add_argument(
            "--centre", help="a centre's short name (the network's offers if absent)"
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--dry-run", action="store_true", help="say what would change only")

    def handle(self, *args: Any, **options: Any) -> None:
        owner = None
        if options.get("centre"):
            owner = Centre.objects.filter(slug=options["centre"]).first()
            if owner is None:
                raise CommandError(f"no centre named {options['centre']}")
        if options["action"] == "seed":
            result = load_seed_offers(timezone.localdate())
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        if not options["file"]:
            raise CommandError("name the file: parcours offers export|import FILE")
        path = Path(options["file"])
        if options["action"] == "export":
            rows = selectors.export_rows(owner)
            data = write_xlsx(rows) if path.suffix.lower() == ".xlsx" else write_csv(rows)
            path.write_bytes(data)
            self.stdout.write(f"{len(rows)} offers written to {path}")
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        try:
            if options["dry_run"]:
                result = importing.plan(read_table(data, path.name), owner).summary()
            else:
                result = services.import_file(owner=owner, filename=path.name, data=data)
        except DomainError as exc:
            if options["json"]:
                self.stdout.write(
                    json.dumps({"error": {"code": exc.code, "message": str(exc.message)}})
                )
            raise CommandError(str(exc.message)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(
                f"{result['created']} created, {result['updated']} updated, "
                f"{result['unchanged']} unchanged, {len(result['errors'])} problems"
            )
            for e in result["errors"]:
                self.stdout.write(f"  row {e['row']}, {e['column']}: {e['message']}")
        if result["errors"]:
            raise SystemExit(1)
