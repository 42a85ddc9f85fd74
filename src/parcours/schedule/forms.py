from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.core.forms import SeenField
from parcours.schedule.models import ClosedDays, Slot, SlotMeeting, Weekday

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OpeningHoursForm(forms.Form):
    """One opening period per day of the week; leave both empty for a closed day."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Weekday.choices:
            self.fields[f"opens_{value}"] = forms.TimeField(
                label=_("%(day)s: opens at") % {"day": label}, required=False, widget=TIME
            )
            self.fields[f"closes_{value}"] = forms.TimeField(
                label=_("%(day)s: closes at") % {"day": label}, required=False, widget=TIME
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for value, _label in Weekday.choices:
            opens, closes = data.get(f"opens_{value}"), data.get(f"closes_{value}")
            if (opens is None) != (closes is None) and not self.errors:
                self.add_error(
                    f"closes_{value}" if closes is None else f"opens_{value}",
                    _("Give both the opening and the closing time, or neither."),
                )
        return data

    def hours(self) -> list[tuple[int, dt.time, dt.time]]:
        data = self.cleaned_data
        return [
            (value, data[f"opens_{value}"], data[f"closes_{value}"])
            for value, _label in Weekday.choices
            if data.get(f"opens_{value}") and data.get(f"closes_{value}")
        ]


class SlotForm(forms.ModelForm):
    seen = SeenField()

    class Meta:
        model = Slot
        fields = ["label", "seats", "is_open"]


class MeetingForm(forms.ModelForm):
    class Meta:
        model = SlotMeeting
        fields = ["weekday", "starts_at", "ends_at"]
        widgets = {"starts_at": TIME, "ends_at": TIME}


class ClosedDaysForm(forms.ModelForm):
    class Meta:
        model = ClosedDays
        fields = ["label", "kind", "first_day", "last_day"]
        widgets = {"first_day": DATE, "last_day": DATE}


class InviteesForm(forms.Form):
    """Who an extra session is for: weekly slots, students by login, or everyone."""

    slots: forms.ModelMultipleChoiceField[Slot] = forms.ModelMultipleChoiceField(
        label=_("Weekly slots invited"),
        queryset=Slot.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their registered students are expected, and marked absent if they miss it."),
    )
    students = forms.CharField(
        label=_("Students invited by name"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "Their logins (shown on each student's enrolment page), one per line or "
            "separated by commas."
        ),
    )
    open_to_all = forms.BooleanField(
        label=_("Open to every student of the centre"),
        required=False,
        help_text=_("Any registered student may check in; only those invited above are expected."),
    )

    def __init__(self, *args: Any, slots: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["slots"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = slots if slots is not None else Slot.objects.none()

    def clean_students(self) -> list[str]:
        text = self.cleaned_data.get("students") or ""
        return [part.strip() for part in text.replace(",", "\n").splitlines() if part.strip()]


class ExtraSessionForm(InviteesForm):
    label = forms.CharField(label=_("Name"), max_length=120)
    day = forms.DateField(label=_("Day"), widget=DATE)
    starts_at = forms.TimeField(label=_("Starts at"), widget=TIME)
    ends_at = forms.TimeField(label=_("Ends at"), widget=TIME)
    seats = forms.IntegerField(label=_("Seats"), required=False, min_value=1, max_value=2000)
    field_order = ["label", "day", "starts_at", "ends_at", "seats"]


class GenerateForm(forms.Form):
    first = forms.DateField(label=_("From"), widget=DATE)
    last = forms.DateField(label=_("To (included)"), widget=DATE)


class WeekForm(forms.Form):
    week = forms.DateField(label=_("A day of the week to show"), required=False, widget=DATE)
