"""Where a lesson, a course and the attendance list sit on a 360×740 phone at each
text size, against the first screen (740 px). Run against a site that is already
serving the demo (`make run`), with Chromium at /usr/bin/chromium:

    .venv/bin/python bench/phone_first_screen.py [http://127.0.0.1:8000]

Prints, per text size, the bottom of the header, of the lesson's title and time,
the top of the lesson's summary and body, and the course page's main action."""

import sys

from playwright.sync_api import sync_playwright

SITE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
LESSON = "/kelas/waspada-penipuan/mama-minta-pulsa/"
COURSE = "/kelas/waspada-penipuan/"
SCREEN = 740
MEASURE = """(selectors) => selectors.map(([name, selector, edge]) => {
  const el = document.querySelector(selector);
  if (!el) return [name, null];
  const box = el.getBoundingClientRect();
  return [name, Math.round(edge === "top" ? box.top : box.bottom)];
})"""

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium", args=["--no-sandbox"]
    )
    print(f"first screen: {SCREEN} px; figures are px from the top of the page")
    for size in ("normal", "large", "largest"):
        context = browser.new_context(viewport={"width": 360, "height": SCREEN})
        context.add_cookies([{"name": "ukuran_huruf", "value": size, "url": SITE}])
        page = context.new_page()
        page.goto(SITE + LESSON)
        lesson = page.evaluate(
            MEASURE,
            [
                ["header ends", ".site-header", "bottom"],
                ["title ends", ".lesson__header h1", "bottom"],
                ["time ends", ".lesson__header .facts", "bottom"],
                ["summary starts", ".lesson__header .lead", "top"],
                ["lesson body starts", ".lesson__body > *", "top"],
            ],
        )
        page.goto(SITE + COURSE)
        course = page.evaluate(
            MEASURE, [["course action ends", ".course__action .button", "bottom"]]
        )
        figures = ", ".join(
            f"{name} {value}{' (below)' if value and value > SCREEN else ''}"
            for name, value in lesson + course
        )
        print(f"{size:8} {figures}")
        context.close()
    browser.close()
