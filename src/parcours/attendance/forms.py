from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.attendance.models import AttendanceSettings
from parcours.attendance.services import STATES


class KioskForm(forms.Form):
    code = forms.CharField(
        label=_("Badge code"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("Scan the QR code or type the code printed under it."),
    )


class DeviceForm(forms.Form):
    device = forms.CharField(
        label=_("Name of this device"),
        max_length=80,
        help_text=_("For example “Front desk tablet”. Every check-in records it."),
    )


class CorrectionForm(forms.Form):
    student = forms.UUIDField(widget=forms.HiddenInput)
    state = forms.ChoiceField(
        label=_("Attendance"),
        choices=[
            (s, label)
            for s, label in zip(
                STATES,
                [_("present"), _("late"), _("left early"), _("absent")],
                strict=True,
            )
        ],
    )
    late_minutes = forms.IntegerField(
        label=_("Minutes late"), required=False, min_value=1, max_value=600
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=300)


class LeaveForm(forms.Form):
    student = forms.UUIDField(widget=forms.HiddenInput)


class JustifyForm(forms.Form):
    justified = forms.BooleanField(label=_("Justified"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class BulkBadgesForm(forms.Form):
    slot = forms.UUIDField(widget=forms.HiddenInput)
    only_missing = forms.BooleanField(
        label=_("Only students who have no badge yet"), required=False
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = AttendanceSettings
        fields = ["opens_before_minutes", "late_after_minutes", "absence_streak"]


class FollowUpFilterForm(forms.Form):
    """The follow-up list's filters (GET): a student's name and the order. Anything unknown
    is ignored: the list is shown whole, most absences first."""

    q = forms.CharField(label=_("Student"), required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("most", _("Most absences in a row first")),
            ("oldest", _("Absent for the longest first")),
            ("name", _("By first name")),
        ],
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"q": "", "sort": "most"}
        return {"q": self.cleaned_data["q"].strip(), "sort": self.cleaned_data["sort"] or "most"}


class HistoryFilterForm(forms.Form):
    """A student's attendance history narrowed to one kind of session (GET); anything unknown
    shows every session."""

    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Every session")),
            ("absent", _("Absences")),
            ("unjustified", _("Absences not justified")),
            ("late", _("Late arrivals")),
            ("present", _("Sessions attended")),
        ],
    )

    def state_wanted(self) -> str:
        return self.cleaned_data["state"] if self.is_valid() else ""
