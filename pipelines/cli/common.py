"""What every command shares: the database path option and the published build it names."""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

from pipelines import store


def add_db(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Give `parser` the `--db PATH` option."""
    parser.add_argument("--db", help="database path (default: $DOEDOCKET_DB or data/doedocket.duckdb)")
    return parser


def db_path(args: argparse.Namespace) -> Path:
    """The database a command works on: `--db`, else `$DOEDOCKET_DB`, else data/doedocket.duckdb."""
    return Path(args.db) if getattr(args, "db", None) else store.default_db_path()


def open_published(db: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published build of `db`."""
    real = store.published_build(db)
    if real is None:
        raise FileNotFoundError(f"{db}: no database; run `doedocket build` first")
    return duckdb.connect(str(real), read_only=True)
