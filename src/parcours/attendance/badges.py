"""Badges as people see them: the printable PDF cards (reportlab) and the QR codes (segno).

A card shows the student's first name, the centre, the QR code of the badge code and the
code typed out, for the kiosk's keyboard when the camera cannot read it."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

import segno
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

if TYPE_CHECKING:
    from parcours.people.models import User

CARD_W, CARD_H = 85 * mm, 54 * mm
COLUMNS, ROWS = 2, 5
MARGIN_X, MARGIN_Y = 15 * mm, 10 * mm


def qr_svg(data: str, *, title: str) -> SafeString:
    """The QR code as inline SVG (no image file, nothing to download)."""
    svg = segno.make(data, error="m").svg_inline(
        scale=6, border=2, dark="#000", light="#fff", title=escape(title)
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup, the title escaped above


def draw_qr(pdf: canvas.Canvas, data: str, x: float, y: float, size: float) -> None:
    qr = segno.make(data, error="m")
    matrix = [list(row) for row in qr.matrix]
    n = len(matrix) + 4  # a quiet zone of two modules
    cell = size / n
    pdf.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(x + (c + 2) * cell, y + size - (r + 3) * cell, cell, cell, 0, 1)


def badges_pdf(cards: Iterable[tuple[User, str]], *, centre_name: str) -> bytes:
    """One page of ten cards at a time: ``cards`` are (student, code) pairs."""
    cards = list(cards)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setTitle(_("Badges · %(centre)s") % {"centre": centre_name})
    _w, page_h = A4
    for i, (student, code) in enumerate(cards):
        slot = i % (COLUMNS * ROWS)
        if i and slot == 0:
            pdf.showPage()
        col, row = slot % COLUMNS, slot // COLUMNS
        x = MARGIN_X + col * (CARD_W + 5 * mm)
        y = page_h - MARGIN_Y - (row + 1) * CARD_H
        pdf.setStrokeColorRGB(0.6, 0.6, 0.6)
        pdf.setDash(2, 2)
        pdf.rect(x, y, CARD_W, CARD_H, 1, 0)
        pdf.setDash()
        draw_qr(pdf, code, x + 3 * mm, y + 5 * mm, 44 * mm)
        pdf.setFillColorRGB(0, 0, 0)
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(x + 50 * mm, y + CARD_H - 14 * mm, (student.first_name or "")[:16])
        pdf.setFont("Helvetica", 8)
        pdf.drawString(x + 50 * mm, y + CARD_H - 20 * mm, centre_name[:28])
        pdf.drawString(x + 50 * mm, y + 20 * mm, _("Code"))
        pdf.setFont("Courier-Bold", 11)
        pdf.drawString(x + 50 * mm, y + 14 * mm, code)
        pdf.setFont("Helvetica", 6)
        pdf.drawString(x + 50 * mm, y + 6 * mm, _("Show it at the door."))
    if not cards:
        pdf.drawString(MARGIN_X, page_h - 30 * mm, _("No badge to print."))
    pdf.showPage()
    pdf.save()
    return out.getvalue()
