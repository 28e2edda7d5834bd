"""Pages kept for anonymous readers, under `make run`'s gunicorn, at 5,000 lessons.

    .venv/bin/python bench/page_cache.py [--port 8720] [--seconds 8] [--rounds 3]

Builds a throwaway SQLite site with the production settings (migrate, load_demo,
collectstatic), adds courses of five lessons copied from the demo up to 1,000
courses and 5,000 lessons (spread over the four pillars), and starts gunicorn as
deploy/Procfile does (deploy/gunicorn.conf.py, no REDIS_URL: the page cache is
files under VAR_DIR), logging each request's server time. Then, side by side:

- wrk on a lesson kept whole vs the same lesson drawn on every request (a query
  string the page ignores: the cache never answers one), in alternating rounds;
- one connection at a time, the median server time of each (gunicorn's %(D)s);
- /kelas/: HTML size (plain and gzip) and median server time kept whole, with only
  its course list kept (a query string), and drawn from nothing (a new generation
  written before each request, as a publish does).

Budgets (issue 12): kept lesson >= 5x the requests per second of the drawn one;
kept lesson <= 5 ms median server time; /kelas/ <= 60 KB of HTML and <= 50 ms.
Needs Debian's `wrk`.
"""

import argparse
import gzip
import http.client
import io
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _gunicorn import ROOT, production_env, start_gunicorn, stop

WRK = "/usr/bin/wrk"
TOTAL_LESSONS = 5000
SEQUENTIAL = 200  # requests, one connection at a time, for the server time
BUDGET_RATIO = 5
BUDGET_KEPT_MS = 5
BUDGET_INDEX_KB = 60
BUDGET_INDEX_MS = 50
UNCACHED = "?bench=drawn"


