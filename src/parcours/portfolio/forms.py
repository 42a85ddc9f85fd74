from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.learning.uploads import accepted_extensions
from parcours.portfolio.choices import AiUse, Visibility
from parcours.portfolio.services import BIO_MAX, COMMENT_MAX, LIMITS, NOTE_MAX, OUTSIDE_TITLE_MAX


def _text(label: Any, limit: int, rows: int = 0, help_text: Any = "") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, max_length=limit, required=False, widget=widget, help_text=help_text
    )


class WorkForm(forms.Form):
    title = _text(_("Title"), LIMITS["title"], help_text=_("Empty: the activity's title."))
    description = _text(_("Description"), LIMITS["description"], rows=4)
    visibility = forms.ChoiceField(
        label=_("Who sees it"), choices=Visibility.choices, widget=forms.RadioSelect
    )
    featured = forms.BooleanField(label=_("Feature it at the top of my page"), required=False)
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=1000,
        initial=100,
        help_text=_("Smaller numbers come first."),
    )
    ai_use = forms.ChoiceField(
        label=_("Use of AI"),
        choices=AiUse.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Shown beside the work: saying how you used AI is part of the work."),
    )
    ai_tools = _text(_("Which AI tools"), LIMITS["ai_tools"])
    ai_purpose = _text(_("What for"), LIMITS["ai_purpose"], rows=2)
    ai_prompts = _text(_("Prompts you tried"), LIMITS["ai_prompts"], rows=3)
    ai_generated = _text(_("What the AI generated"), LIMITS["ai_generated"], rows=2)
    ai_by_hand = _text(_("What you made by hand"), LIMITS["ai_by_hand"], rows=2)


class PageForm(forms.Form):
    bio = _text(_("A few words about you"), BIO_MAX, rows=3)
    full_name = forms.BooleanField(
        label=_("Show my full name (otherwise my first name and initial)"), required=False
    )
    published = forms.BooleanField(label=_("Publish my page"), required=False)
    credentials = forms.MultipleChoiceField(
        label=_("Credentials shown"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, credential_choices: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        field: Any = self.fields["credentials"]
        field.choices = credential_choices


class OutsideForm(forms.Form):
    """A work made outside an activity, sent for review."""

    title = forms.CharField(label=_("Title"), max_length=OUTSIDE_TITLE_MAX)
    focus_area = forms.ChoiceField(label=_("Focus area"), required=False)
    made_on = forms.DateField(
        label=_("Made on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    file = forms.FileField(
        label=_("The work's file"),
        widget=forms.ClearableFileInput(attrs={"accept": accepted_extensions()}),
        help_text=_(
            "A picture, a sound, a video, a 3D model, a ZIP (a game's web build), code or a PDF."
        ),
    )
    note = _text(
        _("A word to your coach"), NOTE_MAX, rows=3, help_text=_("Where and how you made it.")
    )

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        field: Any = self.fields["focus_area"]
        field.choices = [("", _("None")), *areas]


class ResendForm(forms.Form):
    file = forms.FileField(
        label=_("The new file"),
        widget=forms.ClearableFileInput(attrs={"accept": accepted_extensions()}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approved", _("Approve: it joins the portfolio")),
            ("changes", _("Ask for changes")),
        ],
        widget=forms.RadioSelect,
    )
    comment = _text(
        _("Comment for the student"),
        COMMENT_MAX,
        rows=3,
        help_text=_("Required to ask for changes."),
    )
