"""The search filters of the public offers page and the import form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.catalogue import selectors as catalogue
from parcours.training_offers.choices import LEVEL_CHOICES, REGION_CHOICES, Cost, Mode
from parcours.training_offers.selectors import Filters
from parcours.training_offers.tabular import MAX_BYTES

ANY: list[tuple[object, object]] = [("", _("any"))]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    area = forms.ChoiceField(label=_("Focus area"), required=False)
    level = forms.TypedChoiceField(
        label=_("Level, at most"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[*ANY, *LEVEL_CHOICES],
    )
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[*ANY, *REGION_CHOICES])
    mode = forms.ChoiceField(label=_("Mode"), required=False, choices=[*ANY, *Mode.choices])
    cost = forms.ChoiceField(
        label=_("Cost"),
        required=False,
        choices=[*ANY, ("no_cost", _("free for the learner (free or funded)")), *Cost.choices],
    )
    age = forms.IntegerField(label=_("Age"), required=False, min_value=10, max_value=99)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = sorted(catalogue.areas_by_id().values(), key=lambda a: (a.order, a.slug))
        self.fields["area"].choices = ANY + [(a.slug, a.name) for a in areas]  # type: ignore[attr-defined]

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        d = self.cleaned_data
        return Filters(
            q=d["q"] or "",
            area=d["area"] or "",
            level=d["level"],
            region=d["region"] or "",
            mode=d["mode"] or "",
            cost=d["cost"] or "",
            age=d["age"],
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "The offers’ columns on the first row; at most 5 MB. "
            "Download the export to start from it."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if f.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB: split it."))
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Send a .csv or .xlsx file."))
        return f