def build_site(lessons_wanted):
    """The demo plus bulk-inserted courses (bench/search.py's), pillars mixed."""
    import logging

    from django.core.management import call_command

    logging.disable(logging.WARNING)  # the demo's page-by-page log
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command("make_picture_sizes", stdout=io.StringIO())  # the worker's part
    call_command("set_site_address", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    from search import add_courses

    from courses.models import CourseIndexPage, CoursePage, LessonPage, Pillar
    from literacy_site import page_cache

    index = CourseIndexPage.objects.get()
    demo_lessons = list(LessonPage.objects.live().order_by("path"))
    add_courses(index, demo_lessons, lessons_wanted)
    added = list(
        CoursePage.objects.filter(slug__startswith="kelas-bench-")
        .order_by("path")
        .values_list("pk", flat=True)
    )
    for number, pillar in enumerate(Pillar):
        CoursePage.objects.filter(pk__in=added[number :: len(Pillar)]).update(
            pillar=pillar
        )
    page_cache.invalidate()  # rows inserted in bulk send no signal
    logging.disable(logging.NOTSET)
    return demo_lessons[0].url, CoursePage.objects.live().count()


def fetch(port, path, gzipped=False):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Accept-Encoding": "gzip"} if gzipped else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wrk(port, path, seconds):
    """Requests per second with 2 threads and 16 connections, as a phone crowd
    would after a WhatsApp share (all anonymous, gzip accepted)."""
    result = subprocess.run(
        [WRK, "-t2", "-c16", f"-d{seconds}s", "-H", "Accept-Encoding: gzip"]
        + [f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    if "Non-2xx" in result.stdout or not found:
        raise SystemExit(f"wrk on {path}:\n{result.stdout}")
    return float(found.group(1))


def server_ms(port, path, access_log, count=SEQUENTIAL, before_each=None):
    """Median server time (gunicorn's %(D)s) of `count` requests one after another."""
    offset = access_log.stat().st_size
    for _ in range(count):
        if before_each:
            before_each()
        status, _body = fetch(port, path, gzipped=True)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
    time.sleep(0.5)  # the log is written after the response
    with access_log.open() as log:
        log.seek(offset)
        lines = [line.split() for line in log]
    logged = path if "?" in path else path + "?"
    micro = [int(d) for url, status, d in lines if url == logged and status == "200"]
    return statistics.median(micro) / 1000


def forget_kept_pages():
    """What a publish does: a new generation in the page cache gunicorn reads
    (the same files under VAR_DIR)."""
    from literacy_site import page_cache

    page_cache.invalidate()


def drawn_cpu_ms(path, runs=15):
    """Median CPU ms of the page drawn from nothing in this process: on a machine
    shared with other work, wall time grows with the load, CPU time much less."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    cpu = []
    for _ in range(runs):
        forget_kept_pages()
        started = time.process_time()
        response = client.get(path)
        cpu.append((time.process_time() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(cpu)


def verdict(ok):
    return "OK" if ok else "OVER"


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8720)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    if not Path(WRK).exists():
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    work = Path(tempfile.mkdtemp(prefix="literacy-page-cache-"))
    env = production_env(work, options.port)
    os.environ.update(env)
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    started = time.perf_counter()
    lesson, courses = build_site(TOTAL_LESSONS)
    print(
        f"site: {courses} courses, {TOTAL_LESSONS} lessons, SQLite, built in "
        f"{time.perf_counter() - started:.0f} s"
    )
    print("load average: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))

    access_log = work / "access.log"
    process = start_gunicorn(
        env,
        options.port,
        *("--access-logfile", str(access_log)),
        *("--access-logformat", "%(U)s?%(q)s %(s)s %(D)s"),
    )
    try:
        for path in (lesson, lesson + UNCACHED, "/kelas/", "/kelas/" + UNCACHED):
            for _ in range(6):  # both workers draw, keep and warm up
                fetch(options.port, path, gzipped=True)

        kept_rps, drawn_rps = [], []
        for _ in range(options.rounds):
            kept_rps.append(wrk(options.port, lesson, options.seconds))
            drawn_rps.append(wrk(options.port, lesson + UNCACHED, options.seconds))
        kept, drawn = statistics.median(kept_rps), statistics.median(drawn_rps)
        ratio = kept / drawn
        print(
            f"\nlesson {lesson}  (wrk -t2 -c16, {options.rounds} alternating "
            f"rounds of {options.seconds} s, median)"
        )
        print(
            f"  kept whole:   {kept:8.0f} requests/s  "
            f"({', '.join(f'{r:.0f}' for r in kept_rps)})"
        )
        print(
            f"  drawn:        {drawn:8.0f} requests/s  "
            f"({', '.join(f'{r:.0f}' for r in drawn_rps)})"
        )
        print(
            f"  ratio {ratio:.1f}x  budget >= {BUDGET_RATIO}x  "
            f"{verdict(ratio >= BUDGET_RATIO)}"
        )

        kept_ms = server_ms(options.port, lesson, access_log)
        drawn_ms = server_ms(options.port, lesson + UNCACHED, access_log, 40)
        print(
            f"  median server time, one request at a time: kept {kept_ms:.1f} ms "
            f"(budget <= {BUDGET_KEPT_MS} ms {verdict(kept_ms <= BUDGET_KEPT_MS)}), "
            f"drawn {drawn_ms:.1f} ms"
        )

        _status, plain = fetch(options.port, "/kelas/")
        _status, packed = fetch(options.port, "/kelas/", gzipped=True)
        _status, pillar = fetch(options.port, "/kelas/?pilar=aman")
        size_kb = len(plain) / 1000
        print(f"\n/kelas/ with {courses} courses")
        print(
            f"  HTML {size_kb:.1f} KB ({len(packed) / 1000:.1f} KB gzip; "
            f"{plain.count(b'data-course-card')} courses shown)  "
            f"budget <= {BUDGET_INDEX_KB} KB {verdict(size_kb <= BUDGET_INDEX_KB)}"
        )
        print(
            f"  one pillar's first page (?pilar=aman): {len(pillar) / 1000:.1f} KB, "
            f"{pillar.count(b'data-course-card')} courses "
            f"({len(gzip.compress(pillar)) / 1000:.1f} KB gzip)"
        )
        whole_ms = server_ms(options.port, "/kelas/", access_log, 100)
        listed_ms = server_ms(options.port, "/kelas/" + UNCACHED, access_log, 40)
        drawn_ms = server_ms(
            options.port, "/kelas/", access_log, 40, before_each=forget_kept_pages
        )
        print(
            f"  median server time: kept whole {whole_ms:.1f} ms; course list "
            f"kept {listed_ms:.1f} ms; drawn from nothing (after a publish) "
            f"{drawn_ms:.1f} ms  budget <= {BUDGET_INDEX_MS} ms "
            f"{verdict(drawn_ms <= BUDGET_INDEX_MS)}"
        )
        print(
            f"  drawn from nothing, CPU in this process: "
            f"{drawn_cpu_ms('/kelas/'):.1f} ms; the lesson: "
            f"{drawn_cpu_ms(lesson):.1f} ms"
        )
        print("load average: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    finally:
        stop(process)


if __name__ == "__main__":
    main()
