"""The portfolio in the demo. Every project a student finished is an approved work (the demo
had them done without a file): each points to one of a few pieces made here — posters drawn
with Pillow, a generated melody (WAV), and a 3D model (a GLB) — stored once and shared. Inès,
the demo student, curates a public page (a bio, her credentials, works described, one made
with AI and declared); about a third of the other students show a work to their centre, and
those whose family consented show some publicly."""

from __future__ import annotations

import io
import json
import math
import random
import struct
import wave
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import trimesh
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import F
from django.utils import timezone
from PIL import Image, ImageDraw

from parcours.catalogue.choices import ActivityKind
from parcours.catalogue.models import Activity, FocusArea
from parcours.centres.models import Centre
from parcours.consents.choices import ConsentKind, ConsentMethod
from parcours.consents.models import ConsentRecord, ConsentText
from parcours.credentials.models import Credential
from parcours.demo import bulk
from parcours.learning.models import ActivityProgress, ProgressStatus, Submission, SubmissionStatus
from parcours.people.models import User
from parcours.portfolio import thumbnails
from parcours.portfolio.choices import AiUse, ReviewStatus, Visibility
from parcours.portfolio.exports import build_export
from parcours.portfolio.models import PersonalWork, PortfolioExport, PortfolioPage, Work

PALETTES = [
    ["#1d3557", "#e63946", "#f1faee", "#a8dadc", "#457b9d"],
    ["#264653", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51"],
    ["#22223b", "#4a4e69", "#9a8c98", "#c9ada7", "#f2e9e4"],
    ["#0b132b", "#1c2541", "#3a506b", "#5bc0be", "#ffbe0b"],
]


def poster(seed: int) -> bytes:
    """A 960×600 abstract poster (circles, bands and a grid), different for each seed."""
    rng = random.Random(seed)
    colours = PALETTES[seed % len(PALETTES)]
    image = Image.new("RGB", (960, 600), colours[0])
    draw = ImageDraw.Draw(image)
    for i in range(7):
        y = rng.randint(-100, 600)
        draw.rectangle([0, y, 960, y + rng.randint(20, 90)], fill=colours[1 + i % 4])
    for _ in range(14):
        x, y, r = rng.randint(0, 960), rng.randint(0, 600), rng.randint(20, 160)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=rng.choice(colours), width=6)
    for x in range(40, 960, 80):
        for y in range(40, 600, 80):
            if rng.random() < 0.25:
                draw.rectangle([x - 6, y - 6, x + 6, y + 6], fill=rng.choice(colours[1:]))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def melody(seed: int, seconds: float = 8.0, rate: int = 22050) -> bytes:
    """A short pentatonic loop with a bass, as 16-bit mono WAV."""
    rng = random.Random(seed)
    scale = [261.63, 293.66, 329.63, 392.0, 440.0, 523.25]
    beat = 0.25
    t = np.arange(int(beat * rate)) / rate
    envelope = np.exp(-6 * t)
    notes = []
    for n in range(int(seconds / beat)):
        f = rng.choice(scale)
        bass = scale[0] / 2 if n % 8 < 4 else scale[3] / 2
        notes.append(
            0.45 * np.sin(2 * math.pi * f * t) * envelope + 0.25 * np.sin(2 * math.pi * bass * t)
        )
    signal = (np.concatenate(notes) * 32767 * 0.8).astype("<i2")
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(signal.tobytes())
    return out.getvalue()


