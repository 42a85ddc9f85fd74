from __future__ import annotations

from typing import Any

from django import forms

from parcours.notifications.choices import EmailMode


class SettingsForm(forms.Form):
    """One choice per category, built from the reader's current rhythms."""

    def __init__(self, *args: Any, categories: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in categories:
            self.fields[row.category] = forms.ChoiceField(
                label=row.label, choices=EmailMode.choices, initial=row.mode
            )
