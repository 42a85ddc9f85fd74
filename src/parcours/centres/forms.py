from __future__ import annotations

from django import forms

from parcours.centres.models import Centre, Room
from parcours.core.forms import SeenField


class CentreForm(forms.ModelForm):
    seen = SeenField()

    class Meta:
        model = Centre
        fields = [
            "name",
            "city",
            "address",
            "timezone",
            "session_pattern",
            "focus_areas_per_student",
            "contact_email",
        ]


class RoomForm(forms.ModelForm):
    seen = SeenField()

    class Meta:
        model = Room
        fields = ["name", "seats", "kind", "accessible", "notes"]
