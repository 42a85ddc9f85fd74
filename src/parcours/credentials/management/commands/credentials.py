"""``parcours credentials list [--json] [--centre SLUG]``: the credentials issued, one line
each (with ``--json``: ``id``, ``jwt_url``, ``page_url``, ``achievement``, ``centre``,
``status``).

``parcours credentials award [--json] [--centre SLUG]``: issue what the students' records say
they earned (validated competencies, finished levels) and revoke what an expert withdrew;
run it nightly (cron) — a student's own page does it for them when they open it.

``parcours credentials reseal [--json]``: seal every centre's private key with the first key
of ``PARCOURS_KEY_ENCRYPTION_KEYS`` (after putting a new one first; credentials.sealing)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parcours.centres.models import Centre
from parcours.credentials import awards, selectors, services, urls_of


class Command(BaseCommand):
    help = "List the credentials issued (Open Badges 3.0)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "award", "reseal"])
        parser.add_argument("--json", action="store_true", help="one JSON object a line")
        parser.add_argument("--centre", help="a centre's short name (every centre if absent)")

    def handle(self, *args: Any, **options: Any) -> None:
        centre = None
        if options.get("centre"):
            centre = Centre.objects.filter(slug=options["centre"]).first()
            if centre is None:
                raise CommandError(f"no centre named {options['centre']}")
        if options["action"] == "award":
            self._award(centre, as_json=options["json"])
            return
        if options["action"] == "reseal":
            done = services.reseal_keys()
            self.stdout.write(
                json.dumps(done)
                if options["json"]
                else f"{done['resealed']} keys resealed, {done['unavailable']} unavailable"
            )
            return
        for c in selectors.issued(centre).iterator(chunk_size=500):
            row = {
                "id": str(c.uuid),
                "jwt_url": urls_of.jwt(c.uuid),
                "page_url": urls_of.page(c.uuid),
                "achievement": c.achievement,
                "centre": c.centre.slug,
                "status": "revoked" if c.revoked_at else "active",
            }
            if options["json"]:
                self.stdout.write(json.dumps(row))
            else:
                self.stdout.write(
                    f"{row['status']:8} {row['centre']:12} {row['achievement']}  {row['page_url']}"
                )

    def _award(self, centre: Centre | None, *, as_json: bool) -> None:
        centres = [centre] if centre else list(Centre.objects.order_by("slug"))
        for c in centres:
            done = awards.award_centre(c)
            row = {"centre": c.slug, "issued": len(done.issued), "revoked": len(done.revoked)}
            if as_json:
                self.stdout.write(json.dumps(row))
            else:
                self.stdout.write(f"{c.slug}: {row['issued']} issued, {row['revoked']} revoked")
