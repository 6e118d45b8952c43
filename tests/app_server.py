"""Run the real app for browser tests and screenshots: one Streamlit server, Debian's Chromium.

`running_app(db)` starts `streamlit run app.py` on a free local port against `db` and stops it
afterwards; `launch(playwright)` starts /usr/bin/chromium headless; `settle(page)` waits until the
app has finished its current run and drawn its charts.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(db: Path, *, timeout: float = 60.0, app: Path = REPO / "app.py") -> Iterator[str]:
    """Serve `app` (app.py) against database `db`; yields the base URL. The server is stopped on exit."""
    port = free_port()
    env = dict(os.environ, DOEDOCKET_DB=str(db))
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none", "--server.runOnSave", "false", "--client.toolbarMode", "viewer"]
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"doedocket-app-{port}.log", "w")  # noqa: SIM115 (open while the server runs)
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {process.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer /_stcore/health within {timeout:g} s; see {log.name}")
            time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def launch(playwright):
    """Debian's Chromium, headless, without the closed network's noise."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


# Every chart and table on the page drawn, no placeholder left.
DRAWN = """[...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg'))
           && [...document.querySelectorAll('[data-testid="stDataFrame"]')].every(t => t.querySelector('canvas'))
           && !document.querySelector('[data-testid="stSkeleton"]')"""


def settle(page, *, timeout: float = 90_000) -> None:
    """Wait until the app's script run has finished and every chart on the page is drawn."""
    with contextlib.suppress(Exception):  # a run may not have started yet: give it a moment to
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="running"]', timeout=700)
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_function(f"() => {DRAWN}", timeout=timeout)
    page.wait_for_timeout(300)
