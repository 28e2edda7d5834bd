"""Where a lesson, a course and the attendance list sit on a 360×740 phone at each
text size, against the first screen (740 px). Run against a site that is already
serving the demo (`make run`), with Chromium at /usr/bin/chromium:

    .venv/bin/python bench/phone_first_screen.py [http://127.0.0.1:8000]

Prints, per text size, px from the top of the page: the bottom of the header, of
the lesson's title, time line and "Dengarkan" row, and of the first line of the
lesson itself; the bottom of the course's main action ("Mulai materi pertama",
then "Lanjutkan: …" once the first lesson is marked done); and, signed in, the
bottom of the attendance page's header and of the first person's name. The
sign-in is BENCH_USER / BENCH_PASSWORD, else the administrator `make run` made
(var/admin-username.txt, var/admin-password.txt); without one the attendance
list is left out. Then how many of all lessons start on the first screen."""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

SITE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
LESSON = "/kelas/waspada-penipuan/mama-minta-pulsa/"
COURSE = "/kelas/waspada-penipuan/"
SCREEN = 740
SIZES = ("normal", "large", "largest")
VAR = Path(__file__).resolve().parent.parent / "var"
# [name, selector, edge]; "first line" is where the first line of text ends.
MEASURE = """(selectors) => selectors.map(([name, selector, edge]) => {
  const el = document.querySelector(selector);
  if (!el || !el.getClientRects().length) return [name, null];
  if (edge === "first line") {
    const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) =>
        n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP,
    });
    const range = document.createRange();
    range.selectNodeContents(texts.nextNode());
    return [name, Math.round(range.getClientRects()[0].bottom)];
  }
  const box = el.getBoundingClientRect();
  return [name, Math.round(edge === "top" ? box.top : box.bottom)];
})"""
LESSON_PARTS = [
    ["header", ".site-header", "bottom"],
    ["title", ".lesson__header h1", "bottom"],
    ["time", ".lesson__header .facts", "bottom"],
    ["listen", ".listen", "bottom"],
    ["first line", ".lesson__body > *", "first line"],
]
COURSE_ACTION = [["course action", ".course__action .button", "bottom"]]
ATTENDANCE = [
    ["header", ".site-header", "bottom"],
    ["first name", ".attendance__row legend", "bottom"],
]


def sign_in():
    user = os.environ.get("BENCH_USER")
    password = os.environ.get("BENCH_PASSWORD")
    if not user and (VAR / "admin-password.txt").exists():
        user = (VAR / "admin-username.txt").read_text().strip()
        password = (VAR / "admin-password.txt").read_text().strip()
    return (user, password) if user else None


def show(label, figures):
    shown = ", ".join(
        f"{name} {value}{' (below)' if value and value > SCREEN else ''}"
        for name, value in figures
    )
    print(f"  {label:10} {shown}")


with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    account = sign_in()
    print(f"first screen: {SCREEN} px; figures are px from the top of the page")
    for size in SIZES:
        print(size)
        context = browser.new_context(viewport={"width": 360, "height": SCREEN})
        context.add_cookies([{"name": "ukuran_huruf", "value": size, "url": SITE}])
        page = context.new_page()
        page.goto(SITE + LESSON)
        show("lesson", page.evaluate(MEASURE, LESSON_PARTS))
        page.goto(SITE + COURSE)
        action = page.evaluate(MEASURE, COURSE_ACTION)
        first = page.evaluate(
            "JSON.parse(document.getElementById('course-outline').textContent)"
            ".lessons[0].id"
        )
        page.evaluate(
            "id => localStorage.setItem('literasi-materi-selesai',"
            " JSON.stringify([String(id)]))",
            first,
        )
        page.reload()
        carry_on = page.evaluate(MEASURE, COURSE_ACTION)
        show("course", action + [["after one lesson", carry_on[0][1]]])
        if account:
            page.goto(SITE + "/fasilitator/")
            page.get_by_label("Nama pengguna").fill(account[0])
            page.get_by_label("Kata sandi").fill(account[1])
            page.get_by_role("button", name="Masuk").click()
            page.wait_for_url(SITE + "/fasilitator/")
            workshop = page.locator("main a[href*='/fasilitator/lokakarya/']").first
            page.goto(SITE + workshop.get_attribute("href"))
            session = page.locator("a[href*='/kehadiran/']").first
            page.goto(SITE + session.get_attribute("href"))
            show("attendance", page.evaluate(MEASURE, ATTENDANCE))
        context.close()

    # Every lesson, at each size: does its first line show on the first screen?
    context = browser.new_context(viewport={"width": 360, "height": SCREEN})
    page = context.new_page()
    page.goto(SITE + "/kelas/")
    courses = page.eval_on_selector_all(
        "[data-course-card] h3 a", "links => links.map(a => a.getAttribute('href'))"
    )
    lessons = []
    for course in courses:
        page.goto(SITE + course)
        lessons += page.eval_on_selector_all(
            ".lesson-list__item > a", "links => links.map(a => a.getAttribute('href'))"
        )
    for size in SIZES:
        context.add_cookies([{"name": "ukuran_huruf", "value": size, "url": SITE}])
        lines = {}
        for lesson in lessons:
            page.goto(SITE + lesson)
            ((_name, bottom),) = page.evaluate(MEASURE, LESSON_PARTS[-1:])
            lines[lesson.rstrip("/").rsplit("/", 1)[-1]] = bottom or 10**6
        late = sorted((b, slug) for slug, b in lines.items() if b > SCREEN)
        print(
            f"{size}: {len(lessons) - len(late)} of {len(lessons)} lessons start on"
            f" the first screen (first line ends at {min(lines.values())}–"
            f"{max(lines.values())} px)"
            + (f"; not: {', '.join(slug for _b, slug in late[:5])}" if late else "")
            + (" …" if len(late) > 5 else "")
        )
    browser.close()
