"""Regenerate docs/screenshots/<page>.png: every page of the app on the curated build, tall viewport.

Run from the repository: `.venv/bin/python docs/screenshots/take.py [page ...]` (builds the curated
database in a temporary directory, serves the app, drives Debian's Chromium at /usr/bin/chromium).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from pipelines.cli import main as doedocket  # noqa: E402
from tests.app_server import launch, running_app, settle  # noqa: E402

# page -> (URL path and query, viewport height[, the label of an expander to open]): each page and
# each of its tabs as a researcher would first open it, tall enough to hold the whole page (a
# full-page screenshot misses Streamlit's inner scroll area); "cite" is the Judges page with its
# "Cite this view" box open.
PAGES = {
    "overview": ("", 1500),
    "overview-filings": ("?overview_tab=Filings+by+month", 1500),
    "plaintiffs": ("plaintiffs", 2200),
    "plaintiffs-counsel": ("plaintiffs?plaintiffs_tab=Counsel", 2600),
    "plaintiffs-profile": ("plaintiffs?plaintiffs_tab=Profile", 2400),
    "judges": ("judges", 2600),
    "judges-rulings": ("judges?judges_tab=Rulings+by+outcome", 1600),
    "judges-severance": ("judges?judges_tab=Severance+and+Rule+4%28m%29", 1600),
    "judges-days": ("judges?judges_tab=Days+to+ruling", 1600),
    "cases": ("cases?case=cand:1103825", 2000),
    "cases-timeline": ("cases?case=cand:1103825&case_tab=Timeline", 2200),
    "national": ("national", 1600),
    "national-top": ("national?national_tab=Top+plaintiffs", 2000),
    "national-districts": ("national?national_tab=Districts", 2000),
    "national-endings": ("national?national_tab=How+the+cases+end", 2200),
    "data": ("data?sql=SELECT+plaintiff%2C+count(*)+AS+cases%2C+sum(does_sued)+AS+does+FROM+cases+JOIN+"
             "case_measures+USING+(case_id)+GROUP+BY+plaintiff+ORDER+BY+cases+DESC+LIMIT+8", 3000),
    "cite": ("judges?court=cand", 1300, "Cite this view"),
}
WIDTH = 1400


def _shoot(url: str, pages: dict[str, tuple], out: Path) -> list[Path]:
    written = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for name, (path, height, *opened) in pages.items():
            page = browser.new_page(viewport={"width": WIDTH, "height": height})
            page.goto(f"{url}/{path}")
            settle(page)
            for label in opened:
                page.get_by_text(label, exact=True).click()
                settle(page)
            target = out / f"{name}.png"
            page.screenshot(path=str(target))
            page.close()
            written.append(target)
        browser.close()
    return written


def take(out: Path = HERE, pages: dict[str, tuple[str, int]] = PAGES) -> list[Path]:
    """Screenshot each page into `out`; returns the files written.

    Every page shows the curated build, except National, which shows the curated build plus a
    synthetic FJC IDB file (its plaintiffs are named SYNTHETIC ...): no real IDB file is bundled.
    """
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        curated = Path(tmp) / "curated" / "doedocket.duckdb"
        assert doedocket(["build", "--db", str(curated)]) == 0
        docket_pages = {k: v for k, v in pages.items() if not k.startswith("national")}
        if docket_pages:
            with running_app(curated) as url:
                written += _shoot(url, docket_pages, out)
        national_pages = {k: v for k, v in pages.items() if k.startswith("national")}
        if national_pages:
            national = Path(tmp) / "national" / "doedocket.duckdb"
            idb = Path(tmp) / "synthetic_idb.txt"
            assert doedocket(["build", "--db", str(national)]) == 0
            assert doedocket(["synth", "idb", "--rows", "100000", "--seed", "1", "--out", str(idb)]) == 0
            assert doedocket(["ingest", "idb", str(idb), "--db", str(national)]) == 0
            with running_app(national) as url:
                written += _shoot(url, national_pages, out)
    return written


if __name__ == "__main__":
    for path in take(pages={k: v for k, v in PAGES.items() if len(sys.argv) < 2 or k in sys.argv[1:]}):
        print(path)
