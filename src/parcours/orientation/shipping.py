"""Loading the shipped interview guides and workshop plans (``default_templates``): by the
data migration (with its historical model), and by the demo after it empties the database."""

from __future__ import annotations

from typing import Any

from parcours.orientation.default_templates import DEFAULT_TEMPLATES


def load_shipped_templates(model: Any) -> int:
    """Create or refresh the shipped templates (``centre`` empty) on ``model``; their number."""
    for t in DEFAULT_TEMPLATES:
        model.objects.update_or_create(
            centre=None,
            key=t["key"],
            defaults={
                "stage": t["stage"],
                "kind": t["kind"],
                "title": t["title"],
                "goal": t["goal"],
                "steps": t["steps"],
                "resources": t["resources"],
                "duration_minutes": t["duration_minutes"],
            },
        )
    return len(DEFAULT_TEMPLATES)
