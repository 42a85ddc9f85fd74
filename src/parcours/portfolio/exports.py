"""The portfolio's ZIP, built by the worker (django-tasks): each work's file under
``works/``, ``portfolio.json`` (the works' words, AI declarations and who sees them, the
public page), each credential's VC-JWT under ``credentials/`` (what a wallet imports) and a
README in the student's language. The progress is kept on the export as it goes."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django_tasks import task

from parcours.credentials.models import Credential
from parcours.portfolio.choices import ExportStatus
from parcours.portfolio.models import PortfolioExport, PortfolioPage
from parcours.portfolio.selectors import items_of


def _name(n: int, title: str, original: str) -> str:
    ext = PurePath(original).suffix.lower()[:8]
    stem = get_valid_filename(title)[:60] or "work"
    return f"works/{n:02d}-{stem}{ext}"


def _progress(export: PortfolioExport, percent: int, **fields: Any) -> None:
    export.progress = percent
    for name, value in fields.items():
        setattr(export, name, value)
    export.save()


def build(export: PortfolioExport) -> bytes:
    student = export.student
    items = items_of(student.pk)
    page = PortfolioPage.objects.filter(student=student).first()
    credentials = list(Credential.objects.filter(holder=student).order_by("issued_at"))
    buffer = io.BytesIO()
    works: list[dict[str, Any]] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, item in enumerate(items, start=1):
            w = item.work
            path = _name(n, item.title, item.submission.original_name)
            try:
                with item.submission.file.open("rb") as source:
                    archive.writestr(path, source.read())
            except (FileNotFoundError, ValueError):
                path = ""  # the file is gone (erased, lost): the words stay
            works.append(
                {
                    "title": item.title,
                    "description": item.description,
                    "file": path,
                    "activity": item.submission.activity.title,
                    "focus_area": getattr(item.submission.activity.focus_area, "name", ""),
                    "made_on": item.made_on.date().isoformat(),
                    "visibility": item.visibility,
                    "ai_use": item.ai_use,
                    "ai_tools": w.ai_tools if w else "",
                    "ai_purpose": w.ai_purpose if w else "",
                    "ai_prompts": w.ai_prompts if w else "",
                    "ai_generated": w.ai_generated if w else "",
                    "ai_by_hand": w.ai_by_hand if w else "",
                }
            )
            _progress(export, 10 + int(80 * n / max(len(items), 1)))
        for c in credentials:
            archive.writestr(f"credentials/{c.uuid}.jwt", c.jwt)
        data = {
            "student": {"first_name": student.first_name, "last_name": student.last_name},
            "page": {
                "bio": page.bio if page else "",
                "published": bool(page and page.published),
                "address": page.slug if page else None,
            },
            "works": works,
            "credentials": [
                {
                    "id": str(c.uuid),
                    "name": c.name,
                    "issued_at": c.issued_at.isoformat(),
                    "status": "revoked" if c.revoked_at else "active",
                    "file": f"credentials/{c.uuid}.jwt",
                }
                for c in credentials
            ],
            "exported_at": timezone.now().isoformat(timespec="seconds"),
        }
        archive.writestr("portfolio.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("README.txt", _readme(len(works), len(credentials)))
    return buffer.getvalue()


def _readme(works: int, credentials: int) -> str:
    return "\n\n".join(
        [
            _("Your portfolio, exported from Parcours."),
            _("works/: the files of your %(n)s works.") % {"n": works},
            _(
                "portfolio.json: their titles, descriptions and declarations of AI use, and "
                "your public page."
            ),
            _(
                "credentials/: your %(n)s credentials (Open Badges 3.0, VC-JWT): import them "
                "into a digital wallet; anyone can check them at their public page."
            )
            % {"n": credentials},
        ]
    )


@task()
def build_export(export_id: int) -> dict[str, Any]:
    export = PortfolioExport.objects.select_related("student").get(pk=export_id)
    if export.status not in (ExportStatus.QUEUED, ExportStatus.RUNNING):
        return {"status": export.status}
    _progress(export, 5, status=ExportStatus.RUNNING)
    language = export.student.preferred_language or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            data = build(export)
        export.file.save("portfolio.zip", ContentFile(data), save=False)
        _progress(
            export,
            100,
            status=ExportStatus.DONE,
            size=len(data),
            finished_at=timezone.now(),
        )
    except Exception as exc:
        _progress(
            export,
            export.progress,
            status=ExportStatus.FAILED,
            error=str(exc)[:300],
            finished_at=timezone.now(),
        )
        raise
    return {"status": export.status, "size": export.size}
