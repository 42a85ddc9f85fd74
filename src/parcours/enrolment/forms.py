from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from parcours.consents.models import ConsentKind, ConsentText, Signer
from parcours.enrolment.models import EnrolmentStatus, Submitter
from parcours.enrolment.selectors import SlotSeats
from parcours.enrolment.services import (
    PHONE_RE,
    POSTCODE_RE,
    birth_date_problem,
    postcode_problem,
)
from parcours.people.choices import Gender
from parcours.schedule.models import Slot

HONEYPOT = "website"


def _text(label: Any, max_length: int, autocomplete: str = "", **kwargs: Any) -> forms.CharField:
    attrs = {"autocomplete": autocomplete} if autocomplete else {}
    return forms.CharField(
        label=label, max_length=max_length, widget=forms.TextInput(attrs=attrs), **kwargs
    )


class SlotChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, seats: dict[int, SlotSeats], **kwargs: Any) -> None:
        self.seats = seats
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        info = self.seats.get(obj.pk)
        if info is None:
            return str(obj.label)
        if info.left:
            left = ngettext("%(n)s seat left", "%(n)s seats left", info.left) % {"n": info.left}
        else:
            left = gettext("full: you will be on the waiting list")
        return f"{obj.label} · {info.meetings} · {left}"


class PreRegistrationForm(forms.Form):
    """The public form: who fills it, the young person, the guardian, and nothing more."""

    filled_by = forms.ChoiceField(
        label=_("Who is filling in this form?"),
        choices=[
            (Submitter.STUDENT, _("I am the young person")),
            (Submitter.GUARDIAN, _("I am a parent or guardian")),
        ],
        widget=forms.RadioSelect,
    )
    student_first_name = _text(_("First name"), 150, "given-name")
    student_last_name = _text(_("Last name"), 150, "family-name")
    birth_date = forms.DateField(
        label=_("Birth date"),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text=_("Parcours is for young people aged 12 to 18 on 1 September."),
    )
    school = _text(_("School"), 200, help_text=_("Or “not in school”."))
    grade = _text(_("Grade"), 40, help_text=_("For example 4e, 2nde, 3e secondaire."))
    gender = forms.ChoiceField(
        label=_("Gender (optional, self-declared)"),
        choices=Gender.choices,
        initial=Gender.UNDISCLOSED,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Only counted in anonymous statistics for our funders."),
    )
    postcode = _text(
        _("Postcode"),
        10,
        "postal-code",
        validators=[RegexValidator(POSTCODE_RE, _("Enter a postcode."))],
        help_text=_("Where the young person lives."),
    )
    referred_by_partner = _text(
        _("Referred by a social partner (optional)"),
        200,
        required=False,
        help_text=_("The association or service that told you about us, if any."),
    )
    student_email = forms.EmailField(
        label=_("The young person's own email (only if 18 or over today)"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "A young person of 18 or over gives their own consent: the consent link is sent "
            "to this address. Leave it empty for a minor (it is not kept)."
        ),
    )
    guardian_first_name = _text(_("Guardian's first name"), 150)
    guardian_last_name = _text(_("Guardian's last name"), 150)
    guardian_email = forms.EmailField(
        label=_("Guardian's email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("The consent link is sent to this address."),
    )
    guardian_phone = _text(
        _("Guardian's phone"),
        25,
        "tel",
        validators=[RegexValidator(PHONE_RE, _("Enter a phone number."))],
    )
    language = forms.ChoiceField(
        label=_("Preferred language for our messages"),
        choices=[("fr", "Français"), ("en", "English")],
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: Any, centre: Any, seats: list[SlotSeats], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centre = centre
        self.fields["language"].initial = (get_language() or "fr")[:2]
        by_slot = {s.slot.pk: s for s in seats}
        self.fields["preferred_slot"] = SlotChoiceField(
            label=_("Preferred weekly slot"),
            queryset=Slot.objects.filter(pk__in=list(by_slot)).order_by("label"),
            seats=by_slot,
            widget=forms.RadioSelect,
            empty_label=None,
            required=bool(by_slot),
        )

    # The service's own rules, checked with the other fields so that one sending shows every
    # error (issue 11: a future birth date was told only once the rest was right).
    def clean_birth_date(self) -> Any:
        value = self.cleaned_data.get("birth_date")
        if value is not None and (problem := birth_date_problem(self.centre, value)):
            raise forms.ValidationError(problem)
        return value

    def clean_postcode(self) -> Any:
        value = self.cleaned_data.get("postcode") or ""
        if value and (problem := postcode_problem(self.centre.country, value)):
            raise forms.ValidationError(problem)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "gender" in data and not data["gender"]:
            data["gender"] = Gender.UNDISCLOSED
        data["student_email"] = (data.get("student_email") or "").strip().lower()
        if data.pop(HONEYPOT, ""):
            raise forms.ValidationError(
                _("Your request could not be sent. Please try again."), code="honeypot"
            )
        return data


class ConsentForm(forms.Form):
    """One box per consent not yet given, each tied to the exact text shown."""

    def __init__(self, *args: Any, texts: dict[str, ConsentText], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.texts = texts
        for kind, text in texts.items():
            self.fields[kind] = forms.BooleanField(
                label=_("I agree: %(title)s (version %(version)s)")
                % {"title": text.title, "version": text.version},
                required=False,
            )
            self.fields[f"text_{kind}"] = forms.UUIDField(
                widget=forms.HiddenInput, initial=text.uuid, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for kind in self.texts:
            if data.get(kind) and not data.get(f"text_{kind}"):
                self.add_error(kind, _("The text shown is missing; reload the page."))
        return data

    def accepted(self) -> dict[str, Any]:
        return {
            kind: self.cleaned_data[f"text_{kind}"]
            for kind in self.texts
            if self.cleaned_data.get(kind)
        }


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the family)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RegisterForm(forms.Form):
    slot = forms.ModelChoiceField(
        label=_("Weekly slot"),
        queryset=Slot.objects.none(),
        required=False,
        empty_label=_("Their preferred slot"),
    )

    def __init__(self, *args: Any, centre: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["slot"]
        field.queryset = Slot.objects.filter(centre=centre).order_by("label")


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("register", _("Register (or waiting list when the slot is full)")),
            ("refuse", _("Refuse")),
            ("withdraw", _("Withdraw")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason for refusing (sent to the family)"), max_length=500, required=False
    )


class ReviewFilters(forms.Form):
    year = forms.TypedChoiceField(label=_("School year"), coerce=int, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *EnrolmentStatus.choices],
        required=False,
    )
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    slot = forms.ModelChoiceField(
        label=_("Slot"), queryset=Slot.objects.none(), required=False, empty_label=_("All")
    )
    consent = forms.ChoiceField(
        label=_("Enrolment consent"),
        choices=[("", _("All")), ("given", _("given")), ("missing", _("missing"))],
        required=False,
    )
    duplicates = forms.BooleanField(label=_("Possible duplicates only"), required=False)

    def __init__(self, *args: Any, centre: Any, year_choices: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field: Any = self.fields["year"]
        year_field.choices = [(y, f"{y}-{y + 1}") for y in year_choices]
        slot_field: Any = self.fields["slot"]
        slot_field.queryset = Slot.objects.filter(centre=centre).order_by("label")


# --- Slot changes ----------------------------------------------------------------------------


class SlotChangeForm(forms.Form):
    """The family asks for another weekly slot (choices: the centre's open slots)."""

    to_slot = forms.ModelChoiceField(
        label=_("The slot you would like"), queryset=Slot.objects.none()
    )
    note = forms.CharField(
        label=_("Why (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, choices: list[SlotSeats], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seats = {s.slot.pk: s for s in choices}
        field: Any = self.fields["to_slot"]
        field.queryset = Slot.objects.filter(pk__in=list(self.seats)).order_by("label")
        field.label_from_instance = self._label

    def _label(self, obj: Any) -> str:
        info = self.seats.get(obj.pk)
        if info is None:
            return str(obj.label)
        left = (
            ngettext("%(n)s seat left", "%(n)s seats left", info.left) % {"n": info.left}
            if info.left
            else gettext("full for now")
        )
        return f"{obj.label} · {info.meetings} · {left}"


class SlotChangeRefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the family sees it)"), max_length=500, widget=forms.TextInput()
    )


class AssignSlotForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("Weekly slot to give"), queryset=Slot.objects.none())

    def __init__(self, *args: Any, centre: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["slot"]
        field.queryset = Slot.objects.filter(centre=centre).order_by("label")


# --- The family withdraws its request; paper consent forms (managers) -----------------------


class PaperConsentForm(forms.Form):
    """A consent signed on paper at the centre."""

    prefix = "paper"

    kind = forms.ChoiceField(label=_("Consent"), choices=ConsentKind.choices)
    language = forms.ChoiceField(
        label=_("Language of the text signed"),
        choices=[("fr", "Français"), ("en", "English")],
        help_text=_("The current published text of that kind, in this language."),
    )
    signed_on = forms.DateField(
        label=_("Signed on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    signer = forms.ChoiceField(label=_("Signed by"), choices=Signer.choices)
    signed_by_name = forms.CharField(
        label=_("Name as written on the form"),
        max_length=200,
        required=False,
        help_text=_("The guardian's name as they wrote it (not needed when the student signs)."),
    )

    def __init__(self, *args: Any, language: str = "fr", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language


class PaperWithdrawalForm(forms.Form):
    """A withdrawal signed on paper at the centre."""

    prefix = "withdrawal"

    kind = forms.ChoiceField(label=_("Consent withdrawn"), choices=ConsentKind.choices)
    signed_on = forms.DateField(
        label=_("Signed on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    signer = forms.ChoiceField(label=_("Signed by"), choices=Signer.choices)
    signed_by_name = forms.CharField(
        label=_("Name as written on the form"), max_length=200, required=False
    )
