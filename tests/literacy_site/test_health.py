import json
import socket

import pytest
from django.test import override_settings

# No test transaction around the request: on SQLite it would hold the write lock
# the database check probes for.
pytestmark = pytest.mark.django_db(transaction=True)


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
