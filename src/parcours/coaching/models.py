"""A coach's follow-up of a student (issue 15): notes (staff only unless shared with the
student and family, every edit kept), actions with an owner and a due date, and the messages
sent to the family. The timeline reads these and every other app's records."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.centres.models import Centre
from parcours.coaching.choices import NOTE_MAX, SUBJECT_MAX, TITLE_MAX, ActionStatus
from parcours.core.models import BaseModel
from parcours.people.models import User


class Note(BaseModel):
    """What a member of staff wrote about a student. Staff only unless ``shared``: then the
    student and their family read it too. An edit keeps the text it replaces (NoteVersion);
    ``revision`` counts the edits, so that an edit made on an old copy is refused."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coaching_notes")
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("note"), max_length=NOTE_MAX)
    shared = models.BooleanField(_("shared with the student and family"), default=False)
    pinned = models.BooleanField(_("pinned"), default=False)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    edited_at = models.DateTimeField(_("last edited at"), null=True, blank=True)
    edited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    key = models.UUIDField(_("form key"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "key"],
                condition=models.Q(key__isnull=False),
                name="coaching_note_once",
            )
        ]
        indexes = [models.Index(fields=["student", "created_at"])]

    def __str__(self) -> str:
        return f"{self.student} · {self.created_at:%Y-%m-%d}"


class NoteVersion(BaseModel):
    """A note's text as it was before an edit, with who wrote it and when."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="versions")
    revision = models.PositiveIntegerField(_("revision"))
    body = models.TextField(_("note"), max_length=NOTE_MAX)
    shared = models.BooleanField(_("shared with the student and family"), default=False)
    written_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("earlier version of a note")
        verbose_name_plural = _("earlier versions of notes")
        constraints = [
            models.UniqueConstraint(fields=["note", "revision"], name="coaching_version_once")
        ]


class Action(BaseModel):
    """Something to do for a student ("call the family", "meet at next session"), with an
    owner on the centre's staff and a due date; the owner is reminded by e-mail on the day."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coaching_actions")
    owner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="coaching_todo"
    )
    title = models.CharField(_("what to do"), max_length=TITLE_MAX)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("done or cancelled at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_on = models.DateField(_("owner reminded on"), null=True, blank=True)
    key = models.UUIDField(_("form key"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "key"],
                condition=models.Q(key__isnull=False),
                name="coaching_action_once",
            )
        ]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"]),
            models.Index(fields=["status", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.title


class FamilyMessage(BaseModel):
    """A message a member of staff sent the student's family by e-mail from the student's
    page; kept for the timeline (who wrote what, to how many addresses)."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(User, on_delete=models.CASCADE, related_name="family_messages")
    sender = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    body = models.TextField(_("message"), max_length=NOTE_MAX)
    recipients = models.CharField(_("sent to"), max_length=300)
    sent_count = models.PositiveSmallIntegerField(_("addresses written to"), default=0)
    key = models.UUIDField(_("form key"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("message to the family")
        verbose_name_plural = _("messages to the family")
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "key"],
                condition=models.Q(key__isnull=False),
                name="coaching_message_once",
            )
        ]
        indexes = [models.Index(fields=["student", "created_at"])]

    def __str__(self) -> str:
        return self.subject
