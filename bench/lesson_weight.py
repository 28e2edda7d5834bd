"""What a lesson page costs a phone, cold, as the production server sends it.

    .venv/bin/python bench/lesson_weight.py [--port 8721]

Builds a throwaway SQLite site with the production settings (migrate, load_demo,
collectstatic), gives two lessons phone screenshots as an editor would upload
them (PNG, 1080 px wide, taken by Chromium of the site's own pages), starts
gunicorn with deploy/gunicorn.conf.py (whitenoise for static files, GZip for
pages, Django sending media as SERVE_MEDIA_FILES=true does where nginx is not in
front), and opens pages in Chromium at 360×740:

- every demo lesson cold (empty cache, no service worker yet), scrolled to its
  end so every lazy picture loads: bytes transferred (bodies as sent, compressed
  where the server compresses, plus response headers), requests to other hosts;
- the two lessons with screenshots at 1×, 2× and 3× pixel density;
- what the service worker and the manifest add to that first visit;
- a course saved with "Simpan untuk dibaca tanpa sinyal": bytes sent, bytes
  kept on the phone, and what the page told the reader.

Budgets (issue 12): a lesson ≤ 60 KB, 0 requests to other hosts; the service
worker and manifest ≤ 10 KB added to the first visit.
"""

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from _gunicorn import ROOT, build_demo, manage, production_env, start_gunicorn, stop
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(ROOT))
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

BUDGET_LESSON_BYTES = 60 * 1000  # kilobytes as the site states data costs
BUDGET_WORKER_BYTES = 10 * 1000
PHONE = {"width": 360, "height": 740}
# Lessons given screenshots, one for each step that has a drawing, and one
# lesson given a screenshot on every step.
WITH_SCREENSHOTS = ("mengirim-pesan", "situs-dan-akun-resmi")
EVERY_STEP = "mama-minta-pulsa"
CHANGED = (*WITH_SCREENSHOTS, EVERY_STEP)
SAVED_COURSE = "waspada-penipuan"
# Every picture brought into view, as a reader scrolling to the end would.
SCROLL_TO_END = """async () => {
  for (const picture of document.images) {
    picture.scrollIntoView();
    await new Promise((done) => setTimeout(done, 100));
  }
  window.scrollTo(0, document.documentElement.scrollHeight);
}"""
ATTACH = """
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from courses.models import LessonPage
shots = [get_image_model().objects.create(title=f"tangkapan-{n}",
         file=ImageFile(open(path, "rb"), name=f"tangkapan-{n}.png"))
         for n, path in enumerate(PATHS)]
every = EVERY
for number, slug in enumerate(SLUGS):
    lesson = LessonPage.objects.get(slug=slug)
    for n, child in enumerate(c for c in lesson.body if c.block_type == "step"):
        if child.value["image"] or slug == every:
            child.value["image"] = shots[(number + n) % len(shots)]
            child.value["alt"] = child.value["alt"] or "Tangkapan layar HP"
    lesson.save_revision().publish()
"""