def cube_glb() -> bytes:
    """A coloured cube as a binary glTF 2.0 (GLB): the smallest honest 3D model."""
    p = [(x, y, z) for x in (-0.5, 0.5) for y in (-0.5, 0.5) for z in (-0.5, 0.5)]
    faces = [(0, 1, 3, 2), (4, 6, 7, 5), (0, 4, 5, 1), (2, 3, 7, 6), (0, 2, 6, 4), (1, 5, 7, 3)]
    indices = [i for a, b, c, d in faces for i in (a, b, c, a, c, d)]
    positions = b"".join(struct.pack("<3f", *v) for v in p)
    index_bytes = b"".join(struct.pack("<H", i) for i in indices)
    index_bytes += b"\0" * (-len(index_bytes) % 4)
    binary = positions + index_bytes
    gltf = {
        "asset": {"version": "2.0", "generator": "Parcours demo"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0, "name": "cube"}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1, "material": 0}]}],
        "materials": [{"pbrMetallicRoughness": {"baseColorFactor": [0.9, 0.45, 0.2, 1]}}],
        "buffers": [{"byteLength": len(binary)}],
        "bufferViews": [
            {"buffer": 0, "byteOffset": 0, "byteLength": len(positions), "target": 34962},
            {
                "buffer": 0,
                "byteOffset": len(positions),
                "byteLength": len(indices) * 2,
                "target": 34963,
            },
        ],
        "accessors": [
            {
                "bufferView": 0,
                "componentType": 5126,
                "count": len(p),
                "type": "VEC3",
                "min": [-0.5, -0.5, -0.5],
                "max": [0.5, 0.5, 0.5],
            },
            {"bufferView": 1, "componentType": 5123, "count": len(indices), "type": "SCALAR"},
        ],
    }
    text = json.dumps(gltf, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 4)
    chunks = struct.pack("<I4s", len(text), b"JSON") + text
    chunks += struct.pack("<I4s", len(binary), b"BIN\0") + binary
    return struct.pack("<4sII", b"glTF", 2, 12 + len(chunks)) + chunks


def _store(name: str, content: bytes) -> str:
    """Save under exactly ``name`` (a rebuilt demo replaces its files, never piles them)."""
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(content))


def _pieces() -> list[tuple[str, str, str, str]]:
    """(stored name, original name, kind, content type) of the shared demo files."""
    made = []
    for n in range(6):
        name = _store(f"demo/portfolio/poster-{n}.png", poster(n))
        made.append((name, f"affiche-{n + 1}.png", "image", "image/png"))
    for n in range(2):
        name = _store(f"demo/portfolio/boucle-{n}.wav", melody(n))
        made.append((name, f"boucle-{n + 1}.wav", "audio", "audio/x-wav"))
    name = _store("demo/portfolio/cube.glb", cube_glb())
    made.append((name, "cube.glb", "model3d", "model/gltf-binary"))
    name = _store("demo/portfolio/sphere.stl", sphere_stl())
    made.append((name, "sphere.stl", "model3d", "model/stl"))
    name = _store("demo/portfolio/ballon.webm", (MEDIA / "ballon.webm").read_bytes())
    made.append((name, "ballon.webm", "video", "video/webm"))
    name = _store("demo/portfolio/attrape-les-notes.zip", game_zip())
    made.append((name, "attrape-les-notes.zip", "archive", "application/zip"))
    name = _store("demo/portfolio/attrape.py", (MEDIA / "attrape.py").read_bytes())
    made.append((name, "attrape.py", "code", "text/plain"))
    return made


MEDIA = Path(__file__).parent / "content" / "media"


def sphere_stl() -> bytes:
    """A faceted sphere as a 3D printer's STL (converted to GLB by the worker to turn)."""
    return bytes(trimesh.creation.icosphere(subdivisions=2).export(file_obj=None, file_type="stl"))


