"""Benchmark: many readers on one server -- errors, interaction times and the server's memory.

Usage: ``python bench/bench_readers.py --db PATH [--readers 10] [--seconds 120] [--think 2 8]``.
`run(db, readers, seconds, think)` returns the figures as a dict for the shared harness (bench/run.py).

One app server on `db` (127.0.0.1) and one Chromium with `readers` browser sessions (contexts, each
its own cookies, cache and Streamlit session). Every reader, for `seconds` after its first page is
drawn, does what bench/bench_interaction.py times, chosen at random (seeded per reader): picks a
value of a sidebar filter or removes the one the sidebar shows, types or clears a filing date,
follows a sidebar link to another page. Like a reader, it decides from what the page shows (the
filter's chips, the URL), not from what it believes it did, and after every filter change it checks
that the sidebar and the URL show the change. Each interaction is timed the same way (until the run
it started is over and the page is drawn). The loop stops by itself at the deadline; an interaction
that started no run or did not finish within a minute, a filter change the sidebar or URL does not
show, a page showing an error element, or any exception counts as an error. The resident memory of the server (the streamlit process and its children, from /proc)
is sampled every half second, and the CPU the server used is set against all the machine's busy
CPU over the run (the rest is the readers' own browsers, on the same cores).

The readers open their first pages together, and the two minutes start once every page is open
(the first page's cost is what bench/bench_pages.py measures; ten cold pages at once would otherwise
time the first interactions of the early readers against the late ones' page loads). Each then reads
its page before its first interaction, as it does between interactions.

Between two interactions a reader reads what the page shows: it pauses a time drawn evenly between
the two `--think` bounds (2 to 8 s by default, 5 s on average, the order of TPC-W's 7 s mean think
time; its own seeded draw, so the actions stay those of its seed). ``--think 0 0`` is the stress
case: every reader clicking again the moment its page is drawn, which no person does.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

from bench_interaction import (  # noqa: E402
    DATES,
    ERRORS,
    LIST_FILTERS,
    MARK,
    OBSERVE,
    OPTIONS,
    PAINTED,
    REDRAWN,
    TIMEOUT_MS,
    VIEWPORT,
    WEBSOCKET,
    summary,
)

from tests.app_server import CHROMIUM, CHROMIUM_ARGS, DRAWN, running_app  # noqa: E402

PAGES = ["", "plaintiffs", "judges", "cases"]


def _children(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in (task / "children").read_text().split()]
    return pids


def rss_mb(pid: int) -> float:
    """Resident memory of `pid` and its descendants, in MB."""
    total = 0
    for p in _children(pid):
        try:
            line = next(x for x in Path(f"/proc/{p}/status").read_text().splitlines() if x.startswith("VmRSS:"))
            total += int(line.split()[1])
        except (OSError, StopIteration):
            pass
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) `pid` and its live descendants have used, with their reaped children's."""
    ticks = 0
    for p in _children(pid):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds() -> float:
    """CPU seconds every core of the machine has spent busy since boot (/proc/stat)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    busy = sum(fields) - fields[3] - fields[4]  # all but idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def server_pid(port: int) -> int:
    """The streamlit process serving `port` (found by its command line)."""
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(args) and str(port).encode() in args:
            return int(proc.name)
    raise RuntimeError(f"no streamlit process on port {port}")


class MemorySampler:
    """The server's resident memory, sampled every `every` seconds."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        self.samples: list[float] = []
        self._pid, self._every = pid, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.samples.append(rss_mb(self._pid))
            self._stop.wait(self._every)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def _timed(page, act) -> float:
    await page.evaluate(OBSERVE)
    before = await page.evaluate(MARK)
    start = time.perf_counter()
    await act()
    await page.wait_for_function(REDRAWN, arg=before, timeout=TIMEOUT_MS, polling=20)
    await page.evaluate(PAINTED)
    seconds = time.perf_counter() - start
    if await page.locator(ERRORS).count():
        raise RuntimeError(f"{page.url}: the page shows an error")
    return seconds


async def _chips(page, key: str) -> list[str]:
    """The values the sidebar multiselect `key` shows as chips."""
    labels = await page.locator(f'.st-key-{key} button[aria-label^="Remove "]').evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('aria-label'))")
    return [label.removeprefix("Remove ") for label in labels]


def _in_url(url: str, key: str) -> list[str]:
    return parse_qs(urlparse(url).query).get(key, [])


async def _check(page, key: str, want: list[str]) -> None:
    """Raise unless the filter `key` holds exactly `want` in the URL and, for a multiselect, in its chips."""
    linked = _in_url(page.url, key)
    shown = await _chips(page, key) if key in LIST_FILTERS else linked
    if sorted(shown) != sorted(want) or sorted(linked) != sorted(want):
        raise RuntimeError(f"{key}: the sidebar shows {shown} and the URL {linked}, not {want}")


