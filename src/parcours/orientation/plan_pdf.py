"""The action plan as a PDF (reportlab's page layout engine, Platypus): A4, in the student's
language, with her stage in the programme, her interests and strengths (with her validated
competencies and approved works), the offers she keeps and the other targets, and the dated
next steps with who helps, then the notes shared with her. Wrapped text, tables that split
across pages, page numbers in the footer."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from parcours.orientation.choices import STAGE_ORDER, Stage, Status

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from parcours.orientation.models import Participant, StageNote
    from parcours.orientation.selectors import PlanView

INK = colors.HexColor("#1f1b4d")
ACCENT = colors.HexColor("#5533d6")
SOFT = colors.HexColor("#efeafd")


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "body",
        parent=base["BodyText"],
        fontSize=10.5,
        leading=14.5,
        textColor=INK,
        alignment=TA_LEFT,
    )
    return {
        "title": ParagraphStyle(
            "title",
            parent=base["Title"],
            fontSize=22,
            leading=26,
            textColor=INK,
            alignment=TA_LEFT,
            spaceAfter=4,
        ),
        "sub": ParagraphStyle("sub", parent=body, fontSize=11, textColor=ACCENT),
        "h2": ParagraphStyle(
            "h2",
            parent=base["Heading2"],
            fontSize=14,
            leading=18,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "body": body,
        "small": ParagraphStyle(
            "small", parent=body, fontSize=8.5, leading=11, textColor=colors.HexColor("#55527a")
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _table(rows: list[list[Paragraph]], widths: list[float]) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SOFT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#d9d4f2")),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return t


def render(p: Participant, view: PlanView, shared: list[StageNote], language: str) -> bytes:
    """The plan's PDF in ``language``."""
    with translation.override(language):
        return _render(p, view, shared)


def _render(p: Participant, view: PlanView, shared: list[StageNote]) -> bytes:
    s = _styles()
    centre = p.programme.centre
    zone = centre.zone
    today = timezone.localdate(timezone=zone)
    name = f"{p.student.first_name} {p.student.last_name}".strip()
    out = io.BytesIO()

    def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.HexColor("#55527a"))
        canvas.drawString(18 * mm, 10 * mm, f"{centre.name} · {p.programme.title}")
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, _("Page %(n)s") % {"n": doc.page})
        canvas.restoreState()

    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Action plan of %(name)s") % {"name": name},
        author=centre.name,
    )
    width = A4[0] - 36 * mm
    story: list[object] = [
        _p(_("Action plan"), s["title"]),
        _p(name, s["sub"]),
        _p(
            _("%(programme)s (%(years)s) at %(centre)s · as of %(day)s")
            % {
                "programme": p.programme.title,
                "years": p.programme.years,
                "centre": centre.name,
                "day": formats.date_format(today, "DATE_FORMAT"),
            },
            s["small"],
        ),
        Spacer(1, 6 * mm),
    ]
    done = p.status == Status.COMPLETED
    stage_cells = []
    for code in STAGE_ORDER:
        label = str(Stage(code).label).capitalize()
        here = not done and code == p.stage
        passed = done or STAGE_ORDER.index(code) < STAGE_ORDER.index(p.stage)
        # WinAnsi fonts: no check mark glyph; the state is said in words under the name
        state = _("done") if passed else (_("now") if here else _("to come"))
        stage_cells.append(Paragraph(f"<b>{escape(label)}</b><br/>{escape(state)}", s["body"]))
    stages = Table([stage_cells], colWidths=[width / 4] * 4)
    stages.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, ACCENT),
                ("INNERGRID", (0, 0), (-1, -1), 0.6, ACCENT),
                *(
                    [
                        (
                            "BACKGROUND",
                            (STAGE_ORDER.index(p.stage), 0),
                            (STAGE_ORDER.index(p.stage), 0),
                            SOFT,
                        )
                    ]
                    if not done
                    else []
                ),
            ]
        )
    )
    story += [_p(_("The four stages"), s["h2"]), stages]
    plan = view.plan
    for title, text, extra in (
        (_("What I like"), plan.interests if plan else "", []),
        (
            _("My strengths"),
            plan.strengths if plan else "",
            [
                *(
                    [_("Validated competencies: %(list)s") % {"list": ", ".join(view.competencies)}]
                    if view.competencies
                    else []
                ),
                *(
                    [_("Works in my portfolio: %(list)s") % {"list": ", ".join(view.works)}]
                    if view.works
                    else []
                ),
            ],
        ),
    ):
        block: list[object] = [_p(title, s["h2"])]
        block.append(_p(text or _("To write with my coach."), s["body"]))
        block += [_p(x, s["small"]) for x in extra]
        story.append(KeepTogether(block))
    story.append(_p(_("Where I aim"), s["h2"]))
    if view.kept:
        rows = [
            [
                _p(_("Training"), s["small"]),
                _p(_("Where"), s["small"]),
                _p(_("Level"), s["small"]),
                _p(_("Applications"), s["small"]),
            ]
        ]
        for k in view.kept:
            o = k.offer
            dates = ""
            if o.application_opens and o.application_closes:
                dates = (
                    f"{formats.date_format(o.application_opens, 'j M Y')} – "
                    f"{formats.date_format(o.application_closes, 'j M Y')}"
                )
            rows.append(
                [
                    _p(f"{o.title}\n{o.provider}", s["body"]),
                    _p(
                        ", ".join(x for x in (o.place, o.region_name) if x) or o.get_mode_display(),
                        s["body"],
                    ),
                    _p(str(o.get_level_display()), s["body"]),
                    _p(dates or "–", s["body"]),
                ]
            )
        story.append(_table(rows, [width * 0.42, width * 0.2, width * 0.18, width * 0.2]))
    if plan and plan.targets:
        story.append(_p(plan.targets, s["body"]))
    if not view.kept and not (plan and plan.targets):
        story.append(
            _p(_("No target yet: the training offers that fit me are on Parcours."), s["body"])
        )
    story.append(_p(_("My next steps"), s["h2"]))
    if view.steps:
        rows = [
            [
                _p(_("Step"), s["small"]),
                _p(_("By"), s["small"]),
                _p(_("Who helps"), s["small"]),
                _p(_("Done"), s["small"]),
            ]
        ]
        for step in view.steps:
            rows.append(
                [
                    _p(step.what, s["body"]),
                    _p(
                        formats.date_format(step.due_on, "j M Y") if step.due_on else "–", s["body"]
                    ),
                    _p(step.helper or "–", s["body"]),
                    _p(_("yes") if step.done else "", s["body"]),
                ]
            )
        story.append(_table(rows, [width * 0.5, width * 0.17, width * 0.23, width * 0.1]))
    else:
        story.append(_p(_("To decide with my coach."), s["body"]))
    if shared:
        story.append(_p(_("Notes from my coach"), s["h2"]))
        for note in shared:
            day = formats.date_format(timezone.localtime(note.created_at, zone).date(), "j M Y")
            who = note.author.first_name if note.author else ""
            story.append(_p(f"{day} · {who} · {Stage(note.stage).label}", s["small"]))
            story.append(_p(note.text, s["body"]))
            story.append(Spacer(1, 2 * mm))
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
