"""Run a function in a thread of its own, apart from any event loop running in the test's thread.

pytest-playwright's sync fixtures (tests/test_browser.py) leave an asyncio event loop running in the
main thread for the rest of the session, so a later test cannot call `asyncio.run` there.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def run_apart(fn: Callable[..., Any], *args: Any) -> Any:
    """`fn(*args)` in a new thread; its result, or its exception raised here."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result()
