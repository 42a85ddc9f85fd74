"""The one mail helper: rendered in each recipient's language, queued as a task after the
transaction commits, nothing sent for a rolled-back change."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils.translation import gettext, gettext_noop
from django_tasks_db.models import DBTaskResult

from parcours.core import mail as core_mail


@dataclass
class Person:
    email: str
    preferred_language: str = "fr"


@pytest.fixture
def templates(settings: Any, tmp_path: Any) -> None:
    folder = tmp_path / "t" / "demo"
    folder.mkdir(parents=True)
    (folder / "note.txt").write_text(
        '{% load i18n %}{% translate "Home" %} {{ recipient.email }} {{ extra }}\n'
    )
    (folder / "rich.txt").write_text("plain {{ extra }}\n")
    (folder / "rich.html").write_text("<p>rich {{ extra }}</p>\n")
    engines = copy.deepcopy(settings.TEMPLATES)
    engines[0]["DIRS"] = [*engines[0]["DIRS"], tmp_path / "t"]
    settings.TEMPLATES = engines


def test_each_recipient_reads_their_own_language_and_the_task_sends_it(
    db, templates, django_capture_on_commit_callbacks
):
    people = [Person("a@example.org", "fr"), Person("b@example.org", "en")]
    with django_capture_on_commit_callbacks(execute=True):
        queued = core_mail.send(
            people,
            subject=gettext_noop("Home"),
            template="demo/note",
            context={"extra": "x"},
            subject_prefix="Paris",
            reply_to=["centre@example.org", ""],
        )
    assert queued == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    assert by_to["a@example.org"].subject == "Paris · Accueil"
    assert by_to["a@example.org"].body.startswith("Accueil a@example.org x")
    assert by_to["b@example.org"].subject == "Paris · Home"
    assert by_to["b@example.org"].body.startswith("Home b@example.org x")
    assert by_to["b@example.org"].reply_to == ["centre@example.org"]


def test_nothing_is_sent_before_the_commit_nor_after_a_rollback(
    db, templates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        core_mail.send(Person("a@example.org"), subject="Home", template="demo/note")
    assert len(callbacks) == 1 and mail.outbox == []

    class Boom(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        core_mail.send(Person("a@example.org"), subject="Home", template="demo/note")
        raise Boom
    assert mail.outbox == []


def test_people_without_an_address_and_repeated_addresses_get_nothing_more(
    db, templates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queued = core_mail.send(
            [Person(""), None, Person("a@example.org"), Person("A@example.org", "en")],
            subject="Home",
            template="demo/note",
        )
        assert core_mail.send(None, subject="Home", template="demo/note") == 0
    assert queued == 1 and len(mail.outbox) == 1


def test_an_html_alternative_is_attached_when_the_template_exists(
    db, templates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        core_mail.send(
            Person("a@example.org"), subject="Home", template="demo/rich", context={"extra": "y"}
        )
    (message,) = mail.outbox
    assert message.body.strip() == "plain y"
    assert message.alternatives[0][0].strip() == "<p>rich y</p>"


def test_the_message_goes_through_the_task_queue(
    db, settings, templates, django_capture_on_commit_callbacks
):
    """With the database backend the message waits in the queue until a worker runs it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    with django_capture_on_commit_callbacks(execute=True):
        core_mail.send(Person("a@example.org"), subject="Home", template="demo/note")
    assert mail.outbox == []
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "parcours.core.tasks.deliver_email"
    assert queued.args_kwargs["kwargs"]["to"] == "a@example.org"


def test_text_built_in_python_is_built_in_each_readers_language(
    db, templates, django_capture_on_commit_callbacks
):
    """A subject or a context value with parameters (a name, a date) is computed when each
    message is rendered, so in that recipient's language."""
    home = core_mail.in_their_language(lambda: gettext("Home") + " · 1")
    with django_capture_on_commit_callbacks(execute=True):
        core_mail.send(
            [Person("a@example.org", "fr"), Person("b@example.org", "en")],
            subject=home,
            template="demo/note",
            context={"extra": home},
        )
    by_to = {m.to[0]: m for m in mail.outbox}
    assert by_to["a@example.org"].subject == "Accueil · 1"
    assert by_to["a@example.org"].body.startswith("Accueil a@example.org Accueil · 1")
    assert by_to["b@example.org"].subject == "Home · 1"
    assert by_to["b@example.org"].body.startswith("Home b@example.org Home · 1")
