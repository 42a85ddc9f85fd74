"""Emails to the guardian, in the guardian's language, sent once the transaction that
decided them commits (nothing is sent for a change that was rolled back)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from parcours.enrolment import links
from parcours.enrolment.models import Enrolment


def _send_after_commit(enrolment: Enrolment, subject: str, template: str, **context: Any) -> bool:
    guardian = enrolment.guardian
    if guardian is None or not guardian.email:
        return False
    with translation.override(guardian.preferred_language or settings.LANGUAGE_CODE):
        body = render_to_string(
            f"enrolment/email/{template}.txt",
            {
                "enrolment": enrolment,
                "guardian": guardian,
                "student": enrolment.student,
                "centre": enrolment.centre,
                **context,
            },
        )
        message = EmailMessage(
            subject=f"{enrolment.centre.name} · {_(subject)}",
            body=body,
            to=[guardian.email],
            reply_to=[enrolment.centre.contact_email] if enrolment.centre.contact_email else None,
        )
    transaction.on_commit(message.send, robust=True)
    return True


def consent_request(enrolment: Enrolment, *, site_url: str = "") -> bool:
    return _send_after_commit(
        enrolment,
        gettext_noop("Pre-registration received: your consent is needed"),
        "consent_request",
        link=links.consent_url(enrolment, site_url),
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
