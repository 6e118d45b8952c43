"""Benchmark: many readers on one server -- errors, interaction times and the server's memory.

Usage: ``python bench/bench_readers.py --db PATH [--readers 10] [--browsers K] [--seconds 120] [--think 2 8]``.
`run(db, readers, seconds, think, browsers)` returns the figures as a dict for the shared harness (bench/run.py).

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

With ``--browsers K`` only readers 0..K-1 are Chromium readers; readers K..N-1 are the same seeded
readers replayed without a browser by bench/streamlit_replay.py, in a process of its own: what each
one's Chromium sent (recorded first, alone, on a server of its own, into ``--recordings``) is sent
again on its own websocket session after the same pauses, timed until the server's ``script_finished``
and checked against what the browser was sent. The server then serves N sessions while the machine
hosts K browsers: the figures are given per kind of session, with the CPU per kind of process (the
server, Chromium, Playwright's driver, the replay clients, anything else) and the load. A replayed
interaction's time is the server's answer, not a drawn page: no layout, no charts drawn.

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
import statistics
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
RECORDED_STEPS = 30  # a replayed reader's interactions: more than 120 s of 2-8 s pauses can hold (at most 27)


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
    if shown := await _shown_error(page):
        raise RuntimeError(f"{page.url}: the page shows an error: {shown}")
    return seconds


async def _shown_error(page) -> str | None:
    """The first lines of the first error the page shows (an exception or an error alert), if any."""
    errors = page.locator(ERRORS)
    if not await errors.count():
        return None
    return " / ".join((await errors.first.inner_text()).strip().splitlines()[:2])[:200]


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


async def browse(browser, base: str, seed: int, seconds: float, think: tuple[float, float], out: dict,
                 opened: asyncio.Barrier | None, *, steps: int | None = None, recorder=None) -> None:
    """Reader `seed` in its own context of `browser`: once every reader's page is open (`opened`), for
    `seconds` (or `steps` interactions), interactions timed into `out`; `recorder`
    (streamlit_replay.Recorder) keeps what the page sends, step by step."""
    rng = random.Random(seed)
    reading = random.Random(-1 - seed)  # the pauses, drawn apart from the actions
    context = await browser.new_context(viewport=VIEWPORT)
    await context.add_init_script(WEBSOCKET)
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    if recorder is not None:
        recorder.attach(page)
    try:
        first = rng.choice(PAGES)
        if recorder is not None:
            recorder.path = first
        await page.goto(f"{base}/{first}", wait_until="commit")
        await page.wait_for_function(f"() => document.querySelector('[data-testid=\"stApp\"]')?.dataset"
                                     f".testScriptState === 'notRunning' && {DRAWN}", timeout=120_000, polling=50)
        if shown := await _shown_error(page):  # the first page counts too, as for a replayed reader
            out["errors"].append(f"reader {seed}, open: the page shows an error: {shown}")
        if opened is not None:
            await opened.wait()  # every reader's page is open: from here on ten sessions browse at once
        deadline = time.monotonic() + seconds
        await asyncio.sleep(reading.uniform(*think))  # the page just opened is read first
        done = 0
        while time.monotonic() < deadline and (steps is None or done < steps):
            kind = rng.choice(["filter", "filter", "dates", "page"])
            done += 1
            if recorder is not None:
                recorder.begin(kind)
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


class CpuByKind:
    """CPU seconds (user + system) per kind of process over a run: every process in /proc sampled every
    `every` seconds and classified by `kind_of`; a process that ends between two samples loses at most
    its last `every` seconds. The 1-minute load average is sampled with it (`loads`)."""

    def __init__(self, kind_of, every: float = 1.0) -> None:
        self._kind_of, self._every = kind_of, every
        self._first: dict[int, float] = {}
        self._last: dict[int, tuple[str, float]] = {}
        self.loads: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self, first: bool) -> None:
        for proc in Path("/proc").glob("[0-9]*"):
            pid = int(proc.name)
            try:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                used = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
                kind = self._last[pid][0] if pid in self._last else self._kind_of(pid, (proc / "cmdline").read_bytes())
            except (OSError, IndexError, ValueError):
                continue
            if first:
                self._first[pid] = used
            self._last[pid] = (kind, used)

    def _loop(self) -> None:
        while not self._stop.wait(self._every):
            self._sample(False)
            self.loads.append(os.getloadavg()[0])

    def __enter__(self) -> CpuByKind:
        self._sample(True)
        self._machine = machine_cpu_seconds()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample(False)
        self.machine = machine_cpu_seconds() - self._machine

    def seconds(self) -> dict[str, float]:
        """CPU seconds per kind, and the machine's busy seconds over the same span."""
        out: dict[str, float] = {}
        for pid, (kind, used) in self._last.items():
            out[kind] = out.get(kind, 0.0) + used - self._first.get(pid, 0.0)
        return {**dict(sorted(out.items())), "machine": self.machine}


