"""Benchmark: each dashboard page's first full render in a real browser (Debian's Chromium).

Usage: ``python bench/bench_pages.py --db PATH [--runs 3]``.
`run(db, runs)` returns the figures as a dict for the shared harness (bench/run.py).

A render is timed from navigation until the app's first script run is over and every chart and
table on the page is drawn (no placeholder left). For every page a fresh app server is started on
`db` (its query cache empty):

* cold: the page's first visit, in a new browser session (nothing cached anywhere);
* new visitor: ``runs`` more new browser sessions against the same server (the server's query
  cache warm, the browser's empty: Streamlit's and Plotly's scripts are fetched and compiled again);
* return visit: ``runs`` page loads in one browser session that has seen the page (the browser's
  cache warm as well), what a researcher going back to a page sees.

The same three figures for bench/floor/app.py, a page with one three-bar Plotly chart and a
three-row table and nothing else, give the floor on this machine: what Streamlit and Plotly cost
before any of the dashboard's work.
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

from tests.app_server import DRAWN, launch, running_app  # noqa: E402

# page path -> what it shows (Overview is the root)
PAGES = {"": "overview", "plaintiffs": "plaintiffs and counsel", "judges": "judges", "cases": "cases",
         "national": "national (FJC IDB)", "data": "data", "swarm": "swarm"}
FLOOR = "floor (one small chart and table)"
FLOOR_APP = REPO / "bench" / "floor" / "app.py"
VIEWPORT = {"width": 1400, "height": 3000}
# The first script run is over (the app starts "initial", then runs) and everything is drawn.
RENDERED = f"""() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
                     && {DRAWN}"""


def _render(context, url: str) -> float:
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_function(RENDERED, timeout=120_000, polling=20)
        seconds = time.perf_counter() - start
        errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()
        if errors:
            raise RuntimeError(f"{url}: the page shows {errors} error element(s)")
        return seconds
    finally:
        page.close()


def _new_session(browser, url: str) -> float:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        return _render(context, url)
    finally:
        context.close()


def _page(browser, db: Path, path: str, runs: int, app: Path) -> dict:
    with running_app(db, app=app) as base:
        url = f"{base}/{path}"
        cold = _new_session(browser, url)
        new = [_new_session(browser, url) for _ in range(runs)]
        context = browser.new_context(viewport=VIEWPORT)
        try:
            _render(context, url)  # the visit that fills the browser's cache
            back = [_render(context, url) for _ in range(runs)]
        finally:
            context.close()
    return {"cold_s": cold, "new_visitor_median_s": statistics.median(new), "new_visitor_max_s": max(new),
            "return_median_s": statistics.median(back), "return_max_s": max(back), "runs": runs}


def run(db: Path, runs: int = 3, national_db: Path | None = None) -> dict:
    """Render seconds of every page on the published build of `db` (the National page on
    `national_db`'s, a build with FJC IDB data, when given), and of the floor page."""
    from playwright.sync_api import sync_playwright

    out: dict[str, dict] = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for name, path, app in [(FLOOR, "", FLOOR_APP)] + [(n, p, REPO / "app.py") for p, n in PAGES.items()]:
                on = Path(national_db) if path == "national" and national_db else Path(db)
                out[name] = _page(browser, on, path, runs, app)
                print(json.dumps({"page": name, **out[name]}), file=sys.stderr)
        finally:
            browser.close()
    return {"pages": out, "db": str(Path(db).resolve()),
            "national_db": str(Path(national_db).resolve()) if national_db else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="published database path (the symlink)")
    parser.add_argument("--runs", type=int, default=3, help="renders per page and kind of visit")
    parser.add_argument("--national-db", help="a database with FJC IDB data for the National page")
    args = parser.parse_args()
    print(json.dumps(run(Path(args.db), args.runs, args.national_db and Path(args.national_db)), indent=2))


if __name__ == "__main__":
    main()
