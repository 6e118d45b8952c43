"""Several readers opening the app at once on a freshly started server each get their page, without an error.

The first runs of a fresh server import pandas, plotly and the dashboard for the first time, in several
session threads at once. plotly looks pandas up in `sys.modules` without importing it, and found it
half-imported by another session ("partially initialized module 'pandas' has no attribute 'Series'"),
until app.py imported pandas before anything else. Sessions are opened as a browser opens them
(bench/streamlit_replay.py), with the browser's first message: a run of the page with no widget state.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg

from tests.app_server import running_app
from tests.tools.apart import run_apart

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import streamlit_replay

SESSIONS = 6
PAGES = ["", "cases", "plaintiffs"]  # Overview and Plaintiffs draw Plotly charts, Cases a table first


def _first_run(base: str, path: str) -> bytes:
    """What Chromium sends first on `base`/`path` (recorded by bench/streamlit_replay.py)."""
    message = BackMsg()
    run = message.rerun_script
    run.widget_states.SetInParent()
    run.page_name = path
    run.context_info.timezone, run.context_info.timezone_offset = "UTC", 0
    run.context_info.locale, run.context_info.url = "en-US", f"{base}/{path}"
    run.context_info.is_embedded, run.context_info.color_scheme = False, "light"
    return message.SerializeToString()


async def _open_all(base: str) -> list[str]:
    async def one(path: str) -> str:
        session = streamlit_replay.Session(base)
        try:
            await session.open(path)
            run = await session.step([(0.0, _first_run(base, path))])
            return f"{path or 'overview'}: {len(run.elements)} elements"
        except Exception as exc:
            return f"{path or 'overview'}: ERROR {str(exc).splitlines()[0][:300]}"
        finally:
            await session.close()

    return await asyncio.gather(*(one(PAGES[i % len(PAGES)]) for i in range(SESSIONS)))


def test_readers_opening_pages_at_once_on_a_fresh_server_see_no_error(curated_db_path: Path) -> None:
    for _ in range(2):  # two fresh servers: the race is at each server's first runs
        with running_app(curated_db_path) as base:
            opened = run_apart(asyncio.run, _open_all(base))
        assert [o for o in opened if "ERROR" in o] == []
        assert all(int(o.rsplit(": ", 1)[1].split()[0]) > 5 for o in opened), opened
