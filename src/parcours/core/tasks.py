"""Background work of the core: delivering e-mails queued by :mod:`parcours.core.mail`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def deliver_email(
    *, to: str, subject: str, body: str, html: str = "", reply_to: list[str] | None = None
) -> int:
    """Send one rendered message through Django's configured e-mail backend. A failure
    raises, so the task is recorded as failed (and visible) instead of lost silently."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=reply_to or None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
