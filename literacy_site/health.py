"""/healthz for a monitor: database, cache, task worker and free disk.

Each check is cheap and reports no personal data; the view reads neither the
session nor the signed-in user. 200 when every check is ok, 503 when one is not.
"""

import shutil
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from literacy_site.tasks import queue_in_database


def sqlite_write_error():
    """Write on the site's own connection and roll it back; None if it works.

    SQLite opens a file it may not write read-only without complaint, and even
    takes a write transaction on it: only a statement that writes fails. Waiting
    for another writer's lock is bounded by the connection's busy timeout.
    """
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("CREATE TABLE healthz_write_probe (id INTEGER)")
            transaction.set_rollback(True)
    except DatabaseError as error:
        # SQLite's own fixed messages: "attempt to write a readonly database" …
        return str(error)
    return None


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    result = {"ok": True, "vendor": connection.vendor}
    if connection.vendor == "sqlite":
        error = sqlite_write_error()
        result["ok"] = result["writable"] = error is None
        if error:
            result["write_error"] = error
    return result


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    found = cache.get(key)
    cache.delete(key)
    return {"ok": found == "ok"}


def check_worker():
    """The database queue's worker is alive when it finishes tasks and keeps up.

    The heartbeat task is enqueued every minute, so an idle healthy worker still
    has a recent finished task.
    """
    if not queue_in_database():
        return {"ok": True, "queue": "none"}
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    last_finished = (
        DBTaskResult.objects.filter(finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    waited_since = now - timedelta(seconds=settings.HEALTHZ_TASK_MAX_WAIT_SECONDS)
    # A task scheduled for later waits from its run_after, the rest from enqueueing.
    overdue = DBTaskResult.objects.filter(status=TaskResultStatus.READY).filter(
        Q(run_after=get_date_max(), enqueued_at__lt=waited_since)
        | Q(run_after__lt=waited_since)
    )
    last_age = (now - last_finished).total_seconds() if last_finished else None
    recent = (
        last_age is not None and last_age <= settings.HEALTHZ_LAST_TASK_MAX_AGE_SECONDS
    )
    overdue_count = overdue.count()
    return {
        "ok": recent and overdue_count == 0,
        "queue": "database",
        "last_task_finished_seconds_ago": None if last_age is None else int(last_age),
        "tasks_waiting_too_long": overdue_count,
    }


def check_disk():
    """The least free space among the folders the site writes to."""
    folders = [settings.VAR_DIR, settings.MEDIA_ROOT, settings.PRIVATE_FILES_ROOT]
    if connection.vendor == "sqlite":
        folders.append(Path(connection.settings_dict["NAME"]).parent)
    # A folder not made yet (no upload so far) is on its parent's disk.
    existing = {
        next(folder for folder in [Path(path), *Path(path).parents] if folder.exists())
        for path in folders
    }
    free_mb = min(shutil.disk_usage(folder).free for folder in existing) // 2**20
    return {
        "ok": free_mb >= settings.HEALTHZ_MIN_FREE_DISK_MB,
        "free_mb": free_mb,
        "minimum_mb": settings.HEALTHZ_MIN_FREE_DISK_MB,
    }


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "worker": check_worker,
    "disk": check_disk,
}


def run_check(check):
    try:
        return check()
    except Exception as exc:  # noqa: BLE001 — a monitor wants every check's state
        # The class name only: messages may hold addresses or queries.
        return {"ok": False, "error": type(exc).__name__}


@never_cache
@require_safe
def healthz(request):
    checks = {name: run_check(check) for name, check in CHECKS.items()}
    healthy = all(result["ok"] for result in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", "checks": checks},
        status=200 if healthy else 503,
    )
