"""The audit log (issue 12): who looked at or changed a minor's file, and every staff
decision; append-only, naming nobody in its own columns; read by a centre's managers (their
centre) and network admins; exported as CSV; the same over the API."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from auditlog.models import AbstractLogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from parcours.audit.models import AppendOnly, AuditEntry
from parcours.people import services as people
from parcours.privacy import services as privacy
from parcours.privacy.models import ErasureRequest
from tests.conftest import assert_error, login

pytestmark = pytest.mark.django_db
Action = AbstractLogEntry.Action


def _ask(world: Any) -> ErasureRequest:
    p = world["paris"]
    response = login(p["guardian"]).post(
        f"/privacy/students/{p['student'].uuid}/erase/",
        {"reason": "We moved to Lyon", "confirm": "on"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    return ErasureRequest.objects.get()


def _entries(made: ErasureRequest) -> Any:
    kind = ContentType.objects.get_for_model(ErasureRequest)
    return AuditEntry.objects.filter(content_type=kind, object_pk=str(made.pk))


def test_a_write_is_recorded_with_who_where_through_what_and_no_personal_value(
    world: Any,
) -> None:
    made = _ask(world)
    entry = _entries(made).get(action=Action.CREATE)
    p = world["paris"]
    assert (entry.actor, entry.centre, entry.student) == (p["guardian"], world.paris, p["student"])
    assert entry.remote_addr == "203.0.113.7"
    assert entry.additional_data == {"method": "POST", "view": "privacy:ask"}
    assert "We moved" not in str(entry.changes) and "•••" in str(entry.changes)
    assert p["student"].first_name not in entry.object_repr


def test_a_decision_through_a_personal_token_names_the_tokens_owner(world: Any) -> None:
    made = _ask(world)
    manager = world["paris"]["manager"]
    raw = people.api_token_create(actor=manager, name="script").raw
    response = Client().post(
        f"/api/privacy/erasure-requests/{made.uuid}/refuse",
        data={"reason": "Still enrolled this year"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200, response.content
    entry = _entries(made).get(action=Action.UPDATE)
    assert entry.actor == manager
    assert {"status", "refusal_reason", "decided_by", "decided_at"} <= set(entry.changes)
    assert entry.changes["refusal_reason"][1] == "•••"


def test_staff_looking_at_a_file_is_recorded_the_family_is_not(world: Any) -> None:
    p = world["paris"]
    student = p["student"]
    assert login(p["coach"]).get(f"/attendance/students/{student.uuid}/").status_code == 200
    assert login(p["guardian"]).get(f"/attendance/students/{student.uuid}/").status_code == 200
    looks = AuditEntry.objects.filter(action=Action.ACCESS, student=student)
    assert [(e.actor, e.additional_data["view"]) for e in looks] == [
        (p["coach"], "attendance:student")
    ]


def test_entries_are_never_changed_nor_deleted(world: Any) -> None:
    _ask(world)
    entry = AuditEntry.objects.first()
    assert entry is not None
    entry.object_repr = "rewritten"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()


def test_managers_read_their_centres_log_only(world: Any, api: Any) -> None:
    _ask(world)
    liege = world["liege"]
    privacy.erasure_request(actor=liege["guardian"], student=liege["student"])
    page = login(world["paris"]["manager"]).get("/audit/")
    assert page.status_code == 200
    rows = page.context["rows"]
    assert rows and {r.centre for r in rows} == {"Paris"}
    theirs = api(world["liege"]["manager"]).get("/audit/entries?limit=500").json()
    assert theirs["count"] == AuditEntry.objects.filter(centre=world.liege).count() > 0
    assert {e["centre"] for e in theirs["items"]} == {"Liège"}
    everything = api(world.admin).get("/audit/entries").json()
    assert everything["count"] >= 2
    assert {e["centre"] for e in everything["items"]} >= {"Paris", "Liège"}


@pytest.mark.parametrize("role", ["coach", "expert", "guardian", "student"])
def test_nobody_else_reads_the_log(world: Any, api: Any, role: str) -> None:
    _ask(world)
    who = world["paris"][role]
    assert login(who).get("/audit/").status_code == 403
    assert login(who).get("/audit/export.csv").status_code == 403
    assert_error(api(who).get("/audit/entries"), 403)


def test_filters_and_the_csv_export(world: Any, api: Any) -> None:
    made = _ask(world)
    manager = world["paris"]["manager"]
    privacy.erasure_refuse(actor=manager, request=made, reason="Legal hold")
    client = login(manager)
    only = client.get("/audit/", {"action": "update", "kind": "privacy.ErasureRequest"})
    assert [r.action for r in only.context["rows"]] == ["update"]
    bad = client.get("/audit/", {"since": "2026-05-01", "until": "2026-04-01"})
    assert bad.status_code == 400
    assert_error(api(manager).get("/audit/entries?since=2026-05-01&until=2026-04-01"), 400)
    assert_error(api(manager).get("/audit/entries?centre=liege"), 404)
    response = client.get("/audit/export.csv", {"kind": "privacy.ErasureRequest"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert len(lines) == 3  # header, created, changed
    assert "Legal hold" not in text and "We moved" not in text
