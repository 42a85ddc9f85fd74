"""The orientation programme's forms: a programme, a note, the plan, a next step, the
outcome, and the filters of the participants' list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.orientation.choices import OutcomeKind, PlanStatus, Stage, Status
from parcours.orientation.services import LIMITS


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=LIMITS["title"])
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=2000, initial=130)
    open_to_volunteers = forms.BooleanField(
        label=_("Students may volunteer (else only invited ones join)"),
        required=False,
        initial=True,
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=LIMITS["note"], widget=forms.Textarea(attrs={"rows": 4})
    )
    shared = forms.BooleanField(
        label=_("Share with the student and family"),
        required=False,
        help_text=_("Unticked: only the centre’s staff read it."),
    )


class PlanForm(forms.Form):
    interests = forms.CharField(
        label=_("Interests"),
        required=False,
        max_length=LIMITS["text"],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    strengths = forms.CharField(
        label=_("Strengths"),
        required=False,
        max_length=LIMITS["text"],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    targets = forms.CharField(
        label=_("Other target schools and training"),
        required=False,
        max_length=LIMITS["text"],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The offers kept from the catalogue are listed above."),
    )
    status = forms.ChoiceField(label=_("The plan is"), choices=PlanStatus.choices)


class StepForm(forms.Form):
    what = forms.CharField(label=_("Next step"), max_length=LIMITS["step"])
    due_on = forms.DateField(
        label=_("By"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    helper = forms.CharField(label=_("Who helps"), required=False, max_length=LIMITS["helper"])


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("What next"), choices=OutcomeKind.choices)
    detail = forms.CharField(label=_("Where, what"), required=False, max_length=LIMITS["detail"])


class ParticipantFilters(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("any")), *Stage.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any")), *Status.choices]
    )


class MeetingForm(forms.Form):
    """An interview (on a participant's page) or a workshop (on the programme's page)."""

    starts_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.IntegerField(label=_("Minutes"), min_value=15, max_value=240, initial=45)
    template = forms.ChoiceField(label=_("Guide or plan"), required=False)

    def __init__(
        self,
        *args: Any,
        templates: tuple[tuple[str, str], ...] | list[tuple[str, str]] = (),
        stage_choice: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [("", _("none")), *templates]  # type: ignore[attr-defined]
        if stage_choice:
            self.fields["stage"] = forms.ChoiceField(
                label=_("Stage (its students are invited)"), choices=Stage.choices
            )
