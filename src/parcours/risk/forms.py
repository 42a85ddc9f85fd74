from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.risk.models import Outcome


class AlertFilterForm(forms.Form):
    """The alerts list's filters (GET); anything unknown shows the open alerts of everyone."""

    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("open", _("Open alerts")), ("closed", _("Closed alerts")), ("all", _("All"))],
    )
    q = forms.CharField(label=_("Student"), required=False, max_length=100)
    mine = forms.BooleanField(label=_("Only the students I coach"), required=False)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"status": "open", "q": "", "mine": False}
        data = self.cleaned_data
        return {"status": data["status"] or "open", "q": data["q"].strip(), "mine": data["mine"]}


class CloseForm(forms.Form):
    """What the alerts page offers to close an alert (the service checks what comes back)."""

    outcome = forms.ChoiceField(label=_("What happened"), choices=Outcome.choices)
    note = forms.CharField(label=_("Note (staff only)"), required=False, max_length=500)
