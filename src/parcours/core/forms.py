"""Glue between services and Django forms."""

from __future__ import annotations

from django import forms

from parcours.core.errors import ValidationFailed


def add_service_errors(form: forms.BaseForm, error: ValidationFailed) -> None:
    """Show a service's validation error on the form, on the fields it names if the form has
    them, else as a form-wide error."""
    placed = False
    for name, messages in error.fields.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)
            placed = True
    if not placed:
        form.add_error(None, str(error.message))


class SeenField(forms.DateTimeField):
    """Hidden 'last changed at' value for optimistic concurrency."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: object) -> None:
        super().__init__(required=False, **kwargs)  # type: ignore[arg-type]
