from __future__ import annotations

from django import forms

from parcours.centres import services
from parcours.centres.models import Centre, Room
from parcours.core.forms import SeenField


class CentreForm(forms.ModelForm):
    seen = SeenField()

    class Meta:
        model = Centre
        fields = list(services.CENTRE_EDITABLE)


class RoomForm(forms.ModelForm):
    seen = SeenField()

    class Meta:
        model = Room
        fields = list(services.ROOM_EDITABLE)
