"""``parcours worker``: run background tasks (django-tasks' database worker)."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "Run Parcours's background tasks from the database queue."
