"""Every e-mail Parcours sends goes through :func:`send`.

One way to do it, tested once:

- the message is rendered in each recipient's language (their ``preferred_language``, else
  the site's default) from ``<template>.txt`` and, if it exists, ``<template>.html``;
- the subject is a msgid (mark it with ``gettext_noop``) translated in that language, after an
  optional prefix (usually the centre's name); a subject or a context value with parameters
  is built per recipient with :func:`in_their_language`;
- nothing leaves while the transaction that decided it is open: the message is queued as a
  background task (``django-tasks``, run by ``parcours worker``) once the transaction commits,
  so a rolled-back change sends nothing and a slow mail server never slows a page.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _

from parcours.core.tasks import deliver_email


class Addressee(Protocol):
    """Anyone with an e-mail address; a ``preferred_language`` is used when present."""

    email: str


@dataclass(frozen=True)
class Outgoing:
    """One rendered message, ready for the queue (plain, JSON-serialisable values)."""

    to: str
    subject: str
    body: str
    html: str = ""
    reply_to: tuple[str, ...] = ()

    def as_task_args(self) -> dict[str, Any]:
        return {
            "to": self.to,
            "subject": self.subject,
            "body": self.body,
            "html": self.html,
            "reply_to": list(self.reply_to),
        }


def in_their_language(build: Callable[[], str]) -> str:
    """Text built in Python (a subject naming someone, a date, a reason) computed only when
    :func:`send` renders each message, so in that recipient's language and formats; pass it as
    ``subject`` or in ``context``."""
    text: str = lazy(build, str)()
    return text


def language_of(person: object) -> str:
    language = getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def render(
    person: Addressee,
    *,
    subject: str | Promise,
    template: str,
    context: Mapping[str, Any] | None = None,
    subject_prefix: str = "",
    reply_to: Iterable[str] = (),
) -> Outgoing:
    """The message ``person`` receives, in their language."""
    with translation.override(language_of(person)):
        data = {
            "recipient": person,
            "site_url": settings.PARCOURS_SITE_URL.rstrip("/"),
            **(context or {}),
        }
        body = str(render_to_string(f"{template}.txt", data))
        html = ""
        with contextlib.suppress(TemplateDoesNotExist):
            html = str(render_to_string(f"{template}.html", data))
        # a msgid is translated here; text built for them (``in_their_language``, a
        # coach's own subject) already is what they read, and is not looked up again
        title: str = str(subject) if isinstance(subject, Promise) else _(subject)
        if subject_prefix:
            title = f"{subject_prefix} · {title}"
    return Outgoing(
        to=person.email,
        subject=" ".join(title.split()),  # a header never holds a line break
        body=body,
        html=html,
        reply_to=tuple(a for a in reply_to if a),
    )


def send(
    to: Addressee | Iterable[Addressee | None] | None,
    *,
    subject: str | Promise,
    template: str,
    context: Mapping[str, Any] | None = None,
    subject_prefix: str = "",
    reply_to: Iterable[str] = (),
) -> int:
    """Render and queue one message per recipient with an address; return how many.

    People without an address (or ``None``) are skipped; the same address is written to once.
    """
    people: list[Addressee | None]
    people = [to] if to is None or not isinstance(to, Iterable) else list(to)
    reply = tuple(reply_to)
    seen: set[str] = set()
    messages = []
    for person in people:
        if person is None or not person.email or person.email.lower() in seen:
            continue
        seen.add(person.email.lower())
        messages.append(
            render(
                person,
                subject=subject,
                template=template,
                context=context,
                subject_prefix=subject_prefix,
                reply_to=reply,
            )
        )
    if messages:
        transaction.on_commit(lambda: _enqueue(messages), robust=True)
    return len(messages)


def _enqueue(messages: list[Outgoing]) -> None:
    for message in messages:
        deliver_email.enqueue(**message.as_task_args())