def game_zip() -> bytes:
    """The demo's web game as its students export it: a ZIP with a folder and index.html."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((MEDIA / "game").iterdir()):
            archive.write(path, f"attrape-les-notes/{path.name}")
    return out.getvalue()


# the kind of piece a project of the area gets (a picture otherwise)
AREA_KINDS = {
    "music": "audio",
    "3d-modelling": "model3d",
    "filmmaking": "video",
    "animation": "video",
    "video-games": "archive",
    "programming": "code",
}
APPROVED_COMMENT = "Bravo, c'est approuvé : il rejoint ton portfolio."


def _approve_finished_projects(centres: list[Centre], pieces: list[Any]) -> int:
    done = ActivityProgress.objects.filter(
        centre__in=centres,
        status=ProgressStatus.DONE,
        activity__kind=ActivityKind.PROJECT,
        completed_at__isnull=False,
    ).values_list(
        "centre_id", "student_id", "activity_id", "completed_at", "activity__focus_area__slug"
    )
    taken = set(Submission.objects.values_list("student_id", "activity_id"))
    sizes = {name: default_storage.size(name) for name, *_rest in pieces}
    rows = []
    by_kind: dict[str, list[Any]] = {}
    for piece in pieces:
        by_kind.setdefault(piece[2], []).append(piece)
    for centre_id, student_id, activity_id, at, area in done:
        if (student_id, activity_id) in taken:
            continue
        # a piece of the area's kind: sound for music, a model for 3D, a picture otherwise
        kind = AREA_KINDS.get(area, "image")
        same = by_kind[kind]
        name, original, kind, content_type = same[(student_id + activity_id) % len(same)]
        rows.append(
            Submission(
                centre_id=centre_id,
                student_id=student_id,
                activity_id=activity_id,
                version=1,
                file=name,
                original_name=original,
                media_kind=kind,
                content_type=content_type,
                size=sizes[name],
                note="Voici mon projet !",
                status=SubmissionStatus.APPROVED,
                comment=APPROVED_COMMENT,
                reviewed_at=at,
            )
        )
    made = bulk.insert(Submission, rows)
    # sent the day before it was approved, not when the demo was built (auto_now)
    Submission.objects.filter(comment=APPROVED_COMMENT, centre__in=centres).update(
        created_at=F("reviewed_at") - timedelta(days=1), updated_at=F("reviewed_at")
    )
    return made


# Inès's works by focus area: (the piece it is, its title, its description, made with AI?)
INES_WORKS: dict[str, list[tuple[str, str, str, bool]]] = {
    "music": [
        (
            "boucle-0",
            "Boucle pour un jeu de plateforme",
            "Huit mesures qui tournent en boucle, sur une gamme pentatonique, pour le niveau "
            "de la forêt du jeu de notre lab.",
            False,
        ),
        (
            "boucle-1",
            "« Métro », un morceau d'échantillons",
            "Des sons enregistrés dans le métro (portes, annonces, freins), découpés et "
            "rejoués en rythme.",
            True,
        ),
    ],
    "drawing": [
        (
            "poster-0",
            "Nature morte de mon bureau",
            "Ma lampe, mes feutres et une tasse, simplifiés en formes et en trois couleurs.",
            False,
        )
    ],
    "filmmaking": [
        (
            "ballon",
            "« Une action en cinq plans »",
            "Mon court film : un ballon qui traverse la cour en cinq plans, du plan large au "
            "plan en contre-plongée.",
            False,
        )
    ],
    "3d-modelling": [
        ("cube", "Cube de départ", "Mon premier modèle 3D, exporté en GLB.", False),
    ],
    "video-games": [
        (
            "attrape-les-notes.zip",
            "Attrape les notes",
            "Mon jeu d'arcade d'une minute : des notes tombent, on les attrape avec le "
            "panier. Jouable ici (flèches ou souris).",
            False,
        )
    ],
    "programming": [
        (
            "attrape.py",
            "Le prototype de mon jeu, en Python",
            "Les règles d'« Attrape les notes » écrites en Python avant la version jouable.",
            False,
        )
    ],
}
# projects Inès made while discovering the areas she did not choose, approved since
INES_DISCOVERY = ("3d-modelling", "video-games", "programming")
FALLBACK = ("poster-5", "", "", False)
AI_DECLARATION = {
    "ai_use": AiUse.USED,
    "ai_tools": "Un générateur de sons open source (en local), puis Audacity",
    "ai_purpose": "Trouver des variations de rythme à partir de mes échantillons.",
    "ai_prompts": "« 4 variations de batterie à 100 BPM à partir de ces sons »",
    "ai_generated": "Deux variations de rythme ; j'en ai gardé une, raccourcie.",
    "ai_by_hand": "Les enregistrements, le découpage, la mélodie et le mixage.",
}


def _ines(ines: User, pieces: list[Any]) -> dict[str, Any]:
    profile = ines.student_profile
    if not ConsentRecord.objects.filter(
        student=ines, kind=ConsentKind.PUBLIC_DISPLAY, withdrawn_at__isnull=True
    ).exists():
        guardian = ines.guardians.select_related("guardian").first()
        ConsentRecord.objects.create(
            centre_id=profile.centre_id,
            student=ines,
            kind=ConsentKind.PUBLIC_DISPLAY,
            text=ConsentText.objects.filter(kind=ConsentKind.PUBLIC_DISPLAY)
            .order_by("-version")
            .first(),  # type: ignore[misc]  # the demo publishes every kind's text
            given_by=guardian.guardian if guardian else None,
            method=ConsentMethod.ONLINE,
            given_at=timezone.now() - timedelta(days=60),
        )
    _ines_discovery(ines, pieces)
    approved = list(
        Submission.objects.filter(student=ines, status=SubmissionStatus.APPROVED)
        .select_related("activity__focus_area")
        .order_by("-reviewed_at")
    )
    works = []
    for n, submission in enumerate(approved):
        area = submission.activity.focus_area.slug
        choices = INES_WORKS.get(area, [])
        wanted, title, description, with_ai = (
            choices[(submission.activity.level - 1) % len(choices)] if choices else FALLBACK
        )
        piece = next(p for p in pieces if wanted in p[0])
        Submission.objects.filter(pk=submission.pk).update(
            file=piece[0],
            original_name=piece[1],
            media_kind=piece[2],
            content_type=piece[3],
            size=default_storage.size(piece[0]),
        )
        ai = AI_DECLARATION if with_ai or submission.activity.involves_ai else {}
        works.append(
            Work(
                centre_id=submission.centre_id,
                student=ines,
                submission=submission,
                title=title,
                description=description,
                visibility=Visibility.CENTRE if n == 3 else Visibility.PUBLIC,
                featured=n == 0,
                position=10 * (n + 1),
                public_since=submission.reviewed_at if n != 3 else None,
                **(ai or {"ai_use": AiUse.NONE}),
            )
        )
    Work.objects.bulk_create(works)
    _ines_outside(ines, pieces)
    # her pictures' thumbnails, as the worker makes them (the others' come with the worker)
    for sent in approved:
        if sent.content_type in thumbnails.MADE_FOR:
            thumbnails.make(Submission.objects.get(pk=sent.pk))
    page = PortfolioPage.objects.create(
        student=ines,
        centre_id=profile.centre_id,
        slug="ines-demo-2026",
        bio="En 4e, j'aime le dessin, la musique de jeux vidéo et tout ce qui se construit "
        "en 3D. Ici, mes travaux de l'année au centre.",
        published=True,
    )
    page.credentials.set(
        Credential.objects.filter(holder=ines, revoked_at__isnull=True).order_by("issued_at")[:4]
    )
    # her last export, ready to download from My portfolio
    export = PortfolioExport.objects.create(student=ines, requested_by=ines)
    build_export.call(export.pk)
    return {"works": len(works), "page": page.slug}


def _ines_outside(ines: User, pieces: list[Any]) -> None:
    """Two works Inès made at home: a fan art her coach approved (on her page), and a poster
    for her street's party waiting for his review."""
    coach = User.objects.filter(caseload__student=ines).first()
    centre_id = ines.student_profile.centre_id
    drawing = FocusArea.objects.filter(slug="drawing").first()
    now = timezone.now()
    for n, (title, piece, days, approved) in enumerate(
        [
            ("Fan art : le renard de mon jeu préféré", "poster-1", 40, True),
            ("Affiche pour la fête de ma rue", "poster-2", 2, False),
        ]
    ):
        name, original, kind, content_type = next(p for p in pieces if piece in p[0])
        made = PersonalWork.objects.create(
            centre_id=centre_id,
            student=ines,
            title=title,
            focus_area=drawing,
            made_on=(now - timedelta(days=days + 5)).date(),
            file=name,
            original_name=original,
            media_kind=kind,
            content_type=content_type,
            size=default_storage.size(name),
            note="Fait à la maison, sur ma tablette." if n == 0 else "Pour les voisins !",
            status=ReviewStatus.APPROVED if approved else ReviewStatus.SUBMITTED,
            reviewer=coach if approved else None,
            comment="Très réussi, il a sa place dans ton portfolio." if approved else "",
            reviewed_at=now - timedelta(days=days - 1) if approved else None,
        )
        PersonalWork.objects.filter(pk=made.pk).update(created_at=now - timedelta(days=days))
        if approved:
            Work.objects.create(
                centre_id=centre_id,
                student=ines,
                personal=made,
                title=title,
                description="Le renard du jeu, redessiné à ma façon, en trois couleurs.",
                visibility=Visibility.PUBLIC,
                position=5,
                public_since=now - timedelta(days=days - 2),
                ai_use=AiUse.NONE,
            )


