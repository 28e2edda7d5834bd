"""Production settings are checked in a fresh process, as a server loads them."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def run_manage(*args, env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="literacy_site.settings.production")
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "SECRET_KEY": "k" * 20 + "-production-key-for-the-check-only-0123456789",
            "ALLOWED_HOSTS": "literasi.example.go.id",
            "CSRF_TRUSTED_ORIGINS": "https://literasi.example.go.id",
            "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        },
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = run_manage(
        "check",
        env_overrides={
            "ALLOWED_HOSTS": "literasi.example.go.id",
            "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        },
    )

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_take_host_and_origin_from_site_url(tmp_path):
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS)",
        env_overrides={
            "SECRET_KEY": "k" * 50,
            "SITE_URL": "https://literasi.example.go.id/",
            "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        },
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == (
        "False ['literasi.example.go.id'] ['https://literasi.example.go.id']"
    )
