"""E-mails to the family, through ``core.mail.send``: each in the recipient's language,
queued once the transaction that decided it commits (nothing leaves for a change that was
rolled back). The consent request goes to whoever gives the consent (:func:`consenter`):
the guardian of a minor, or the student themselves once 18 or over; the other e-mails go to
the guardian."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from parcours.core import mail
from parcours.enrolment import links
from parcours.enrolment.models import Enrolment
from parcours.people.models import User


def consenter(enrolment: Enrolment) -> User | None:
    """Who gives the consents today: the student once 18 or over (in the centre's time
    zone), else the guardian."""
    return enrolment.guardian if enrolment.student_is_minor else enrolment.student


def _send(
    enrolment: Enrolment, subject: str, template: str, *, to: User | None, **extra: Any
) -> bool:
    """One e-mail about ``enrolment`` to ``to``; False when there is nobody to write to."""
    centre = enrolment.centre
    sent = mail.send(
        to,
        subject=subject,
        template=f"enrolment/email/{template}",
        context={
            "enrolment": enrolment,
            "student": enrolment.student,
            "guardian": enrolment.guardian,
            "centre": centre,
            **extra,
        },
        subject_prefix=centre.name,
        reply_to=[centre.contact_email],
    )
    return sent > 0


def consent_request(enrolment: Enrolment, *, site_url: str = "") -> bool:
    """The consent link, to the guardian of a minor or to the adult student themselves."""
    person = consenter(enrolment)
    return _send(
        enrolment,
        gettext_noop("Pre-registration received: your consent is needed"),
        "consent_request",
        to=person,
        adult=person is not None and person.pk == enrolment.student_id,
        link=links.consent_url(enrolment, site_url, person=person) if person else "",
        days=links.consent_link_max_age().days,
    )


def registered(enrolment: Enrolment, *, site_url: str = "") -> bool:
    student, guardian = enrolment.student, enrolment.guardian
    return _send(
        enrolment,
        gettext_noop("Registration confirmed"),
        "registered",
        to=guardian,
        student_link=(
            None if student.has_usable_password() else links.password_url(student, site_url)
        ),
        guardian_link=(
            None
            if guardian is None or guardian.has_usable_password()
            else links.password_url(guardian, site_url)
        ),
        login_url=links.site_root(site_url) + "/accounts/login/",
    )


def waiting_list(enrolment: Enrolment, *, position: int) -> bool:
    return _send(
        enrolment,
        gettext_noop("On the waiting list"),
        "waiting_list",
        to=enrolment.guardian,
        position=position,
    )


def refused(enrolment: Enrolment) -> bool:
    return _send(
        enrolment, gettext_noop("About your pre-registration"), "refused", to=enrolment.guardian
    )