def _ines_discovery(ines: User, pieces: list[Any]) -> None:
    """A first project in each area Inès tried and did not choose, done and approved weeks
    ago (her portfolio then shows a 3D model, a playable game and code)."""
    now = timezone.now()
    for n, area in enumerate(INES_DISCOVERY):
        activity = (
            Activity.objects.filter(focus_area__slug=area, kind=ActivityKind.PROJECT)
            .order_by("level", "order")
            .first()
        )
        if activity is None or Submission.objects.filter(student=ines, activity=activity).exists():
            continue
        at = now - timedelta(days=70 - 9 * n)
        wanted = INES_WORKS[area][0][0]
        name, original, kind, content_type = next(p for p in pieces if wanted in p[0])
        ActivityProgress.objects.update_or_create(
            student=ines,
            activity=activity,
            defaults={
                "centre_id": ines.student_profile.centre_id,
                "status": ProgressStatus.DONE,
                "completed_at": at,
            },
        )
        sent = Submission.objects.create(
            centre_id=ines.student_profile.centre_id,
            student=ines,
            activity=activity,
            version=1,
            file=name,
            original_name=original,
            media_kind=kind,
            content_type=content_type,
            size=default_storage.size(name),
            note="Mon projet de découverte.",
            status=SubmissionStatus.APPROVED,
            comment=APPROVED_COMMENT,
            reviewed_at=at,
        )
        Submission.objects.filter(pk=sent.pk).update(
            created_at=at - timedelta(days=1), updated_at=at
        )


