"""What a student's record says they earned, issued as credentials (issue 16): every
competency an expert validated in a lab, every level finished in a focus area. Run for a
student when they (or their family) open their credentials, and for whole centres by
``parcours credentials award`` (cron, or the worker). Idempotent: what is held is not issued
again; a competency whose validation the expert withdrew is revoked, with that reason."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parcours.centres.models import Centre
from parcours.credentials import urls_of
from parcours.credentials.choices import AchievementKind
from parcours.credentials.models import Credential
from parcours.credentials.services import award
from parcours.labs.models import CompetencyValidation
from parcours.learning import selectors as learning
from parcours.people.models import User


@dataclass
class Awarded:
    issued: list[Credential] = field(default_factory=list)
    revoked: list[Credential] = field(default_factory=list)


def competency_key(validation: CompetencyValidation) -> str:
    return f"competency:{validation.competency.uuid}:{validation.level}"


def _competencies(student: User, held: dict[str, Credential], out: Awarded) -> None:
    validations = list(
        CompetencyValidation.objects.filter(student=student)
        .select_related("centre", "competency", "lab__template", "validated_by")
        .order_by("validated_at", "pk")
    )
    current = {competency_key(v) for v in validations}
    for v in validations:
        key = competency_key(v)
        if key in held:
            continue
        held[key] = award(
            centre=v.centre,
            holder=student,
            kind=AchievementKind.COMPETENCY,
            achievement=key,
            name=_("%(competency)s · level %(n)s")
            % {"competency": v.competency.name, "n": v.level},
            description=v.competency.description or v.competency.name,
            criteria=_("Validated by an expert in the lab “%(lab)s”.")
            % {"lab": v.lab.template.title},
            awarded_by=v.validated_by,
            at=v.validated_at,
        )
        out.issued.append(held[key])
    for key, credential in held.items():
        if (
            credential.kind == AchievementKind.COMPETENCY
            and credential.revoked_at is None
            and key not in current
        ):
            credential.revoked_at = timezone.now()
            credential.revoked_reason = _("The expert withdrew this validation.")
            credential.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
            out.revoked.append(credential)


def _levels(student: User, held: dict[str, Credential], out: Awarded) -> None:
    profile = getattr(student, "student_profile", None)
    if profile is None:
        return
    areas = learning.chosen_areas(student)
    if not areas:
        return
    centre: Centre = profile.centre
    finished = learning.unlocked_levels_by_area(student, areas)
    projects = learning.approved_projects_by_level(student, areas)
    for area in areas:
        for level in sorted(finished.get(area.pk, ())):
            key = f"level:{area.slug}:{level}"
            if key in held:
                continue
            held[key] = award(
                # the level's approved projects: works of the student's portfolio, each at
                # an address that shows it to whom may see it (public, the family, staff)
                evidence=[
                    (
                        urls_of.absolute(reverse("portfolio:address", args=[sent.uuid])),
                        sent.activity.title,
                    )
                    for sent in projects.get((area.pk, level), [])
                ],
                centre=centre,
                holder=student,
                kind=AchievementKind.LEVEL,
                achievement=key,
                name=_("%(area)s · level %(n)s finished") % {"area": area.name, "n": level},
                description=_(
                    "Finished level %(n)s of the focus area %(area)s at %(centre)s, at their "
                    "own pace, in self-learning activities, quizzes and projects."
                )
                % {"n": level, "area": area.name, "centre": centre.name},
                criteria=_(
                    "Every required activity of the level done, its projects approved by a "
                    "coach or an expert, and every competency it assesses mastered."
                ),
            )
            out.issued.append(held[key])


def award_due(student: User) -> Awarded:
    """Issue what ``student`` earned and does not hold, revoke what was withdrawn; in their
    language (a credential is signed once, in one language)."""
    out = Awarded()
    language = getattr(student, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language), transaction.atomic():
        held = {c.achievement: c for c in Credential.objects.filter(holder=student)}
        _competencies(student, held, out)
        _levels(student, held, out)
    return out


def award_centre(centre: Centre) -> Awarded:
    """``award_due`` for every active student of the centre (the command, the worker)."""
    total = Awarded()
    students = User.objects.filter(
        student_profile__centre=centre, is_active=True, erased_at__isnull=True
    ).select_related("student_profile__centre")
    for student in students.iterator():
        done = award_due(student)
        total.issued += done.issued
        total.revoked += done.revoked
    return total
