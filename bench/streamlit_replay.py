"""A lightweight Streamlit session client: record what a Chromium reader sends, replay it without a browser.

Usage: ``python bench/streamlit_replay.py record --db PATH --seeds 1-9 --out FILE [--steps 40]`` records
readers; ``python bench/streamlit_replay.py replay --base URL --recordings FILE --seeds 1-9 [--seconds 120]``
replays them against a running server (bench/bench_readers.py ``--browsers K`` starts it this way).

Recording: bench/bench_readers.py's seeded reader (`bench_readers.browse`) drives Chromium against its
own app server with no pauses, and `Recorder` keeps every BackMsg frame the page sends on its websocket
(``page.on("websocket")``, ``ws.on("framesent")``), grouped by the reader's interaction (step), and what
the server answered (``framereceived``), summarised per step by `summary_of`. The frames that start a
script run are the ``rerun_script`` BackMsgs; the others (none in practice but the browser's
``app_heartbeat``) are not replayed. The reader's actions do not depend on its pauses (they are drawn
from their own seeded generator), so a recording made with no pauses is the reader's session; the
replay draws the same pauses.

Replay: `replay` opens its own session the way the browser does (GET the page and /_stcore/health and
/_stcore/host-config, then a websocket on /_stcore/stream with the subprotocol ``streamlit``, the XSRF
cookie and the page's origin), sends the recorded opening run and waits for it, then for each step
pauses what the reader would have read, sends the step's rerun frames (at their recorded offsets) and
times until the server's ``script_finished`` for the last of them. Each frame's widget states, query
string and page are the browser's; only ``cached_message_hashes`` is replaced by the hashes this client
holds, since the server sends a message the client says it has as a reference (``ref_hash``), which
the client resolves from its own cache as the browser does. An exception element or error alert in the
run, a compile error, a lost connection or no finish within 60 s is an error. What the replay does not
do is the browser's work: no JavaScript, no layout, no Plotly or table drawing; its time is the
server's answer, from the BackMsg sent to the last ForwardMsg of the run received and decoded.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import json
import random
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyarrow as pa
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

RERUN = "rerun_script"
TIMEOUT_S = 60.0
ENDED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
         ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


def starts_run(frame: bytes) -> bool:
    """Whether a BackMsg frame asks the server for a script run."""
    msg = BackMsg()
    msg.ParseFromString(frame)
    return msg.WhichOneof("type") == RERUN


def describe(element) -> list:
    """What a reader would compare of one element: its kind, a table's rows, a chart's title."""
    kind = element.WhichOneof("type")
    if kind == "dataframe":
        table = element.dataframe
        if table.HasField("lazy_data"):  # rows the browser asks for as it scrolls
            return [kind, table.lazy_data.row_count]
        return [kind, pa.ipc.open_stream(table.arrow_data.data).read_all().num_rows]
    if kind == "plotly_chart":
        title = json.loads(element.plotly_chart.spec or "{}").get("layout", {}).get("title", {})
        return [kind, title.get("text", "") if isinstance(title, dict) else str(title)]
    if kind == "alert":
        return [kind, int(element.alert.format)]
    return [kind]


def is_error(element) -> bool:
    """An element the page shows as an error (bench_interaction.ERRORS: an exception or an error alert)."""
    kind = element.WhichOneof("type")
    return kind == "exception" or (kind == "alert" and element.alert.format == element.alert.ERROR)


class Run:
    """The ForwardMsgs of one script run, decoded: its elements and how it finished."""

    def __init__(self) -> None:
        self.elements: list = []
        self.status: int | None = None

    def summary(self) -> list:
        return [describe(e) for e in self.elements]

    def errors(self) -> list[str]:
        """What each error element says: an exception's type and message, an error alert's text."""
        return [f"{e.exception.type}: {e.exception.message}" if e.WhichOneof("type") == "exception"
                else e.alert.body for e in self.elements if is_error(e)]


class Decoder:
    """ForwardMsgs in, runs out: resolves ``ref_hash`` references from the messages already received."""

    def __init__(self) -> None:
        self.cache: dict[str, ForwardMsg] = {}
        self.refs = 0  # messages the server sent as a reference to one already received
        self.run: Run | None = None
        self.finished: list[Run] = []

    def feed(self, payload: bytes) -> Run | None:
        """Take one frame; the run it finishes, if it is a ``script_finished``."""
        msg = ForwardMsg()
        msg.ParseFromString(payload)
        if msg.HasField("ref_hash"):
            if msg.ref_hash not in self.cache:
                raise RuntimeError(f"the server referred to message {msg.ref_hash}, never received")
            msg = self.cache[msg.ref_hash]
            self.refs += 1
        elif msg.metadata.cacheable and msg.hash:
            self.cache[msg.hash] = msg
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.run = Run()
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element" and self.run is not None:
            self.run.elements.append(msg.delta.new_element)
        elif kind == "script_finished":
            run, self.run = self.run or Run(), None
            run.status = msg.script_finished
            self.finished.append(run)
            return run
        return None


@dataclass
class Step:
    """One reader interaction: its kind and the rerun frames it sent, at their offsets from its start."""

    kind: str
    frames: list[tuple[float, bytes]] = field(default_factory=list)
    others: int = 0  # frames sent that start no run (not replayed)
    requests: list[str] = field(default_factory=list)  # the page's HTTP requests to the server (not replayed)
    received: list[bytes] = field(default_factory=list)

    def to_json(self, decoded: list | None) -> dict:
        return {"kind": self.kind, "others": self.others, "requests": self.requests, "browser_runs": decoded,
                "frames": [[offset, base64.b64encode(f).decode()] for offset, f in self.frames]}


class Recorder:
    """Keeps what a page sends and receives on its websocket, and the HTTP requests it makes to the
    server at `base`, step by step (`begin` starts a step)."""

    def __init__(self, base: str) -> None:
        self._server = urlsplit(base).netloc
        self.steps: list[Step] = [Step("open")]
        self.path = ""  # the page the reader opens first (set by bench_readers.browse)
        self._start = time.perf_counter()

    def attach(self, page) -> None:
        page.on("websocket", self._websocket)
        page.on("request", self._request)

    def _request(self, request) -> None:
        url = urlsplit(request.url)
        if url.netloc == self._server and not url.path.endswith("/_stcore/stream"):
            self.steps[-1].requests.append(url.path)

    def _websocket(self, ws) -> None:
        if ws.url.endswith("/_stcore/stream"):
            ws.on("framesent", self._sent)
            ws.on("framereceived", self._received)

    def _sent(self, payload: bytes | str) -> None:
        step = self.steps[-1]
        if isinstance(payload, bytes) and starts_run(payload):
            step.frames.append((time.perf_counter() - self._start, payload))
        else:
            step.others += 1

    def _received(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            self.steps[-1].received.append(payload)

    def begin(self, kind: str) -> None:
        """A new interaction starts now."""
        self.steps.append(Step(kind))
        self._start = time.perf_counter()

    def to_json(self, seed: int) -> dict:
        """The recording: the opening run and every step that sent a run, with the browser's runs summarised."""
        decoder = Decoder()
        steps = []
        for step in self.steps:
            runs_before = len(decoder.finished)
            for payload in step.received:
                decoder.feed(payload)
            runs = [r.summary() for r in decoder.finished[runs_before:]]
            if step.frames or step.kind == "open":
                steps.append(step.to_json(runs))
        return {"seed": seed, "path": self.path, "steps": steps}