def _others(centres: list[Centre], ines: User | None, rng: random.Random) -> int:
    consenting = set(
        ConsentRecord.objects.filter(
            kind=ConsentKind.PUBLIC_DISPLAY, withdrawn_at__isnull=True, centre__in=centres
        ).values_list("student_id", flat=True)
    )
    rows = (
        Submission.objects.filter(centre__in=centres, status=SubmissionStatus.APPROVED)
        .exclude(student=ines)
        .select_related("activity")
        .order_by("id")
    )
    works = []
    for submission in rows.iterator():
        draw = rng.random()
        if draw > 0.35 or (submission.activity.involves_ai and draw > 0.2):
            continue
        public = submission.student_id in consenting and draw < 0.12
        works.append(
            Work(
                centre_id=submission.centre_id,
                student_id=submission.student_id,
                submission=submission,
                visibility=Visibility.PUBLIC if public else Visibility.CENTRE,
                ai_use=AiUse.NONE,
                public_since=submission.reviewed_at if public else None,
            )
        )
    bulk.insert(Work, works)
    return len(works)


def seed(centres: list[Centre]) -> dict[str, Any]:
    pieces = _pieces()
    approved = _approve_finished_projects(centres, pieces)
    ines = User.objects.filter(username="student").first()
    summary: dict[str, Any] = {"approved_projects": approved}
    if ines is not None:
        summary["ines"] = _ines(ines, pieces)
    summary["shown_by_others"] = _others(centres, ines, random.Random("portfolio"))
    return summary
