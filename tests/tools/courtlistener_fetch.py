"""`doedocket fetch courtlistener` against the replay server (tests/replay_server.py): the test token,
the command line of a fetch, and the check that the token was written nowhere."""

from __future__ import annotations

from pathlib import Path

from tests.replay_server import ReplayServer

TOKEN = "cl-test-token-7f3a9c51e2"


def fetch_args(server: ReplayServer, tmp_path: Path) -> list[str]:
    """The arguments of a fetch of the recorded search, with its database and cache under `tmp_path`."""
    return ["fetch", "courtlistener", "--court", "cand", "--filed-after", "2010-01-01", "--filed-before",
            "2012-12-31", "--nature-of-suit", "820", "--caption-contains", "Does", "--db", str(tmp_path / "d.duckdb"),
            "--cache-dir", str(tmp_path / "cache"), "--base-url", server.base_url]


def assert_token_nowhere(tmp_path: Path, *outputs: str) -> None:
    """`TOKEN` is in none of `outputs` and in no file under `tmp_path`."""
    for text in outputs:
        assert TOKEN not in text
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path
