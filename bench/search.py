"""/cari/ at regency scale: server time and queries per search as lessons grow,
on SQLite and PostgreSQL side by side.

The demo courses, then copies of their lessons (titles numbered) in courses of
five, up to 50, 500 and 5,000 lessons (1,000 courses); the search index is
rebuilt at each size. Budget (issue 11): at 5,000 lessons a search takes at most
100 ms median server time, with the same number of queries at every size.
Each database is measured in a process of its own, one after the other: SQLite
always, PostgreSQL when DATABASE_URL is set.
Run: .venv/bin/python bench/search.py   (DATABASE_URL=postgres://… for PostgreSQL)
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

# BENCH_SIZES=50,100 for a quick look.
SIZES = tuple(int(n) for n in os.environ.get("BENCH_SIZES", "50,500,5000").split(","))
LESSONS_PER_COURSE = 5
RUNS = 15
BUDGET_MS = 100
SEARCHES = [
    ({"q": "penipuan"}, "a quarter of all lessons"),
    ({"q": "watsap"}, "most lessons, eight spellings"),
    ({"q": "watsap", "halaman": "3"}, "its third page"),
    ({"q": "kode otp"}, "two words"),
    ({"q": "video call"}, "a two-word synonym"),
    ({"q": "cara lapor penipuan"}, "three words and a stop word"),
    ({"q": "penipuab"}, "nothing: suggestion and courses"),
    ({"q": "otp gajah"}, "some words only"),
]
# Set in the process that measures one database.
RESULTS_FILE = "BENCH_SEARCH_RESULTS"


def page_row(parent, number, slug, title, content_type, locale, now):
    from wagtail.models import Page

    return Page(
        title=title,
        draft_title=title,
        slug=slug,
        path=Page._get_path(parent.path, parent.depth + 1, number),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        content_type=content_type,
        live=True,
        locale=locale,
        translation_key=uuid.uuid4(),
        first_published_at=now,
        last_published_at=now,
    )


def add_courses(index, demo_lessons, lessons_wanted):
    """Courses of five lessons copied from the demo until there are
    `lessons_wanted` live lessons. Rows are inserted in bulk: publishing 5,000
    pages one by one takes most of an hour on a shared machine."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from courses.models import CoursePage, LessonPage

    have = LessonPage.objects.count()
    index.refresh_from_db()
    locale, now = Locale.get_default(), timezone.now()
    course_type = ContentType.objects.get_for_model(CoursePage)
    lesson_type = ContentType.objects.get_for_model(LessonPage)
    sample = CoursePage.objects.live().first()
    pages, courses, lessons = [], [], []
    number = index.numchild
    while have < lessons_wanted:
        number += 1
        course = page_row(
            index,
            number,
            f"kelas-bench-{number}",
            f"{sample.title} {number}",
            course_type,
            locale,
            now,
        )
        pages.append(course)
        courses.append(course)
        while course.numchild < LESSONS_PER_COURSE and have < lessons_wanted:
            demo = demo_lessons[have % len(demo_lessons)]
            course.numchild += 1
            lesson = page_row(
                course,
                course.numchild,
                f"{demo.slug}-{have}",
                f"{demo.title} {have}",
                lesson_type,
                locale,
                now,
            )
            pages.append(lesson)
            lessons.append((lesson, demo))
            have += 1
    Page.objects.bulk_create(pages, batch_size=500)
    ids = dict(
        Page.objects.filter(path__in=[page.path for page in pages]).values_list(
            "path", "id"
        )
    )
    field = LessonPage._meta.get_field
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {CoursePage._meta.db_table} "
            "(page_ptr_id, summary, pillar, level, outcomes) "
            "VALUES (%s, %s, %s, %s, %s)",
            [
                (ids[c.path], sample.summary, sample.pillar, sample.level, "")
                for c in courses
            ],
        )
        cursor.executemany(
            f"INSERT INTO {LessonPage._meta.db_table} "
            '(page_ptr_id, summary, minutes, body, "references") '
            "VALUES (%s, %s, %s, %s, %s)",
            [
                (
                    ids[lesson.path],
                    demo.summary,
                    demo.minutes,
                    field("body").get_db_prep_save(demo.body, connection),
                    field("references").get_db_prep_save(demo.references, connection),
                )
                for lesson, demo in lessons
            ],
        )
    Page.objects.filter(pk=index.pk).update(numchild=number)


def label(params):
    page = f" (page {params['halaman']})" if "halaman" in params else ""
    return params["q"] + page


