"""Benchmark: how long a reader waits after a sidebar filter change, a chart click or a page change.

Usage: ``python bench/bench_interaction.py --db PATH [--repeats 3]``.
`run(db, repeats)` returns the figures as a dict for the shared harness (bench/run.py).

One app server on `db` and one Chromium session, as one reader. On Overview, Plaintiffs and counsel,
and Judges, each repeat changes every sidebar filter the way a reader does it -- picks a court, a
plaintiff, a counsel, a judge from its list and removes it again; types a start date, an end date,
clears them -- and clicks a mark of the page's first chart. Then it moves through the pages by the
sidebar's links. Each interaction is timed from the click (or the key that commits it) until the
app's script run it started is over (script state ``notRunning`` after a run began) and every
chart and table on the page is drawn and painted. The page's first load is not timed
(bench/bench_pages.py times it). Answers the app has cached (a filter the reader removes returns to
a view asked before) count like any other: that is what the reader gets.
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

# page path -> (name, chart key, mark selector) of the chart whose mark each repeat clicks
PAGES = {"": ("overview", "funnel_chart", ".point"),
         "plaintiffs": ("plaintiffs and counsel", "rate_chart", ".scatterlayer .point"),
         "judges": ("judges", "grant_rate_chart", ".scatterlayer .point")}
MOVES = ["plaintiffs", "judges", "cases", "", "judges", "", "plaintiffs", ""]  # the sidebar links followed
LIST_FILTERS = ("court", "plaintiff", "counsel", "judge")
OPTIONS = 5  # each repeat picks one of a filter's first options (the values with the most cases)
DATES = ("2012-01-01", "2014-12-31")
VIEWPORT = {"width": 1400, "height": 3000}
TIMEOUT_MS = 60_000
# Counts the script runs the page starts (installed once per document).
OBSERVE = """() => { if (window.__runs !== undefined) return; window.__runs = 0;
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => { if (app.dataset.testScriptState === 'running') window.__runs++; })
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }"""
# Counts the messages the server sends (an init script, before the app opens its websocket): a run
# so quick that its "running" and "finished" states reach the page together never shows "running".
WEBSOCKET = """window.__msgs = 0; window.__lastMsg = 0; const Native = window.WebSocket;
  window.WebSocket = function (...args) { const ws = new Native(...args);
    ws.addEventListener('message', () => { window.__msgs++; window.__lastMsg = performance.now(); }); return ws; };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});"""
MARK = "() => [window.__runs, window.__msgs]"
# After the counts `before`: a run began (or the server answered and has been quiet for 150 ms), the
# script is not running, and everything is drawn.
REDRAWN = f"""(before) => (window.__runs > before[0]
    || (window.__msgs > before[1] && performance.now() - window.__lastMsg > 150))
  && document.querySelector('[data-testid="stApp"]').dataset.testScriptState === 'notRunning' && {DRAWN}"""
PAINTED = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


class NoRerun(RuntimeError):
    """An interaction did not start a script run, or the run did not end in time."""


def runs(page) -> list[int]:
    """Script runs the page has started since `OBSERVE` was installed, and messages it received."""
    page.evaluate(OBSERVE)
    return page.evaluate(MARK)


def timed(page, act, timeout_ms: float = TIMEOUT_MS) -> float:
    """Seconds from `act()` until the run it starts is over and the page is drawn and painted."""
    before = runs(page)
    start = time.perf_counter()
    act()
    try:
        page.wait_for_function(REDRAWN, arg=before, timeout=timeout_ms, polling=10)
    except Exception as exc:  # Playwright's TimeoutError
        raise NoRerun(str(exc).splitlines()[0]) from exc
    page.evaluate(PAINTED)
    seconds = time.perf_counter() - start
    if page.locator(ERRORS).count():
        raise RuntimeError(f"{page.url}: the page shows an error after the interaction")
    return seconds


def open_page(page, url: str) -> None:
    """Load `url` and wait until it is drawn (not timed)."""
    page.goto(url, wait_until="commit")
    page.wait_for_function(f"() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState "
                           f"=== 'notRunning' && {DRAWN}", timeout=120_000, polling=20)
    runs(page)


def pick(page, key: str, index: int) -> tuple:
    """Open the multiselect `key` and return (the act of choosing its `index`-th value, the value)."""
    page.locator(f".st-key-{key} input").click()
    options = page.get_by_role("option")
    options.first.wait_for()
    names = [n for n in options.all_inner_texts() if n.strip() != "Select all"][:OPTIONS]
    value = names[index % len(names)]

    def act() -> None:
        page.get_by_role("option", name=value, exact=True).click()

    return act, value


def remove(page, key: str, value: str):
    """The act of removing `value` from the multiselect `key` (its tag's close button)."""
    return lambda: page.locator(f'.st-key-{key} button[aria-label="Remove {value}"]').click()


def type_date(page, which: int, iso: str):
    """Type `iso` into the start (0) or end (1) date of the Filed range; return the act of leaving the
    field, which commits the date (the keys typed before it start no run, and are not timed)."""
    page.locator('.st-key-filed [role="spinbutton"]').nth(3 * which).click()
    page.keyboard.type(iso.replace("-", ""))
    return lambda: page.locator("h1").first.click()


def clear_dates(page):
    """The act of clearing the Filed range."""
    return lambda: page.locator('.st-key-filed button[aria-label="Clear dates"]').click()


def click_mark(page, chart: str, selector: str, index: int):
    """The act of clicking mark `index` of chart `chart` (Plotly's drag layer takes it)."""
    marks = page.locator(f".st-key-{chart} {selector}")
    mark = marks.nth(index % max(marks.count(), 1))
    box = mark.bounding_box()
    if box is None:
        raise NoRerun(f"{chart}: mark {index} is not drawn")
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    def act() -> None:
        page.mouse.move(x, y)
        page.mouse.click(x, y)
    return act


def interact(page, path: str, repeat: int, record) -> None:
    """One repeat of every interaction on the page at `path`; `record(kind, seconds | None)`."""
    chart, selector = PAGES[path][1:]

    def attempt(kind: str, make) -> None:
        try:
            record(kind, timed(page, make()))
        except NoRerun as exc:
            record(kind, None, str(exc))
        page.keyboard.press("Escape")

    for key in LIST_FILTERS:
        act, value = pick(page, key, repeat)
        attempt(f"filter {key}", lambda act=act: act)
        attempt(f"filter {key}", lambda key=key, value=value: remove(page, key, value))
    attempt("filter dates", lambda: type_date(page, 0, DATES[0]))
    attempt("filter dates", lambda: type_date(page, 1, DATES[1]))
    attempt("filter dates", lambda: clear_dates(page))
    attempt("chart click", lambda: click_mark(page, chart, selector, repeat % 2))  # two marks with width


def summary(seconds: list[float]) -> dict:
    """Median, p95 and max of `seconds` (p95: the value 95% of samples do not exceed)."""
    ordered = sorted(seconds)
    if not ordered:
        return {"n": 0}
    p95 = ordered[min(len(ordered) - 1, max(0, -(-95 * len(ordered) // 100) - 1))]
    return {"n": len(ordered), "median_s": statistics.median(ordered), "p95_s": p95, "max_s": ordered[-1]}


def run(db: Path, repeats: int = 3) -> dict:
    """Interaction seconds on `db`'s published build: per page and kind, and overall."""
    from playwright.sync_api import sync_playwright

    samples: dict[str, dict[str, list[float]]] = {}
    failures: list[str] = []
    with running_app(Path(db)) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(viewport=VIEWPORT)
            context.add_init_script(WEBSOCKET)
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            for path, (name, *_) in PAGES.items():
                open_page(page, f"{base}/{path}")
                mine = samples.setdefault(name, {})

                def record(kind: str, seconds: float | None, why: str = "", name: str = name) -> None:
                    if seconds is None:
                        failures.append(f"{name}, {kind}: {why}")
                    else:
                        samples[name].setdefault(kind, []).append(seconds)

                for repeat in range(repeats):
                    interact(page, path, repeat, record)
                print(json.dumps({"page": name, **{k: summary(v) for k, v in mine.items()}}), file=sys.stderr)
            open_page(page, f"{base}/")
            moves: list[float] = []
            for _ in range(repeats):
                for target in MOVES:
                    link = page.locator(f'[data-testid="stSidebarNavLink"][href="{base}/{target}"]')
                    try:
                        moves.append(timed(page, link.click))
                    except NoRerun as exc:
                        failures.append(f"move to /{target}: {exc}")
            samples["moving between pages"] = {"page link": moves}
            context.close()
        finally:
            browser.close()
    every = [s for kinds in samples.values() for values in kinds.values() for s in values]
    filters_only = [s for kinds in samples.values() for k, v in kinds.items() if k.startswith("filter") for s in v]
    return {"db": str(Path(db).resolve()), "repeats": repeats, "all": summary(every), "filters": summary(filters_only),
            "pages": {name: {"all": summary([s for v in kinds.values() for s in v]),
                             **{kind: summary(v) for kind, v in kinds.items()}} for name, kinds in samples.items()},
            "failures": failures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="published database path (the symlink)")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of every interaction per page")
    args = parser.parse_args()
    print(json.dumps(run(Path(args.db), args.repeats), indent=2))


if __name__ == "__main__":
    main()
