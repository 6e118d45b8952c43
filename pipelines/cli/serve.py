"""`doedocket serve`: the Streamlit app on a database, in viewer mode (no Deploy button)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from pipelines import resources
from pipelines.cli.common import add_db, db_path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `serve`."""
    serve = add_db(subparsers.add_parser("serve", help="start the dashboard"))
    serve.add_argument("--address", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8501)
    serve.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    env = dict(os.environ, DOEDOCKET_DB=str(db_path(args).resolve()))
    command = [sys.executable, "-m", "streamlit", "run", str(resources.APP),
               "--server.address", args.address, "--server.port", str(args.port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer"]
    return subprocess.call(command, env=env, cwd=resources.ROOT)
