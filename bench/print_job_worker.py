"""A 500-certificate print job through the task worker, beside a busy web server.

    .venv/bin/python bench/print_job_worker.py [--certificates 500] [--port N]

Sets up a throwaway installation as `make run` does (production settings, SQLite
in a temporary folder, the demo content), starts gunicorn with
deploy/gunicorn.conf.py and one `manage.py db_worker`, then prints: the p95 of a
lesson page while idle, the time from "prepare for printing" to a downloadable
PDF, and the p95 of the same lesson page while the worker draws it (budget:
at most 1.5 times idle).
"""

import argparse
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _load import p95_ms, run_load, start_load  # noqa: E402

from tests.processes import (  # noqa: E402
    PYTHON,
    Browser,
    clean_environment,
    free_port,
    wait_until,
)

VISITORS = 4

PREPARE = """
from django.contrib.auth import get_user_model
from django.utils import timezone
from certificates.codes import new_code
from certificates.models import Certificate
from courses.models import LessonPage
from workshops.models import Participant, Workshop
workshop = Workshop.objects.order_by("pk").first()
year = timezone.localdate().year
people = Participant.objects.bulk_create(
    Participant(full_name=f"Peserta Lokakarya Nomor {n} binti Fulan",
                birth_year=1958, gender="P", desa=workshop.desa,
                consent_given_at=timezone.now())
    for n in range(1, COUNT + 1))
Certificate.objects.bulk_create(
    Certificate(participant=p, workshop=workshop, number=f"{n:03d}/BENCH/{year}",
                year=year, sequence=n, verification_code=new_code(),
                name_as_printed=p.full_name, issued_at=timezone.now())
    for n, p in enumerate(people, start=1))
print(workshop.pk, LessonPage.objects.live().first().url)
"""

QUEUE_EMPTY = """
from django_tasks_db.models import DBTaskResult
print(DBTaskResult.objects.ready().count() + DBTaskResult.objects.filter(
    status="RUNNING").count())
"""


def manage(env, *args):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--certificates", type=int, default=500)
    parser.add_argument("--port", type=int, default=None)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="literacy-bench-worker-"))
    port = options.port or free_port()
    env = clean_environment(
        DJANGO_SETTINGS_MODULE="literacy_site.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        SITE_URL=f"http://127.0.0.1:{port}",
        PORT=port,
        SECURE_SSL_REDIRECT="false",
        VAR_DIR=work,
        STATIC_ROOT=work / "static",
    )
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "set_site_address")
    manage(env, "collectstatic", "--noinput")
    manage(env, "create_admin")
    password = (work / "admin-password.txt").read_text().strip()
    workshop_pk, lesson = (
        manage(env, "shell", "-c", PREPARE.replace("COUNT", str(options.certificates)))
        .splitlines()[-1]
        .split()
    )
    logs = (work / "web.log").open("w"), (work / "worker.log").open("w")
    web = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--config", "deploy/gunicorn.conf.py",
         "--no-control-socket", "literacy_site.wsgi"],
        cwd=ROOT, env=env, stdout=logs[0], stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
        cwd=ROOT, env=env, stdout=logs[1], stderr=subprocess.STDOUT,
    )
    try:
        browser = Browser(port)

        def answers():
            try:
                return browser.get("/").status == 200
            except OSError:
                return False

        wait_until(answers, timeout=60, what="gunicorn")
        # The handouts queued by load_demo are drawn first; wait for a quiet queue.
        wait_until(
            lambda: manage(env, "shell", "-c", QUEUE_EMPTY).split()[-1] == "0",
            timeout=600, every=2, what="the queue to empty",
        )
        idle = run_load(port, lesson, connections=VISITORS, seconds=15).samples

        browser.get("/fasilitator/masuk/")
        browser.post("/fasilitator/masuk/", {"username": "admin", "password": password})
        browser.get(f"/fasilitator/lokakarya/{workshop_pk}/sertifikat/")  # new token
        finish_load = start_load(port, lesson, connections=VISITORS)
        started = time.perf_counter()
        job = browser.post(
            f"/fasilitator/lokakarya/{workshop_pk}/sertifikat/cetak/", {}
        )
        download = job.getheader("Location") + "unduh/"
        wait_until(
            lambda: browser.get(download).status == 200,
            timeout=600, every=0.25, what="the print job",
        )
        to_done = time.perf_counter() - started
        busy = finish_load().samples
    finally:
        web.terminate()
        worker.terminate()
        web.wait()
        worker.wait()

    print(f"{options.certificates}-certificate print job through the worker, "
          f"4 visitors reading a lesson page meanwhile (gunicorn + 1 db_worker, "
          f"SQLite):")
    print(f"  time to done: {to_done:.1f} s")
    print(f"  lesson page p95 idle:       {p95_ms(idle):.0f} ms ({len(idle)} requests)")
    print(f"  lesson page p95 during job: {p95_ms(busy):.0f} ms ({len(busy)} requests)"
          f", {p95_ms(busy) / p95_ms(idle):.2f} x idle (budget 1.5 x)")


if __name__ == "__main__":
    main()
