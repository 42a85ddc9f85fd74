from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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
