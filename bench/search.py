"""/cari/ at regency scale: server time and queries per search as lessons grow.

The demo courses, then copies of their lessons (titles numbered) in courses of
five, up to 50, 500 and 5,000 lessons (1,000 courses); the search index is
rebuilt at each size. Budget (issue 11): at 5,000 lessons a search takes at most
100 ms median server time, with the same number of queries at every size.
Run: .venv/bin/python bench/search.py  (DATABASE_URL for PostgreSQL)
"""

import os
import time
import uuid

from _setup import median, throwaway_database

# BENCH_SIZES=50,100 for a quick look.
SIZES = tuple(int(n) for n in os.environ.get("BENCH_SIZES", "50,500,5000").split(","))
LESSONS_PER_COURSE = 5
RUNS = 15
BUDGET_MS = 100
SEARCHES = [
    ("penipuan", "a quarter of all lessons"),
    ("watsap", "most lessons, eight spellings"),
    ("kode otp", "two words"),
    ("video call", "a two-word synonym"),
    ("cara lapor penipuan", "three words and a stop word"),
    ("penipuab", "nothing: suggestion and courses"),
    ("otp gajah", "some words only"),
]


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


def main():
    with throwaway_database() as vendor:
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from courses import search
        from courses.demo import load_courses
        from courses.models import CourseIndexPage, LessonPage, SearchTerm

        call_command("load_demo", verbosity=0)
        load_courses()
        index = CourseIndexPage.objects.get()
        demo_lessons = list(LessonPage.objects.live().order_by("path"))
        client = Client(HTTP_HOST="localhost")

        print(f"database: {vendor}")
        # On a shared machine the wall time grows with the load; CPU time less so.
        print("load average: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
        print(f"runs per search: {RUNS}; budget {BUDGET_MS} ms median at 5,000 lessons")
        for size in SIZES:
            add_courses(index, demo_lessons, size)
            started = time.perf_counter()
            entries = search.rebuild()
            indexed = time.perf_counter() - started
            print(
                f"\n{LessonPage.objects.live().count()} lessons, "
                f"{entries} items indexed ({SearchTerm.objects.count()} stems) "
                f"in {indexed:.1f} s"
            )
            print(
                f"  {'search':22} {'results':>7} {'queries':>7} "
                f"{'median ms':>9} {'CPU ms':>8}"
            )
            for query, what in SEARCHES:
                client.get("/cari/", {"q": query})
                with CaptureQueriesContext(connection) as queries:
                    response = client.get("/cari/", {"q": query})
                assert response.status_code == 200, response.status_code
                query_count = len(queries.captured_queries)
                results = search.search(query, record_search=False).page.paginator
                wall, cpu = [], []
                for _run in range(RUNS):
                    start, start_cpu = time.perf_counter(), time.process_time()
                    client.get("/cari/", {"q": query})
                    wall.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - start_cpu) * 1000)
                verdict = "OK" if median(wall) <= BUDGET_MS else "OVER"
                print(
                    f"  {query:22} {results.count:7d} {query_count:7d} "
                    f"{median(wall):9.1f} {median(cpu):8.1f}  {verdict}  ({what})"
                )


if __name__ == "__main__":
    main()
