"""Lighthouse's mobile performance and accessibility scores for a lesson page.

    (cd bench && npm ci)     # once: Lighthouse, pinned in bench/package-lock.json
    .venv/bin/python bench/lighthouse.py [SITE] [--path /kelas/…/] [--runs 3]

Without SITE, builds the demo site under gunicorn with the production settings
(as bench/lesson_weight.py does) and measures it; with SITE, measures a site
already running (`make run`). Lighthouse drives Chromium at /usr/bin/chromium
(CHROME_PATH) with its default mobile settings: a 412×823 phone, simulated slow
4G and a 4× slower processor. Prints both scores against the budget (100 each)
and every audit that cost points, for the run with the median performance.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])
LESSON = "/kelas/waspada-penipuan/mama-minta-pulsa/"
CATEGORIES = ("performance", "accessibility")
BUDGET = 100
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)


def lighthouse(url):
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci` in bench/ first.")
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            "--output-path=stdout",
            f"--chrome-flags={CHROME_FLAGS}",
            "--quiet",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode:
        raise SystemExit(f"Lighthouse failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def report(url, found):
    print(f"Lighthouse {found['lighthouseVersion']}, mobile, {url}")
    for name in CATEGORIES:
        category = found["categories"][name]
        score = round((category["score"] or 0) * 100)
        print(f"  {category['title']}: {score} (budget {BUDGET}) ", end="")
        print("OK" if score >= BUDGET else "UNDER")
        for ref in category["auditRefs"]:
            audit = found["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                shown = audit.get("displayValue", "")
                print(f"    {audit['id']}: score {audit['score']:.2f} {shown}")
    for item in found["audits"]["layout-shifts"].get("details", {}).get("items", []):
        node = item.get("node", {})
        print(f"    shifted: {node.get('selector', '?')} ({item.get('score', 0):.3f})")
    for audit in METRICS:
        shown = found["audits"][audit]
        print(f"  {shown['title']}: {shown['displayValue']}")


def median_run(url, runs):
    """The run with the median performance score: on a busy machine the
    observed script time (and so Total Blocking Time) varies from run to run."""
    found = sorted(
        (lighthouse(url) for _ in range(runs)),
        key=lambda run: run["categories"]["performance"]["score"] or 0,
    )
    scores = [
        round((run["categories"]["performance"]["score"] or 0) * 100) for run in found
    ]
    print(f"Performance in {runs} runs: {scores}; the median run:")
    return found[len(found) // 2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site", nargs="?")
    parser.add_argument("--path", default=LESSON)
    parser.add_argument("--port", type=int, default=8722)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.site:
        url = args.site.rstrip("/") + args.path
        report(url, median_run(url, args.runs))
        return
    sys.path.insert(0, str(HERE))
    from lesson_weight import production_site

    with production_site(args.port) as (site, _env, _work):
        report(site + args.path, median_run(site + args.path, args.runs))


if __name__ == "__main__":
    main()
