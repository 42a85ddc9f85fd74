from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.catalogue import services
from parcours.catalogue.choices import ActivityKind, VersionStatus
from parcours.catalogue.models import (
    Activity,
    CatalogueItem,
    CentreFocusArea,
    Competency,
    FocusArea,
    LabTemplate,
    MasterlabTemplate,
)
from parcours.core.forms import SeenField

# Every catalogue item is written in both languages.
TITLE_LABELS = {"title_fr": _("Title (French)"), "title_en": _("Title (English)")}
DESCRIPTION_LABELS = {
    "description_fr": _("Description (French)"),
    "description_en": _("Description (English)"),
}


class OfferForm(forms.ModelForm):
    seen = SeenField()

    class Meta:
        model = CentreFocusArea
        fields = list(services.OFFER_EDITABLE)
        labels = {"pitch_fr": _("Local pitch (French)"), "pitch_en": _("Local pitch (English)")}
        widgets = {
            "pitch_fr": forms.Textarea(attrs={"rows": 3}),
            "pitch_en": forms.Textarea(attrs={"rows": 3}),
        }


class OffersForm(forms.Form):
    areas: forms.ModelMultipleChoiceField[FocusArea] = forms.ModelMultipleChoiceField(
        queryset=FocusArea.objects.order_by("order"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Focus areas offered"),
    )


class ActivityForm(forms.ModelForm):
    # Links the service sets from ids (activity_update's competency_ids/prerequisite_ids).
    not_model_fields: tuple[str, ...] = ("competencies", "prerequisites")
    seen = SeenField()
    competencies: forms.ModelMultipleChoiceField[Competency] = forms.ModelMultipleChoiceField(
        queryset=Competency.objects.none(),
        required=False,
        label=_("Competencies covered"),
        widget=forms.CheckboxSelectMultiple,
    )
    prerequisites: forms.ModelMultipleChoiceField[Activity] = forms.ModelMultipleChoiceField(
        queryset=Activity.objects.none(),
        required=False,
        label=_("Prerequisites"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Activity
        fields = list(services.ACTIVITY_EDITABLE)
        labels = {
            **TITLE_LABELS,
            "description_fr": _("Summary (French)"),
            "description_en": _("Summary (English)"),
            "instructions_fr": _("Instructions (French)"),
            "instructions_en": _("Instructions (English)"),
        }
        widgets = {
            "description_fr": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, focus_area: FocusArea, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_fr"].required = True
        self.fields["title_en"].required = True
        for name in ("quiz_draw", "quiz_reveal_after"):  # only quizzes use them: left empty,
            self.fields[name].required = False  # the activity keeps its value (or the default)
        competency_field: Any = self.fields["competencies"]
        competency_field.queryset = Competency.objects.filter(
            Q(version__framework__focus_area=focus_area)
            | Q(version__framework__focus_area__isnull=True),
            version__status=VersionStatus.PUBLISHED,
        ).order_by("version__framework__key", "order")
        others = Activity.objects.filter(focus_area=focus_area)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.initial.setdefault(
                "competencies", list(self.instance.competencies.values_list("pk", flat=True))
            )
            self.initial.setdefault(
                "prerequisites", list(self.instance.prerequisites.values_list("pk", flat=True))
            )
        prerequisite_field: Any = self.fields["prerequisites"]
        prerequisite_field.queryset = others.order_by("level", "order")

    def _kept(self, name: str) -> int:
        value = self.cleaned_data.get(name)
        if value is None:
            return int(getattr(self.instance, name))
        return int(value)

    def clean_quiz_draw(self) -> int:
        return self._kept("quiz_draw")

    def clean_quiz_reveal_after(self) -> int:
        return self._kept("quiz_reveal_after")


class NewActivityForm(ActivityForm):
    not_model_fields = ("competencies", "prerequisites", "key")
    key = forms.SlugField(
        label=_("Key"), max_length=60, help_text=_("A short unique code, e.g. prog-1-07.")
    )

    field_order = ["key"]


class TemplateForm(forms.ModelForm):
    """The edit form of a lab or masterlab template: its editable fields and the hidden
    ``seen`` of optimistic concurrency."""

    seen = SeenField()


def template_form(
    model: type[CatalogueItem], fields: Sequence[str], labels: Mapping[str, Any] | None = None
) -> type[forms.ModelForm]:
    all_labels: dict[str, Any] = {**TITLE_LABELS, **DESCRIPTION_LABELS, **(labels or {})}
    return forms.modelform_factory(model, form=TemplateForm, fields=list(fields), labels=all_labels)


LabTemplateForm = template_form(LabTemplate, services.LAB_TEMPLATE_EDITABLE)
MasterlabTemplateForm = template_form(
    MasterlabTemplate,
    services.MASTERLAB_TEMPLATE_EDITABLE,
    {
        "guest_profile_fr": _("Invited professional (French)"),
        "guest_profile_en": _("Invited professional (English)"),
    },
)


class AreaFilterForm(forms.Form):
    """A focus area's activities narrowed (GET): words of the title, a kind, a level.
    Anything unknown is ignored: the whole outline is shown."""

    q = forms.CharField(label=_("Activity"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *ActivityKind.choices]
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All levels")), (1, "1"), (2, "2"), (3, "3")],
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"q": "", "kind": "", "level": None}
        data = self.cleaned_data
        return {"q": data["q"].strip(), "kind": data["kind"], "level": data["level"]}