def _kinds(server: int):
    """A classifier of processes: the app server (and its children), the replay client, Chromium,
    Playwright's driver, this benchmark's own process, anything else."""
    def kind_of(pid: int, cmdline: bytes) -> str:
        if pid in _children(server):
            return "server"
        if b"streamlit_replay.py" in cmdline:
            return "replay clients"
        if b"chromium" in cmdline or b"chrome" in cmdline:
            return "chromium"
        if b"playwright" in cmdline:
            return "playwright driver"
        if pid == os.getpid():
            return "bench (Playwright's Python side)"
        return "other"
    return kind_of


async def _replays(base: str, seeds: list[int], recordings: Path, seconds: float, think: tuple[float, float],
                   opened: asyncio.Barrier) -> dict:
    """bench/streamlit_replay.py replaying `seeds` in a process of its own, started with the browsers."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, str(BENCH / "streamlit_replay.py"), "replay", "--base", base, "--recordings", str(recordings),
        "--seeds", f"{seeds[0]}-{seeds[-1]}", "--seconds", str(seconds), "--think", *map(str, think), "--handshake",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    line = await child.stdout.readline()
    if line.strip() != b"open":
        raise RuntimeError(f"the replay client did not open its sessions: {line[:200]!r}")
    await opened.wait()
    child.stdin.write(b"go\n")
    await child.stdin.drain()
    result, _ = await child.communicate()
    if child.returncode:
        raise RuntimeError(f"the replay client exited with {child.returncode}")
    return json.loads(result)


async def _all(base: str, browsers: int, replayed: list[int], recordings: Path | None, seconds: float,
               think: tuple[float, float]) -> tuple[dict, dict]:
    from playwright.async_api import async_playwright

    out = {"seconds": [], "kinds": [], "errors": []}
    opened = asyncio.Barrier(browsers + (1 if replayed else 0))
    replays = (asyncio.create_task(_replays(base, replayed, recordings, seconds, think, opened))
               if replayed else None)
    if browsers:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                await asyncio.gather(*(browse(browser, base, seed, seconds, think, out, opened)
                                       for seed in range(browsers)))
            finally:
                await browser.close()
    return out, (await replays if replays else {"seconds": [], "kinds": [], "errors": []})


def _figures(out: dict) -> dict:
    return {"interactions": len(out["seconds"]), "errors": len(out["errors"]), "error_samples": out["errors"][:10],
            "errors_opening": sum(", open:" in e for e in out["errors"]),  # on the first page, before the timed part
            "interaction": summary(out["seconds"]),
            "by_kind": {k: summary([s for s, kk in zip(out["seconds"], out["kinds"]) if kk == k])
                        for k in sorted(set(out["kinds"]))}}


def run(db: Path, readers: int = 10, seconds: float = 120.0, think: tuple[float, float] = (2.0, 8.0),
        browsers: int | None = None, recordings: Path | None = None) -> dict:
    """Errors, interaction seconds and the server's peak memory with `readers` sessions on one server,
    each pausing between `think` seconds (bounds) after every interaction: `browsers` of them (all by
    default) Chromium readers, the rest the same seeded readers replayed from `recordings`
    (bench/streamlit_replay.py; recorded first, on a server of their own, when the file is absent or was
    made on another build or other app code)."""
    browsers = readers if browsers is None else browsers
    replayed = list(range(browsers, readers))
    if replayed:
        import streamlit_replay

        recordings = Path(recordings or f"/tmp/doedocket-readers-{Path(db).resolve().stem}.json")
        held = json.loads(recordings.read_text()) if recordings.exists() else {"readers": {}}
        if (any(str(s) not in held["readers"] for s in replayed) or held.get("db") != str(Path(db).resolve())
                or held.get("app") != streamlit_replay.app_fingerprint()):
            recordings.write_text(json.dumps(streamlit_replay.record(Path(db), replayed, RECORDED_STEPS)))
    load_before = os.getloadavg()[0]
    with running_app(Path(db)) as base:
        pid = server_pid(int(base.rsplit(":", 1)[1]))
        idle = rss_mb(pid)
        start = time.perf_counter()
        with MemorySampler(pid) as memory, CpuByKind(_kinds(pid)) as cpu:
            out, replays = asyncio.run(_all(base, browsers, replayed, recordings, seconds, think))
        wall = time.perf_counter() - start
    both = {key: out[key] + replays[key] for key in ("seconds", "kinds", "errors")}
    cpu_s = cpu.seconds()
    return {"db": str(Path(db).resolve()), "readers": readers, "browsers": browsers, "replayed": len(replayed),
            "seconds_each": seconds, "think_s": list(think), "wall_s": wall,
            "load_1min": {"before": load_before, "after": os.getloadavg()[0],
                          "during": {"median": statistics.median(cpu.loads), "min": min(cpu.loads),
                                     "max": max(cpu.loads)} if cpu.loads else None},
            **_figures(both),  # every session, whatever its kind
            "sessions": {"browser": _figures(out),
                         **({"replay": {**_figures(replays), "mismatches": len(replays["mismatches"]),
                                        "mismatch_samples": replays["mismatches"][:5],
                                        "ran_out_of_steps": replays["exhausted"],
                                        "messages_sent_as_references": replays["references"]}} if replayed else {})},
            # Where the cores went, by kind of process (the server's share of all the machine's busy CPU).
            "cpu_s": {**cpu_s, "cores": os.cpu_count(),
                      "server_share": cpu_s.get("server", 0.0) / cpu_s["machine"] if cpu_s["machine"] else None},
            "server_rss_mb": {"before": idle, "peak": max(memory.samples, default=idle),
                              "last": memory.samples[-1] if memory.samples else idle,
                              "samples": len(memory.samples)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="published database path (the symlink)")
    parser.add_argument("--readers", type=int, default=10, help="reader sessions at once")
    parser.add_argument("--browsers", type=int, default=None,
                        help="how many of them are Chromium readers (default: all); the others are the same seeded "
                             "readers replayed without a browser (bench/streamlit_replay.py)")
    parser.add_argument("--recordings", type=Path, default=None,
                        help="the replayed readers' recordings (default /tmp/doedocket-readers-<build>.json, "
                             "recorded first when absent or made on another build)")
    parser.add_argument("--seconds", type=float, default=120.0, help="how long each reader keeps interacting")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 8.0), metavar=("MIN", "MAX"),
                        help="seconds a reader reads between interactions, drawn evenly between MIN and MAX "
                             "(default 2 8; 0 0: no pause)")
    args = parser.parse_args()
    print(json.dumps(run(Path(args.db), args.readers, args.seconds, tuple(args.think), args.browsers,
                         args.recordings), indent=2))


if __name__ == "__main__":
    main()
