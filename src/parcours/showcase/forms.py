from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.showcase.services import LIMITS


class ExhibitionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=LIMITS["title"])
    partner = forms.CharField(
        label=_("With (a partner, an event)"), max_length=LIMITS["partner"], required=False
    )
    place = forms.CharField(label=_("Where"), max_length=LIMITS["place"], required=False)
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    programme = forms.CharField(
        label=_("Programme"),
        max_length=LIMITS["programme"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    seconds = forms.IntegerField(
        label=_("Seconds per image in the slideshow"), min_value=3, max_value=120, initial=8
    )
    published = forms.BooleanField(
        label=_("Publish its page (anyone with the address sees it)"), required=False
    )
