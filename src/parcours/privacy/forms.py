"""The privacy pages' forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("It helps the centre, but you do not have to say."),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that the name, contacts, projects and files will be deleted "
            "for good, and that the account will no longer open."
        ),
        required=True,
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the request is refused"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The family reads it. The law allows a refusal only for a legal "
            "obligation to keep the data, or a request that is not the family's."
        ),
    )


class ApproveForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I checked that the request comes from the family, and erase the data now."),
        required=True,
    )
