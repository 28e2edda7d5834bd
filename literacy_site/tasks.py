"""Tasks of the site as a whole."""

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks_db.backend import DatabaseBackend


def queue_in_database() -> bool:
    """Whether tasks wait in the database for a worker (every environment but
    the tests, whose immediate backend runs them at once and keeps nothing)."""
    return isinstance(task_backends["default"], DatabaseBackend)


@task()
def heartbeat() -> str:
    """Periodic, every minute: a cheap task whose recent success shows that a
    worker is taking tasks from the queue (/healthz reads it)."""
    return timezone.now().isoformat()


@task()
def prune_task_results() -> None:
    """Periodic, daily: forget finished tasks older than TASK_RESULTS_KEEP_DAYS.

    The heartbeat alone adds 1,440 rows a day, and /healthz reads the newest."""
    if not queue_in_database():
        return
    call_command(
        "prune_db_task_results",
        min_age_days=settings.TASK_RESULTS_KEEP_DAYS,
        verbosity=0,
    )
