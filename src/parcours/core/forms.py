"""Glue between services and Django forms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

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


FORM_ONLY_FIELDS = frozenset({"seen", "competencies", "prerequisites", "key"})


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any], datetime | None], object],
) -> bool:
    """Validate a POSTed form and hand its model fields to ``save(data, seen)``.

    A service's ``ValidationFailed`` is shown on the form. Returns True once saved."""
    if request.method != "POST" or not form.is_valid():
        return False
    data = {k: v for k, v in form.cleaned_data.items() if k not in FORM_ONLY_FIELDS}
    try:
        save(data, form.cleaned_data.get("seen"))
    except ValidationFailed as exc:
        add_service_errors(form, exc)
        return False
    return True


def form_status(request: HttpRequest) -> int:
    """400 for a refused POST (the page is shown again with its errors), else 200."""
    return 400 if request.method == "POST" else 200