def screenshots(browser, site, folder):
    """Phone screenshots with real text on them, 1080 px wide."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=3)
    page = context.new_page()
    paths = []
    for n, address in enumerate(["/", "/kelas/", "/lokakarya/"]):
        page.goto(site + address)
        path = Path(folder) / f"shot-{n}.png"
        page.screenshot(path=path)
        paths.append(str(path))
    context.close()
    return paths


class Visit:
    """A fresh phone: an empty cache and no service worker yet. With
    `worker=False` the service worker is kept from starting, so that the page's
    own bytes are counted alone (once it runs, it fetches pictures for the page)."""

    def __init__(self, browser, site, density=2, worker=False):
        self.site = urlsplit(site).netloc
        self.context = browser.new_context(
            viewport=PHONE,
            device_scale_factor=density,
            is_mobile=True,
            has_touch=True,
            locale="id-ID",
            service_workers="allow" if worker else "block",
        )
        self.worker = worker
        self.requests = []  # answered, for their sizes
        self.asked = []  # every address asked for: a request to another host
        # fails here (no internet) and is never answered, but it is still asked
        self.context.on(
            "requestfinished", lambda request: self.requests.append(request)
        )
        self.context.on("request", lambda request: self.asked.append(request.url))
        self.page = self.context.new_page()

    def open(self, address, scroll=True):
        self.page.goto(address, wait_until="load")
        if scroll:
            self.page.evaluate(SCROLL_TO_END)
            self.page.wait_for_function(
                "() => [...document.images].every((picture) => picture.complete)"
            )
        self.page.wait_for_load_state("networkidle")
        if self.worker:
            # The service worker installs and stores the offline page.
            self.page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            self.page.wait_for_load_state("networkidle")
            self.page.wait_for_timeout(1000)

    def sent(self, request):
        sizes = request.sizes()
        return sizes["responseBodySize"] + sizes["responseHeadersSize"]

    def rows(self):
        """(path, bytes sent) of every request to this site."""
        return [
            (urlsplit(request.url).path, self.sent(request))
            for request in self.requests
            if urlsplit(request.url).netloc == self.site
        ]

    def total(self):
        return sum(size for _path, size in self.rows())

    def elsewhere(self):
        return [
            url
            for url in self.asked
            if not url.startswith("data:") and urlsplit(url).netloc != self.site
        ]

    def pictures(self):
        return [
            (path.rsplit("/", 1)[-1], size)
            for path, size in self.rows()
            if path.startswith("/media/")
        ]

    def close(self):
        self.context.close()


def manifest_bytes(browser, site):
    """Headless Chromium does not ask for the manifest; a phone's browser does,
    to offer installing the site."""
    context = browser.new_context()
    response = context.request.get(
        site + "/manifest.webmanifest", headers={"Accept-Encoding": "gzip, br"}
    )
    size = len(response.body())
    context.close()
    return size


def kb(size):
    return f"{size / 1000:5.1f} KB"


def verdict(ok):
    return "OK" if ok else "OVER"


def measure_lessons(browser, site, lessons):
    budget = kb(BUDGET_LESSON_BYTES).strip()
    print(f"Every demo lesson, cold, 360×740 at 2× density (budget {budget}):")
    figures, elsewhere = [], set()
    for slug, address in lessons:
        visit = Visit(browser, site)
        visit.open(site + address)
        figures.append((visit.total(), slug))
        elsewhere.update(visit.elsewhere())
        visit.close()
    heaviest = max(figures)
    print(
        f"  median {kb(statistics.median(size for size, _slug in figures))}, "
        f"heaviest {kb(heaviest[0])} ({heaviest[1]}): "
        + verdict(heaviest[0] <= BUDGET_LESSON_BYTES)
    )
    print(f"  requests to other hosts: {len(elsewhere)} {sorted(elsewhere) or ''}")


def measure_one(browser, site, address):
    visit = Visit(browser, site)
    visit.open(site + address)
    print(f"What one lesson sends ({address}, 2×):")
    for path, size in visit.rows():
        print(f"  {path[-56:]:<56} {kb(size)}")
    visit.close()


def measure_screenshots(browser, site, lessons):
    print("Lessons with phone screenshots (PNG uploads, 1080×2220):")
    for slug, address in lessons:
        for density in (1, 2, 3):
            visit = Visit(browser, site, density)
            visit.open(site + address)
            total = visit.total()
            pictures = visit.pictures()
            shown = ", ".join(
                f"{name.split('.')[0]} {kb(size).strip()}" for name, size in pictures
            )
            print(
                f"  {slug} at {density}×: {kb(total)} "
                f"{verdict(total <= BUDGET_LESSON_BYTES and not visit.elsewhere())}"
                f"; pictures: {shown}"
            )
            visit.close()


def measure_worker(browser, site, address):
    """What a first visit with the service worker fetches that the same visit
    without it does not, and the script that registers it."""
    without = Visit(browser, site)
    without.open(site + address, scroll=False)
    script = sum(size for path, size in without.rows() if "/offline." in path)
    seen = {path for path, _size in without.rows()}
    without.close()
    visit = Visit(browser, site, worker=True)
    visit.open(site + address, scroll=False)
    # Once it runs, the worker fetches the page's own pictures for it, and those
    # are reported as its requests: counted once, in the page's weight.
    added = [(path, size) for path, size in visit.rows() if path not in seen]
    visit.close()
    manifest = manifest_bytes(browser, site)
    total = script + sum(size for _path, size in added) + manifest
    print("What the service worker and the manifest add to a first visit (sent):")
    print(f"  {'static/js/offline.js (in every page)':<52} {kb(script)}")
    for path, size in added:
        print(f"  {path[-52:]:<52} {kb(size)}")
    print(f"  {'/manifest.webmanifest (asked for by a phone)':<52} {kb(manifest)}")
    print(
        f"  {'total':<52} {kb(total)} (budget {kb(BUDGET_WORKER_BYTES).strip()}): "
        + verdict(total <= BUDGET_WORKER_BYTES)
    )


def measure_saved_course(browser, site, address):
    visit = Visit(browser, site, worker=True)
    visit.open(site + address, scroll=False)
    estimate = visit.page.get_by_text(re.compile("Seluruh kelas")).inner_text()
    before = len(visit.requests)
    visit.page.get_by_role("button", name="Simpan untuk dibaca tanpa sinyal").click()
    status = visit.page.locator("[data-save-status]")
    deadline = time.monotonic() + 120
    while "Tersimpan" not in status.inner_text() and time.monotonic() < deadline:
        visit.page.wait_for_timeout(200)
    said = status.inner_text().strip()
    visit.page.wait_for_load_state("networkidle")
    sent = sum(visit.sent(request) for request in visit.requests[before:])
    kept = visit.page.evaluate(
        """async () => {
          const cache = await caches.open("literasi-tersimpan");
          let total = 0;
          for (const request of await cache.keys()) {
            total += (await (await cache.match(request)).blob()).size;
          }
          return total;
        }"""
    )
    visit.close()
    print(f"A course saved for reading without signal ({address}), at 2× density:")
    print(f"  sent {kb(sent)}, kept on the phone {kb(kept)}")
    print(f"  the course page says: {estimate.strip()}")
    print(f"  after saving it says: {said}")


def lesson_addresses(env):
    code = (
        "import json; from courses.models import LessonPage;"
        "print(json.dumps([(p.slug, p.url) for p in "
        "LessonPage.objects.live().order_by('path')]))"
    )
    return json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])


@contextmanager
def production_site(port):
    """The demo site under gunicorn with the production settings, thrown away
    afterwards: yields (address, environment, work folder)."""
    work = Path(tempfile.mkdtemp(prefix="literacy-weight-"))
    env = production_env(work, port)
    env["SERVE_MEDIA_FILES"] = "true"
    build_demo(env)
    process = start_gunicorn(env, port)
    try:
        yield f"http://127.0.0.1:{port}", env, work
    finally:
        stop(process)
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8721)
    port = parser.parse_args().port
    with production_site(port) as (site, env, work):
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
            shots = screenshots(browser, site, work)
            script = (
                ATTACH.replace("PATHS", repr(shots))
                .replace("SLUGS", repr(CHANGED))
                .replace("EVERY", repr(EVERY_STEP))
            )
            manage(env, "shell", "-c", script)
            # What the task worker does after those publishes (no worker runs here).
            manage(env, "make_picture_sizes")
            lessons = lesson_addresses(env)
            by_slug = dict(lessons)
            demo = [
                (s, a) for s, a in lessons if s not in WITH_SCREENSHOTS + (EVERY_STEP,)
            ]
            measure_lessons(browser, site, demo)
            print()
            measure_screenshots(
                browser,
                site,
                [(s, by_slug[s]) for s in WITH_SCREENSHOTS + (EVERY_STEP,)],
            )
            print()
            measure_one(browser, site, by_slug[WITH_SCREENSHOTS[0]])
            print()
            measure_worker(browser, site, by_slug[WITH_SCREENSHOTS[0]])
            print()
            measure_saved_course(browser, site, f"/kelas/{SAVED_COURSE}/")
            browser.close()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
