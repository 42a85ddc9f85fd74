from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parcours.catalogue.models import FocusArea
from parcours.learning.uploads import accepted_extensions


class ChooseAreasForm(forms.Form):
    areas: forms.ModelMultipleChoiceField[FocusArea] = forms.ModelMultipleChoiceField(
        queryset=FocusArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Your focus areas"),
    )

    def __init__(self, *args: Any, offered: QuerySet[FocusArea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["areas"]
        field.queryset = offered


class ProjectForm(forms.Form):
    file = forms.FileField(
        label=_("Your work"),
        help_text=_(
            "Images, sound, video, 3D models (glb, gltf, obj, stl), a zip of your game or code, "
            "or a PDF."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": accepted_extensions()}),
    )
    note = forms.CharField(
        label=_("A note for the reviewer (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("approve", _("Approve")), ("changes", _("Ask for changes"))],
    )
    comment = forms.CharField(
        label=_("Comment to the student"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FocusChangeForm(forms.Form):
    drop: forms.ModelChoiceField[FocusArea] = forms.ModelChoiceField(
        queryset=FocusArea.objects.none(), label=_("Focus area to drop")
    )
    add: forms.ModelChoiceField[FocusArea] = forms.ModelChoiceField(
        queryset=FocusArea.objects.none(), label=_("Focus area to take instead")
    )
    reason = forms.CharField(label=_("Why"), max_length=300)

    def __init__(
        self,
        *args: Any,
        chosen: QuerySet[FocusArea],
        offered: QuerySet[FocusArea],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        drop: Any = self.fields["drop"]
        add: Any = self.fields["add"]
        drop.queryset = chosen
        add.queryset = offered


class ReviewFilterForm(forms.Form):
    """The review queue's filters (GET): a focus area, a student's name, the order. Anything
    unknown is ignored: the queue is shown unfiltered, oldest first."""

    area = forms.ChoiceField(label=_("Focus area"), required=False)
    q = forms.CharField(label=_("Student"), required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("oldest", _("Waiting longest first")), ("newest", _("Newest first"))],
    )

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = [("", _("All areas")), *areas]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"area": "", "q": "", "sort": "oldest"}
        data = self.cleaned_data
        return {"area": data["area"], "q": data["q"].strip(), "sort": data["sort"] or "oldest"}
