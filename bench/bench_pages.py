"""Benchmark: each dashboard page's first full render in a real browser (Debian's Chromium).

Usage: ``python bench/bench_pages.py --db PATH [--runs 3]``.
`run(db, runs)` returns the figures as a dict for the shared harness (bench/run.py).

For every page a fresh app server is started on `db` (its query cache empty), and the page is
opened in a new browser session: the time from navigation until the app's script run has finished
and every chart and table on the page is drawn (`tests.app_server.settle`, less its fixed 300 ms
pause) is the *cold* render. The page is then opened ``runs`` more times, each in a new browser
session against the same server: the *warm* renders, what a second visitor sees.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.app_server import launch, running_app, settle  # noqa: E402

# page path -> what it shows (Overview is the root)
PAGES = {"": "overview", "plaintiffs": "plaintiffs and counsel", "judges": "judges", "cases": "cases",
         "national": "national (FJC IDB)", "data": "data", "swarm": "swarm"}
VIEWPORT = {"width": 1400, "height": 3000}
SETTLE_PAUSE_S = 0.3  # settle() waits this long after everything is drawn


def _render(browser, url: str) -> float:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url)
        settle(page)
        seconds = time.perf_counter() - start - SETTLE_PAUSE_S
        errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()
        if errors:
            raise RuntimeError(f"{url}: the page shows {errors} error element(s)")
        return seconds
    finally:
        context.close()


def run(db: Path, runs: int = 3) -> dict:
    """Cold and warm first-render seconds of every page on the published build of `db`."""
    from playwright.sync_api import sync_playwright

    out: dict[str, dict] = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for path, name in PAGES.items():
                with running_app(Path(db)) as base:
                    url = f"{base}/{path}"
                    cold = _render(browser, url)
                    warm = [_render(browser, url) for _ in range(runs)]
                out[name] = {"cold_s": cold, "warm_median_s": statistics.median(warm), "warm_max_s": max(warm),
                             "runs": runs}
                print(json.dumps({"page": name, **out[name]}), file=sys.stderr)
        finally:
            browser.close()
    return {"pages": out, "db": str(Path(db).resolve())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="published database path (the symlink)")
    parser.add_argument("--runs", type=int, default=3, help="warm renders per page")
    args = parser.parse_args()
    print(json.dumps(run(Path(args.db), args.runs), indent=2))


if __name__ == "__main__":
    main()
