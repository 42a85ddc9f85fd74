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


class RetentionForm(forms.Form):
    closed_requests_months = forms.IntegerField(
        label=_("Applicants never registered: months kept after their last request"),
        min_value=1,
        max_value=120,
    )
    past_students_months = forms.IntegerField(
        label=_("Students who left: months kept after their last school year"),
        min_value=1,
        max_value=120,
    )
    kiosk_months = forms.IntegerField(
        label=_("Check-ins' device names: months kept"), min_value=1, max_value=120
    )
    audit_months = forms.IntegerField(
        label=_("Audit log: months kept"),
        min_value=6,
        max_value=120,
        help_text=_("At least 6 months: the CNIL recommends 6 months to a year for access logs."),
    )
