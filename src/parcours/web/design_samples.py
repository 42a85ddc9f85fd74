"""Sample data for the living style guide (/design/): every component in its states."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# 140 characters without a break: no component may overflow the screen because of it.
LONG_WORD = "Supercalifragilisticexpialidocious" * 4 + "Parcours"


ICONS = [
    "house", "route", "flask-conical", "calendar", "user-round", "users", "search", "inbox",
    "clipboard-check", "door-open", "qr-code", "library", "palette", "building-2", "layers",
    "trophy", "star", "sparkles", "lock", "lock-open", "code-xml", "clapperboard", "gamepad-2",
    "pen-tool", "film", "bot", "music", "box", "pencil", "camera", "shapes", "brain",
]  # fmt: skip


@dataclass
class SampleMessage:
    level: int
    tags: str
    text: str

    def __str__(self) -> str:
        return self.text


class SampleForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the lab"),
        help_text=gettext_lazy("As students will see it, 60 characters at most."),
        max_length=60,
    )
    seats = forms.IntegerField(
        label=gettext_lazy("Seats"), min_value=1, max_value=40,
        help_text=gettext_lazy("Between 1 and 40."),
    )  # fmt: skip
    level = forms.ChoiceField(
        label=gettext_lazy("Level"),
        choices=[("1", "1"), ("2", "2"), ("3", "3")],
        widget=forms.RadioSelect,
    )
    public = forms.BooleanField(label=gettext_lazy("Show in the public gallery"), required=False)


def samples(areas: list[Any]) -> dict[str, Any]:
    area = areas[0] if areas else None
    bad = SampleForm({"name": "", "seats": "99", "level": ""}, auto_id="bad_%s")
    bad.is_valid()
    bad.add_error(None, _("Two labs of this cycle already use this room on Tuesdays."))
    levels = [
        {
            "number": 1,
            "name": _("First steps"),
            "state": "done",
            "activities": [
                {"title": _("Hello, world"), "url": "#", "done": True},
                {"title": _("Variables"), "url": "#", "done": True},
                {"title": _("Quiz: the basics"), "url": "#", "done": True},
            ],
            "labs": [{"title": _("Lab: build a chatbot"), "url": "#"}],
        },
        {
            "number": 2,
            "name": _("Make it move"),
            "state": "current",
            "activities": [
                {"title": _("Loops"), "url": "#", "done": True},
                {"title": _("Functions"), "url": "#", "done": False},
                {"title": LONG_WORD, "url": "#", "done": False},
            ],
            "labs": [{"title": _("Lab: a game in Python"), "url": "#"}],
        },
        {
            "number": 3,
            "name": _("Your own project"),
            "state": "locked",
            "activities": [{"title": _("Project: your own game"), "url": "#", "done": False}],
            "labs": [{"title": _("Masterlab: game jam"), "url": "#"}],
        },
    ]
    weeks = [(_("W%(n)s") % {"n": n}, v) for n, v in enumerate([61, 74, 70, 82, 79, 88], start=1)]
    by_area = [(a.name, v) for a, v in zip(areas[:6], [34, 28, 22, 19, 12, 9], strict=False)]
    people = [
        {"name": "Inès Moreau", "age": 14, "area": area, "attendance": 92, "status": "ok"},
        {"name": "Jules Bernard", "age": 16, "area": area, "attendance": 58, "status": "risk"},
        {"name": LONG_WORD, "age": 12, "area": area, "attendance": 75, "status": "new"},
    ]
    return {
        "area": area,
        "crumbs_short": [(_("Home"), "/"), (_("Design system"), "")],
        "palette": [
            ("bg", _("Page")),
            ("surface", _("Surface")),
            ("surface-2", _("Raised surface")),
            ("border", _("Border")),
            ("text", _("Text")),
            ("muted", _("Muted text")),
            ("primary", _("Primary")),
            ("primary-tint", _("Primary tint")),
            ("sun", _("Sun yellow")),
            ("success", _("Success")),
            ("warning", _("Warning")),
            ("danger", _("Danger")),
            ("info", _("Information")),
        ],
        "spacing": range(1, 9),
        "icons": ICONS,
        "sample_messages": [
            SampleMessage(25, "success", _("The lab was saved.")),
            SampleMessage(20, "info", _("Applications open on Monday.")),
            SampleMessage(30, "warning", _("Two students have no seat yet.")),
            SampleMessage(40, "error", _("The file is too big: 20 MB at most.")),
            SampleMessage(25, "success", LONG_WORD),
        ],
        "no_data": [],
        "themes": [
            {"value": "light", "label": _("Light theme")},
            {"value": "dark", "label": _("Dark theme")},
        ],
        "bad_form": bad,
        "levels": levels,
        "weeks": weeks,
        "by_area": by_area,
        "mix": [(_("Girls"), 42), (_("Boys"), 55), (_("Other or not said"), 3)],
        "people": people,
        "long_word": LONG_WORD,
        "crumbs": [(_("Home"), "/"), (_("Labs"), "#"), (_("Autumn 2026"), "#"), (LONG_WORD, "")],
    }
