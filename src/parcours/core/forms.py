"""Glue between services and Django forms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from django import forms
from django.http import HttpRequest

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


T = TypeVar("T")

# A form's fields that are not the model's: the hidden "seen" of every edit form, plus what a
# form names in its own ``not_model_fields`` (e.g. many-to-many choices a service takes apart).
SEEN = "seen"


def model_data(form: forms.BaseForm) -> dict[str, Any]:
    """The cleaned values the service saves on the model: all but ``seen`` and the form's own
    ``not_model_fields``."""
    excluded = {SEEN, *getattr(form, "not_model_fields", ())}
    return {k: v for k, v in form.cleaned_data.items() if k not in excluded}


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any], datetime | None], T],
) -> T | None:
    """Validate a POSTed form and hand its model fields to ``save(data, seen)``.

    Returns what ``save`` returned (the saved object), or None when there is nothing to save
    (a GET), the form is invalid, or the service refused it (its ``ValidationFailed`` is then
    shown on the form's fields)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(model_data(form), form.cleaned_data.get(SEEN))
    except ValidationFailed as exc:
        add_service_errors(form, exc)
        return None


def form_status(request: HttpRequest) -> int:
    """400 for a refused POST (the page is shown again with its errors), else 200."""
    return 400 if request.method == "POST" else 200
