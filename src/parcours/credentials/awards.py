"""What a student's record says they earned, issued as credentials (issue 16): every
competency an expert validated in a lab, every level finished in a focus area, every lab
completed (its cycle over, the seat held to the end, at least two thirds of its sessions
attended — or, for a lab without sessions on record, a competency validated in it), every
masterlab the student was selected for and that is over. Run for a
student when they (or their family) open their credentials, and for whole centres by
``parcours credentials award`` (cron, or the worker). Idempotent: what is held is not issued
again; a competency whose validation the expert withdrew is revoked, with that reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from parcours.attendance.models import CheckIn
from parcours.centres.models import Centre
from parcours.credentials import urls_of
from parcours.credentials.choices import AchievementKind
from parcours.credentials.models import Credential
from parcours.credentials.services import award
from parcours.labs.choices import Outcome, SeatStatus
from parcours.labs.models import Application, CompetencyValidation, Seat
from parcours.learning import selectors as learning
from parcours.people.models import User
from parcours.schedule.models import Session


@dataclass
class Awarded:
    issued: list[Credential] = field(default_factory=list)
    revoked: list[Credential] = field(default_factory=list)


def _issue(held: dict[str, Credential], out: Awarded, key: str, **fields: Any) -> None:
    """Award ``key`` to the holder (``fields``: what ``services.award`` takes) and note it."""
    held[key] = award(achievement=key, **fields)
    out.issued.append(held[key])


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
        _issue(
            held,
            out,
            key,
            centre=v.centre,
            holder=student,
            kind=AchievementKind.COMPETENCY,
            name=_("%(competency)s · level %(n)s")
            % {"competency": v.competency.name, "n": v.level},
            description=v.competency.description or v.competency.name,
            criteria=_("Validated by an expert in the lab “%(lab)s”.")
            % {"lab": v.lab.template.title},
            awarded_by=v.validated_by,
            at=v.validated_at,
        )
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
            _issue(
                held,
                out,
                key,
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


# the share of a lab's sessions a student attends to complete it
LAB_ATTENDANCE = 2 / 3


def _lab_completed(seat: Seat, validated: set[int]) -> bool:
    lab, cycle = seat.lab, seat.cycle
    if lab.slot_id is None:
        return lab.pk in validated
    zone = lab.centre.zone
    sessions = Session.objects.filter(
        slot_id=lab.slot_id,
        cancelled=False,
        starts_at__gte=dt.datetime.combine(cycle.starts_on, dt.time.min, tzinfo=zone),
        starts_at__lte=dt.datetime.combine(cycle.ends_on, dt.time.max, tzinfo=zone),
    )
    held = sessions.count()
    if held == 0:
        return lab.pk in validated
    present = CheckIn.objects.filter(
        session__in=sessions, student_id=seat.student_id, present=True
    ).count()
    return present >= LAB_ATTENDANCE * held


def _labs(student: User, held: dict[str, Credential], out: Awarded) -> None:
    today = timezone.localdate()
    seats = list(
        Seat.objects.filter(student=student, status=SeatStatus.HELD, cycle__ends_on__lt=today)
        .select_related("lab__template", "lab__centre", "lab__expert", "cycle")
        .order_by("cycle__ends_on", "pk")
    )
    if not seats:
        return
    validated = set(
        CompetencyValidation.objects.filter(student=student).values_list("lab_id", flat=True)
    )
    for seat in seats:
        key = f"lab:{seat.lab.uuid}"
        if key in held or not _lab_completed(seat, validated):
            continue
        lab, cycle = seat.lab, seat.cycle
        _issue(
            held,
            out,
            key,
            centre=lab.centre,
            holder=student,
            kind=AchievementKind.LAB,
            name=_("Lab “%(lab)s” completed") % {"lab": lab.template.title},
            description=lab.template.description or lab.template.title,
            criteria=_(
                "Held a seat in the lab from %(start)s to %(end)s, in a small group led by "
                "an expert, and attended at least two thirds of its sessions."
            )
            % {
                "start": formats.date_format(cycle.starts_on),
                "end": formats.date_format(cycle.ends_on),
            },
            awarded_by=lab.expert,
            at=dt.datetime.combine(cycle.ends_on, dt.time(18), tzinfo=lab.centre.zone),
        )


def _masterlabs(student: User, held: dict[str, Credential], out: Awarded) -> None:
    chosen = Application.objects.filter(
        student=student,
        masterlab__isnull=False,
        outcome=Outcome.SELECTED,
        withdrawn_at__isnull=True,
        masterlab__last_day__lt=timezone.localdate(),
    ).select_related("masterlab__template", "masterlab__centre")
    for application in chosen:
        masterlab = application.masterlab
        assert masterlab is not None  # filtered above
        key = f"masterlab:{masterlab.uuid}"
        if key in held:
            continue
        _issue(
            held,
            out,
            key,
            centre=masterlab.centre,
            holder=student,
            kind=AchievementKind.LAB,
            name=_("Masterlab “%(title)s” completed") % {"title": masterlab.template.title},
            description=masterlab.template.description or masterlab.template.title,
            criteria=_(
                "Selected for the holiday masterlab with %(guest)s, from %(start)s to "
                "%(end)s, and took part in it."
            )
            % {
                "guest": masterlab.guest,
                "start": formats.date_format(masterlab.first_day),
                "end": formats.date_format(masterlab.last_day),
            },
            at=dt.datetime.combine(masterlab.last_day, dt.time(18), tzinfo=masterlab.centre.zone),
        )


def award_due(student: User) -> Awarded:
    """Issue what ``student`` earned and does not hold, revoke what was withdrawn; in their
    language (a credential is signed once, in one language)."""
    out = Awarded()
    language = getattr(student, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language), transaction.atomic():
        held = {c.achievement: c for c in Credential.objects.filter(holder=student)}
        _competencies(student, held, out)
        _levels(student, held, out)
        _labs(student, held, out)
        _masterlabs(student, held, out)
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
