"""Reading the audit log: the entries one may see, filtered, and each as a row to show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from auditlog.models import AbstractLogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.audit.models import AuditEntry
from parcours.audit.permissions import audit_policy
from parcours.audit.registry import RECORDED
from parcours.centres.models import Centre
from parcours.people.access import access_for
from parcours.people.choices import Role
from parcours.people.types import Actor

Action = AbstractLogEntry.Action
ACTIONS: dict[str, int] = {
    "create": Action.CREATE,
    "update": Action.UPDATE,
    "delete": Action.DELETE,
    "access": Action.ACCESS,
}
ACTION_NAMES = {number: name for name, number in ACTIONS.items()}


def action_label(action: int) -> str:
    labels = {
        Action.CREATE: _("created"),
        Action.UPDATE: _("changed"),
        Action.DELETE: _("deleted"),
        Action.ACCESS: _("viewed"),
    }
    return str(labels.get(action, "?"))


def _content_type(label: str) -> ContentType | None:
    app_label, model = label.lower().split(".")
    try:
        return ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist:
        return None


def kinds() -> list[tuple[str, str]]:
    """The kinds of record the log holds: (label, name in the reader's language)."""
    out = []
    for label in RECORDED:
        ct = _content_type(label)
        model = ct.model_class() if ct is not None else None
        if model is not None:
            out.append((label, str(model._meta.verbose_name).capitalize()))
    return sorted(out, key=lambda pair: pair[1])


def audit_centres(user: Actor) -> QuerySet[Centre]:
    """The centres whose log the user reads (managers: theirs; network admins: all)."""
    access = access_for(user)
    rows = Centre.objects.order_by("name")
    return rows if access.network_admin else rows.filter(pk__in=access.centres(Role.MANAGER))


@dataclass(frozen=True)
class AuditFilters:
    centre: Centre | None = None
    action: str = ""
    kind: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    student_id: int | None = None


def entries(user: Actor, filters: AuditFilters | None = None) -> QuerySet[AuditEntry]:
    """The entries ``user`` may read, newest first, narrowed by ``filters``."""
    f = filters or AuditFilters()
    rows = audit_policy.visible(user)
    if f.centre is not None:
        rows = rows.filter(centre_id=f.centre.pk)
    if f.action in ACTIONS:
        rows = rows.filter(action=ACTIONS[f.action])
    if f.kind:
        ct = _content_type(f.kind) if f.kind in RECORDED else None
        rows = rows.filter(content_type=ct) if ct is not None else rows.none()
    zone = timezone.get_current_timezone()
    if f.since is not None:
        rows = rows.filter(timestamp__gte=dt.datetime.combine(f.since, dt.time(), zone))
    if f.until is not None:
        end = dt.datetime.combine(f.until + dt.timedelta(days=1), dt.time(), zone)
        rows = rows.filter(timestamp__lt=end)
    if f.student_id is not None:
        rows = rows.filter(student_id=f.student_id)
    return rows.select_related("actor", "student", "centre").order_by("-timestamp", "-pk")


@dataclass(frozen=True)
class AuditRow:
    uuid: str
    when: dt.datetime
    actor: str
    actor_username: str
    action: str
    action_label: str
    kind: str
    record: str
    student: str
    student_username: str
    centre: str
    fields: list[str]
    via: str
    address: str


def person_name(user: Any) -> str:
    if user is None:
        return ""
    if user.erased_at is not None:
        return _("Erased account")
    return user.get_full_name() or user.username


def _field_names(model: Any, changes: dict[str, Any] | None) -> list[str]:
    names = []
    for name in changes or {}:
        try:
            found = model._meta.get_field(name) if model else None
            names.append(str(getattr(found, "verbose_name", name)))
        except FieldDoesNotExist:
            names.append(name)
    return names


def rows_of(entries_: Iterable[AuditEntry]) -> Iterator[AuditRow]:
    """Entries as rows to show: names in the reader's language, no stored personal value."""
    for e in entries_:
        model = ContentType.objects.get_for_id(e.content_type_id).model_class()
        kind = str(model._meta.verbose_name).capitalize() if model else ""
        extra = e.additional_data if isinstance(e.additional_data, dict) else {}
        yield AuditRow(
            uuid=str(e.pk),
            when=e.timestamp,
            actor=person_name(e.actor) or _("Parcours (automatic)"),
            actor_username=e.actor.username if e.actor else "",
            action=ACTION_NAMES.get(e.action, ""),
            action_label=action_label(e.action),
            kind=kind,
            record=e.object_repr,
            student=person_name(e.student),
            student_username=e.student.username if e.student else "",
            centre=e.centre.name if e.centre else "",
            fields=_field_names(model, e.changes if isinstance(e.changes, dict) else None),
            via=str(extra.get("view", "")),
            address=e.remote_addr or "",
        )
