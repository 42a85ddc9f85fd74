from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from parcours.attendance import tasks
from parcours.attendance.models import Absence


def test_attendance_close_command_is_idempotent(live):
    out = StringIO()
    call_command("attendance-close", stdout=out)
    assert "8 absences recorded" in out.getvalue()
    call_command("attendance-close", stdout=out)
    assert Absence.objects.count() == 8


def test_close_task_runs_the_same_service(live, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = tasks.close_ended_sessions.enqueue()
    assert result.return_value == 8