def database_cpu_seconds(connection):
    """CPU time the PostgreSQL server process of this connection has used (it
    runs on this machine); 0 for SQLite, whose work is the web process's own."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    # utime and stime, fields 14 and 15 of proc(5), counted after the name.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(results_file):
    """Fill a throwaway database size by size and time every search; write the
    figures as JSON for the process that prints them."""
    from _setup import throwaway_database

    with throwaway_database() as vendor:
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from courses import search
        from courses.demo import load_courses
        from courses.models import (
            CourseIndexPage,
            LessonPage,
            SearchEntry,
            SearchTerm,
        )

        call_command("load_demo", verbosity=0)
        load_courses()
        index = CourseIndexPage.objects.get()
        demo_lessons = list(LessonPage.objects.live().order_by("path"))
        client = Client(HTTP_HOST="localhost")
        figures = {"vendor": vendor, "load": os.getloadavg()[0], "sizes": {}}
        for size in SIZES:
            add_courses(index, demo_lessons, size)
            started = time.perf_counter()
            entries = search.rebuild()
            indexed = time.perf_counter() - started
            if vendor == "postgresql":
                # What autovacuum does within a minute of a rebuild: planner
                # statistics, and the visibility map index-only scans need.
                with connection.cursor() as cursor:
                    for model in (SearchTerm, SearchEntry):
                        cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
            lessons = LessonPage.objects.live().count()
            print(
                f"{vendor}: {lessons} lessons, {entries} items indexed "
                f"({SearchTerm.objects.count()} stems) in {indexed:.1f} s",
                file=sys.stderr,
            )
            searches = {}
            for params, _what in SEARCHES:
                client.get("/cari/", params)
                with CaptureQueriesContext(connection) as queries:
                    response = client.get("/cari/", params)
                assert response.status_code == 200, response.status_code
                # Read now: the log empties when the next request reconnects.
                query_count = len(queries.captured_queries)
                found = search.search(params["q"], record_search=False)
                wall, cpu = [], []
                database_before = database_cpu_seconds(connection)
                for _run in range(RUNS):
                    start, start_cpu = time.perf_counter(), time.process_time()
                    client.get("/cari/", params)
                    wall.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - start_cpu) * 1000)
                database_ms = (
                    (database_cpu_seconds(connection) - database_before) * 1000 / RUNS
                )
                searches[label(params)] = {
                    "results": found.page.paginator.count,
                    "queries": query_count,
                    "ms": statistics.median(wall),
                    # Means: the database server's CPU is counted in ticks.
                    "cpu_ms": statistics.mean(cpu) + database_ms,
                }
            figures["sizes"][lessons] = {
                "indexed_s": indexed,
                "stems": SearchTerm.objects.count(),
                "searches": searches,
            }
    with open(results_file, "w") as out:
        json.dump(figures, out)


def run_each_database():
    """The figures of SQLite, and of PostgreSQL when DATABASE_URL is set, each
    measured by this script in a process of its own."""
    runs = [("SQLite", {k: v for k, v in os.environ.items() if k != "DATABASE_URL"})]
    if os.environ.get("DATABASE_URL"):
        runs.append(("PostgreSQL", dict(os.environ)))
    measured = []
    for name, env in runs:
        with tempfile.NamedTemporaryFile(suffix=".json") as results:
            env[RESULTS_FILE] = results.name
            subprocess.run([sys.executable, __file__], env=env, check=True)
            with open(results.name) as figures:
                measured.append((name, json.load(figures)))
    return measured


def verdict(slowest_ms, queries_grow, sizes):
    """The budget holds at 5,000 lessons, with the same queries at every size."""
    if sizes[-1] < 5000:
        return "not measured at 5,000"
    if queries_grow:
        return "OVER (queries grow)"
    return "OK" if slowest_ms <= BUDGET_MS else "OVER"


def print_figures(measured):
    sizes = sorted(
        {int(size) for _name, figures in measured for size in figures["sizes"]}
    )
    largest = str(sizes[-1])
    out = sys.stdout.write
    out(
        f"\n/cari/ median server time in ms over {RUNS} runs, by lessons "
        f"(budget: {BUDGET_MS} ms at 5,000 lessons, queries the same at every "
        "size)\n"
    )
    for name, figures in measured:
        out(f"{name}: load average {figures['load']:.1f} when it started; index ")
        out(
            ", ".join(
                f"{int(size):,} lessons {sizes_figures['stems']:,} stems "
                f"in {sizes_figures['indexed_s']:.0f} s"
                for size, sizes_figures in figures["sizes"].items()
            )
            + "\n"
        )
    columns = " ".join(f"{size:>7,}" for size in sizes)
    out(f"\n{'':31}")
    for name, _figures in measured:
        out(f"| {name:<{8 * len(sizes) + 10}}")
    out("\n")
    out(f"{'search':22}{'results':>9}")
    for _name in measured:
        out(f"| {columns} {'queries':>9}")
    out("| budget\n")
    for params, what in SEARCHES:
        key = label(params)
        results = measured[0][1]["sizes"][largest]["searches"][key]["results"]
        out(f"{key:22}{results:>9,}")
        slowest, queries_grow = 0.0, False
        for _name, figures in measured:
            row = [figures["sizes"][str(size)]["searches"][key] for size in sizes]
            out("| " + " ".join(f"{figure['ms']:7.1f}" for figure in row))
            out(" " + "/".join(str(figure["queries"]) for figure in row).rjust(9))
            slowest = max(slowest, row[-1]["ms"])
            # One query more or fewer between sizes is not growth: it comes and
            # goes between runs (e.g. 21/20 for "watsap" at 50 and 100 lessons).
            queries_grow |= row[-1]["queries"] > row[0]["queries"] + 1
        out(f"| {verdict(slowest, queries_grow, sizes)}  ({what})\n")
    out(
        "\nCPU ms per search, mean over the runs: the web process, and for "
        "PostgreSQL its server process too (on a quiet machine, about the server "
        "time):\n"
    )
    for params, _what in SEARCHES:
        key = label(params)
        out(f"{key:31}")
        most = 0.0
        for _name, figures in measured:
            row = [figures["sizes"][str(size)]["searches"][key] for size in sizes]
            out("| " + " ".join(f"{figure['cpu_ms']:7.1f}" for figure in row))
            out(" " * 10)
            most = max(most, row[-1]["cpu_ms"])
        out(f"| {verdict(most, False, sizes)}\n")


def main():
    if os.environ.get(RESULTS_FILE):
        measure(os.environ[RESULTS_FILE])
    else:
        print_figures(run_each_database())


if __name__ == "__main__":
    main()