async def _reader(browser, base: str, seed: int, seconds: float, think: tuple[float, float], out: dict,
                  opened: asyncio.Barrier) -> None:
    rng = random.Random(seed)
    reading = random.Random(-1 - seed)  # the pauses, drawn apart from the actions
    context = await browser.new_context(viewport=VIEWPORT)
    await context.add_init_script(WEBSOCKET)
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        await page.goto(f"{base}/{rng.choice(PAGES)}", wait_until="commit")
        await page.wait_for_function(f"() => document.querySelector('[data-testid=\"stApp\"]')?.dataset"
                                     f".testScriptState === 'notRunning' && {DRAWN}", timeout=120_000, polling=50)
        await opened.wait()  # every reader's page is open: from here on ten sessions browse at once
        deadline = time.monotonic() + seconds
        await asyncio.sleep(reading.uniform(*think))  # the page just opened is read first
        while time.monotonic() < deadline:
            kind = rng.choice(["filter", "filter", "dates", "page"])
            check = None
            try:
                if kind == "filter":
                    key = rng.choice(LIST_FILTERS)
                    shown = await _chips(page, key)
                    if shown:  # a value chosen: remove it (the last one, should there be more)
                        value, want = shown[-1], shown[:-1]
                        act = page.locator(f'.st-key-{key} button[aria-label="Remove {value}"]').click
                    else:  # the list leaves out values already chosen
                        await page.locator(f".st-key-{key} input").click()
                        options = page.get_by_role("option")
                        await options.first.wait_for()
                        names = [n for n in await options.all_inner_texts() if n.strip() != "Select all"][:OPTIONS]
                        value = rng.choice(names)
                        want = [value]
                        act = page.get_by_role("option", name=value, exact=True).click
                    check = (key, want)
                elif kind == "dates":
                    if _in_url(page.url, "filed"):  # a start (and perhaps an end) typed: clear them
                        act = page.locator('.st-key-filed button[aria-label="Clear dates"]').click
                        check = ("filed", [])
                    else:  # typed first; leaving the field commits the date and is what is timed
                        check = ("filed", [DATES[0]])
                        await page.locator('.st-key-filed [role="spinbutton"]').first.click()
                        await page.keyboard.type(DATES[0].replace("-", ""))
                        act = page.locator("h1").first.click
                else:
                    here = page.url.split("?")[0].removeprefix(base).strip("/")
                    target = rng.choice([p for p in PAGES if p != here])
                    act = page.locator(f'[data-testid="stSidebarNavLink"][href="{base}/{target}"]').click
                took = await _timed(page, act)
                if check:
                    await _check(page, *check)
                out["seconds"].append(took)
                out["kinds"].append(kind)
            except Exception as exc:  # every failure a reader meets is counted and the reader goes on
                out["errors"].append(f"reader {seed}, {kind}: {str(exc).splitlines()[0][:200]}")
                await page.keyboard.press("Escape")
            else:
                await page.keyboard.press("Escape")
            pause = reading.uniform(*think)
            await asyncio.sleep(max(0.0, min(pause, deadline - time.monotonic())))
    finally:
        await context.close()


async def _all(base: str, readers: int, seconds: float, think: tuple[float, float]) -> dict:
    from playwright.async_api import async_playwright

    out = {"seconds": [], "kinds": [], "errors": []}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            opened = asyncio.Barrier(readers)
            await asyncio.gather(*(_reader(browser, base, seed, seconds, think, out, opened) for seed in range(readers)))
        finally:
            await browser.close()
    return out


def run(db: Path, readers: int = 10, seconds: float = 120.0, think: tuple[float, float] = (2.0, 8.0)) -> dict:
    """Errors, interaction seconds and the server's peak memory with `readers` sessions on one server,
    each pausing between `think` seconds (bounds) after every interaction."""
    with running_app(Path(db)) as base:
        pid = server_pid(int(base.rsplit(":", 1)[1]))
        idle = rss_mb(pid)
        start, server_cpu, machine_cpu = time.perf_counter(), cpu_seconds(pid), machine_cpu_seconds()
        with MemorySampler(pid) as memory:
            out = asyncio.run(_all(base, readers, seconds, think))
        wall = time.perf_counter() - start
        server_cpu, machine_cpu = cpu_seconds(pid) - server_cpu, machine_cpu_seconds() - machine_cpu
    return {"db": str(Path(db).resolve()), "readers": readers, "seconds_each": seconds, "think_s": list(think), "wall_s": wall,
            "interactions": len(out["seconds"]), "errors": len(out["errors"]), "error_samples": out["errors"][:10],
            "interaction": summary(out["seconds"]),
            "by_kind": {k: summary([s for s, kk in zip(out["seconds"], out["kinds"]) if kk == k])
                        for k in sorted(set(out["kinds"]))},
            # Where the cores went: the server's share of all the machine's busy CPU over the run (the rest
            # is the readers' Chromium, on the same cores, and anything else running).
            "cpu_s": {"machine": machine_cpu, "server": server_cpu, "cores": os.cpu_count(),
                      "server_share": server_cpu / machine_cpu if machine_cpu else None},
            "server_rss_mb": {"before": idle, "peak": max(memory.samples, default=idle),
                              "last": memory.samples[-1] if memory.samples else idle,
                              "samples": len(memory.samples)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="published database path (the symlink)")
    parser.add_argument("--readers", type=int, default=10, help="browser sessions at once")
    parser.add_argument("--seconds", type=float, default=120.0, help="how long each reader keeps interacting")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 8.0), metavar=("MIN", "MAX"),
                        help="seconds a reader reads between interactions, drawn evenly between MIN and MAX "
                             "(default 2 8; 0 0: no pause)")
    args = parser.parse_args()
    print(json.dumps(run(Path(args.db), args.readers, args.seconds, tuple(args.think)), indent=2))


if __name__ == "__main__":
    main()
