"""Coaching in the demo: a year of follow-up by the coaches. Each coach's students with an open
alert get a note and an action (some late, some due today); the demo student Inès has notes
since September (one shared with her family, one pinned, one edited), actions done and to
do, and a message sent to her family in October. Dates are relative to the day it is built."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from parcours.coaching import services
from parcours.coaching.models import Action, FamilyMessage, Note
from parcours.people.models import User
from parcours.risk.models import Alert

# (days ago, text, shared, pinned) for Inès, oldest first
INES_NOTES = [
    (
        80,
        "Premier entretien : veut faire du cinéma d’animation, un peu timide en groupe. "
        "Lui proposer un binôme pour les ateliers.",
        False,
        True,
    ),
    (
        52,
        "Très beau storyboard pour « Premiers pas ». Continue comme ça, Inès : tu as "
        "l’œil pour le cadrage !",
        True,
        False,
    ),
    (
        30,
        "A manqué deux séances (contrôles au collège). Sa mère prévenue par message.",
        False,
        False,
    ),
    (
        6,
        "Revenue motivée ; aimerait candidater au masterlab son. À encourager.",
        False,
        False,
    ),
]

ALERT_NOTES = [
    "Ne vient plus depuis plusieurs semaines ; sa sœur dit qu’il a changé d’emploi du temps.",
    "Absences répétées ; a dit à un camarade que le projet en cours le décourage.",
    "Pas revenue depuis les vacances ; la famille ne répond pas au téléphone.",
    "Vient moins souvent et ne termine plus ses activités : à rencontrer.",
]
ALERT_ACTIONS = [
    ("Appeler la famille", -2),
    ("Le/la rencontrer à la prochaine séance", 0),
    ("Proposer un atelier plus court", 3),
    ("Faire le point avec l’expert du lab", 5),
]


def _backdate(model: Any, pk: int, moment: dt.datetime, **more: Any) -> None:
    model.objects.filter(pk=pk).update(created_at=moment, updated_at=moment, **more)


def _day_at(
    now: dt.datetime, days: int, zone: Any, hour: int = 18, minute: int = 20
) -> dt.datetime:
    """``days`` before ``now``, at a working hour of the centre (after the session)."""
    day = now.astimezone(zone).date() - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), zone)


def seed(centres: list[Any], *, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    now = timezone.now()
    notes = actions = 0
    for centre in centres:
        today = timezone.localdate(timezone=centre.zone)
        alerts = (
            Alert.objects.filter(centre=centre, closed_at__isnull=True)
            .exclude(coach=None)
            .select_related("coach", "student__student_profile__centre")
            .order_by("pk")
        )
        for k, alert in enumerate(alerts):
            coach = alert.coach
            assert coach is not None
            note = services.note_create(
                actor=coach, student=alert.student, body=ALERT_NOTES[k % len(ALERT_NOTES)]
            )
            _backdate(Note, note.pk, _day_at(now, rng.randint(1, 6), centre.zone))
            title, offset = ALERT_ACTIONS[k % len(ALERT_ACTIONS)]
            action = services.action_create(
                actor=coach, student=alert.student, title=title, due_on=today
            )
            # planned a few days ago; due from two days ago to five days ahead
            Action.objects.filter(pk=action.pk).update(
                due_on=today + dt.timedelta(days=offset),
                created_at=_day_at(now, rng.randint(3, 8), centre.zone, 18, 35),
            )
            notes += 1
            actions += 1
    ines = User.objects.filter(username="student").select_related("student_profile").first()
    coach = User.objects.filter(username="coach").first()
    if ines is not None and coach is not None:
        notes += _ines(ines, coach, now)
        actions += 2 + _demo_coach_week(coach, ines, now)
    return {"notes": notes, "actions": actions}


# what the demo coach planned for a few more of their students this week, whatever the size
WEEK_ACTIONS = [
    ("Faire le point sur son projet en retard", 0, "Projet renvoyé deux fois ; à aider."),
    ("Lui présenter l’expert du lab robotique", 1, "Curieux de robotique, n’ose pas demander."),
    ("Vérifier l’autorisation photo avec la famille", 4, "Autorisation d’image à vérifier."),
]


def _demo_coach_week(coach: User, ines: User, now: dt.datetime) -> int:
    """Actions due this week for students of the demo coach who have none yet."""
    busy = set(Action.objects.filter(owner=coach).values_list("student_id", flat=True))
    students = (
        User.objects.filter(coaches__coach=coach)
        .exclude(pk__in=busy | {ines.pk})
        .select_related("student_profile__centre")
        .order_by("last_name", "first_name")[: len(WEEK_ACTIONS)]
    )
    made = 0
    for student, (title, offset, text) in zip(students, WEEK_ACTIONS, strict=False):
        today = timezone.localdate(timezone=student.student_profile.centre.zone)
        note = services.note_create(actor=coach, student=student, body=text)
        _backdate(Note, note.pk, _day_at(now, 3, student.student_profile.centre.zone))
        action = services.action_create(
            actor=coach, student=student, title=title, due_on=today + dt.timedelta(days=offset)
        )
        _backdate(Action, action.pk, _day_at(now, 3, student.student_profile.centre.zone, 18, 30))
        made += 1
    return made


def _ines(ines: User, coach: User, now: dt.datetime) -> int:
    zone = ines.student_profile.centre.zone
    made = []
    for days, text, shared, pinned in INES_NOTES:
        note = services.note_create(
            actor=coach, student=ines, body=text, shared=shared, pinned=pinned
        )
        _backdate(Note, note.pk, _day_at(now, days, zone))
        made.append(note)
    # the third note was completed the next day: its first text stays in its history
    third = Note.objects.get(pk=made[2].pk)
    services.note_edit(
        actor=coach,
        note=third,
        body=third.body + " Elle rattrapera l’activité « Le son au cinéma » mardi.",
        shared=False,
        revision=third.revision,
    )
    third.versions.update(written_at=_day_at(now, 30, zone))
    Note.objects.filter(pk=third.pk).update(edited_at=_day_at(now, 29, zone, 9, 10))
    today = timezone.localdate(timezone=ines.student_profile.centre.zone)
    done = services.action_create(
        actor=coach, student=ines, title="Écrire à sa mère après les absences", due_on=today
    )
    services.action_close(actor=coach, action=done, status="done")
    Action.objects.filter(pk=done.pk).update(
        due_on=today - dt.timedelta(days=29),
        created_at=_day_at(now, 30, zone, 18, 25),
        closed_at=_day_at(now, 29, zone, 9, 15),
    )
    todo = services.action_create(
        actor=coach,
        student=ines,
        title="Parler du masterlab son avec elle",
        due_on=today + dt.timedelta(days=2),
    )
    _backdate(Action, todo.pk, _day_at(now, 6, zone, 18, 25))
    guardians = list(User.objects.filter(wards__student=ines))
    message = FamilyMessage.objects.create(
        centre=ines.student_profile.centre,
        student=ines,
        sender=coach,
        subject="Absences d’Inès",
        body=(
            "Bonjour, Inès a manqué les deux dernières séances. Tout va bien ? "
            "Elle peut rattraper à son rythme, nous l’attendons mardi."
        ),
        recipients=", ".join(f"{g.first_name} {g.last_name}" for g in guardians),
        sent_count=len(guardians),
    )
    _backdate(FamilyMessage, message.pk, _day_at(now, 29, zone, 9, 5))
    return len(made)
