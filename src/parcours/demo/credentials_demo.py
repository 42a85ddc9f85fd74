"""Credentials in the demo: every competency an expert validated in a lab this autumn is an
Open Badges 3.0 credential of the lab's centre, issued the day it was validated (the demo
student Inès has hers, and those of the levels she finished); one credential of another
student is revoked, with its reason."""

from __future__ import annotations

from typing import Any

from parcours.centres.models import Centre
from parcours.credentials import awards, services
from parcours.credentials.choices import AchievementKind
from parcours.labs.models import CompetencyValidation
from parcours.people.models import User

REVOKED_REASON = "Validation saisie par erreur pour ce lab ; elle sera refaite en janvier."


def seed(centres: list[Centre]) -> dict[str, Any]:
    validations = (
        CompetencyValidation.objects.filter(centre__in=centres)
        .select_related("centre", "student", "competency", "lab__template", "validated_by")
        .order_by("validated_at", "id")
    )
    issued = []
    for v in validations:
        template = v.lab.template
        issued.append(
            services.award(
                centre=v.centre,
                holder=v.student,
                kind=AchievementKind.COMPETENCY,
                achievement=f"competency:{v.competency.uuid}:{v.level}",
                name=f"{v.competency.name} · niveau {v.level}",
                description=v.competency.description or v.competency.name,
                criteria=f"Compétence validée par un·e expert·e dans le lab « {template.title} ».",
                awarded_by=v.validated_by,
                at=v.validated_at,
            )
        )
    ines = User.objects.filter(username="student").first()
    levels = len(awards.award_due(ines).issued) if ines is not None else 0
    others = [c for c in issued if ines is None or c.holder_id != ines.pk]
    revoked = 0
    if others:
        admin = User.objects.filter(username="admin").first()
        if admin is not None:
            services.revoke(actor=admin, credential=others[0], reason=REVOKED_REASON)
            revoked = 1
    return {"credentials": len(issued), "levels_of_ines": levels, "revoked": revoked}
