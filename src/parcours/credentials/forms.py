from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.credentials.choices import AchievementKind
from parcours.enrolment import years


class AttestationsForm(forms.Form):
    year = forms.TypedChoiceField(label=_("School year"), coerce=int)
    slot = forms.ChoiceField(label=_("Group"), required=False)

    def __init__(self, *args: Any, slots: list[Any], current: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year: Any = self.fields["year"]
        year.choices = [(y, years.year_label(y)) for y in range(current, current - 4, -1)]
        year.initial = current
        slot: Any = self.fields["slot"]
        slot.choices = [("", _("Every student of the centre"))] + [
            (str(s.uuid), s.label) for s in slots
        ]


class AwardForm(forms.Form):
    username = forms.CharField(
        label=_("Sign-in name of the person"),
        max_length=150,
        help_text=_("A student or an adult of the centre (staff, a youth worker trained here)."),
    )
    kind = forms.ChoiceField(
        label=_("What it recognises"),
        choices=[
            (AchievementKind.LAB.value, AchievementKind.LAB.label),
            (AchievementKind.ORIENTATION.value, AchievementKind.ORIENTATION.label),
            (AchievementKind.TRAINING.value, AchievementKind.TRAINING.label),
        ],
    )
    name = forms.CharField(label=_("Name of the credential"), max_length=200)
    description = forms.CharField(
        label=_("What the person did"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    criteria = forms.CharField(
        label=_("What was asked"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_url = forms.URLField(
        label=_("Evidence (an address, optional)"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )


class RevokeForm(forms.Form):
    credential = forms.UUIDField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why"), max_length=300)
