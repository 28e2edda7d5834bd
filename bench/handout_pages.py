"""Handout lengths and the glossary page, on the demo content.

    .venv/bin/python bench/handout_pages.py

Builds a throwaway SQLite database with the demo content, then prints: pages of
each lesson's short handout (budget: 2) and full handout, pages of each course
handout short (the default, as print packs take it) and in full, render times,
and the server time of /kamus/ as lessons are added.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = tempfile.mkdtemp(prefix="literacy-bench-")
os.environ["SQLITE_PATH"] = str(Path(WORK) / "bench.sqlite3")
os.environ["MEDIA_ROOT"] = str(Path(WORK) / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "literacy_site.settings.test")
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import translation  # noqa: E402
from pypdf import PdfReader  # noqa: E402

BUDGET_SHORT_PAGES = 2
BUDGET_HANDOUT_S = 1.0
REQUESTS = 30


def pages_and_seconds(handout):
    start = time.perf_counter()
    pdf = handout.render()
    seconds = time.perf_counter() - start
    return len(PdfReader(io.BytesIO(pdf)).pages), seconds


def kamus(client):
    """Median server time of /kamus/: the first request after a change reads
    every lesson, the others use the cache."""
    start = time.perf_counter()
    assert client.get("/kamus/").status_code == 200
    first = (time.perf_counter() - start) * 1000
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        assert client.get("/kamus/").status_code == 200
        timings.append((time.perf_counter() - start) * 1000)
    return first, statistics.median(timings)


def main():
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)

    from courses import services
    from courses.models import CoursePage, LessonPage

    translation.activate("id")
    lessons = list(LessonPage.objects.live().order_by("path"))
    rows = []
    for lesson in lessons:
        short = pages_and_seconds(services.handout_of(lesson, short=True))
        full = pages_and_seconds(services.handout_of(lesson, short=False))
        rows.append((lesson.title, short, full))
    over = [title for title, (pages, _s), _f in rows if pages > BUDGET_SHORT_PAGES]
    print(f"Lesson handouts ({len(rows)} lessons): pages short / full")
    for title, (short_pages, _s), (full_pages, _f) in rows:
        print(f"  {short_pages} / {full_pages:2d}  {title}")
    slowest = max(max(s, f) for _t, (_p, s), (_q, f) in rows)
    print(
        f"  short version at most {max(r[1][0] for r in rows)} pages "
        f"(budget {BUDGET_SHORT_PAGES}) {'OK' if not over else 'OVER: ' + str(over)}; "
        f"slowest render {slowest:.2f} s (budget {BUDGET_HANDOUT_S} s) "
        f"{'OK' if slowest <= BUDGET_HANDOUT_S else 'OVER'}"
    )
    print("Course handouts: pages short (default) / full, seconds short / full")
    total_short = total_full = 0
    for course in CoursePage.objects.live().order_by("path"):
        short_pages, short_s = pages_and_seconds(services.handout_of(course))
        full_pages, full_s = pages_and_seconds(services.handout_of(course, short=False))
        total_short += short_pages
        total_full += full_pages
        print(
            f"  {short_pages:2d} / {full_pages:2d} pages, "
            f"{short_s:.2f} / {full_s:.2f} s  {course.title}"
        )
    print(f"  all courses: {total_short} pages short, {total_full} in full")

    client = Client(HTTP_HOST="localhost")
    first, median = kamus(client)
    print(
        f"/kamus/ with {len(lessons)} lessons: first {first:.0f} ms, "
        f"then median {median:.1f} ms"
    )
    course = CoursePage.objects.live().first()
    template = max(lessons, key=lambda lesson: len(lesson.body))
    for target in (200, 500):
        while LessonPage.objects.live().count() < target:
            copy = LessonPage(
                title=f"Salinan {LessonPage.objects.count()}",
                slug=f"salinan-{LessonPage.objects.count()}",
                summary=template.summary,
                body=template.body.raw_data,
                live=True,
            )
            course.add_child(instance=copy)
        first, median = kamus(client)
        print(
            f"/kamus/ with {target} lessons: first {first:.0f} ms, "
            f"then median {median:.1f} ms"
        )


if __name__ == "__main__":
    main()