def app_fingerprint() -> str:
    """A hash of the app's code and SQL (app.py, dashboard/, queries/): a recording made on other code
    may send widget states the app no longer has, or expect other elements."""
    digest = hashlib.sha256()
    for path in sorted([REPO / "app.py", *(REPO / "dashboard").rglob("*.py"), *(REPO / "queries").rglob("*.sql")]):
        digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def record(db: Path, seeds: list[int], steps: int) -> dict:
    """Record the readers `seeds` (each `steps` interactions, no pauses) one after another, each alone on a
    server of their own."""
    from bench_readers import browse
    from playwright.async_api import async_playwright

    from tests.app_server import CHROMIUM, CHROMIUM_ARGS, running_app

    async def one(base: str, seed: int) -> dict:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                recorder = Recorder(base)
                out = {"seconds": [], "kinds": [], "errors": []}
                await browse(browser, base, seed, 3600.0, (0.0, 0.0), out, None, steps=steps, recorder=recorder)
                return {**recorder.to_json(seed), "browser_errors": out["errors"]}
            finally:
                await browser.close()

    with running_app(Path(db)) as base:
        return {"db": str(Path(db).resolve()), "app": app_fingerprint(), "readers": {str(s): asyncio.run(one(base, s)) for s in seeds}}


def _frames(step: dict) -> list[tuple[float, bytes]]:
    return [(offset, base64.b64decode(f)) for offset, f in step["frames"]]


