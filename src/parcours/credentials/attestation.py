"""Printable attestations (reportlab): one A4 page per credential, with what it recognises,
who issued it and when, and a QR code to its public page, where anyone checks it is still
valid (paper cannot say it was revoked since it was printed; the page can)."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from parcours.attendance.badges import draw_qr
from parcours.credentials import urls_of

if TYPE_CHECKING:
    from parcours.credentials.models import Credential

W, H = A4
LEFT = 25 * mm


def _lines(pdf: canvas.Canvas, text: str, y: float, *, size: int, width: int) -> float:
    pdf.setFont("Helvetica", size)
    for paragraph in (text or "").splitlines() or [""]:
        for line in textwrap.wrap(paragraph, width) or [""]:
            pdf.drawString(LEFT, y, line)
            y -= size * 1.45
    return y


def _page(pdf: canvas.Canvas, c: Credential) -> None:
    zone = ZoneInfo(c.centre.timezone) if c.centre.timezone else None
    issued = timezone.localtime(c.issued_at, zone).date()
    holder = f"{c.holder.first_name} {c.holder.last_name}".strip()
    pdf.setStrokeColorRGB(0.33, 0.2, 0.85)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, W - 24 * mm, H - 24 * mm, stroke=1, fill=0)
    pdf.setFillColorRGB(0.33, 0.2, 0.85)
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawString(LEFT, H - 35 * mm, c.centre.name.upper())
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont("Helvetica-Bold", 28)
    pdf.drawString(LEFT, H - 55 * mm, _("Attestation"))
    y = _lines(
        pdf,
        _("%(centre)s attests that") % {"centre": c.centre.name},
        H - 72 * mm,
        size=13,
        width=80,
    )
    pdf.setFont("Helvetica-Bold", 22)
    pdf.drawString(LEFT, y - 6 * mm, holder[:48])
    y = _lines(pdf, _("has been awarded"), y - 18 * mm, size=13, width=80)
    pdf.setFont("Helvetica-Bold", 17)
    for line in textwrap.wrap(c.name, 50)[:3]:
        pdf.drawString(LEFT, y - 4 * mm, line)
        y -= 8 * mm
    y = _lines(pdf, c.description, y - 10 * mm, size=11, width=90)
    pdf.setFont("Helvetica-Bold", 11)
    pdf.drawString(LEFT, y - 4 * mm, _("What was asked"))
    y = _lines(pdf, c.criteria, y - 10 * mm, size=11, width=90)
    on = date_format(issued, "DATE_FORMAT")
    where = ", ".join(p for p in (c.centre.city, on) if p)
    _lines(pdf, where, y - 6 * mm, size=11, width=90)
    # the QR code to the public page, where anyone checks that it is (still) valid
    page = urls_of.page(c.uuid)
    draw_qr(pdf, page, W - 25 * mm - 45 * mm, 28 * mm, 45 * mm)
    pdf.setFont("Helvetica", 9)
    pdf.drawString(LEFT, 46 * mm, _("Check it online (Open Badges 3.0, signed by the centre):"))
    pdf.setFont("Helvetica", 8)
    pdf.drawString(LEFT, 41 * mm, page)
    pdf.drawString(LEFT, 36 * mm, _("Credential %(id)s") % {"id": c.uuid})
    if c.revoked_at:
        pdf.setFillColorRGB(0.75, 0.1, 0.1)
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(LEFT, 55 * mm, _("REVOKED: this credential is no longer valid."))
        pdf.setFillColorRGB(0, 0, 0)


def attestations_pdf(credentials: Iterable[Credential], *, title: str) -> bytes:
    """One page per credential (a page saying there is none when the list is empty)."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setTitle(title)
    count = 0
    for c in credentials:
        _page(pdf, c)
        pdf.showPage()
        count += 1
    if not count:
        pdf.setFont("Helvetica", 13)
        pdf.drawString(LEFT, H - 40 * mm, _("No credential to print."))
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
