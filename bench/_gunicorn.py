"""The site under gunicorn with the production settings, as deploy/Procfile runs
it, for benchmarks that measure what a resident's phone would get."""

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")


def production_env(work, port):
    """make run's environment (Makefile RUN_ENV) in a throwaway folder: SQLite,
    files under `work`, no Redis (the caches are files), gunicorn's defaults."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="literacy_site.settings.production",
        SECRET_KEY="bench-only-key",
        SITE_URL=f"http://127.0.0.1:{port}",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        VAR_DIR=str(work),
        SQLITE_PATH=str(work / "db.sqlite3"),
        MEDIA_ROOT=str(work / "media"),
        STATIC_ROOT=str(work / "static"),
        PORT=str(port),
    )
    for name in ("REDIS_URL", "GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_THREADS"):
        env.pop(name, None)
    return env


def manage(env, *args):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def build_demo(env):
    """The demo site, as `make run` leaves it once its worker has caught up:
    the picture sizes the worker makes after each publish are made here."""
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "make_picture_sizes")
    manage(env, "collectstatic", "--noinput")


def start_gunicorn(env, port, *options):
    """gunicorn with deploy/gunicorn.conf.py plus `options`, once /healthz answers.

    No control socket: it would be shared by every gunicorn of this user."""
    process = subprocess.Popen(
        [GUNICORN, "-c", "deploy/gunicorn.conf.py", "--no-control-socket", *options]
        + ["literacy_site.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return answering(process, port, "/healthz")


def answering(process, port, path):
    """`process` once `path` answers on `port`; stopped, and the bench ended,
    when nothing answers within 60 s."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            connection.getresponse().read()
            connection.close()
            return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise SystemExit(f"gunicorn on port {port} did not answer within 60 s")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
