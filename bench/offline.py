"""What reading without signal costs, against the budgets of issue 12.

    .venv/bin/python bench/offline.py

Builds a throwaway SQLite database with the demo content and its speech, then
prints: what the service worker and the manifest add to a first visit (gzip, as
sent), and for each demo course what "Simpan untuk dibaca tanpa sinyal" stores,
fetched the way static/js/offline.js does (each saved page, then the styles,
scripts, pictures and, when chosen, sound it names): bytes kept on the phone,
bytes sent (gzip for text), and the estimate the course page shows.
Budget: the service worker and manifest add at most 10 KB to the first visit.
"""

import gzip
import os
import re
import sys
import tempfile
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
from django.templatetags.static import static  # noqa: E402
from django.test import Client  # noqa: E402

from courses import services  # noqa: E402
from courses.models import CoursePage, LessonPage  # noqa: E402

BUDGET_FIRST_VISIT_BYTES = 10 * 1024
HOST = "localhost"
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg")
FILES = re.compile(
    r'<(link) rel="(?:stylesheet|icon)" href="([^"]+)"|<(script) src="([^"]+)"'
    r'|<(img)\b[^>]*?\bsrc="([^"]+)"|<(audio|source)\b[^>]*?\bsrc="([^"]+)"'
    r'|(data)-playlist="([^"]+)"'
)


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def sent_size(response, body):
    """Bytes on the wire: text compressed as the server (GZip middleware,
    whitenoise, nginx gzip_static) sends it; pictures and sound as they are."""
    if response["Content-Type"].startswith(TEXT_TYPES):
        return len(gzip.compress(body, 6))
    return len(body)


def fetch(client, address):
    response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    body = body_of(response)
    return body, sent_size(response, body)


def files_named_in(html, with_sound):
    found = []
    for match in FILES.finditer(html):
        tag = next(group for group in match.groups()[0::2] if group)
        address = next(group for group in match.groups()[1::2] if group)
        if tag in ("audio", "source", "data") and not with_sound:
            continue
        found += address.replace("&amp;", "&").split()
    return found


def save_course(client, course, with_sound):
    """What offline.js stores: (bytes kept, bytes sent)."""
    pages = [course.url] + [
        lesson.url
        for lesson in LessonPage.objects.live().child_of(course).order_by("path")
    ]
    kept = sent = 0
    seen = set()
    for page in pages:
        body, on_wire = fetch(client, page)
        kept, sent = kept + len(body), sent + on_wire
        for address in files_named_in(body.decode(), with_sound):
            if address in seen:
                continue
            seen.add(address)
            body, on_wire = fetch(client, address)
            kept, sent = kept + len(body), sent + on_wire
    return kept, sent


def first_visit(client):
    rows = []
    for address in ("/sw.js", "/manifest.webmanifest", static("js/offline.js")):
        rows.append((address, fetch(client, address)[1]))
    # The worker stores the offline page on install; its styles and scripts are
    # the ones every page already loads.
    rows.append(
        ("/tanpa-sinyal/ (stored by the worker)", fetch(client, "/tanpa-sinyal/")[1])
    )
    html = fetch(client, "/")[0].decode()
    added = re.findall(
        r'<link rel="manifest"[^>]*>|<meta name="theme-color"[^>]*>'
        r'|<script src="[^"]*offline[^"]*"[^>]*></script>',
        html,
    )
    rows.append(("their lines in every page's <head>", sum(len(tag) for tag in added)))
    return rows


def main():
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    for lesson in LessonPage.objects.live():
        services.lesson_speech_build(lesson=lesson)
    client = Client(HTTP_HOST=HOST)

    rows = first_visit(client)
    print("What the service worker and the manifest add to a first visit (sent):")
    for name, size in rows:
        print(f"  {name:<48} {size / 1024:6.1f} KB")
    total = sum(size for _name, size in rows)
    print(
        f"  {'total':<48} {total / 1024:6.1f} KB (budget "
        f"{BUDGET_FIRST_VISIT_BYTES / 1024:.0f} KB): "
        + ("OK" if total <= BUDGET_FIRST_VISIT_BYTES else "OVER")
    )
    icons = sum(fetch(client, static(f"img/icon-{n}.png"))[1] for n in (192, 512))
    print(f"  (icons, fetched only when the site is installed: {icons / 1024:.1f} KB)")
    print()
    print("A course saved for reading without signal (KB):")
    print(f"  {'course':<24} {'kept':>7} {'sent':>7} {'shown':>7} | "
          f"{'kept':>7} {'sent':>7} {'shown':>7}  (with sound)")  # fmt: skip
    for course in CoursePage.objects.live().order_by("path"):
        page = client.get(course.url)
        cost = page.context_data["course_cost"] if page.context_data else None
        shown = cost.without_audio if cost else 0
        shown_sound = cost.with_audio if cost else 0
        kept, sent = save_course(client, course, with_sound=False)
        kept_sound, sent_sound = save_course(client, course, with_sound=True)
        print(f"  {course.slug[:24]:<24} {kept / 1000:>7.0f} {sent / 1000:>7.0f} "
              f"{shown / 1000:>7.0f} | {kept_sound / 1000:>7.0f} "
              f"{sent_sound / 1000:>7.0f} {shown_sound / 1000:>7.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
