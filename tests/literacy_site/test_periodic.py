"""`manage.py run_periodic` queues the heartbeat every minute and the daily work."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from literacy_site.periodic import Schedule


def test_each_task_is_due_at_start_and_then_once_per_interval():
    schedule = Schedule({"heartbeat": 60, "expiry": 86_400}, start=1000)

    assert schedule.due(1000) == ["heartbeat", "expiry"]
    assert schedule.due(1030) == []
    assert schedule.seconds_to_next(1030) == 30
    assert schedule.due(1060) == ["heartbeat"]
    assert schedule.due(1000 + 86_400) == ["heartbeat", "expiry"]


# The worker takes SQLite's exclusive lock, which cannot nest in a test's
# transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_queued_heartbeat_is_done_by_the_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    call_command("run_periodic", "--once", verbosity=0)
    queued = set(DBTaskResult.objects.ready().values_list("task_path", flat=True))
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload",
                 verbosity=0)

    assert queued == set(settings.PERIODIC_TASKS)
    heartbeat = DBTaskResult.objects.get(task_path="literacy_site.tasks.heartbeat")
    assert heartbeat.status == "SUCCESSFUL"
    assert not DBTaskResult.objects.ready().exists()


@pytest.mark.django_db
def test_finished_tasks_are_pruned_after_two_weeks(settings):
    from datetime import timedelta

    from literacy_site.tasks import prune_task_results
    from tests.literacy_site.test_health import task_row

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    old = task_row(status="SUCCESSFUL", finished_ago=timedelta(days=15))
    recent = task_row(status="SUCCESSFUL", finished_ago=timedelta(days=13))
    waiting = task_row(status="READY")

    prune_task_results.call()

    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {
        recent.pk,
        waiting.pk,
    }
    assert old.pk not in set(DBTaskResult.objects.values_list("pk", flat=True))