def _with_cache(frame: bytes, hashes: list[str]) -> bytes:
    """The recorded rerun frame, claiming the messages this client holds instead of the browser's."""
    msg = BackMsg()
    msg.ParseFromString(frame)
    state = msg.rerun_script
    del state.cached_message_hashes[:]
    state.cached_message_hashes.extend(hashes)
    return msg.SerializeToString()


class Session:
    """One replayed reader: a websocket session on the server, like a browser's."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.decoder = Decoder()
        self.finished: asyncio.Queue[Run] = asyncio.Queue()
        self._ws = None
        self._reader: asyncio.Task | None = None
        self.lost: str | None = None

    async def open(self, path: str) -> None:
        import websockets

        def _http() -> str:  # what the browser fetches before it opens the websocket
            cookies = []
            for url in (f"{self.base}/{path}", f"{self.base}/_stcore/health", f"{self.base}/_stcore/host-config"):
                with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
                    response.read()
                    cookies += [c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or []]
            return "; ".join(cookies)

        cookie = await asyncio.to_thread(_http)
        xsrf = next((c.split("=", 1)[1] for c in cookie.split("; ") if c.startswith("_streamlit_xsrf=")), None)
        protocols = ["streamlit"] + ([xsrf] if xsrf else [])
        self._ws = await websockets.connect(
            self.base.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=protocols, origin=self.base,
            additional_headers={"Cookie": cookie} if cookie else None, max_size=None, compression=None)
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for payload in self._ws:
                run = self.decoder.feed(payload)
                if run is not None:
                    self.finished.put_nowait(run)
        except Exception as exc:  # a lost connection: every wait from now on fails
            self.lost = f"{type(exc).__name__}: {exc}"
        else:
            self.lost = "the server closed the connection"
        self.finished.put_nowait(Run())

    async def step(self, frames: list[tuple[float, bytes]]) -> Run:
        """Send the frames (at their offsets) and wait for the run the last of them started to finish."""
        while not self.finished.empty():  # nothing pending belongs to this step
            self.finished.get_nowait()
        start = time.perf_counter()
        for offset, frame in frames:
            await asyncio.sleep(max(0.0, start + offset - time.perf_counter()))
            await self._ws.send(_with_cache(frame, list(self.decoder.cache)))
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            if self.lost:
                raise RuntimeError(f"connection lost: {self.lost}")
            run = await asyncio.wait_for(self.finished.get(), max(0.0, deadline - time.monotonic()))
            if self.lost:
                raise RuntimeError(f"connection lost: {self.lost}")
            if run.status in ENDED:
                if run.status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RuntimeError("the script did not compile")
                if run.errors():
                    raise RuntimeError(f"the run shows an error: {run.errors()}")
                return run

    @property
    def closed(self) -> bool:
        """Whether the websocket never opened."""
        return self._ws is None

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader


async def replay(base: str, recording: dict, seconds: float, think: tuple[float, float], out: dict,
                 opened: asyncio.Barrier | None) -> None:
    """One recorded reader as its own session for `seconds` after every session is open (`opened`),
    pausing what that reader would read; timings, kinds, errors and mismatches go into `out`."""
    seed = recording["seed"]
    reading = random.Random(-1 - seed)  # the reader's pauses (bench_readers.browse draws the same)
    opening, steps = recording["steps"][0], recording["steps"][1:]
    session = Session(base)
    try:
        try:
            await session.open(recording["path"])
            await session.step(_frames(opening))
        except Exception as exc:  # counted; the reader goes on if its session is open
            out["errors"].append(f"replay {seed}, open: {_first_line(exc)}")
        if opened is not None:
            await opened.wait()
        if session.lost or session.closed:
            return
        deadline = time.monotonic() + seconds
        await asyncio.sleep(reading.uniform(*think))
        for step in steps:
            if time.monotonic() >= deadline:
                break
            try:
                start = time.perf_counter()
                run = await session.step(_frames(step))
                out["seconds"].append(time.perf_counter() - start)
                out["kinds"].append(step["kind"])
                if step["browser_runs"] and run.summary() != step["browser_runs"][-1]:
                    out["mismatches"].append(f"replay {seed}, {step['kind']}: the server drew {run.summary()}, "
                                             f"the browser got {step['browser_runs'][-1]}"[:400])
            except Exception as exc:
                out["errors"].append(f"replay {seed}, {step['kind']}: {_first_line(exc)}")
                if session.lost:
                    break
            pause = reading.uniform(*think)
            await asyncio.sleep(max(0.0, min(pause, deadline - time.monotonic())))
        else:
            out["exhausted"].append(seed)
    finally:
        out["references"] += session.decoder.refs
        await session.close()


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [""])[0][:200] or type(exc).__name__


def new_out() -> dict:
    """What `replay` fills: seconds and kinds per interaction, errors, mismatches, readers out of steps, references."""
    return {"seconds": [], "kinds": [], "errors": [], "mismatches": [], "exhausted": [], "references": 0}


def _seeds(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


async def _replay_all(base: str, recordings: dict, seeds: list[int], seconds: float, think: tuple[float, float],
                      handshake: bool) -> dict:
    out = new_out()
    barrier = asyncio.Barrier(len(seeds) + 1)

    async def go() -> None:  # every replayed session open: say so, then wait for the word to start
        await barrier.wait()
        if handshake:
            print("open", flush=True)
            await asyncio.to_thread(sys.stdin.readline)
        await barrier.wait()

    await asyncio.gather(go(), *(replay(base, recordings["readers"][str(s)], seconds, think, out, _Twice(barrier))
                                 for s in seeds))
    return out


class _Twice:
    """A barrier waited on twice: once all sessions are open, once the start is given."""

    def __init__(self, barrier: asyncio.Barrier) -> None:
        self._barrier = barrier

    async def wait(self) -> None:
        await self._barrier.wait()
        await self._barrier.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="record seeded readers in Chromium, each alone on its own server")
    rec.add_argument("--db", required=True)
    rec.add_argument("--seeds", default="1-9", help="reader seeds, e.g. 1-9")
    rec.add_argument("--steps", type=int, default=40, help="interactions recorded per reader")
    rec.add_argument("--out", required=True)
    rep = sub.add_parser("replay", help="replay recorded readers against a running server")
    rep.add_argument("--base", required=True, help="the server's base URL")
    rep.add_argument("--recordings", required=True)
    rep.add_argument("--seeds", default="1-9")
    rep.add_argument("--seconds", type=float, default=120.0)
    rep.add_argument("--think", type=float, nargs=2, default=(2.0, 8.0))
    rep.add_argument("--handshake", action="store_true",
                     help="print 'open' once every session is open and wait for a line on stdin to start")
    args = parser.parse_args()
    if args.command == "record":
        Path(args.out).write_text(json.dumps(record(Path(args.db), _seeds(args.seeds), args.steps)))
    else:
        recordings = json.loads(Path(args.recordings).read_text())
        out = asyncio.run(_replay_all(args.base, recordings, _seeds(args.seeds), args.seconds, tuple(args.think),
                                      args.handshake))
        print(json.dumps(out))


if __name__ == "__main__":
    main()
