"""The coaching pages' forms. They shape the fields (labels, limits, widgets); the services
check what comes back and say what is wrong."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.coaching.choices import NOTE_MAX, SUBJECT_MAX, TITLE_MAX, ActionStatus, Strand


class KeyedForm(forms.Form):
    """A form that writes something: its hidden key makes a second sending (a double click,
    the back button) write nothing more."""

    key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4())


class NoteForm(KeyedForm):
    body = forms.CharField(
        label=_("Note"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    shared = forms.BooleanField(
        label=_("Share with the student and their family"),
        required=False,
        help_text=_("Unticked, only the centre’s coaches and managers read it."),
    )
    pinned = forms.BooleanField(label=_("Pin at the top"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = NOTE_MAX


class NoteEditForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    shared = forms.BooleanField(label=_("Share with the student and their family"), required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ActionForm(KeyedForm):
    title = forms.CharField(label=_("What to do"), max_length=TITLE_MAX)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))
    owner = forms.TypedChoiceField(label=_("Who does it"), coerce=str, required=False)

    def __init__(self, *args: Any, owners: list[Any] = (), me: Any = None, **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [  # type: ignore[attr-defined]
            (str(u.uuid), f"{u.first_name} {u.last_name}".strip() or u.username) for u in owners
        ]
        if me is not None and not self.is_bound:
            self.initial.setdefault("owner", str(me.uuid))


class FamilyMessageForm(KeyedForm):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    body = forms.CharField(
        label=_("Message"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )


class TimelineFilterForm(forms.Form):
    """The timeline's filter (GET): one kind of thing, or everything; unknown values show
    everything."""

    strand = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Everything")), *Strand.choices],
    )

    def strands(self) -> list[str]:
        if not self.is_valid() or not self.cleaned_data["strand"]:
            return []
        return [self.cleaned_data["strand"]]


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("open", _("To do")),
            ("done", _("Done")),
            ("cancelled", _("Cancelled")),
            ("all", _("All")),
        ],
    )
    q = forms.CharField(label=_("Student"), required=False, max_length=100)
    everyone = forms.BooleanField(label=_("Everyone’s actions, not only mine"), required=False)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"status": ActionStatus.OPEN, "q": "", "mine": True}
        data = self.cleaned_data
        return {
            "status": data["status"] or ActionStatus.OPEN,
            "q": data["q"].strip(),
            "mine": not data["everyone"],
        }


class CaseloadFilterForm(forms.Form):
    """The caseloads page's filters (GET): a name, a coach's caseload or the unassigned."""

    q = forms.CharField(label=_("Student"), required=False, max_length=100)
    coach = forms.ChoiceField(label=_("Coach"), required=False)

    def __init__(self, *args: Any, coaches: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["coach"].choices = [  # type: ignore[attr-defined]
            ("", _("Every coach")),
            ("none", _("No coach yet")),
            *[(str(c.uuid), f"{c.first_name} {c.last_name}".strip()) for c in coaches],
        ]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"q": "", "coach": ""}
        return {"q": self.cleaned_data["q"].strip(), "coach": self.cleaned_data["coach"]}
