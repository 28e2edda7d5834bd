"""Tasks of the site as a whole."""

from django.utils import timezone
from django_tasks import task


@task()
def heartbeat() -> str:
    """Periodic, every minute: a cheap task whose recent success shows that a
    worker is taking tasks from the queue (/healthz reads it)."""
    return timezone.now().isoformat()
