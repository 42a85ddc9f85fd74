"""The e-mails of labs, each sent through :func:`parcours.core.mail.send` (rendered in the
student's language, queued as a task once the transaction commits).

Text built here rather than in the template (the reason of an outcome, a deadline, a subject
naming a lab) is passed *lazily*: it is computed when the mail helper renders the message,
inside the recipient's language, so a French student never reads an English sentence.

Each message also goes to the inbox of the student and their guardians (``_tell``), marked as
already e-mailed: the e-mail is the message, the inbox keeps it where the family looks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from parcours.core import mail, timefmt
from parcours.core.mail import in_their_language
from parcours.labs import allocation
from parcours.labs.models import Application, Lab, LabCycle, Masterlab, Seat
from parcours.notifications import services as notifications
from parcours.notifications.choices import Kind
from parcours.people.models import User
from parcours.people.selectors import guardians_of


def _tell(
    student: User, kind: str, params: dict[str, Any], url: str, centre_id: int, key: str
) -> None:
    notifications.notify(
        recipients=[student, *guardians_of(student)],
        kind=kind,
        params=params,
        url=url,
        centre_id=centre_id,
        dedupe_key=key,
        already_emailed=True,
    )


def _in_language_of(student: User, build: Any) -> str:
    """Text frozen for the inbox, in the student's language (the family's usually)."""
    with translation.override(mail.language_of(student)):
        return str(build())


def offer(seat: Seat, cycle: LabCycle, lab: Lab) -> int:
    """A place of the waitlist is offered to the student until ``seat.offered_until``."""
    until = seat.offered_until
    if until is None:
        return 0
    title = lab.template.title
    _tell(
        seat.student,
        Kind.LAB_OFFER,
        {
            "lab": title,
            "deadline": _in_language_of(
                seat.student, lambda: timefmt.when(until, cycle.centre.zone)
            ),
        },
        reverse("labs:wishes", args=[cycle.uuid]),
        cycle.centre_id,
        f"offer:{seat.uuid}:{until.isoformat()}",
    )
    return mail.send(
        seat.student,
        subject=in_their_language(lambda: _("A seat for you in %(lab)s") % {"lab": title}),
        subject_prefix=cycle.centre.name,
        template="labs/email/offer",
        context={
            "student": seat.student,
            "cycle": cycle,
            "title": title,
            "until": in_their_language(lambda: timefmt.when(until, cycle.centre.zone)),
        },
    )


def masterlab_outcome(application: Application, masterlab: Masterlab) -> int:
    """The outcome of a masterlab application (selected, waiting, promoted) and its reason."""
    _tell(
        application.student,
        Kind.MASTERLAB_OUTCOME,
        {
            "text": _in_language_of(
                application.student, lambda: allocation.masterlab_sentence(application)
            )
        },
        reverse("labs:masterlab", args=[masterlab.uuid]),
        masterlab.centre_id,
        f"masterlab:{application.uuid}:{application.outcome}",
    )
    return mail.send(
        application.student,
        subject=masterlab.template.title,
        subject_prefix=masterlab.centre.name,
        template="labs/email/masterlab",
        context={
            "student": application.student,
            "masterlab": masterlab,
            "title": masterlab.template.title,
            "sentence": in_their_language(lambda: allocation.masterlab_sentence(application)),
        },
    )


def cycle_result(
    student: User, cycle: LabCycle, reason: Mapping[str, Any], titles: Mapping[str, str]
) -> int:
    """The published seat of a cycle (or why none), with the reason in one sentence."""
    _tell(
        student,
        Kind.LAB_SEAT,
        {"text": _in_language_of(student, lambda: allocation.sentence(reason, titles))},
        reverse("labs:wishes", args=[cycle.uuid]),
        cycle.centre_id,
        f"cycle:{cycle.uuid}:{student.pk}",
    )
    return mail.send(
        student,
        subject=in_their_language(lambda: _("Your lab for %(cycle)s") % {"cycle": cycle.name}),
        subject_prefix=cycle.centre.name,
        template="labs/email/result",
        context={
            "student": student,
            "cycle": cycle,
            "sentence": in_their_language(lambda: allocation.sentence(reason, titles)),
        },
    )
