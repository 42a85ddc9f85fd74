"""The showcase in the demo: in Paris, the drawing and music labs' exhibition with the
Forum des images (published, running from last week for three weeks), made of the public
works of the centre's students, Inès's first; and a lobby playlist of sound works shown
only on the hall's screen (not published: its display link plays it)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.utils import timezone

from parcours.centres.models import Centre
from parcours.consents.choices import ConsentKind
from parcours.consents.models import ConsentRecord
from parcours.people.models import Role, User
from parcours.portfolio import models3d, thumbnails
from parcours.portfolio.choices import Visibility
from parcours.portfolio.models import Work
from parcours.showcase.models import Exhibition, ExhibitionWork

PROGRAMME = (
    "Vernissage le mercredi à 18 h au Forum des images, en présence des élèves.\n"
    "Tous les jours : affiches, storyboards et boucles musicales des labs de l'automne.\n"
    "Samedi 15 h : rencontre avec l'expert du lab de dessin et projection des courts films."
)


def _public_works(centre: Centre, ines: User | None, kinds: tuple[str, ...]) -> list[Work]:
    consenting = ConsentRecord.objects.filter(
        centre=centre, kind=ConsentKind.PUBLIC_DISPLAY, withdrawn_at__isnull=True
    ).values("student_id")
    rows = Work.objects.filter(
        centre=centre,
        visibility=Visibility.PUBLIC,
        student_id__in=consenting,
        submission__media_kind__in=kinds,
    ).order_by("submission__reviewed_at", "pk")
    mine = [w for w in rows if ines is not None and w.student_id == ines.pk]
    others = [w for w in rows if ines is None or w.student_id != ines.pk]
    return mine + others


def seed(centres: list[Centre]) -> dict[str, Any]:
    paris = next((c for c in centres if c.slug == "paris"), None)
    if paris is None:
        return {}
    today = timezone.localdate()
    ines = User.objects.filter(username="student").first()
    manager = User.objects.filter(memberships__centre=paris, memberships__role=Role.MANAGER).first()
    exhibition = Exhibition.objects.create(
        centre=paris,
        title="Exposition des labs d'automne",
        partner="Forum des images",
        place="Forum des images, Paris 1er",
        programme=PROGRAMME,
        starts_on=today - dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=14),
        published=True,
        slug="expo-automne-demo",
        display_key=secrets.token_urlsafe(24),
        seconds=8,
        created_by=manager,
    )
    shown = _public_works(paris, ines, ("image", "audio"))[:10]
    shown += _public_works(paris, None, ("model3d",))[:2]
    # short films, and a game to play before the screening (on the exhibition's page)
    shown += (
        _public_works(paris, ines, ("video",))[:2] + _public_works(paris, ines, ("archive",))[:1]
    )
    ExhibitionWork.objects.bulk_create(
        ExhibitionWork(exhibition=exhibition, work=w, position=i) for i, w in enumerate(shown)
    )
    for work in shown:
        if work.submission is not None and work.submission.content_type in thumbnails.MADE_FOR:
            thumbnails.make(work.submission)
        if work.submission is not None and work.submission.content_type in models3d.CONVERTED:
            models3d.make(work.submission)
    playlist = Exhibition.objects.create(
        centre=paris,
        title="Playlist du hall : musiques des élèves",
        partner="Écran du hall",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=60),
        published=False,
        slug="playlist-hall-demo",
        display_key=secrets.token_urlsafe(24),
        created_by=manager,
    )
    sounds = _public_works(paris, ines, ("audio",))[:8]
    ExhibitionWork.objects.bulk_create(
        ExhibitionWork(exhibition=playlist, work=w, position=i) for i, w in enumerate(sounds)
    )
    return {"exhibition": len(shown), "playlist": len(sounds)}
