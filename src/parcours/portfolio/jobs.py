"""The portfolio's periodic jobs (settings.PARCOURS_PERIODIC_JOBS): a ZIP is kept two weeks,
long enough to download it, then deleted with its file (a student's whole portfolio should
not lie on the server twice); picture works get their thumbnails."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from parcours.portfolio import models3d, thumbnails
from parcours.portfolio.models import PortfolioExport

KEEP_DAYS = 14


def prune_exports() -> int:
    """Delete the exports finished more than ``KEEP_DAYS`` days ago; how many."""
    old = PortfolioExport.objects.filter(
        finished_at__lt=timezone.now() - dt.timedelta(days=KEEP_DAYS)
    )
    names = [str(e.file.name) for e in old.exclude(file="")]
    count = old.delete()[0]
    storage = PortfolioExport._meta.get_field("file").storage

    def remove() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove)
    return count


def make_previews() -> int:
    """The works' previews made in the background: thumbnails for the approved pictures that
    have none, GLB copies of the STL and OBJ models (a batch of each); how many made."""
    made = sum(1 for s in thumbnails.missing() if thumbnails.make(s) is not None)
    return made + sum(1 for s in models3d.missing() if models3d.make(s) is not None)
