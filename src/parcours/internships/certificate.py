"""The certificate of participation in a prevention internship (reportlab): one A4 page in
the reader's language, naming the young person, the internship, its dates and theme, the
project presented and the days attended."""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

if TYPE_CHECKING:
    from parcours.internships.models import Referral

W, H = A4
LEFT = 25 * mm


def render(r: Referral, days_came: int) -> bytes:
    i = r.internship
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setTitle(_("Certificate of participation"))
    pdf.setStrokeColorRGB(0.33, 0.2, 0.85)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, W - 24 * mm, H - 24 * mm, stroke=1, fill=0)
    pdf.setFillColorRGB(0.33, 0.2, 0.85)
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawString(LEFT, H - 35 * mm, i.centre.name.upper())
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont("Helvetica-Bold", 26)
    pdf.drawString(LEFT, H - 55 * mm, _("Certificate of participation"))
    pdf.setFont("Helvetica", 13)
    pdf.drawString(LEFT, H - 75 * mm, _("%(centre)s certifies that") % {"centre": i.centre.name})
    pdf.setFont("Helvetica-Bold", 22)
    pdf.drawString(LEFT, H - 90 * mm, f"{r.first_name} {r.last_name}"[:48])
    pdf.setFont("Helvetica", 13)
    y = H - 105 * mm
    lines = [
        _("took part in the internship “%(title)s”") % {"title": i.title},
        _("from %(first)s to %(last)s (%(came)s of %(days)s days),")
        % {
            "first": date_format(i.starts_on, "DATE_FORMAT"),
            "last": date_format(i.ends_on, "DATE_FORMAT"),
            "came": days_came,
            "days": i.days,
        },
        _("on the theme: %(theme)s,") % {"theme": i.theme},
        _("and made with the group a %(project)s presented in public.")
        % {"project": i.get_project_kind_display()},
    ]
    for line in lines:
        for part in textwrap.wrap(line, 70):
            pdf.drawString(LEFT, y, part)
            y -= 8 * mm
    pdf.setFont("Helvetica", 11)
    where = ", ".join(p for p in (i.centre.city, date_format(i.ends_on, "DATE_FORMAT")) if p)
    pdf.drawString(LEFT, 50 * mm, where)
    pdf.drawString(
        LEFT,
        42 * mm,
        _("For the centre: %(who)s") % {"who": i.lead.get_full_name() if i.lead else i.centre.name},
    )
    pdf.showPage()
    pdf.save()
    return out.getvalue()
