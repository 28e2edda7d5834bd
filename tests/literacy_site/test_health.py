import json
import socket
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthz(client):
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    return response, json.loads(response.content)


def test_healthz_answers_200_when_every_check_is_up(client):
    response, body = healthz(client)

    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "worker", "disk"}
    assert all(check["ok"] for check in body["checks"].values())
    # A monitor polling every minute must not fill the session table.
    assert "Set-Cookie" not in response
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_a_writable_sqlite_file(client, settings):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        _response, body = healthz(client)
        assert "writable" not in body["checks"]["database"]
        return
    _response, body = healthz(client)

    assert body["checks"]["database"] == {
        "ok": True,
        "vendor": "sqlite",
        "writable": True,
    }


def test_healthz_answers_503_when_the_cache_is_down(client):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    with override_settings(CACHES=unreachable):
        response, body = healthz(client)

    assert response.status_code == 503
    assert body["status"] == "down"
    assert body["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}
    assert body["checks"]["database"]["ok"]


@override_settings(HEALTHZ_MIN_FREE_DISK_MB=10**12)
def test_healthz_answers_503_when_free_disk_is_below_the_minimum(client):
    response, body = healthz(client)

    assert response.status_code == 503
    disk = body["checks"]["disk"]
    assert disk["ok"] is False
    assert disk["minimum_mb"] == 10**12
    assert 0 < disk["free_mb"] < 10**12
    assert body["checks"]["cache"]["ok"]


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def task_row(*, status, finished_ago=None, enqueued_ago=timedelta(0), run_after=None):
    """A row as the database backend and its worker leave it."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    row = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="literacy_site.tasks.heartbeat",
        backend_name="default",
        queue_name="default",
        run_after=run_after or get_date_max(),
        finished_at=None if finished_ago is None else now - finished_ago,
    )
    DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=now - enqueued_ago)
    return row


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_worker_is_up_when_a_task_finished_lately_and_none_waits(client):
    task_row(
        status="SUCCESSFUL",
        finished_ago=timedelta(seconds=40),
        enqueued_ago=timedelta(seconds=41),
    )
    # Just enqueued, and one scheduled for later: neither has waited too long.
    task_row(status="READY", enqueued_ago=timedelta(seconds=30))
    task_row(
        status="READY",
        enqueued_ago=timedelta(hours=1),
        run_after=timezone.now() + timedelta(hours=1),
    )

    response, body = healthz(client)

    assert response.status_code == 200, body
    worker = body["checks"]["worker"]
    assert worker["ok"] is True
    assert worker["queue"] == "database"
    assert 40 <= worker["last_task_finished_seconds_ago"] < 100
    assert worker["tasks_waiting_too_long"] == 0


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_worker_is_down_when_no_task_finished_for_too_long(client):
    task_row(status="FAILED", finished_ago=timedelta(minutes=10))

    response, body = healthz(client)

    assert response.status_code == 503
    worker = body["checks"]["worker"]
    assert worker["ok"] is False
    assert worker["last_task_finished_seconds_ago"] >= 600


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_worker_is_down_when_no_task_ever_finished(client):
    response, body = healthz(client)

    assert response.status_code == 503
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["last_task_finished_seconds_ago"] is None


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_worker_is_down_when_a_task_waits_too_long(client):
    task_row(status="SUCCESSFUL", finished_ago=timedelta(seconds=20))
    task_row(status="READY", enqueued_ago=timedelta(minutes=5))
    task_row(
        status="READY",
        enqueued_ago=timedelta(hours=1),
        run_after=timezone.now() - timedelta(minutes=3),
    )

    response, body = healthz(client)

    assert response.status_code == 503
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["tasks_waiting_too_long"] == 2


@override_settings(
    TASKS=DATABASE_QUEUE,
    HEALTHZ_LAST_TASK_MAX_AGE_SECONDS=10,
    HEALTHZ_TASK_MAX_WAIT_SECONDS=3600,
)
def test_the_worker_thresholds_are_settings(client):
    task_row(status="SUCCESSFUL", finished_ago=timedelta(seconds=60))
    task_row(status="READY", enqueued_ago=timedelta(minutes=5))

    _response, body = healthz(client)

    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["tasks_waiting_too_long"] == 0
