"""Measure a lesson page and its handouts against the budgets in DESIGN.md.

    .venv/bin/python bench/lesson_page.py

Builds a throwaway SQLite database with the demo content, then prints:
bytes transferred for a lesson page (HTML, CSS and JS, gzip-compressed, before
images), addresses on other hosts, render-blocking scripts, database queries per
lesson page (for lessons of different lengths), the median server time of a warm
lesson page, and the time to render lesson and course handouts.
"""

import gzip
import os
import re
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

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.images import get_image_model  # noqa: E402

BUDGET_BYTES = 60 * 1024
BUDGET_MEDIAN_MS = 50
BUDGET_LESSON_PDF_S = 1.0
BUDGET_COURSE_PDF_S = 3.0
REQUESTS = 200
HOST = "localhost"


def gzipped_size(data):
    return len(gzip.compress(data, compresslevel=6))


def static_file(url):
    path = finders.find(url.removeprefix(settings.STATIC_URL))
    return Path(path).read_bytes()


def page_weight(client, url):
    html = client.get(url).content
    text = html.decode()
    stylesheets = re.findall(
        r'<link rel="stylesheet" href="([^"]+)"(?! media="print")', text
    )
    scripts = re.findall(r'<script src="([^"]+)"', text)
    rows = [("HTML " + url, gzipped_size(html))]
    rows += [(href, gzipped_size(static_file(href))) for href in stylesheets]
    rows += [(src, gzipped_size(static_file(src))) for src in scripts]
    return text, rows


def external_addresses(text):
    """Addresses the browser would load by itself (not links a person follows)."""
    loaded = re.findall(
        r'<(?:script|img|link|iframe|source)\b[^>]*?(?:src|href)="([^"]+)"', text
    )
    return [address for address in loaded if re.match(r"^(https?:)?//", address)]


def blocking_scripts(text):
    return [
        tag
        for tag in re.findall(r"<script\b[^>]*>", text)
        if " defer" not in tag and " async" not in tag and 'type="module"' not in tag
    ]


def queries_for(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries.captured_queries)


def main():
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)

    from courses.models import CoursePage, LessonPage

    client = Client(HTTP_HOST=HOST)
    lessons = list(LessonPage.objects.live().order_by("path"))
    lesson = max(lessons, key=lambda page: len(page.body))
    url = lesson.url

    print(f"Lesson page: {lesson.title} ({len(lesson.body)} blocks) at {url}")
    text, rows = page_weight(client, url)
    for name, size in rows:
        print(f"  {name:<60} {size / 1024:6.1f} KB gzip")
    total = sum(size for _name, size in rows)
    print(
        f"  {'total before images':<60} {total / 1024:6.1f} KB gzip "
        f"(budget {BUDGET_BYTES / 1024:.0f} KB) "
        + ("OK" if total <= BUDGET_BYTES else "OVER")
    )
    print(f"  addresses on other hosts: {external_addresses(text) or 'none'}")
    print(f"  render-blocking scripts: {blocking_scripts(text) or 'none'}")

    print("Database queries per lesson page (warm), by number of steps:")
    by_steps = {}
    for page in lessons:
        steps = sum(1 for block in page.body if block.block_type == "step")
        by_steps.setdefault(steps, set()).add(queries_for(client, page.url))
    for steps in sorted(by_steps):
        print(f"  {steps:3d} steps: {sorted(by_steps[steps])} queries")
    images = list(get_image_model().objects.order_by("title"))
    course = CoursePage.objects.live().first()
    for count in (3, 30):
        made = LessonPage(
            title=f"Bench {count}",
            slug=f"bench-{count}",
            summary="Bench",
            body=[
                (
                    "step",
                    {
                        "text": f"Langkah {n}",
                        "image": images[n % len(images)],
                        "alt": "Gambar",
                    },
                )
                for n in range(count)
            ],
        )
        course.add_child(instance=made)
        made.save_revision().publish()
        print(
            f"  {count:3d} steps, each with a picture: "
            f"{queries_for(client, made.url)} queries"
        )
        made.delete()
    print("  (the count depends on which kinds of block a lesson uses, one query per")
    print("  kind of chosen object, never on how many steps or lessons there are)")
    for page in CoursePage.objects.live()[:1]:
        print(
            f"  course page: {queries_for(client, page.url)} queries; "
            f"course index: {queries_for(client, '/kelas/')} queries"
        )

    for _ in range(20):
        client.get(url)
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    median = statistics.median(timings)
    print(
        f"Server time, lesson page, {REQUESTS} warm requests: median {median:.1f} ms, "
        f"90th percentile {statistics.quantiles(timings, n=10)[-1]:.1f} ms "
        f"(budget median {BUDGET_MEDIAN_MS} ms) "
        f"{'OK' if median <= BUDGET_MEDIAN_MS else 'OVER'}"
    )

    lesson_times = []
    for page in lessons:
        start = time.perf_counter()
        response = client.get(f"{page.url}cetak/")  # first time: rendered and stored
        lesson_times.append(time.perf_counter() - start)
        assert response["Content-Type"] == "application/pdf"
    start = time.perf_counter()
    client.get(f"{url}cetak/")
    reused = time.perf_counter() - start
    worst = max(lesson_times)
    print(
        f"Lesson handout, rendered: median {statistics.median(lesson_times):.2f} s, "
        f"slowest {worst:.2f} s (budget {BUDGET_LESSON_PDF_S} s) "
        f"{'OK' if worst <= BUDGET_LESSON_PDF_S else 'OVER'}; "
        f"reused from storage: {reused * 1000:.0f} ms"
    )

    course_times = []
    for course in CoursePage.objects.live():
        start = time.perf_counter()
        response = client.get(f"{course.url}cetak/")
        course_times.append(
            (time.perf_counter() - start, course.title, len(response.content))
        )
    seconds, title, size = max(course_times)
    print(
        f"Course handout, rendered: slowest {seconds:.2f} s ({title}, "
        f"{size / 1024:.0f} KB) (budget {BUDGET_COURSE_PDF_S} s) "
        f"{'OK' if seconds <= BUDGET_COURSE_PDF_S else 'OVER'}"
    )


if __name__ == "__main__":
    main()
