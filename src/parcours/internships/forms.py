"""Forms of prevention internships: planning one, the partner's referral, the decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.internships.choices import FollowUp, ProjectKind
from parcours.internships.services import LIMITS


class InternshipForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    theme = forms.CharField(label=_("Theme"), max_length=300)
    project_kind = forms.ChoiceField(label=_("Project"), choices=ProjectKind.choices)
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=10, initial=4)
    capacity = forms.IntegerField(label=_("Places"), min_value=4, max_value=16, initial=10)
    presentation = forms.CharField(
        label=_("Public presentation (when, where)"), required=False, max_length=300
    )


class ReferralForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=LIMITS["first_name"])
    last_name = forms.CharField(label=_("Last name"), max_length=LIMITS["last_name"])
    birth_date = forms.DateField(
        label=_("Birth date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    contact = forms.CharField(
        label=_("Young person’s phone or e-mail"), required=False, max_length=LIMITS["contact"]
    )
    guardian_name = forms.CharField(
        label=_("Guardian’s name (for a minor)"), required=False, max_length=LIMITS["guardian_name"]
    )
    guardian_contact = forms.CharField(
        label=_("Guardian’s phone or e-mail"), required=False, max_length=LIMITS["guardian_contact"]
    )
    guardian_consent = forms.BooleanField(
        label=_(
            "The guardian agrees to the young person taking part, to the centre keeping these "
            "details for the internship and its follow-up, and to being contacted."
        ),
        required=False,
    )
    needs = forms.CharField(
        label=_("Needs and what the team should know"),
        required=False,
        max_length=LIMITS["needs"],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    referrer_name = forms.CharField(label=_("Your name"), max_length=LIMITS["referrer_name"])
    referrer_organisation = forms.CharField(
        label=_("Your organisation"), max_length=LIMITS["referrer_organisation"]
    )
    referrer_email = forms.EmailField(label=_("Your e-mail"))
    referrer_phone = forms.CharField(
        label=_("Your phone"), required=False, max_length=LIMITS["referrer_phone"]
    )


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(label=_("What next"), choices=FollowUp.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
