"""Emails to the family, in the recipient's language, sent once the transaction that
decided them commits (nothing is sent for a change that was rolled back). The consent
request goes to whoever gives the consent: the guardian of a minor, or the student
themselves once 18 or over; the other emails go to the guardian."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from parcours.enrolment import links, years
from parcours.enrolment.models import Enrolment
from parcours.people.models import User


def consenter(enrolment: Enrolment) -> User | None:
    """Who gives the consents today: the student once 18 or over (in the centre's time
    zone), else the guardian."""
    birth = enrolment.student.student_profile.birth_date
    adult = years.age_on(birth, years.today_at(enrolment.centre)) >= 18
    return enrolment.student if adult else enrolment.guardian


def _send_after_commit(
    enrolment: Enrolment,
    subject: str,
    template: str,
    *,
    to: User | None = None,
    **context: Any,
) -> bool:
    recipient = to if to is not None else enrolment.guardian
    if recipient is None or not recipient.email:
        return False
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        body = render_to_string(
            f"enrolment/email/{template}.txt",
            {
                "enrolment": enrolment,
                "guardian": recipient,
                "recipient": recipient,
                "student": enrolment.student,
                "centre": enrolment.centre,
                **context,
            },
        )
        message = EmailMessage(
            subject=f"{enrolment.centre.name} · {_(subject)}",
            body=body,
            to=[recipient.email],
            reply_to=[enrolment.centre.contact_email] if enrolment.centre.contact_email else None,
        )
    transaction.on_commit(message.send, robust=True)
    return True


def consent_request(enrolment: Enrolment, *, site_url: str = "") -> bool:
    """The consent link, to the guardian of a minor or to the adult student themselves."""
    person = consenter(enrolment)
    if person is None:
        return False
    return _send_after_commit(
        enrolment,
        gettext_noop("Pre-registration received: your consent is needed"),
        "consent_request",
        to=person,
        adult=person.pk == enrolment.student_id,
        link=links.consent_url(enrolment, site_url, person=person),
        days=links.consent_link_max_age().days,
    )


def registered(enrolment: Enrolment, *, site_url: str = "") -> bool:
    student, guardian = enrolment.student, enrolment.guardian
    return _send_after_commit(
        enrolment,
        gettext_noop("Registration confirmed"),
        "registered",
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
    return _send_after_commit(
        enrolment, gettext_noop("On the waiting list"), "waiting_list", position=position
    )


def refused(enrolment: Enrolment) -> bool:
    return _send_after_commit(enrolment, gettext_noop("About your pre-registration"), "refused")
