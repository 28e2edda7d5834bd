"""A 500-certificate print job through the task worker while visitors read a lesson.

Budget (issue 8): the time from the facilitator's click to the finished PDF, and a
lesson page's p95 while the job runs against idle: at most 1.5 times. Starts the
deployment of deploy/ on loopback (tests/deploy/stack.py): nginx, two gunicorn app
servers and one task worker (at the unit's Nice=10) on one machine, PostgreSQL and
Redis. Each job gets an idle window of the same load just before it.

Run: .venv/bin/python bench/print_job_under_load.py [--jobs 3] [--connections 5]
(needs nginx, PostgreSQL and Redis on 127.0.0.1; ports 8860-8872)
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _load import p95_ms, run_load, start_load  # noqa: E402

from tests.deploy.stack import Browser, Stack  # noqa: E402

PORT = 8860
APP_PORTS = (8871, 8872)
GUNICORN = {"GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "8"}
CERTIFICATES = 500
PASSWORD = "kata-sandi-panjang-untuk-bench"


def start_job(facilitator, workshop):
    certificates = f"/fasilitator/lokakarya/{workshop}/sertifikat/"
    token = facilitator.csrf_token(certificates)
    started = facilitator.post(f"{certificates}cetak/", {"csrfmiddlewaretoken": token})
    return int(re.search(r"/cetak/(\d+)/$", started.headers["Location"]).group(1))


def wait_until_done(stack, job):
    while True:
        ((status, done),) = stack.sql(
            "SELECT status, done FROM certificates_printjob WHERE id = %s", job
        )
        if status in ("done", "failed"):
            return status, done
        time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=5)
    parser.add_argument("--idle-seconds", type=float, default=8)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="literasi-bench-") as work:
        stack = Stack(work, port=PORT, app_ports=APP_PORTS, gunicorn_env=GUNICORN)
        with stack:
            made = stack.scenario(
                "certified_workshop",
                username="fasilitator_bench",
                password=PASSWORD,
                count=CERTIFICATES,
            )
            lesson = stack.scenario("lesson_path")["path"]
            facilitator = Browser(PORT)
            facilitator.sign_in("fasilitator_bench", PASSWORD)
            run_load(PORT, lesson, connections=options.connections, seconds=3)

            print(
                f"{made['certificates']} certificates a job; lesson page {lesson} "
                f"through nginx from {options.connections} connections; "
                f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
            )
            print(
                f"{'job':<5}{'status':<8}{'to done s':>10}{'idle p95 ms':>13}"
                f"{'during p95 ms':>15}{'ratio':>7}{'pages during':>14}"
            )
            idle_all, during_all, times = [], [], []
            for number in range(1, options.jobs + 1):
                idle = run_load(
                    PORT,
                    lesson,
                    connections=options.connections,
                    seconds=options.idle_seconds,
                )
                stop_load = start_load(PORT, lesson, connections=options.connections)
                time.sleep(1)  # the visitors are reading before the click
                clicked = time.monotonic()
                job = start_job(facilitator, made["workshop"])
                status, done = wait_until_done(stack, job)
                finished = time.monotonic()
                during = stop_load().within(clicked, finished)
                idle_all += idle.samples
                during_all += during
                times.append(finished - clicked)
                ratio = p95_ms(during) / p95_ms(idle.samples)
                print(
                    f"{number:<5}{status:<8}{finished - clicked:>10.2f}"
                    f"{p95_ms(idle.samples):>13.1f}{p95_ms(during):>15.1f}"
                    f"{ratio:>7.2f}{len(during):>14}"
                )
                if done != CERTIFICATES:
                    print(f"     only {done} of {CERTIFICATES} drawn")
            ratio = p95_ms(during_all) / p95_ms(idle_all)
            print(
                f"all  median time to done {statistics.median(times):.2f} s; "
                f"p95 idle {p95_ms(idle_all):.1f} ms, during {p95_ms(during_all):.1f} "
                f"ms: {ratio:.2f}x (budget 1.5x: "
                f"{'within' if ratio <= 1.5 else 'OVER'})"
            )
            workers = stack.sql(
                "SELECT worker_ids, count(*) FROM django_tasks_database_dbtaskresult"
                " WHERE task_path = %s GROUP BY worker_ids",
                "certificates.tasks.print_certificates",
            )
            print(f"print tasks by worker: {workers}")


if __name__ == "__main__":
    main()
