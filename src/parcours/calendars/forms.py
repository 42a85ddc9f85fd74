from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.calendars.choices import FeedPurpose


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Feed"), choices=FeedPurpose.choices)
