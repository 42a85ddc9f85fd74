"""Background work of attendance (django-tasks; `parcours worker` runs it)."""

from __future__ import annotations

from django_tasks import task

from parcours.attendance import services


@task()
def close_ended_sessions() -> int:
    """Record the absences of every session that has ended and is not closed yet."""
    return services.sessions_close_ended()
