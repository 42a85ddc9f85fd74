from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from parcours.catalogue.models import LabTemplate, MasterlabTemplate
from parcours.centres.models import Centre
from parcours.core.forms import SeenField
from parcours.labs.models import SCORE_MAX, Application, Lab, LabCycle, Masterlab, Mechanism
from parcours.labs.selectors import LabOption, centre_experts
from parcours.labs.services import CYCLE_FIELDS, LAB_FIELDS, MASTERLAB_FIELDS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from parcours.learning.models import Submission

T = TypeVar("T", LabTemplate, MasterlabTemplate)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# The applications window of a cycle or a masterlab.
WINDOW = {"applications_open_at": DATETIME, "applications_close_at": DATETIME}


class CycleForm(forms.ModelForm):
    seen = SeenField()

    class Meta:
        model = LabCycle
        fields = list(CYCLE_FIELDS)  # what ``services.cycle_update`` changes
        widgets = {"starts_on": DATE, "ends_on": DATE, **WINDOW}


def _catalogue(model: type[T], centre: Centre) -> QuerySet[T]:
    """The published templates of the centre's catalogue (its own and the shared ones)."""
    return (
        model._default_manager.filter(Q(centre__isnull=True) | Q(centre=centre), is_published=True)
        .select_related("focus_area")
        .order_by("focus_area__order", "key")
    )


def _seats(help_text: StrOrPromise) -> forms.IntegerField:
    """Seats of a lab or masterlab: empty takes the template's."""
    return forms.IntegerField(
        label=_("Seats"), required=False, min_value=1, max_value=40, help_text=help_text
    )


class LabForm(forms.ModelForm):
    seats = _seats(_("Empty: the template's default."))
    level = forms.IntegerField(
        label=_("Level"),
        required=False,
        min_value=1,
        max_value=3,
        help_text=_("Empty: the template's level."),
    )
    seen = SeenField()

    class Meta:
        model = Lab
        fields = list(LAB_FIELDS)  # what ``services.lab_update`` changes
        widgets = {"holiday_first_day": DATE, "holiday_last_day": DATE}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = _catalogue(LabTemplate, centre)  # type: ignore[attr-defined]
        self.fields["expert"].queryset = centre_experts(centre)  # type: ignore[attr-defined]
        self.fields["room"].queryset = centre.rooms.all()  # type: ignore[attr-defined]
        self.fields["slot"].queryset = centre.slots.all()  # type: ignore[attr-defined]


class MasterlabForm(forms.ModelForm):
    seats = _seats(_("Empty: the template's default (about 15)."))
    seen = SeenField()

    class Meta:
        model = Masterlab
        fields = list(MASTERLAB_FIELDS)  # what ``services.masterlab_update`` changes
        widgets = {"first_day": DATE, "last_day": DATE, **WINDOW}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = _catalogue(MasterlabTemplate, centre)  # type: ignore[attr-defined]


class WishesForm(forms.Form):
    """One rank per open lab (empty: not wanted) and one priority flag: keyboard friendly,
    no dragging."""

    def __init__(
        self, *args: Any, options: list[LabOption], max_wishes: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.options = options
        self.max_wishes = max_wishes
        choices = [("", _("not chosen"))] + [(str(i), str(i)) for i in range(1, max_wishes + 1)]
        for o in options:
            self.fields[f"rank_{o.lab.uuid}"] = forms.TypedChoiceField(
                label=o.lab.template.title,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=o.rank,
            )
        self.fields["flagged"] = forms.ChoiceField(
            label=_("My priority"),
            choices=[("", _("none"))] + [(str(o.lab.uuid), o.lab.template.title) for o in options],
            required=False,
            initial=next((str(o.lab.uuid) for o in options if o.flagged), ""),
            widget=forms.RadioSelect,
        )

    def rows(self) -> list[tuple[LabOption, forms.BoundField]]:
        return [(o, self[f"rank_{o.lab.uuid}"]) for o in self.options]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ranks: list[tuple[int, Lab]] = [
            (int(data[f"rank_{o.lab.uuid}"]), o.lab)
            for o in self.options
            if data.get(f"rank_{o.lab.uuid}")
        ]
        seen: set[int] = set()
        for rank, lab in ranks:
            if rank in seen:
                self.add_error(
                    f"rank_{lab.uuid}", _("Two labs have the same rank: give each its own.")
                )
            seen.add(rank)
        ranks.sort(key=lambda pair: pair[0])
        data["labs"] = [lab for _rank, lab in ranks]
        flagged = data.get("flagged")
        data["flagged_lab"] = next(
            (o.lab for o in self.options if str(o.lab.uuid) == flagged), None
        )
        return data


class PublishForm(forms.Form):
    mechanism = forms.ChoiceField(label=_("Mechanism"), choices=Mechanism.choices)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("open", _("open")), ("closed", _("closed")), ("draft", _("draft"))]
    )


class MasterlabApplyForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why do you want to take part?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=3000,
    )
    submissions: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Projects to show (your approved projects)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, projects: QuerySet[Submission], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submissions"].queryset = projects  # type: ignore[attr-defined]


class ScoresForm(forms.Form):
    """One score (0-10, empty: not scored yet) and one note per application, saved at once:
    keyboard friendly, no per-row round trip."""

    def __init__(self, *args: Any, applications: list[Application], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.applications = applications
        for a in applications:
            self.fields[f"score_{a.uuid}"] = forms.IntegerField(
                label=_("Score of %(name)s") % {"name": a.student},
                min_value=0,
                max_value=SCORE_MAX,
                required=False,
                initial=a.score,
            )
            self.fields[f"note_{a.uuid}"] = forms.CharField(
                label=_("Note on %(name)s") % {"name": a.student},
                max_length=300,
                required=False,
                initial=a.score_note,
            )

    def rows(self) -> list[tuple[Application, forms.BoundField, forms.BoundField]]:
        return [(a, self[f"score_{a.uuid}"], self[f"note_{a.uuid}"]) for a in self.applications]


class ApplicationsFilterForm(forms.Form):
    """The selection page's filters (GET): a student's name, and only the applications not
    scored yet. Anything unknown is ignored."""

    q = forms.CharField(label=_("Student"), required=False, max_length=100)
    unscored = forms.BooleanField(label=_("Only the applications not scored yet"), required=False)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"q": "", "unscored": False}
        return {"q": self.cleaned_data["q"].strip(), "unscored": self.cleaned_data["unscored"]}


class LabsFilterForm(forms.Form):
    """A cycle's labs narrowed (GET): words of the lab's title or its expert's name, a focus
    area, a level. Anything unknown is ignored."""

    q = forms.CharField(label=_("Lab or expert"), required=False, max_length=100)
    area = forms.ChoiceField(label=_("Focus area"), required=False)
    level = forms.TypedChoiceField(
        label=_("Level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All levels")), (1, "1"), (2, "2"), (3, "3")],
    )

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = [("", _("All areas")), *areas]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"q": "", "area": "", "level": None}
        data = self.cleaned_data
        return {"q": data["q"].strip(), "area": data["area"], "level": data["level"]}
