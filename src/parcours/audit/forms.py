"""The audit log's filters (GET)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.audit.selectors import AuditFilters


class AuditFilterForm(forms.Form):
    centre = forms.ChoiceField(label=_("Centre"), required=False)
    action = forms.ChoiceField(
        label=_("What happened"),
        required=False,
        choices=[
            ("", _("Everything")),
            ("access", _("Viewed")),
            ("create", _("Created")),
            ("update", _("Changed")),
            ("delete", _("Deleted")),
        ],
    )
    kind = forms.ChoiceField(label=_("Kind of record"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self,
        *args: Any,
        centres: list[tuple[str, str]],
        kinds: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        centre = self.fields["centre"]
        assert isinstance(centre, forms.ChoiceField)
        centre.choices = [("", _("All my centres")), *centres]
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", _("All kinds")), *kinds]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end comes before the start."))
        return data

    def filters(self, centres: dict[str, Any]) -> AuditFilters:
        if not self.is_bound or not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(
            centre=centres.get(data["centre"]) if data["centre"] else None,
            action=data["action"],
            kind=data["kind"],
            since=data["since"],
            until=data["until"],
        )
